"""Scheme targets of percent KPIs, read as numbers of percent.

The target column holds money for money KPIs and percent for percent KPIs (a collection
rate of 90 %), so the reader cannot type it as a percent column: here, per KPI, a target
cell formatted as a percent (Excel stores 0.9 for 90%) is read as 90, and a bare fraction
for a percent KPI is a warning that asks which was meant.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from addin.core.appraisal.catalog import KPIS, kpi_key
from addin.core.issues import ROW, Issue, issues_for_rows
from addin.core.receivables.frames import numbers, text


def percent_targets(
    kpis: pd.DataFrame, formatted_rows: Collection[int]
) -> tuple[pd.DataFrame, list[Issue]]:
    """`kpis` (the Scheme table as read) with percent KPIs' targets in percent."""
    if kpis.empty or "target" not in kpis.columns:
        return kpis, []
    keys = text(kpis, "kpi").map(lambda v: kpi_key(v) or "")
    percent_kpi = keys.map(lambda k: k != "" and KPIS[k].unit == "pct").astype(bool)
    target = numbers(kpis, "target")
    formatted = kpis[ROW].isin(list(formatted_rows))
    scaled = percent_kpi & formatted & target.notna()
    out = kpis.copy()
    if scaled.any():
        out["target"] = target.where(~scaled, np.round(target * 100, 9))
    fraction = percent_kpi & ~formatted & target.notna() & (target != 0) & (target.abs() < 1)
    issues = issues_for_rows(
        out,
        fraction,
        code="percent_fraction",
        sheet="Scheme",
        column="target",
    )
    return out, issues
