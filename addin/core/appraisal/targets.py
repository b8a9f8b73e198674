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

from addin.core.receivables.frames import clean, dates, numbers, text
from addin.core.reports.calendar import period_bounds, working_days
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
    """rep_id, month, employed_days, month_days, share — one row per rep and month.

    Employed days are counted against the sorted working days of the period with two
    binary searches per rep and month, not by listing every working day of every rep.
    """
    first, last = period_bounds(period)
    days = working_days(period, settings).to_numpy(dtype="datetime64[D]")
    months = pd.period_range(first, last, freq="M")
    starts = months.start_time.to_numpy(dtype="datetime64[D]")
    ends = months.end_time.to_numpy(dtype="datetime64[D]")
    month_days = np.searchsorted(days, ends, "right") - np.searchsorted(days, starts, "left")
    # The employed part of each month, rep-major; empty where it starts after it ends.
    lo = np.maximum(_days(staff["hire_date"], _DAWN)[:, None], starts[None, :]).ravel()
    hi = np.minimum(_days(staff["leave_date"], _DUSK)[:, None], ends[None, :]).ravel()
    counted = np.searchsorted(days, hi, "right") - np.searchsorted(days, lo, "left")
    reps = len(staff)
    out = pd.DataFrame(
        {
            "rep_id": np.repeat(staff["rep_id"].to_numpy(dtype=object), len(months)),
            "month": np.tile(np.asarray(months.strftime("%Y-%m"), dtype=object), reps),
            "employed_days": np.where(lo <= hi, counted, 0).astype("int64"),
            "month_days": np.tile(month_days.astype("int64"), reps),
        }
    )
    out["share"] = np.where(
        out["month_days"] > 0, out["employed_days"] / out["month_days"].clip(lower=1), 0.0
    )
    return out


#: Stand-ins for a blank hire date (employed since ever) and leave date (still employed).
_DAWN = np.datetime64("0001-01-01", "D")
_DUSK = np.datetime64("9999-12-31", "D")


def _days(values: pd.Series, blank: np.datetime64) -> np.ndarray:
    when = pd.to_datetime(values, errors="coerce").dt.normalize()
    return np.where(when.isna().to_numpy(), blank, when.to_numpy(dtype="datetime64[D]"))


#: What the plan gives each rep and month.
PLAN_MEASURES = ("sales_target", "collection_target", "expense_budget")


def _text_codes(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Codes of a column's values as `text` cleans them, numbered in text order, and
    the texts by code; -1 where blank. Each distinct raw value is cleaned once."""
    if column not in frame.columns:
        return np.full(len(frame), -1, dtype="int64"), np.array([], dtype=object)
    raw, distinct = pd.factorize(frame[column])
    names = clean(np.asarray(distinct, dtype=object))
    code, vocab = pd.factorize(names, sort=True)
    code = np.where(names == "", -1, code)
    return np.append(code, -1)[raw], np.asarray(vocab, dtype=object)


def _summed(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """`columns` summed per (rep_id, month) text, blank where every row is (index in
    text order); rows without a rep or a month belong to nobody."""
    rep, reps = _text_codes(frame, "rep_id")
    month, months = _text_codes(frame, "month")
    keep = (rep >= 0) & (month >= 0)
    key = rep[keep] * max(len(months), 1) + month[keep]
    values = pd.DataFrame({c: numbers(frame, c).to_numpy()[keep] for c in columns})
    out = values.groupby(key).sum(min_count=1)
    at = out.index.to_numpy(dtype="int64")
    width = max(len(months), 1)
    out.index = pd.MultiIndex.from_arrays(
        [reps[at // width], months[at % width]], names=["rep_id", "month"]
    )
    return out


def plan_months(targets: pd.DataFrame, budgets: pd.DataFrame) -> pd.DataFrame:
    """Per rep and month (index rep_id, month): sales_target, collection_target and
    expense_budget summed over the plan's rows, blank (NaN) where the plan has none.

    The TargetCube has a row per rep, month, customer and product (millions); appraisal
    only ever reads its sums per rep and month, so they are taken once per appraisal.
    A cube already summed by rep and month gives the same table.
    """
    targets_of = _summed(targets, ["sales_target", "collection_target"])
    return targets_of.join(_summed(budgets, ["expense_budget"]), how="outer")


def summed_plan(targets: pd.DataFrame, budgets: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The TargetCube and ExpenseBudget rows summed per rep and month, in the columns of
    `data.no_targets` and `data.no_budgets`: what appraisal reads of a plan, a few
    thousand rows in place of millions. Summing them again changes nothing."""
    cube = _summed(targets, ["sales_target", "collection_target"]).reset_index()
    spent = _summed(budgets, ["expense_budget"]).reset_index()
    return (
        cube.loc[:, ["month", "rep_id", "sales_target", "collection_target"]],
        spent.loc[:, ["rep_id", "month", "expense_budget"]],
    )


def prorated_targets(shares: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Per rep (index rep_id, in the order of `shares`): working_days (employed),
    period_working_days, prorated, sales_target, collection_target, expense_budget.
    `shares` from `month_shares`, `plan` from `plan_months`. A target is blank (NaN)
    when the plan gives the rep no row at all in the period."""
    cells = shares.set_index(["rep_id", "month"]).join(plan, how="left")
    scaled = cells[list(PLAN_MEASURES)].mul(cells["share"], axis=0)
    out = scaled.groupby(level="rep_id", sort=False).sum(min_count=1)
    days = shares.groupby("rep_id", sort=False)[["employed_days", "month_days"]].sum()
    out = out.join(days, how="outer").reindex(pd.unique(shares["rep_id"]))
    out.index.name = "rep_id"
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


def average_months(plan: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per rep (index rep_id) the average month of each target over the plan year(s) of
    the period, counting the months the rep has a target in (a rep hired in June is
    judged against his own months, not diluted by the ones before). `plan` from
    `plan_months`."""
    years = {str(y) for y in pd.period_range(*period_bounds(period), freq="M").year}
    month = plan.index.get_level_values("month")
    table = plan.loc[np.asarray(month.str[:4].isin(years), dtype=bool)]
    out = {}
    for column in ("sales_target", "collection_target"):
        monthly = table[column]
        monthly = monthly.loc[monthly > 0]
        out[column] = monthly.groupby(level="rep_id").mean()
    return pd.DataFrame(out)


def small_targets(
    prorated: pd.DataFrame,
    shares: pd.DataFrame,
    plan: pd.DataFrame,
    period: str,
    settings: Settings,
) -> pd.DataFrame:
    """Per rep (index rep_id): `<target>_small` — the period's target is positive but under
    `small_target_pct` % of the rep's average month × the months employed (share of
    working days) — and `<target>_month_avg`, the average it was compared with.
    `shares` from `month_shares`, `plan` from `plan_months`."""
    employed = shares.groupby("rep_id")["share"].sum()
    average = average_months(plan, period).reindex(prorated.index)
    out = pd.DataFrame(index=prorated.index)
    for target, flag in SMALL_TARGET_FLAGS.values():
        floor = average[target] * employed.reindex(prorated.index) * settings.small_target_pct / 100
        value = prorated[target]
        out[flag] = ((value > 0) & (value < floor)).fillna(False).astype(bool)
        out[f"{target}_month_avg"] = average[target]
    return out
