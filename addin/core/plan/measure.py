"""Split ONE measure's company target over the cells: margins → IPF → exact rounding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, show
from addin.core.plan.cube_round import LEVELS, round_cube
from addin.core.plan.grid import CellGrid
from addin.core.plan.history import History
from addin.core.plan.ipf import IpfFit, Margin, ipf_fit, seed_empty_classes
from addin.core.plan.keys import DIMENSIONS, HISTORY_COLUMN
from addin.core.plan.lockgroups import lock_groups
from addin.core.plan.locks import LOCK_KEYS, Family
from addin.core.plan.margins import growth_margin, known_members, month_margin, usable_rows
from addin.core.plan.members import Members
from addin.core.plan.profile import MonthSeeds
from addin.i18n import Msg
from addin.schema.names import ValueName

_MAX_GAP_ISSUES = 20  # per margin: the worst gaps name the rows to fix; more is noise


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Everything the split reads besides the cells, already validated."""

    history: History
    history_by: dict[str, pd.DataFrame]  # history_by_dimension(history)
    members: Members
    growth: pd.DataFrame  # dimension, member, growth_pct, _row
    season: dict[str, np.ndarray | None]  # measure → company month weights (12)
    season_rows: dict[str, np.ndarray]  # measure → Excel row per month (0 = none)
    locks: pd.DataFrame  # lock_rows() output
    lock_column: str
    unit: float
    seeds: MonthSeeds


def _last_year(inputs: PlanInputs, dimension: str, measure: str) -> pd.Series:
    """Last year per member of `dimension`, in rounding units."""
    return inputs.history_by[dimension][HISTORY_COLUMN[measure]] / inputs.unit


def _locked_members(locks: pd.DataFrame) -> dict[str, set[object]]:
    """Members fixed by a lock on that one key alone: a growth row for them is moot."""
    out: dict[str, set[object]] = {d: set() for d in DIMENSIONS}
    if locks.empty:
        return out
    filled = pd.DataFrame(
        {k: (locks[k] != 0) if k == "month" else (locks[k] != "") for k in LOCK_KEYS}
    )
    single = filled.sum(axis=1) == 1
    names = {
        "rep_id": "rep",
        "customer_id": "customer",
        "product_id": "product",
        "region_id": "region",
        "month": "month",
    }
    for key, dim in names.items():
        out[dim] = set(locks.loc[single & filled[key], key])
    return out


def soft_margins(
    inputs: PlanInputs, grid: CellGrid, measure: str, total: int, locks: pd.DataFrame
) -> tuple[list[Margin], list[Issue]]:
    """Seasonality and Growth margins of one measure."""
    margins: list[Margin] = []
    issues: list[Issue] = []
    locked = _locked_members(locks)
    month_rows = inputs.growth.iloc[0:0].assign(target=[])
    for dim in DIMENSIONS:
        rows = inputs.growth[inputs.growth["dimension"] == dim]
        if rows.empty:
            continue
        in_cube = (
            pd.Index(range(1, 13))
            if dim == "month"
            else pd.Index(grid.pairs[DIMENSIONS[dim]].unique())
        )
        usable, found = usable_rows(
            rows,
            dim,
            _last_year(inputs, dim, measure),
            in_cube,
            known_members(inputs.members, dim),
            locked[dim],
        )
        issues += found
        if dim == "month" and inputs.season[measure] is not None:
            month_rows = usable
            continue
        margin, found = growth_margin(usable, dim, grid, total, inputs.unit)
        issues += found
        if margin is not None:
            margins.append(margin)
    season = inputs.season[measure]
    if season is not None:
        margin, found = month_margin(
            season, inputs.season_rows[measure], month_rows, grid, total, inputs.members.year
        )
        issues += found
        if margin is not None:
            margins.insert(0, margin)
    return margins, issues


def _gap_issues(fit: IpfFit, margins: list[Margin], unit: float, measure: str) -> list[Issue]:
    """The Growth/Seasonality classes the fit keeps missing, worst first."""
    issues: list[Issue] = []
    for margin, gap in zip(margins, fit.pass_gaps[: len(margins)], strict=True):
        bad = np.flatnonzero(np.abs(gap) >= 0.5)
        for k in bad[np.argsort(-np.abs(gap[bad]), kind="stable")][:_MAX_GAP_ISSUES]:
            sheet, row, column = margin.sources[k] if margin.sources else ("", None, "")
            want = show(round(margin.targets[k] * unit))
            issues.append(
                Issue(
                    code="ipf_not_converged",
                    args={
                        "measure": ValueName(measure),
                        "slice": margin.labels[k],
                        "gap": show(round(abs(gap[k]) * unit)),
                    },
                    sheet=sheet,
                    row=row,
                    column=column,
                    value=want,
                )
            )
    return issues


