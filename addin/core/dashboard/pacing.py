"""Pacing: year-to-date achievement against the share of the year that has elapsed.

The share of the year elapsed is weighted by seasonality, through the plan itself: the
target cube already holds each member's target month by month, so a member's target to
date is its targets of the months before the as-of month plus the as-of month's target
times the share of that month's working days elapsed. Pace = actual to date ÷ target to
date. A member is **behind** when pace < 100 % − `pace_behind_pct`, **ahead** when it
is above 100 % + `pace_behind_pct`; `behind_since` is the first day of the month since
whose end (or since the as-of day) it has stayed behind without a break.

Sales are paced by company, region (the customer's), rep (the rep on the sales line) and
product; collections by company and rep (collections credited as `age_receivables`
credits them). Without a plan every row says "no plan" and shows the actuals only.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import date_months, name_of
from addin.core.dashboard.plan import PlanCube, PlanRows, as_plan, coded_str
from addin.core.reports.calendar import working_days
from addin.core.settings import Settings

PACING_COLUMNS = (
    "measure",
    "dimension",
    "member",
    "name",
    "annual_target",
    "target_to_date",
    "actual_ytd",
    "elapsed_pct",
    "achievement_pct",
    "pace_pct",
    "gap",
    "status",
    "behind_since",
)
#: (measure, dimension, column of the target cube, key of the names table)
SLICES = (
    ("sales", "company", "sales_target"),
    ("sales", "region", "sales_target"),
    ("sales", "rep", "sales_target"),
    ("sales", "product", "sales_target"),
    ("collections", "company", "collection_target"),
    ("collections", "rep", "collection_target"),
)
_CUBE_KEY = {"company": None, "region": "region_id", "rep": "rep_id", "product": "product_id"}
COMPANY = "total"


def month_elapsed(as_of: pd.Timestamp, settings: Settings) -> float:
    """Share of the as-of month's working days up to and including `as_of`."""
    first = as_of.replace(day=1)
    days = working_days((first, first + pd.offsets.MonthEnd(0)), settings)
    if len(days) == 0:
        return float(as_of.day) / float(first.days_in_month)
    return float((days <= as_of).sum()) / float(len(days))


def _grid(
    members: pd.Index, codes: np.ndarray, labels: np.ndarray, month: np.ndarray, values: np.ndarray
) -> np.ndarray:
    """Sum of `values` per member × month index 0..11; row i's member is labels[codes[i]].

    Labels are distinct, so a member is at most one label: summing by label adds the
    same rows in the same order as summing by member would.
    """
    keep = (month >= 0) & (month < 12)
    if not keep.all():
        codes, month, values = codes[keep], month[keep], values[keep]
    size = len(labels) * 12
    where = codes.astype("int64") * 12 + month  # int64: a big cube's codes × 12 may not fit int32
    per_label = np.bincount(where, weights=values, minlength=size)
    per_label = per_label.reshape(len(labels), 12)
    at = pd.Index(labels).get_indexer(members)
    out = np.zeros((len(members), 12))
    out[at >= 0] = per_label[at[at >= 0]]
    return out


def pacing(
    targets: pd.DataFrame | PlanCube | None,
    actuals: Mapping[tuple[str, str], pd.DataFrame],
    names: Mapping[str, pd.DataFrame],
    as_of: pd.Timestamp,
    settings: Settings,
) -> pd.DataFrame:
    """One row per measure × dimension × member (see module doc).

    `actuals[(measure, dimension)]` holds rows (member, date, amount) of what happened;
    `names[dimension]` a table with `<dimension>_id` and `name`. `targets` is the
    TargetCube (month, region_id, rep_id, product_id, sales_target, collection_target).
    """
    jan = as_of.year * 12
    current = as_of.year * 12 + as_of.month - 1 - jan
    part = month_elapsed(as_of, settings)
    plan = as_plan(targets)
    has_plan = plan is not None and _plan_rows(plan.customers, jan) is not None
    # What the slices share, taken from the plan once per table: its months in the
    # year, each target column, each key column (sales and collections both pace reps).
    years: dict[int, tuple[np.ndarray | slice | None, np.ndarray]] = {}
    amounts: dict[tuple[int, str], np.ndarray] = {}
    coded: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    frames = []
    for measure, dimension, target_column in SLICES:
        done = actuals.get((measure, dimension))
        if done is None:
            continue
        dated = (done["date"] <= as_of).to_numpy()
        done_month = date_months(done["date"].loc[dated]) - jan
        done_codes, done_labels = _member_keys(done["member"].loc[dated], dimension)
        plan_codes = np.array([], dtype="int64")
        plan_labels = np.array([], dtype=object)
        plan_values = np.array([], dtype="float64")
        plan_month = np.array([], dtype="int64")
        in_year: np.ndarray | slice | None = None
        table = plan.part(dimension) if plan is not None and has_plan else None
        if table is not None:
            if id(table) not in years:
                rows = _plan_rows(table, jan)
                month = table.mno[rows] - jan if rows is not None else plan_month
                years[id(table)] = rows, month
            in_year, plan_month = years[id(table)]
        if table is not None and in_year is not None:
            if dimension not in coded:
                coded[dimension] = _cube_member(table, in_year, dimension)
            if (id(table), target_column) not in amounts:
                values = table.values(target_column)[in_year]
                amounts[id(table), target_column] = np.where(np.isnan(values), 0.0, values)
            plan_codes, plan_labels = coded[dimension]
            plan_values = amounts[id(table), target_column]
        this_year = (done_month >= 0) & (done_month <= current)
        members = pd.Index(
            sorted(
                (
                    set(_present(done_codes[this_year], done_labels))
                    | set(_present(plan_codes[plan_values != 0], plan_labels))
                )
                - {""}
            )
        )
        amount = done["amount"].loc[dated].to_numpy(dtype="float64")
        actual = _grid(members, done_codes, done_labels, done_month, amount)
        target = _grid(members, plan_codes, plan_labels, plan_month, plan_values)
        frame = _pace(members, actual, target, current, part, settings, has_plan, jan)
        frame.insert(0, "measure", measure)
        frame.insert(1, "dimension", dimension)
        frame.insert(3, "name", _names(names, dimension, frame["member"]))
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(PACING_COLUMNS))
    return pd.concat(frames, ignore_index=True).loc[:, list(PACING_COLUMNS)]


