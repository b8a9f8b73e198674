"""The plan's words a user reads in TargetCheck and in `split`'s summary, in en and zh.

Each entry is (English, Chinese) with `str.format` fields; `say` picks the language.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh"]

WORDS: dict[str, tuple[str, str]] = {
    # TargetCheck.flag
    "growth_low": ("growth below {low}%", "增长低于{low}%"),
    "growth_high": ("growth above {high}%", "增长高于{high}%"),
    "no_history": ("target without history", "无历史却有目标"),
    "no_target": ("history but no target", "有历史但无目标"),
    "share_shift": ("share moved over {shift} points", "占比变动超过{shift}个百分点"),
    # TargetCheck.growth_source
    "own_growth": ("Growth row {row}: {pct:+g}%", "增长率表第{row}行：{pct:+g}%"),
    "parent_growth": (
        "{dimension} {member}: Growth row {row} ({pct:+g}%)",
        "{dimension} {member}：增长率表第{row}行（{pct:+g}%）",
    ),
    "own_lock": ("lock row {row} ({label})", "锁定表第{row}行（{label}）"),
    "parent_lock": ("inside lock row {row} ({label})", "属于锁定表第{row}行（{label}）"),
    "season": ("Seasonality row {row}", "季节系数表第{row}行"),
    "rebalanced": (
        "rebalanced: shares the rest of the company target ({pct:+.1f}% on last year) "
        "by its history",
        "再平衡：按历史比例分摊公司目标的其余部分（比上年{pct:+.1f}%）",
    ),
    "annualised": (
        "started {since}: last year's {months} months scaled to a full year",
        "{since}开始合作：上年{months}个月折算为全年",
    ),
    "employed": (
        "rep works {months:g} of 12 months ({dates})",
        "业务员在岗{months:g}个月（{dates}）",
    ),
    "hired": ("hired {date}", "入职{date}"),
    "left": ("leaves {date}", "离职{date}"),
    "customer_closed": ("no target: customer closed", "无目标：客户已关闭"),
    "customer_dormant": ("no target: customer dormant", "无目标：客户休眠"),
    "rep_left": ("no target: its rep has left", "无目标：业务员已离职"),
    "no_rep": ("no target: no rep on the card", "无目标：客户卡无业务员"),
    "unknown_rep": ("no target: rep not in Reps", "无目标：业务员不在业务员表"),
    "product_discontinued": ("no target: product discontinued", "无目标：产品已停售"),
    "main_customers": ("largest customer moves: {moves}", "客户变动最大：{moves}"),
    "parents_rolled_up": ("sum of its sub-regions", "下级区域合计"),
    # split summary
    "moves_head": (
        "largest moves against last year ({measure}):",
        "与上年相比变动最大（{measure}）：",
    ),
    "move": (
        "  {dimension} {member} {name}: {last:,.0f} → {target:,.0f} ({change:+,.0f}{pct})",
        "  {dimension} {member} {name}：{last:,.0f} → {target:,.0f}（{change:+,.0f}{pct}）",
    ),
}

#: dimension and measure names, for the text above
NAMES: dict[str, tuple[str, str]] = {
    "month": ("month", "月份"),
    "region": ("region", "区域"),
    "rep": ("rep", "业务员"),
    "customer": ("customer", "客户"),
    "product": ("product", "产品"),
    "settlement": ("settlement", "结算方式"),
    "channel": ("channel", "渠道"),
    "sales": ("sales", "销售"),
    "collections": ("collections", "回款"),
}


def say(key: str, lang: Lang, **fields: object) -> str:
    en, zh = WORDS[key]
    return (zh if lang == "zh" else en).format(**fields)


def name(key: str, lang: Lang) -> str:
    en, zh = NAMES.get(key, (key, key))
    return zh if lang == "zh" else en
