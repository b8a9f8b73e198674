"""Who is appraised, on how many working days, against which (prorated) targets.

A rep who joined or left inside the period owes only the working days of the employed
part (Settings.weekend_days and holidays are not working days). Each month's target and
expense budget is scaled by employed working days ÷ the month's working days, so a rep
who joined on the 16th of a 22-day month carries the share of the target for the days
they were there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.receivables.frames import dates, numbers, text
from addin.core.reports.calendar import period_bounds, rep_working_days, working_days
from addin.core.reports.unique import per_unique
from addin.core.settings import Settings

STAFF_COLUMNS = ["rep_id", "rep_name", "region_id", "hire_date", "leave_date"]


def employed_reps(reps: pd.DataFrame, period: str) -> pd.DataFrame:
    """Reps employed on at least one day of the period, one row each, by rep_id."""
    first, last = period_bounds(period)
    staff = pd.DataFrame(
        {
            "rep_id": text(reps, "rep_id"),
            "rep_name": text(reps, "name"),
            "region_id": text(reps, "region_id"),
            "hire_date": dates(reps, "hire_date"),
            "leave_date": dates(reps, "leave_date"),
        }
    )
    staff = staff.loc[staff["rep_id"] != ""].drop_duplicates("rep_id")
    hired = staff["hire_date"].isna() | (staff["hire_date"] <= last)
    stayed = staff["leave_date"].isna() | (staff["leave_date"] >= first)
    return staff.loc[hired & stayed].sort_values("rep_id").reset_index(drop=True)


def month_labels(dates: pd.Series) -> pd.Series:
    """`dates.dt.strftime("%Y-%m")`, formatted once per distinct day: a rep × working
    day grid repeats each day once per rep."""
    if not dates.notna().any():  # nothing to format once (and no dtype to keep)
        return dates.dt.strftime("%Y-%m")
    return per_unique(dates, lambda days: days.dt.strftime("%Y-%m"))


def month_shares(staff: pd.DataFrame, period: str, settings: Settings) -> pd.DataFrame:
    """rep_id, month, employed_days, month_days, share — one row per rep and month."""
    days = pd.DataFrame({"date": working_days(period, settings)})
    days["month"] = days["date"].dt.strftime("%Y-%m")
    per_month = days.groupby("month").size().rename("month_days")
    months = pd.period_range(*period_bounds(period), freq="M").strftime("%Y-%m")
    per_month = per_month.reindex(months, fill_value=0)
    worked = rep_working_days(staff, period, settings)
    worked["month"] = month_labels(worked["date"])
    employed = worked.groupby(["rep_id", "month"]).size().rename("employed_days")
    grid = pd.MultiIndex.from_product([staff["rep_id"], per_month.index], names=["rep_id", "month"])
    out = employed.reindex(grid, fill_value=0).reset_index()
    out["month_days"] = per_month.reindex(out["month"]).to_numpy()
    out["share"] = np.where(
        out["month_days"] > 0, out["employed_days"] / out["month_days"].clip(lower=1), 0.0
    )
    return out


def _monthly(frame: pd.DataFrame, columns: list[str], months: pd.Index) -> pd.DataFrame:
    table = pd.DataFrame({"rep_id": text(frame, "rep_id"), "month": text(frame, "month")})
    for column in columns:
        table[column] = numbers(frame, column)
    table = table.loc[table["month"].isin(months)]
    return table.groupby(["rep_id", "month"])[columns].sum(min_count=1)


def prorated_targets(
    staff: pd.DataFrame,
    targets: pd.DataFrame,
    budgets: pd.DataFrame,
    period: str,
    settings: Settings,
) -> pd.DataFrame:
    """Per rep (index rep_id): working_days (employed), period_working_days, prorated,
    sales_target, collection_target, expense_budget. A target is blank (NaN) when the
    plan gives the rep no row at all in the period."""
    shares = month_shares(staff, period, settings)
    months = pd.Index(shares["month"].unique())
    wanted = _monthly(targets, ["sales_target", "collection_target"], months).join(
        _monthly(budgets, ["expense_budget"], months), how="outer"
    )
    cells = shares.set_index(["rep_id", "month"]).join(wanted, how="left")
    scaled = cells[["sales_target", "collection_target", "expense_budget"]].mul(
        cells["share"], axis=0
    )
    out = scaled.groupby(level="rep_id").sum(min_count=1)
    days = shares.groupby("rep_id")[["employed_days", "month_days"]].sum()
    out = out.join(days, how="outer").reindex(staff["rep_id"])
    out = out.rename(columns={"employed_days": "working_days", "month_days": "period_working_days"})
    out["working_days"] = out["working_days"].fillna(0).astype("int64")
    out["period_working_days"] = out["period_working_days"].fillna(0).astype("int64")
    out["prorated"] = out["working_days"] < out["period_working_days"]
    return out


#: The achievement KPI each target feeds, and the flag that caps its score.
SMALL_TARGET_FLAGS = {
    "sales_achievement": ("sales_target", "sales_target_small"),
    "collection_achievement": ("collection_target", "collection_target_small"),
}


def average_months(targets: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per rep (index rep_id) the average month of each target over the plan year(s) of
    the period, counting the months the rep has a target in (a rep hired in June is
    judged against his own months, not diluted by the ones before)."""
    years = {str(y) for y in pd.period_range(*period_bounds(period), freq="M").year}
    table = pd.DataFrame({"rep_id": text(targets, "rep_id"), "month": text(targets, "month")})
    table = table.loc[table["month"].str[:4].isin(years)]
    out = {}
    for column in ("sales_target", "collection_target"):
        monthly = (
            numbers(targets, column)
            .loc[table.index]
            .groupby([table["rep_id"], table["month"]])
            .sum()
        )
        monthly = monthly.loc[monthly > 0]
        out[column] = monthly.groupby(level=0).mean()
    return pd.DataFrame(out)


def small_targets(
    prorated: pd.DataFrame,
    staff: pd.DataFrame,
    targets: pd.DataFrame,
    period: str,
    settings: Settings,
) -> pd.DataFrame:
    """Per rep (index rep_id): `<target>_small` — the period's target is positive but under
    `small_target_pct` % of the rep's average month × the months employed (share of
    working days) — and `<target>_month_avg`, the average it was compared with."""
    shares = month_shares(staff, period, settings).groupby("rep_id")["share"].sum()
    average = average_months(targets, period).reindex(prorated.index)
    out = pd.DataFrame(index=prorated.index)
    for target, flag in SMALL_TARGET_FLAGS.values():
        floor = average[target] * shares.reindex(prorated.index) * settings.small_target_pct / 100
        value = prorated[target]
        out[flag] = ((value > 0) & (value < floor)).fillna(False).astype(bool)
        out[f"{target}_month_avg"] = average[target]
    return out
