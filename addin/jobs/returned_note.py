"""The one line a returned rep workbook opens with: what was counted, what was not, and
what to do about it — in the company's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from addin.core.issues import Issue
from addin.i18n import t
from addin.schema.names import sheet_name


def _table_name(name: str, lang: str, tabs: Mapping[str, str]) -> str:
    return tabs.get(name) or sheet_name(name, lang)  # the tab as the rep named it


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
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    kept = {n: len(counted.get(n, ())) for n, f in received.items() if len(f)}
    dropped = sum(len(f) - kept.get(n, 0) for n, f in received.items() if len(f))
    fix = t(lang, "returned.fix")
    if status == "rejected" or not any(kept.values()):
        return t(lang, "returned.nothing", errors=errors, fix=fix)
    parts = [
        t(
            lang,
            "returned.rows",
            table=_table_name(n, lang, tabs or {}),
            kept=k,
            received=len(received[n]),
        )
        for n, k in kept.items()
    ]
    counted_text = t(lang, "returned.sep").join(parts)
    if errors or dropped:
        return t(lang, "returned.partly", counted=counted_text, dropped=dropped, fix=fix)
    return t(lang, "returned.all", counted=counted_text, warnings=warnings)
