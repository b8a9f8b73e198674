"""Messages of the reader and the monthly routine, in English and Chinese, by code.

Kept as one table (code → en, zh) so the CLI's message catalogue can take it over as is.
`{value}`, `{file}` and the like are filled by the caller with `str.format`.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]

WORDS: dict[str, tuple[str, str]] = {
    "formula_no_result": (
        "the formula in this cell has no saved result (the file was written by a program "
        "and never saved by Excel); open and save the file in Excel, or type the value",
        "此单元格的公式没有保存结果（文件由程序生成，未经 Excel 保存）；"
        "请用 Excel 打开并保存，或直接输入数值",
    ),
    "percent_fraction": (
        "{value} is read as {value} %; this column takes percents (30 or 30% for thirty "
        "percent): if you meant a fraction of one, type it as a percent",
        "{value} 按 {value}% 读取；本列为百分数（三成请输入 30 或 30%）："
        "如本意是小数比例，请改为百分数",
    ),
    "percent_setting_fraction": (
        "setting '{name}' = {value} is read as {value} %; type 30 or 30% for thirty percent "
        "if a fraction of one was meant",
        "设置 '{name}' = {value} 按 {value}% 读取；如本意是小数比例，三成请输入 30 或 30%",
    ),
    "customer_name_for_id": (
        "'{value}' is a customer name, not a code; pick the customer from the list "
        "(its code is {code})",
        "'{value}' 是客户名称而不是编码；请从下拉列表选择客户（其编码为 {code}）",
    ),
    "customer_name_ambiguous": (
        "'{value}' is a customer name, not a code, and several of your customers have it; "
        "pick the customer from the list",
        "'{value}' 是客户名称而不是编码，且有多个客户同名；请从下拉列表选择客户",
    ),
    "bad_period": (
        "'{value}' is not a month; write it as YYYY-MM, e.g. 2026-03",
        "'{value}' 不是月份；请写成 YYYY-MM，例如 2026-03",
    ),
    "unknown_rep": (
        "rep {value} is not in masters.xlsx (Reps); nothing was issued",
        "业务员 {value} 不在 masters.xlsx 的业务员表中；未生成任何文件",
    ),
    "no_such_file": (
        "{file}: no such file",
        "{file}：文件不存在",
    ),
    "see_issues": (
        "see the Issues sheet of {files}",
        "详见 {files} 的“问题”工作表",
    ),
}


def say(key: str, lang: Lang | str = "en", /, **values: object) -> str:
    """The message `key` in `lang`; placeholders not given stay for a later format."""
    en, zh = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format_map(_Keep(values)) if values else text


class _Keep(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