def _unkept(
    units: np.ndarray, fams: list[Family], locks: pd.DataFrame, column: str, unit: float
) -> list[Issue]:
    issues: list[Issue] = []
    values = locks["units"].to_numpy(dtype="int64")
    for fam in fams:
        has = fam.classes >= 0
        got = np.bincount(fam.classes[has], weights=units[has], minlength=len(fam.locks))
        for i in np.flatnonzero(np.rint(got).astype("int64") != values[fam.locks]):
            lock = locks.iloc[int(fam.locks[i])]
            issues.append(
                Issue(
                    code="lock_not_kept",
                    args={"lock": lock["label"], "got": show(got[i] * unit)},
                    sheet="Locks",
                    row=int(lock[ROW]),
                    column=column,
                    value=show(values[fam.locks[i]] * unit),
                )
            )
    return issues


@dataclass(frozen=True, slots=True)
class Measured:
    units: np.ndarray  # whole rounding units per cell
    fitted: np.ndarray  # the unrounded fit per cell, in rounding units
    issues: list[Issue]


def split_measure(
    inputs: PlanInputs, grid: CellGrid, measure: str, total: int, total_row: int | None
) -> Measured:
    """Whole rounding units per cell for one measure, its unrounded fit, the issues."""
    locks = inputs.locks[inputs.locks["measure"] == measure].reset_index(drop=True)
    groups, issues, kept, fams = lock_groups(locks, grid, total, inputs.unit, inputs.lock_column)
    if grid.size == 0:
        if total > 0:
            issues.append(
                Issue(
                    code="no_weights",
                    args={"reason": Msg("plan.nothing_to_split", measure=ValueName(measure))},
                    sheet="CompanyTargets",
                    row=total_row,
                    column="annual_target",
                    value=show(total * inputs.unit),
                )
            )
        return Measured(np.zeros(0, dtype="int64"), np.zeros(0), issues)
    soft, found = soft_margins(inputs, grid, measure, total, kept)
    issues += found
    total_margin = Margin(
        "Total",
        np.zeros(grid.size, dtype="int64"),
        np.array([float(total)]),
        [("CompanyTargets", total_row, "annual_target")],
        [f"the {measure} target"],
    )
    seed = inputs.seeds.seeds[measure]
    if total > 0 and seed.sum() <= 0:
        other = inputs.seeds.seeds["sales"]
        if measure == "collections" and other.sum() > 0:
            seed = other
            issues.append(
                Issue(
                    code="no_collection_history",
                    sheet="CompanyTargets",
                    row=total_row,
                    column="annual_target",
                )
            )
        else:
            issues.append(
                Issue(
                    code="no_weights",
                    args={"reason": Msg("plan.spread_evenly", measure=ValueName(measure))},
                    sheet="CompanyTargets",
                    row=total_row,
                    column="annual_target",
                    value=show(total * inputs.unit),
                )
            )
    # Lock atoms already add up to the total (their root is "the rest of the company").
    soft = soft if groups else [total_margin, *soft]
    margins = [*soft, *(g.margin for g in groups)]
    filled = seed_empty_classes(seed, margins)
    # A class without history (a lock on a new customer) follows the month profile and
    # its rep's months, not an even twelfth: then any class its rep never works is even.
    new = (seed <= 0) & (filled > 0)
    filled[new] = inputs.seeds.fill[new]
    seed = seed_empty_classes(filled, margins)
    fit = ipf_fit(seed, margins, shape=(12, len(grid.pairs)))
    if not fit.converged:
        issues += _gap_issues(fit, soft, inputs.unit, measure)
    levels = {col: grid.codes(col)[0] for col in LEVELS}
    units, _ = round_cube(fit.values, groups, total, levels)
    issues += _unkept(units, fams, kept, inputs.lock_column, inputs.unit)
    return Measured(units, fit.values, issues)
