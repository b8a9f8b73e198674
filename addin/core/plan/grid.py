"""The cube's cells: every eligible customer × product pair × the 12 plan months.

Cells are stored month-major over a sorted pair table (cell = month_index × P + pair),
so cell order is (month, region, rep, customer, product) — the stable key order that
breaks rounding ties — and any per-cell key is a `tile`/`repeat` of a per-pair array,
never a million-row string column. A pair column's integer codes are worked out once
per grid (`CellGrid.codes`) for every step that groups, matches or rounds by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.plan.history import CellCodes, History
from addin.core.plan.keys import HISTORY_COLUMN, sorted_first_inverse

MONTHS = 12
PAIR_COLUMNS = ["region_id", "rep_id", "customer_id", "product_id", "settlement_method", "channel"]
#: A pair is unique by these (customer "" pairs, made for locks, differ by rep/region).
_PAIR_KEY = ["region_id", "rep_id", "customer_id", "product_id"]


@dataclass(frozen=True, slots=True)
class CellGrid:
    pairs: pd.DataFrame  # PAIR_COLUMNS, sorted, index 0..P-1
    weights: dict[str, np.ndarray]  # measure → history weight per cell (≥ 0)
    #: `codes` worked out once: every step of the split asks for the same columns
    _codes: dict[tuple[str, bool], tuple[np.ndarray, pd.Index]] = field(
        default_factory=dict, repr=False, compare=False
    )
    #: `sorted_codes` worked out once: TargetCheck and the roll-ups group by the same keys
    _sorted: dict[str, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        return len(self.pairs) * MONTHS

    def months(self) -> np.ndarray:
        return np.repeat(np.arange(1, MONTHS + 1, dtype="int64"), len(self.pairs))

    def per_cell(self, pair_values: np.ndarray) -> np.ndarray:
        return np.tile(pair_values, MONTHS)

    def column(self, key: str) -> np.ndarray:
        if key == "month":
            return self.months()
        return self.per_cell(self.pairs[key].to_numpy())

    def lookup(self, key: str, wanted: pd.Index | list[object]) -> np.ndarray:
        """Each cell's position of its `key` value in `wanted` (-1 when absent)."""
        index = pd.Index(wanted)
        if key == "month":
            months = pd.Index(range(1, MONTHS + 1))
            return np.repeat(index.get_indexer(months), len(self.pairs))
        return self.per_cell(index.get_indexer(pd.Index(self.pairs[key])).astype("int64"))

    def codes(self, key: str, text: bool = False) -> tuple[np.ndarray, pd.Index]:
        """Each pair's `key` as its position among the distinct values, numbered in
        order of first appearance (`pd.factorize`'s numbering), and those values; `text`:
        of the values made text (`astype(str)`)."""
        found = self._codes.get((key, text))
        if found is None and text:
            codes, uniques = self.codes(key)
            if (codes >= 0).all() and pd.api.types.infer_dtype(uniques, skipna=False) == "string":
                # Text already (ids are): made text, the values and their numbering stay.
                found = (codes, pd.Index(uniques, dtype="str"))
        if found is None:
            column = self.pairs[key].astype(str) if text else self.pairs[key]
            codes, uniques = pd.factorize(column)
            found = (codes.astype("int64"), pd.Index(uniques))
        self._codes[(key, text)] = found
        return found

    def sorted_codes(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """`codes` numbered in the values' sorted order, as `pd.factorize(sort=True)`
        numbers them, and the sorted values."""
        found = self._sorted.get(key)
        if found is None:
            codes, uniques = self.codes(key)
            order = uniques.argsort()
            rank = np.empty(len(order) + 1, dtype="int64")
            rank[order] = np.arange(len(order))
            rank[-1] = -1  # a missing value (code -1) stays missing
            found = (rank[codes], uniques.to_numpy(dtype=object)[order])
            self._sorted[key] = found
        return found

    def by_pair(self, per_cell: np.ndarray) -> np.ndarray:
        """(12, P) view: row = month."""
        return per_cell.reshape(MONTHS, len(self.pairs))


def _history_pairs(
    h: pd.DataFrame, rows: np.ndarray, codes: CellCodes
) -> tuple[pd.DataFrame, np.ndarray]:
    """Distinct (customer, product) pairs of the history rows `rows`, and each row's pair.

    Rep and region follow from the customer in history, so (customer, product) is the
    pair: the history's integer codes instead of a million-row string index."""
    if not len(rows):
        return pd.DataFrame(columns=PAIR_COLUMNS), np.zeros(0, dtype="int64")
    cust = codes.customer[rows].astype("int64")
    prod = codes.product[rows].astype("int64")
    _, first, inv = sorted_first_inverse(cust * len(codes.products) + prod)
    return h[PAIR_COLUMNS].iloc[rows[first]], np.asarray(inv, dtype="int64").ravel()


def _sort_key(values: pd.Series) -> tuple[np.ndarray, np.ndarray | None]:
    """Values as a key that sorts as their text does, and for ids the sorted distinct
    ids. Ids are text: their rank among the sorted distinct ids sorts the same as the
    text, without sorting long strings."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        codes, uniques = pd.factorize(values, sort=True)
        return codes, np.asarray(uniques, dtype=object)
    return values.to_numpy(dtype=str), None


def grid_from_history(history: History, extra_pairs: pd.DataFrame | None = None) -> CellGrid:
    """Pairs with positive history in either measure (eligible only), plus `extra_pairs`."""
    h = history.cells
    if len(h):
        # Rows are picked, not copied: the history's million rows of text stay put.
        month = h["month"].to_numpy(dtype="int64")
        positive = np.zeros(len(h), dtype=bool)
        for col in HISTORY_COLUMN.values():
            positive |= np.fmax(h[col].to_numpy(dtype="float64"), 0.0) > 0
        usable = (h["reason"] == "").to_numpy(dtype=bool) & (month >= 1) & (month <= MONTHS)
        rows = np.flatnonzero(usable & positive)
    else:
        month, rows = np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
    pairs, pair_of_row = _history_pairs(h, rows, history.cell_codes())
    n_history_pairs = len(pairs)
    if extra_pairs is not None and len(extra_pairs):
        pairs = pd.concat([pairs, extra_pairs[PAIR_COLUMNS]], ignore_index=True)
        pairs = pairs.drop_duplicates(_PAIR_KEY)  # keeps the history pairs first
    pairs = pairs.astype(object).reset_index(drop=True)
    keys = {c: _sort_key(pairs[c]) for c in _PAIR_KEY}
    order = np.lexsort([keys[c][0] for c in reversed(_PAIR_KEY)])
    pairs = pairs.iloc[order].reset_index(drop=True)
    # An id column's sorted codes are its sort key (`CellGrid.sorted_codes`), kept.
    ranked = {
        c: (np.asarray(key, dtype="int64")[order], values)
        for c, (key, values) in keys.items()
        if values is not None
    }
    position = np.empty(len(order), dtype="int64")
    position[order] = np.arange(len(order))
    n_cells = len(pairs) * MONTHS
    cell = (month[rows] - 1) * len(pairs) + position[:n_history_pairs][pair_of_row]
    weights: dict[str, np.ndarray] = {}
    for measure, col in HISTORY_COLUMN.items():
        values = h[col].to_numpy(dtype="float64")[rows] if len(h) else np.zeros(0)
        weights[measure] = np.bincount(cell, weights=values.clip(min=0), minlength=n_cells)
    return CellGrid(pairs, weights, _sorted=ranked)
