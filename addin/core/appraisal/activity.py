"""Activity KPIs from the reps' counted reports, diversion findings and the manager's
qualitative scores.

Process measures (report compliance, route adherence, forecast accuracy, visits) come
from `addin.core.reports.span_measures`; ratios become percentages here (0–100), as the
scheme states its targets.

Diversion: a MarketInspection row whose territory_code is neither the customer's region
nor one of its parent regions found goods meant for that other territory. The goods
leaked out of the territory printed on them, so the finding counts against the reps
working in that territory (Reps.region_id = territory_code), not against the rep who
reported it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.appraisal.catalog import QUALITATIVE
from addin.core.appraisal.data import AppraisalData
from addin.core.appraisal.history import History
from addin.core.appraisal.periods import normalise_period, within
from addin.core.appraisal.reporting import report_errors, reporting_staff
from addin.core.appraisal.results import sales_by_rep
from addin.core.appraisal.targets import month_shares, prorated_targets
from addin.core.issues import Issue, issues_for_rows
from addin.core.receivables.frames import dates, numbers, text
from addin.core.reports.calendar import period_bounds
from addin.core.reports.measures import span_measures
from addin.core.reports.rows import ReportRows
from addin.core.reports.unique import per_unique
from addin.core.settings import Settings
from addin.i18n import Msg

_PCT = {"report_compliance": 100.0, "route_adherence": 100.0, "forecast_accuracy": 100.0}


def process_measures(
    period: str, staff: pd.DataFrame, rows: ReportRows, settings: Settings
) -> pd.DataFrame:
    """Per rep (index rep_id): visits, visits_per_day, avg_visit_minutes,
    orders_per_100_visits, selling_cost, report_compliance, route_adherence,
    forecast_accuracy (the last three in %), report_days. `rows` from `report_rows`."""
    measures = span_measures(period, rows, staff, settings).set_index("rep_id")
    out = measures[
        [
            "visits",
            "visits_per_day",
            "avg_visit_minutes",
            "orders_per_100_visits",
            "report_days",
            "working_days",
        ]
    ].astype(float)
    out["selling_cost"] = measures["expenses"].astype(float)
    for key, scale in _PCT.items():
        out[key] = measures[key].astype(float) * scale
    out["missing_report_days"] = (out["working_days"] - out["report_days"]).clip(lower=0)
    return out.drop(columns=["working_days"])


def activity_since_reports_began(
    period: str, staff: pd.DataFrame, data: AppraisalData, history: History
) -> pd.DataFrame:
    """The process measures over the days each rep owed reports for (see `reporting`),
    with report_error_months, missing_report_days net of months handed in with nothing
    counted, the expense budget of those days, `reported_sales` (sales over the same
    days, the base of cost ratios) and `reports_from`. Index rep_id."""
    settings = data.settings
    began = history.began
    reporting = reporting_staff(staff, began, period)
    out = process_measures(period, reporting, history.reports, settings)
    errors = report_errors(data.submissions, reporting, period, settings)
    out = out.join(errors)
    out["missing_report_days"] = (out["missing_report_days"] - out["handed_in_days"]).clip(lower=0)
    budgets = prorated_targets(month_shares(reporting, period, settings), history.plan)
    out["expense_budget"] = budgets["expense_budget"]
    out["report_working_days"] = budgets["working_days"]
    # Sales over the same days: only their sum per rep is wanted, of two columns.
    lines, (first, last) = history.keyed_sales, period_bounds(period)
    when = lines["date"]
    since = np.zeros(len(lines), dtype=bool)
    if began is not None:
        since = np.asarray((when >= max(first, began)) & (when <= last), dtype=bool)
    sold = sales_by_rep(lines["rep_id"][since], lines["amount"][since])
    out["reported_sales"] = sold.reindex(out.index).fillna(0.0)
    out["reports_from"] = began if began is not None else pd.NaT
    return out.drop(columns="handed_in_days")


def _ancestor_of(code: pd.Series, region: pd.Series, regions: pd.DataFrame) -> pd.Series:
    """True where `code` is a parent (grandparent…) region of `region`."""
    parent = pd.Series(text(regions, "parent_id").to_numpy(), index=text(regions, "region_id"))
    parent = parent[~parent.index.duplicated()]
    found = pd.Series(False, index=code.index)
    above = region
    for _ in range(len(parent)):  # a cycle in Regions cannot loop forever
        above = pd.Series(parent.reindex(above.to_numpy()).to_numpy(), index=code.index)
        reached = above.notna() & (above != "")
        if not reached.any():
            break
        found |= reached & (above == code)
    return found


def diversion_flags(
    inspections: pd.DataFrame,
    customers: pd.DataFrame,
    regions: pd.DataFrame,
    staff: pd.DataFrame,
    period: str,
) -> tuple[pd.Series, list[Issue]]:
    """Findings per rep (index rep_id) of goods from their territory in another region."""
    first, last = period_bounds(period)
    when = dates(inspections, "date")
    rows = inspections.loc[(when >= first) & (when <= last)]
    code = text(rows, "territory_code")
    home = pd.Series(
        text(customers, "region_id").to_numpy(), index=text(customers, "customer_id").to_numpy()
    )
    home = home[~home.index.duplicated()]
    region = pd.Series(
        home.reindex(text(rows, "customer_id").to_numpy()).fillna("").to_numpy(), index=rows.index
    )
    foreign = (code != "") & (region != "") & (code != region)
    foreign &= ~_ancestor_of(code, region, regions)
    found = pd.DataFrame({"territory": code[foreign], "reported_by": text(rows, "rep_id")[foreign]})
    owners = staff[["rep_id", "region_id"]].rename(columns={"region_id": "territory"})
    matched = found.merge(owners, on="territory", how="left")
    counts = matched.dropna(subset=["rep_id"]).groupby("rep_id").size().astype("int64")
    orphans = matched.loc[matched["rep_id"].isna()]
    issues = []
    for territory, group in orphans.groupby("territory"):
        who = ", ".join(sorted(set(group["reported_by"])))
        issues.append(
            Issue(
                code="diversion_unattributed",
                args={"count": len(group), "who": who, "period": period},
                sheet="MarketInspection",
                column="territory_code",
                value=str(territory),
            )
        )
    return counts, issues


def qualitative_scores(frame: pd.DataFrame, period: str) -> tuple[pd.DataFrame, list[Issue]]:
    """Mean manager score per rep (index rep_id) over the Qualitative rows whose period
    lies inside the appraisal period (the period itself, or its months or quarters).
    Scores outside 0–100 are ignored (the reader reports them)."""
    canon = (
        per_unique(
            frame["period"].astype(object),
            lambda distinct: pd.Series([normalise_period(v) for v in distinct], dtype=object),
        )
        if len(frame)
        else pd.Series(dtype=object)
    )
    issues = issues_for_rows(
        frame,
        frame["period"].notna() & canon.isna(),
        code="bad_period",
        sheet="Qualitative",
        column="period",
        period=Msg("phrase.period_forms"),
    )
    periods = {str(p) for p in canon.dropna().unique() if within(str(p), period)}
    rows = frame.loc[canon.isin(periods).to_numpy(dtype=bool)]
    table = pd.DataFrame({"rep_id": text(rows, "rep_id")})
    for key in QUALITATIVE:
        score = numbers(rows, key)
        table[key] = score.where(score.between(0, 100))
    table = table.loc[table["rep_id"] != ""]
    return table.groupby("rep_id")[list(QUALITATIVE)].mean(), issues
