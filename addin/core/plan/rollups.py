"""The TargetCube table and its roll-ups: plain group sums of the rounded cells.

Sums are taken in whole rounding units (int64) and turned into money last, so a roll-up
equals the sum of its cube rows exactly, with no float drift.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.plan.grid import MONTHS, PAIR_COLUMNS, CellGrid
from addin.core.plan.keys import TARGET_COLUMN, taken
from addin.core.plan.members import Members

CUBE_COLUMNS = ["month", *PAIR_COLUMNS, "sales_target", "collection_target"]
#: roll-up table → (key column, name column or None, masters table attribute)
ROLLUPS: dict[str, tuple[str, str | None, str | None]] = {
    "TargetsByMonth": ("month", None, None),
    "TargetsByRegion": ("region_id", "region_name", "regions"),
    "TargetsByRep": ("rep_id", "rep_name", "reps"),
    "TargetsByCustomer": ("customer_id", "customer_name", "customers"),
    "TargetsByProduct": ("product_id", "product_name", "products"),
    "TargetsBySettlement": ("settlement_method", None, None),
    "TargetsByChannel": ("channel", None, None),
}


def month_labels(year: int) -> np.ndarray:
    return np.array([f"{year:04d}-{m:02d}" for m in range(1, MONTHS + 1)], dtype=object)


#: A text column of TargetCube as each row's position in a short array of values.
CubeKeys = dict[str, tuple[np.ndarray, np.ndarray]]


def cube_keys(grid: CellGrid, units: dict[str, np.ndarray], year: int) -> CubeKeys:
    """The text columns of `target_cube`: a row is a kept cell, and a cell's texts are
    its month's and its pair's. Consumers that need each distinct text (the plan's
    content digest) look at the short arrays, not at millions of repeated strings."""
    cells = np.flatnonzero((units["sales"] != 0) | (units["collections"] != 0))
    n_pairs = max(len(grid.pairs), 1)
    pair, month = cells % n_pairs, cells // n_pairs
    keys: CubeKeys = {"month": (month, month_labels(year))}
    for col in PAIR_COLUMNS:
        keys[col] = (pair, grid.pairs[col].to_numpy(dtype=object))
    return keys


def target_cube(
    grid: CellGrid, units: dict[str, np.ndarray], year: int, unit: float
) -> pd.DataFrame:
    """TargetCube rows; cells with no target in either measure are left out."""
    keep = (units["sales"] != 0) | (units["collections"] != 0)
    data = {col: taken(values, at) for col, (at, values) in cube_keys(grid, units, year).items()}
    for measure, col in TARGET_COLUMN.items():
        data[col] = units[measure][keep] * unit
    return pd.DataFrame(data, columns=CUBE_COLUMNS, copy=False)  # the columns are new


def _summed_by(grid: CellGrid, key: str, per_pair: dict[str, np.ndarray]) -> pd.DataFrame:
    """Whole units per distinct `key` of the pairs, keys sorted (a sorted group-by on
    the text, done on the grid's codes)."""
    codes, keys = grid.sorted_codes(key)
    known = codes >= 0  # a missing key is in no group
    frame = pd.DataFrame({key: keys})
    for m, v in per_pair.items():
        sums = np.zeros(len(keys), dtype="int64")
        np.add.at(sums, codes[known], v[known])
        frame[TARGET_COLUMN[m]] = sums
    return frame


def target_rollups(
    grid: CellGrid,
    units: dict[str, np.ndarray],
    members: Members,
    unit: float,
    expense_by_rep: pd.Series | None = None,
) -> dict[str, pd.DataFrame]:
    """One table per dimension: key (+ name), sales_target, collection_target."""
    per_pair = {m: grid.by_pair(u).sum(axis=0) for m, u in units.items()}
    per_month = {m: grid.by_pair(u).sum(axis=1) for m, u in units.items()}
    out: dict[str, pd.DataFrame] = {}
    for table, (key, name_col, masters) in ROLLUPS.items():
        if key == "month":
            frame = pd.DataFrame({"month": month_labels(members.year)})
            sums = pd.DataFrame({TARGET_COLUMN[m]: v for m, v in per_month.items()})
            frame = pd.concat([frame, sums], axis=1)
        else:
            frame = _summed_by(grid, key, per_pair)
        for col in TARGET_COLUMN.values():
            frame[col] = frame[col].astype("int64") * unit
        if name_col and masters:
            names = getattr(members, masters)["name"]
            frame.insert(1, name_col, names.reindex(frame[key]).fillna("").to_numpy())
        if table == "TargetsByRep" and expense_by_rep is not None:
            budget = expense_by_rep.reindex(frame[key]).fillna(0.0).to_numpy()
            frame.insert(2, "expense_budget", budget)
        out[table] = frame.reset_index(drop=True)
    return out