def _plan_rows(plan: PlanRows, jan: int) -> np.ndarray | slice | None:
    """The plan table's rows in the as-of year (all of them, as a slice, when a year's plan
    holds only its own months: no copies of its columns), or None (no plan)."""
    k = plan.mno - jan
    in_year = (k >= 0) & (k < 12)
    if in_year.all():
        return slice(None)
    rows = np.flatnonzero(in_year)
    return rows if len(rows) else None


def _present(codes: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The labels that `codes` use."""
    return labels[np.bincount(codes, minlength=len(labels)) > 0]


def _cube_member(
    plan: PlanRows, rows: np.ndarray | slice, dimension: str
) -> tuple[np.ndarray, np.ndarray]:
    key = _CUBE_KEY[dimension]
    if key is None:
        return np.zeros(len(plan.mno[rows]), dtype="int64"), np.array([COMPANY], dtype=object)
    return plan.text_codes(key, rows)


def _member_keys(values: pd.Series, dimension: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels) of the members named by `values` (all the company for "company")."""
    if dimension == "company":
        return np.zeros(len(values), dtype="int64"), np.array([COMPANY], dtype=object)
    return coded_str(values.to_numpy())


def _names(names: Mapping[str, pd.DataFrame], dimension: str, members: pd.Series) -> np.ndarray:
    if dimension == "company":
        return np.full(len(members), "Company", dtype=object)
    table = names.get(dimension)
    if table is None:
        return np.full(len(members), "", dtype=object)
    return name_of(table, f"{dimension}_id", members)


def _pace(
    members: pd.Index,
    actual: np.ndarray,
    target: np.ndarray,
    current: int,
    part: float,
    settings: Settings,
    has_plan: bool,
    jan: int,
) -> pd.DataFrame:
    cum_actual = np.cumsum(actual, axis=1)
    cum_target = np.cumsum(target, axis=1)
    before = cum_target[:, current - 1] if current > 0 else np.zeros(len(members))
    to_date = before + target[:, current] * part
    actual_ytd = cum_actual[:, current]
    annual = cum_target[:, 11]
    with np.errstate(divide="ignore", invalid="ignore"):
        pace = np.where(to_date > 0, actual_ytd / to_date * 100.0, np.nan)
        achieved = np.where(annual > 0, actual_ytd / annual * 100.0, np.nan)
        elapsed = np.where(annual > 0, to_date / annual * 100.0, np.nan)
        # Pace at each month end so far, then the as-of day for the current month.
        month_pace = np.where(cum_target > 0, cum_actual / cum_target * 100.0, np.nan)
    low, high = 100.0 - settings.pace_behind_pct, 100.0 + settings.pace_behind_pct
    month_pace = month_pace[:, : current + 1].copy()
    month_pace[:, current] = pace
    behind = np.nan_to_num(month_pace, nan=np.inf) < low
    # Length of the run of behind months that ends at the current month.
    run = np.cumprod(behind[:, ::-1], axis=1).sum(axis=1)
    since = np.where(run > 0, current + 1 - run, -1)
    status = np.where(
        np.isnan(pace),
        "no target",
        np.where(pace < low, "behind", np.where(pace > high, "ahead", "on pace")),
    ).astype(object)
    if not has_plan:
        status[:] = "no plan"
    since_dates = pd.Series(
        [
            pd.Timestamp(year=(jan + s) // 12, month=(jan + s) % 12 + 1, day=1)
            if s >= 0
            else pd.NaT
            for s in since
        ],
        dtype="datetime64[ns]",
    )
    blank = np.full(len(members), np.nan) if not has_plan else None
    return pd.DataFrame(
        {
            "member": members.to_numpy(dtype=object),
            "annual_target": blank if blank is not None else np.round(annual, 2),
            "target_to_date": blank if blank is not None else np.round(to_date, 2),
            "actual_ytd": np.round(actual_ytd, 2),
            "elapsed_pct": np.round(elapsed, 1),
            "achievement_pct": np.round(achieved, 1),
            "pace_pct": np.round(pace, 1),
            "gap": blank if blank is not None else np.round(actual_ytd - to_date, 2),
            "status": status,
            "behind_since": since_dates.to_numpy(),
        }
    )
