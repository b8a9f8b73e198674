"""Which days a rep owed reports for, and which months came in with errors.

Sales and collections are known from finance for every day a rep was employed, so they
are appraised over the whole employed part of the period. Everything measured from the
reps' own reports (compliance, visits, route, expenses) is appraised only over the days
since reports began: the first month any rep handed in a report workbook (the ledger's
rep submissions; the counted daily rows' months when there is no submission list). A
month before that is not a missing report, it is a month nobody asked for one.

A month whose latest workbook came with errors was **handed in with errors**: its valid
rows count (with `accept_partial`) and the month is one `report_error_months` for the
Scheme's `report_errors` deduction. When nothing of it could be counted, its days are
not **missing** either (the rep handed it in); only a month with no workbook at all is.
"""

from __future__ import annotations

import pandas as pd

from addin.core.appraisal.targets import month_labels
from addin.core.receivables.frames import numbers, text
from addin.core.reports.calendar import period_bounds, rep_working_days
from addin.core.reports.unique import factorized
from addin.core.settings import Settings

WITH_ERRORS = ("partial", "rejected")
COUNTED = ("accepted", "partial")


def _distinct(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The column's distinct values but blanks (NaN): blanks are no month anyway."""
    if column not in frame.columns:
        return frame.iloc[:0]
    return pd.DataFrame({column: factorized(frame[column])[1]})


def reports_began(submissions: pd.DataFrame, daily: pd.DataFrame) -> pd.Timestamp | None:
    """First day of the first month with a rep report, or None when there is none."""
    # Each distinct month once: the daily rows repeat a few months millions of times.
    months = pd.concat(
        [text(_distinct(frame, "period"), "period") for frame in (submissions, daily)],
        ignore_index=True,
    ).loc[lambda m: m != ""]
    first = pd.to_datetime(months, format="%Y-%m", errors="coerce").min()
    return None if pd.isna(first) else pd.Timestamp(first)


def reporting_staff(staff: pd.DataFrame, began: pd.Timestamp | None, period: str) -> pd.DataFrame:
    """`staff` with hire_date moved to the day reports began where that is later, so
    the report measures owe only the days since (none when reports never began)."""
    start = began if began is not None else period_bounds(period)[1] + pd.Timedelta(days=1)
    hired = staff["hire_date"]
    return staff.assign(hire_date=hired.where(hired.notna() & (hired > start), start))


def month_states(submissions: pd.DataFrame, months: list[str]) -> pd.DataFrame:
    """rep_id, month, status of the latest submission, counted (anything counts for that
    rep and month): one row per rep and month with a submission."""
    subs = pd.DataFrame(
        {
            "rep_id": text(submissions, "rep_id"),
            "month": text(submissions, "period"),
            "status": text(submissions, "status"),
            "order": numbers(submissions, "submission_id"),
        }
    )
    subs = subs.loc[subs["month"].isin(months) & (subs["rep_id"] != "")]
    counted = (
        subs.assign(counts=subs["status"].isin(COUNTED))
        .groupby(["rep_id", "month"])["counts"]
        .any()
    )
    latest = subs.sort_values("order", kind="stable").drop_duplicates(
        ["rep_id", "month"], keep="last"
    )
    out = latest.set_index(["rep_id", "month"])[["status"]].join(counted.rename("counted"))
    return out.reset_index()


def report_errors(
    submissions: pd.DataFrame,
    reporting: pd.DataFrame,
    period: str,
    settings: Settings,
) -> pd.DataFrame:
    """Per rep (index rep_id): report_error_months, and handed_in_days — the owed
    working days of months handed in but with nothing counted (not missing)."""
    owed = rep_working_days(reporting, period, settings)
    owed["month"] = month_labels(owed["date"])
    states = month_states(submissions, sorted(owed["month"].unique()))
    erred = states.loc[states["status"].isin(WITH_ERRORS)]
    error_months = erred.groupby("rep_id").size()
    nothing = erred.loc[~erred["counted"].astype(bool), ["rep_id", "month"]]
    excused = owed.merge(nothing, on=["rep_id", "month"]).groupby("rep_id").size()
    ids = text(reporting, "rep_id")
    return pd.DataFrame(
        {
            "report_error_months": error_months.reindex(ids, fill_value=0).to_numpy(),
            "handed_in_days": excused.reindex(ids, fill_value=0).to_numpy(),
        },
        index=pd.Index(ids, name="rep_id"),
    ).astype("int64")
