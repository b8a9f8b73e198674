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
from addin.core.receivables.frames import numbers, text
from addin.core.reports.calendar import month_number, working_days
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


def _grid(members: pd.Index, keys: np.ndarray, month: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Sum of `values` per member × month index 0..11."""
    codes = members.get_indexer(pd.Index(keys))
    keep = (codes >= 0) & (month >= 0) & (month < 12)
    flat = np.bincount(
        codes[keep] * 12 + month[keep], weights=values[keep], minlength=len(members) * 12
    )
    return flat.reshape(len(members), 12)


def pacing(
    targets: pd.DataFrame | None,
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
    cube = _plan_rows(targets, jan)
    has_plan = cube is not None
    frames = []
    for measure, dimension, target_column in SLICES:
        done = actuals.get((measure, dimension))
        if done is None:
            continue
        done = done.loc[(done["date"] <= as_of)]
        done_month = date_months(done["date"]) - jan
        done_keys = _member_keys(done["member"], dimension)
        plan_keys = np.array([], dtype=object)
        plan_month = np.array([], dtype="int64")
        plan_values = np.array([], dtype="float64")
        if has_plan and cube is not None:
            plan_keys = _member_keys(_cube_member(cube, dimension), dimension)
            plan_month = cube["k"].to_numpy()
            plan_values = numbers(cube, target_column).fillna(0.0).to_numpy()
        in_year = (done_month >= 0) & (done_month <= current)
        members = pd.Index(
            sorted((set(done_keys[in_year]) | set(plan_keys[plan_values != 0])) - {""})
        )
        actual = _grid(members, done_keys, done_month, done["amount"].to_numpy(dtype="float64"))
        target = _grid(members, plan_keys, plan_month, plan_values)
        frame = _pace(members, actual, target, current, part, settings, has_plan, jan)
        frame.insert(0, "measure", measure)
        frame.insert(1, "dimension", dimension)
        frame.insert(3, "name", _names(names, dimension, frame["member"]))
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=list(PACING_COLUMNS))
    return pd.concat(frames, ignore_index=True).loc[:, list(PACING_COLUMNS)]


def _plan_rows(targets: pd.DataFrame | None, jan: int) -> pd.DataFrame | None:
    """The cube's rows of the as-of year with their month index, or None (no plan)."""
    if targets is None or targets.empty or "month" not in targets.columns:
        return None
    k = month_number(targets["month"]).to_numpy(dtype="float64") - jan
    keep = ~np.isnan(k) & (k >= 0) & (k < 12)
    if not keep.any():
        return None
    cube = targets.loc[keep].copy()
    cube["k"] = k[keep].astype("int64")
    return cube


def _cube_member(cube: pd.DataFrame, dimension: str) -> pd.Series:
    key = _CUBE_KEY[dimension]
    if key is None:
        return pd.Series(COMPANY, index=cube.index, dtype=object)
    return text(cube, key)


def _member_keys(values: pd.Series, dimension: str) -> np.ndarray:
    if dimension == "company":
        return np.full(len(values), COMPANY, dtype=object)
    return values.astype(object).fillna("").astype(str).to_numpy(dtype=object)


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
