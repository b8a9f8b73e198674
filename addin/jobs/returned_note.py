"""The one line a returned rep workbook opens with: what was counted, what was not, and
what to do about it — in the company's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from addin.core.issues import Issue
from addin.schema import TABLES


def _table_name(name: str, lang: str, tabs: Mapping[str, str]) -> str:
    if name in tabs:  # the tab as the rep named it
        return tabs[name]
    return (TABLES[name].zh or name) if lang == "zh" else name


def returned_headline(
    status: str,
    received: Mapping[str, pd.DataFrame],
    counted: Mapping[str, pd.DataFrame],
    issues: Sequence[Issue],
    lang: str,
    tabs: Mapping[str, str] | None = None,
) -> str:
    """`received` are the rows read from each sheet, `counted` the rows the ledger keeps
    (none for a rejected file); `tabs` each table's sheet as the rep named it."""
    zh = lang == "zh"
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    kept = {n: len(counted.get(n, ())) for n, f in received.items() if len(f)}
    dropped = sum(len(f) - kept.get(n, 0) for n, f in received.items() if len(f))
    fix = "请改正标出的单元格后重新发回。" if zh else "Correct the marked cells and send it back."
    if status == "rejected" or not any(kept.values()):
        return (
            f"未计入任何内容：{errors} 处错误已标出。{fix}"
            if zh
            else f"Nothing was counted: {errors} error(s) are marked. {fix}"
        )
    parts = [
        f"{_table_name(n, lang, tabs or {})} {k}/{len(received[n])}" + (" 行" if zh else " rows")
        for n, k in kept.items()
    ]
    counted_text = ("；" if zh else ", ").join(parts)
    if errors or dropped:
        return (
            f"已计入：{counted_text}。未计入：{dropped} 行有错误（已标出）。{fix}"
            if zh
            else f"Counted: {counted_text}. Not counted: {dropped} row(s) with errors "
            f"(marked). {fix}"
        )
    return (
        f"已全部计入：{counted_text}。{warnings} 处提示已标出，请查看；无需重新发回。"
        if zh
        else f"Everything was counted: {counted_text}. {warnings} warning(s) are marked for "
        "you to check; no need to send it back."
    )
