"""`split_targets`: the whole plan split, DataFrames in, DataFrames and issues out."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.issues import Issue
from addin.core.plan.budget import expense_budgets, override_rows
from addin.core.plan.check import target_check
from addin.core.plan.explain import Sources, member_notes, no_target_reasons
from addin.core.plan.goals import goals_without_target
from addin.core.plan.grid import CellGrid, grid_from_history
from addin.core.plan.history import History, history_by_dimension
from addin.core.plan.inputs import company_totals, growth_rows
from addin.core.plan.keys import HISTORY_COLUMN
from addin.core.plan.locks import lock_rows, pairs_for_new_members
from addin.core.plan.measure import PlanInputs, split_measure
from addin.core.plan.members import plan_members
from addin.core.plan.outliers import far_from_history
from addin.core.plan.profile import month_seeds
from addin.core.plan.rollups import CubeKeys, cube_keys, target_cube, target_rollups
from addin.core.plan.seasons import season_profiles
from addin.core.settings import Settings


@dataclass(frozen=True, slots=True)
class SplitResult:
    cube: pd.DataFrame  # TargetCube (cells with a target in either measure)
    rollups: dict[str, pd.DataFrame]  # "TargetsByMonth", "TargetsByRegion", ...
    check: pd.DataFrame  # TargetCheck
    budgets: pd.DataFrame  # ExpenseBudget: rep_id, month, expense_budget
    issues: list[Issue] = field(default_factory=list)  # includes history.issues
    history_year: int | None = None
    #: the same targets as whole rounding units per cell of `grid` (for exact checks)
    grid: CellGrid | None = None
    units: dict[str, np.ndarray] = field(default_factory=dict)
    #: the unrounded fit per cell of `grid`, in rounding units (each cell and roll-up of
    #: `units` is within one unit of it)
    fitted: dict[str, np.ndarray] = field(default_factory=dict)
    #: the cube's text columns as positions in short arrays (`rollups.cube_keys`)
    cube_keys: CubeKeys = field(default_factory=dict)


def split_targets(
    history: History,
    company_targets: pd.DataFrame,
    *,
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    products: pd.DataFrame,
    regions: pd.DataFrame | None = None,
    seasonality: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None,
    locks: pd.DataFrame | None = None,
    budgets: pd.DataFrame | None = None,
    strategy: pd.DataFrame | None = None,
    settings: Settings | None = None,
) -> SplitResult:
    """Split the company targets (sales, collections) over month × customer × product.

    `history` comes from `history_cube`; its issues are included in the result. The
    plan year and every threshold come from `settings`. `strategy`: the strategy cards,
    whose goals for customers that get no target are said, not dropped.
    """
    settings = settings or Settings()
    year, unit = settings.year, settings.rounding_unit
    members = history.members_of((customers, reps, products, regions, year)) or plan_members(
        customers, reps, products, regions, year
    )
    issues: list[Issue] = list(history.issues) + goals_without_target(strategy, members)
    totals, total_rows, found, unknown_total = company_totals(company_targets, unit)
    issues += found
    profiles, found = season_profiles(seasonality, year)
    issues += found
    grow, found = growth_rows(growth, year)
    issues += found
    lock_table, found = lock_rows(locks, members, unit)
    issues += found
    if unknown_total:
        # A company target the user must fix first (its cell is marked): splitting a
        # target of 0 would only restate that as growth, lock and history complaints.
        issues += override_rows(budgets, members, unit, "Budgets")[1]
        return _nothing_split(issues, history.year)
    lock_column = "amount" if locks is None or "amount" in locks.columns else "value"

    grid = grid_from_history(history)
    extra = pairs_for_new_members(lock_table, grid, members)
    if len(extra):
        grid = grid_from_history(history, extra)
    history_by = history_by_dimension(history)
    seeds = month_seeds(grid, members, profiles, settings.own_pattern_min_months, history.year)
    inputs = PlanInputs(
        history,
        history_by,
        members,
        grow,
        {m: profiles.company(m) for m in ("sales", "collections")},
        {m: profiles.company_rows(m) for m in ("sales", "collections")},
        lock_table,
        lock_column,
        unit,
        seeds,
    )
    units: dict[str, np.ndarray] = {}
    fitted: dict[str, np.ndarray] = {}
    for measure in ("sales", "collections"):
        measured = split_measure(inputs, grid, measure, totals[measure], total_rows[measure])
        units[measure], fitted[measure] = measured.units, measured.fitted
        issues += measured.issues

    budget_table, found = expense_budgets(
        grid, units["sales"], members, settings.expense_ratio_pct, unit, budgets
    )
    issues += found
    budget_units = (budget_table["expense_budget"] / unit).round().astype("int64")
    by_rep = budget_units.groupby(budget_table["rep_id"]).sum() * unit
    sources = Sources(
        grow,
        lock_table,
        inputs.season_rows,
        {m: _growth_pct(totals[m] * unit, history_by, m) for m in ("sales", "collections")},
        total_rows,
        member_notes(members, grid, seeds, settings.lang),
        no_target_reasons(members, settings.lang),
    )
    check = target_check(history_by, grid, units, members, settings, sources)
    issues += far_from_history(check, members, sources, settings)
    return SplitResult(
        cube=target_cube(grid, units, year, unit),
        rollups=target_rollups(grid, units, members, unit, by_rep),
        check=check,
        budgets=budget_table,
        issues=issues,
        history_year=history.year,
        grid=grid,
        units=units,
        fitted=fitted,
        cube_keys=cube_keys(grid, units, year),
    )


def _nothing_split(issues: list[Issue], history_year: int | None) -> SplitResult:
    empty = pd.DataFrame()
    return SplitResult(empty, {}, empty, empty, issues=issues, history_year=history_year)


def _growth_pct(target: float, history_by: dict[str, pd.DataFrame], measure: str) -> float:
    last = float(history_by["month"][HISTORY_COLUMN[measure]].sum())
    return (target / last - 1) * 100 if last > 0 else 0.0
