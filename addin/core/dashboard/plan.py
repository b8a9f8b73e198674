"""The plan's TargetCube, coded once for every table that reads it.

A large company's cube holds millions of rows (month × customer × product) whose ids
and months are text. Pacing, the review card, the customer card and the monthly chart
each want sums of its targets by a different key, and none of them wants the cube's
rows: pacing sums by region, rep and product, the cards and the chart by customer and
month. So the job sums the cube once (`plan_sums`) into two tables of targets — per
month, region, rep and customer (over the products) and per month and product: a tenth
of the cube's rows — and lets the rows go. `PlanCube(frame)` holds a cube's rows as
they are (both tables are the rows), for callers that have no more than a few.

Each table's columns are factorized once and the work done on their few distinct values
(a dozen months, a thousand reps); readers get integer codes per row and sum with those,
in the row order the table came in, so every sum is the one the text keys gave.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import NO_MONTH
from addin.core.receivables.frames import clean, numbers
from addin.core.reports.calendar import month_number


def coded_text(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels): each value as `clean` makes it (stripped text, "" when blank) is
    labels[codes]; labels are distinct (values that clean alike share a code)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    shown = np.append(clean(np.asarray(distinct, dtype=object)), "")
    merged, labels = pd.factorize(shown)
    return merged[codes].astype("int64"), np.asarray(labels, dtype=object)


def coded_str(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, labels) as `coded_text`, for `values.astype(object).fillna("").astype(str)`
    (no stripping: pacing's members are the ids as given)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    shown = np.append(np.asarray([str(v) for v in distinct], dtype=object), "")
    merged, labels = pd.factorize(shown)
    return merged[codes].astype("int64"), np.asarray(labels, dtype=object)


#: The keys the dashboard sums the cube by: every reader but product pacing sums by
#: these (or fewer), product pacing by `PRODUCT_KEYS`.
CUSTOMER_KEYS = ("month", "region_id", "rep_id", "customer_id")
PRODUCT_KEYS = ("month", "product_id")
TARGETS = ("sales_target", "collection_target")


def plan_sums(cube: pd.DataFrame) -> PlanCube:
    """The cube's targets summed per distinct `CUSTOMER_KEYS` and per distinct
    `PRODUCT_KEYS`: what every reader sums, in a tenth of the rows.

    Keys are grouped by value as given (as `pd.factorize` tells them apart, which is
    how `clean` and `month_number` see them too); each group keeps its first row's
    values, in the order the groups first appear, and each target is added up in row
    order, blank where all of the group's are blank (as SQL's SUM)."""
    present = [k for k in dict.fromkeys((*CUSTOMER_KEYS, *PRODUCT_KEYS)) if k in cube.columns]
    codes = {key: _value_codes(cube[key]) for key in present}
    values = {t: numbers(cube, t).to_numpy() for t in TARGETS}
    customers = _summed(cube, [k for k in CUSTOMER_KEYS if k in codes], codes, values)
    products = _summed(cube, [k for k in PRODUCT_KEYS if k in codes], codes, values)
    return PlanCube(customers, products)


def _value_codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """(codes, how many): blanks (None, NaN) are a value of their own. Factorized as
    objects: a text column's own factorize took two thirds longer, for the same codes."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    codes = codes.astype("int64")
    codes[codes < 0] = len(distinct)
    return codes, len(distinct) + 1


