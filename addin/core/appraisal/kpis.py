"""Every KPI of every rep employed in a period, and the same for the period before.

One row per rep employed on at least one day of the period (reps who joined or left
inside it are prorated, see `targets`). Money is in currency units, `_pct` KPIs and
the report measures in % (0–100), counts as whole numbers. A ratio whose denominator is
zero is blank (NaN): no target gives no achievement, no visits no revenue per visit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.appraisal.activity import (
    activity_since_reports_began,
    diversion_flags,
    qualitative_scores,
)
from addin.core.appraisal.catalog import KPIS, QUALITATIVE
from addin.core.appraisal.customers import lost_customers, new_customers
from addin.core.appraisal.data import AppraisalData
from addin.core.appraisal.history import History
from addin.core.appraisal.periods import prior_period
from addin.core.appraisal.results import (
    collections_in,
    sales_results,
)
from addin.core.appraisal.targets import (
    employed_reps,
    month_shares,
    prorated_targets,
    small_targets,
)
from addin.core.issues import Issue

KPI_KEYS: tuple[str, ...] = tuple(KPIS)
REP_COLUMNS = (
    "rep_id",
    "rep_name",
    "region_id",
    "period",
    "hire_date",
    "leave_date",
    "working_days",
    "period_working_days",
    "prorated",
    "reports_from",
    "report_working_days",
    "sales_target_small",
    "collection_target_small",
    "sales_target_month_avg",
    "collection_target_month_avg",
)
_COUNTS = (
    "active_customers",
    "new_customers",
    "lost_customers",
    "price_violations",
    "diversion_flags",
    "visits",
)


@dataclass(frozen=True)
class KpiTables:
    period: str
    prior_period: str
    current: pd.DataFrame  # REP_COLUMNS + KPI_KEYS, one row per rep employed in `period`
    prior: pd.DataFrame  # the same for `prior_period`
    issues: list[Issue]


def _ratio(part: pd.Series, whole: pd.Series, scale: float = 1.0) -> pd.Series:
    whole = whole.astype(float)
    return (scale * part.astype(float) / whole.where(whole > 0)).astype(float)


def rep_kpis(
    period: str, data: AppraisalData, history: History
) -> tuple[pd.DataFrame, list[Issue]]:
    """KPI table of one period."""
    settings = data.settings
    staff = employed_reps(data.reps, period)
    out = staff.set_index("rep_id")
    shares = month_shares(staff, period, settings)
    planned = prorated_targets(shares, history.plan)
    out = out.join(planned).join(small_targets(planned, shares, history.plan, period, settings))
    out = out.join(sales_results(history.keyed_sales, period))
    out["collections"] = collections_in(history.collections, period)
    out["new_customers"] = new_customers(history.firsts, period)
    out["lost_customers"] = lost_customers(
        history.bought, data.customers, data.reps, period, settings.lost_customer_months
    )
    # Activity only counts the days reports were asked for; so do its budget and ratios.
    out = out.drop(columns="expense_budget").join(
        activity_since_reports_began(period, staff, data, history)
    )
    diverted, issues = diversion_flags(
        data.inspections, data.customers, data.regions, staff, period
    )
    out["diversion_flags"] = diverted
    scores, found = qualitative_scores(data.qualitative, period)
    issues += found
    out = out.join(scores[list(QUALITATIVE)])
    for money in ("sales", "gross_profit", "collections", "selling_cost"):
        out[money] = out[money].fillna(0.0).astype(float)
    for count in (*_COUNTS, "missing_report_days", "report_error_months"):
        out[count] = out[count].fillna(0).astype(float)
    # Expenses are only known from daily reports: without any, cost is blank, not 0.
    unreported = ~(out["report_days"] > 0)
    out.loc[unreported, "selling_cost"] = np.nan
    out["sales_achievement"] = _ratio(out["sales"], out["sales_target"], 100)
    out["collection_achievement"] = _ratio(out["collections"], out["collection_target"], 100)
    out["gross_margin_pct"] = _ratio(out["gross_profit"], out["sales"], 100)
    out["revenue_per_visit"] = _ratio(out["reported_sales"], out["visits"])
    out["cost_per_visit"] = _ratio(out["selling_cost"], out["visits"])
    out["selling_cost_pct"] = _ratio(out["selling_cost"], out["reported_sales"], 100)
    out["budget_use_pct"] = _ratio(out["selling_cost"], out["expense_budget"], 100)
    out["sales_growth_pct"] = np.nan
    out["period"] = period
    out = out.reset_index()
    return out.loc[:, [*REP_COLUMNS, *KPI_KEYS]], issues


def appraisal_kpis(period: str, data: AppraisalData) -> KpiTables:
    """KPIs of `period` and of the period before it (same length), for improvement."""
    before = prior_period(period)
    history = History.of(period, data)
    current, issues = rep_kpis(period, data, history)
    prior, _ = rep_kpis(before, data, history)
    earlier = prior.set_index("rep_id")["sales"].reindex(current["rep_id"]).to_numpy()
    current["sales_growth_pct"] = _ratio(
        current["sales"] - earlier, pd.Series(earlier, index=current.index), 100
    )
    return KpiTables(period, before, current, prior, issues)
