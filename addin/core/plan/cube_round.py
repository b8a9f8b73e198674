"""Round one measure's fitted cells to whole units: locks and total exact, roll-ups close.

When every lock is by pair keys (rep, customer, product, region) or by month alone — the
usual case — rounding is controlled (`controlled`): pair totals in one max-flow that
keeps every region, rep, customer, product and pair within one unit of its fitted total
and every lock atom exact; then each pair's months, keeping each cell and each month
within one unit of its fitted value. Where that cannot be met (a fit that did not
converge) it falls back to rounding in two directions:
- pair totals by largest remainder down the hierarchy lock atom → region → rep →
  customer → pair, so each of those roll-ups is within one unit of its share of its
  parent's (rounded) total;
- month totals by largest remainder (inside month locks);
- the pair × month table to both sets of totals at once (`round_matrix`).
Locks that mix a month with other keys fall back to rounding inside each lock atom,
which keeps the locks and the total exact and roll-ups within one unit per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.plan.controlled import round_rows_and_months, two_tree_rounding
from addin.core.plan.ipf import Margin, ipf_fit
from addin.core.plan.lockgroups import LockGroup
from addin.core.plan.rounding import largest_remainder, nested_remainder, round_matrix, round_table

MONTHS = 12
_HIERARCHY = ("region_id", "rep_id", "customer_id")
#: The pair columns rounding follows: each pair's region, rep, customer and product.
LEVELS = (*_HIERARCHY, "product_id")


def pair_levels(pairs: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each pair's `LEVELS` as integer codes (numbered as `pd.factorize` numbers them)."""
    return {col: pd.factorize(pairs[col])[0].astype("int64") for col in LEVELS}


def _layout(codes: np.ndarray, shape: tuple[int, int]) -> str:
    grid = codes.reshape(shape)
    if (grid == grid[0]).all():
        return "pair"
    if (grid == grid[:, :1]).all():
        return "month"
    return "cell"


def _joint(
    values: np.ndarray, first: LockGroup, second: LockGroup, codes: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Two crossing lock groups: whole targets for each (atom, atom) combination."""
    n2 = len(second.targets)
    joint, inverse = np.unique(codes[0] * n2 + codes[1], return_inverse=True)
    inverse = np.asarray(inverse, dtype="int64").ravel()
    table = np.bincount(inverse, weights=values, minlength=len(joint))
    entries, ok = round_table(joint // n2, joint % n2, table, first.targets, second.targets)
    return inverse, entries, ok


def _by_atoms(values: np.ndarray, groups: list[LockGroup], total: int) -> tuple[np.ndarray, bool]:
    """Fallback: largest remainder inside each lock atom (or joint atom of two groups)."""
    if not groups:
        return largest_remainder(values, np.zeros(len(values), "int64"), np.array([total])), True
    if len(groups) == 1:
        return largest_remainder(values, groups[0].atoms, groups[0].targets), True
    inverse, entries, ok = _joint(values, groups[0], groups[1], (groups[0].atoms, groups[1].atoms))
    return largest_remainder(values, inverse, entries), ok


def _pair_totals(
    totals: np.ndarray, groups: list[LockGroup], total: int, levels: dict[str, np.ndarray]
) -> tuple[np.ndarray, bool]:
    n_pairs = len(totals)
    ok = True
    if not groups:
        top, targets = np.zeros(n_pairs, dtype="int64"), np.array([total])
    elif len(groups) == 1:
        top, targets = groups[0].atoms[:n_pairs], groups[0].targets
    else:
        atoms = (groups[0].atoms[:n_pairs], groups[1].atoms[:n_pairs])
        top, targets, ok = _joint(totals, groups[0], groups[1], atoms)
    hierarchy = [levels[col] for col in _HIERARCHY]
    return nested_remainder(totals, hierarchy, top, targets), ok


def _splits(top: np.ndarray, levels: list[np.ndarray]) -> int:
    """How many (top class, member) pieces the members of `levels` fall into: the
    fewer, the fewer roll-ups the top classes cut apart."""
    return sum(len(pd.unique(top * (int(lv.max(initial=0)) + 1) + lv)) for lv in levels)


def _controlled(
    table: np.ndarray,
    pair_groups: list[LockGroup],
    total: int,
    levels: dict[str, np.ndarray],
    months: np.ndarray,
) -> np.ndarray | None:
    """Controlled rounding (see `controlled`); None when it cannot keep every bound."""
    n_pairs = table.shape[1]
    if len(pair_groups) > 2:
        return None
    tops = [(g.atoms[:n_pairs], g.targets) for g in pair_groups]
    while len(tops) < 2:
        tops.append((np.zeros(n_pairs, dtype="int64"), np.array([total], dtype="int64")))
    hierarchy = [levels[col] for col in _HIERARCHY]
    product = levels["product_id"]
    first, second = tops
    if _splits(first[0], hierarchy) + _splits(second[0], [product]) > _splits(
        second[0], hierarchy
    ) + _splits(first[0], [product]):
        first, second = second, first
    pair_units = two_tree_rounding(
        table.sum(axis=0), [first[0], *hierarchy], first[1], [second[0], product], second[1]
    )
    if pair_units is None:
        return None
    cells = round_rows_and_months(table.T, pair_units, months)
    return None if cells is None else cells.T.ravel()


def round_cube(
    values: np.ndarray, groups: list[LockGroup], total: int, levels: dict[str, np.ndarray]
) -> tuple[np.ndarray, bool]:
    """Whole units per cell (month-major over the pairs whose `pair_levels` are
    `levels`); ok = False when two kinds of crossing lock could not both be met exactly
    (the caller checks every lock)."""
    n_pairs = len(levels["product_id"])
    shape = (MONTHS, n_pairs)
    kinds = [_layout(g.atoms, shape) for g in groups]
    if n_pairs == 0 or "cell" in kinds or kinds.count("month") > 1:
        return _by_atoms(values, groups, total)
    table = values.reshape(shape)
    month_groups = [g for g, k in zip(groups, kinds, strict=True) if k == "month"]
    pair_groups = [g for g, k in zip(groups, kinds, strict=True) if k == "pair"]
    if month_groups:
        month_atoms = month_groups[0].atoms.reshape(shape)[:, 0]
        months = largest_remainder(table.sum(axis=1), month_atoms, month_groups[0].targets)
    else:
        months = largest_remainder(table.sum(axis=1), np.zeros(MONTHS, "int64"), np.array([total]))
    controlled = _controlled(table, pair_groups, total, levels, months)
    if controlled is not None:
        return controlled, True
    pair_units, ok = _pair_totals(table.sum(axis=0), pair_groups, total, levels)
    fit = ipf_fit(
        values,
        [
            Margin("pairs", np.tile(np.arange(n_pairs), MONTHS), pair_units.astype("float64")),
            Margin("months", np.repeat(np.arange(MONTHS), n_pairs), months.astype("float64")),
        ],
        tol=1e-7,
        max_iter=200,
        shape=shape,
    )
    units, exact = round_matrix(fit.values.reshape(shape).T, pair_units, months)
    return units.T.ravel(), ok and exact