def _summed(
    cube: pd.DataFrame,
    keys: list[str],
    codes: dict[str, tuple[np.ndarray, int]],
    values: dict[str, np.ndarray],
) -> pd.DataFrame:
    group = np.zeros(len(cube), dtype="int64")
    span = 1
    for key in keys:
        column, size = codes[key]
        if span * size >= 2**62:  # re-dense first: the combined number stays below rows²
            group, span = pd.factorize(group)[0], int(group.max()) + 1
        group = group * size + column
        span *= size
    group = pd.factorize(group)[0]
    groups = int(group.max()) + 1 if len(group) else 0
    # Groups are numbered as they first appear: a row starts one where the running
    # highest number goes up.
    highest = np.maximum.accumulate(group)
    first = np.flatnonzero(np.r_[len(group) > 0, highest[1:] > highest[:-1]])
    out = {key: cube[key].iloc[first].reset_index(drop=True) for key in keys}
    for target, amount in values.items():
        blank = np.isnan(amount)
        total = np.bincount(group, weights=np.where(blank, 0.0, amount), minlength=groups)
        known = np.bincount(group, weights=~blank, minlength=groups)
        out[target] = pd.Series(np.where(known > 0, total, np.nan))
    return pd.DataFrame(out)


class PlanRows:
    """A table of plan targets (cube rows, or their sums) with its months and ids coded
    on first use."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._values: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.frame)

    @cached_property
    def _months(self) -> tuple[np.ndarray, pd.Series]:
        """Per row a code into the distinct month values, which are kept as a Series."""
        if "month" not in self.frame.columns:
            return np.full(len(self.frame), -1, dtype="int32"), pd.Series([], dtype=object)
        codes, distinct = pd.factorize(self.frame["month"], use_na_sentinel=True)
        kept = pd.Series(distinct, dtype=self.frame["month"].dtype if len(distinct) else object)
        return codes.astype("int32"), kept

    @cached_property
    def mno(self) -> np.ndarray:
        """Month number (`month_number`) of each row; NO_MONTH where it is not a month.
        int32, as the month codes: a large cube's per-row arrays are its memory."""
        codes, distinct = self._months
        if not len(distinct):
            return np.full(len(codes), NO_MONTH, dtype="int32")
        number = month_number(distinct).to_numpy(dtype="float64")
        number = np.append(np.where(np.isnan(number), NO_MONTH, number), NO_MONTH)
        return number.astype("int32")[codes]

    def month_is(self, month: str) -> np.ndarray:
        """Rows whose month, as text (`clean`), is `month` exactly."""
        codes, distinct = self._months
        if not len(distinct):
            return np.zeros(len(codes), dtype=bool)
        same = np.append(clean(distinct.to_numpy(dtype=object)) == month, False)
        return same[codes]

    def values(self, column: str) -> np.ndarray:
        """A target column as float64 (NaN where blank or absent)."""
        if column not in self._values:
            self._values[column] = numbers(self.frame, column).to_numpy()
        return self._values[column]

    def text_codes(self, column: str, rows: np.ndarray | slice) -> tuple[np.ndarray, np.ndarray]:
        """`coded_text` of `column` at the positions `rows` ("" throughout when absent)."""
        if column not in self.frame.columns:
            size = len(range(len(self.frame))[rows]) if isinstance(rows, slice) else len(rows)
            return np.zeros(size, dtype="int64"), np.array([""], dtype=object)
        return coded_text(self.frame[column].to_numpy()[rows])


class PlanCube:
    """The plan as its readers sum it: `customers` (by month, region, rep and customer)
    and `products` (by month and product); the same rows twice for a whole cube."""

    def __init__(self, frame: pd.DataFrame, products: pd.DataFrame | None = None) -> None:
        self.customers = PlanRows(frame)
        self.products = self.customers if products is None else PlanRows(products)

    @property
    def frame(self) -> pd.DataFrame:
        return self.customers.frame

    def __len__(self) -> int:
        return len(self.customers)

    def part(self, dimension: str) -> PlanRows:
        """The table that holds `dimension`'s key."""
        return self.products if dimension == "product" else self.customers


def as_plan(targets: pd.DataFrame | PlanCube | None) -> PlanCube | None:
    """The cube to read, or None when there is no plan (no frame, or no rows)."""
    if targets is None:
        return None
    plan = targets if isinstance(targets, PlanCube) else PlanCube(targets)
    return plan if len(plan) else None
