"""Tolerant access to input columns, and money as integer cents.

Core receives tables as the reader delivers them; an optional column (`due_date`,
`invoice_id`, `contact`) may be absent. Money is summed and compared in int64 cents so
that invoiced − paid − credited = outstanding holds to the cent however many rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from addin.core.issues import ROW


def text(frame: pd.DataFrame, column: str, *, distinct: bool = False) -> pd.Series:
    """Ids and text as stripped `str`, "" where blank or absent. `distinct`: values
    that rarely repeat (a card's ids and names), each stripped as it is (`clean_each`)."""
    if column not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    values = clean_each(frame[column].to_numpy()) if distinct else clean(frame[column])
    return pd.Series(values, index=frame.index, dtype=object)


def raw(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column's values as they came (None throughout when absent), for `clean` later
    on just the rows that need them."""
    if column not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    return np.asarray(frame[column].to_numpy(), dtype=object)


def clean(values: pd.Series | np.ndarray) -> np.ndarray:
    """Values as stripped `str` (object array), "" where blank.

    Ids repeat a lot (a customer on thousands of lines), so the distinct values are
    cleaned once and mapped back by code. A categorical column is coded already: its
    categories are cleaned and its codes taken as they are, with no hashing of rows.
    """
    uniques: pd.Index | np.ndarray
    if isinstance(values.dtype, pd.CategoricalDtype):
        categorical = pd.Categorical(values)
        codes, uniques = categorical.codes, categorical.categories
    elif values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    else:
        codes, uniques = pd.factorize(values)
    return np.append(_stripped(uniques), "")[codes]


def _stripped(distinct: pd.Index | np.ndarray) -> np.ndarray:
    """Distinct values as stripped `str` (object array). Text is stripped as it is (an
    id already clean is kept, not copied); anything else goes through numpy's text."""
    try:
        return np.array([str.strip(value) for value in distinct], dtype=object)
    except TypeError:  # not all text (numbers, dates): the general way
        return np.strings.strip(np.asarray(distinct, dtype=str)).astype(object)


def clean_each(values: np.ndarray) -> np.ndarray:
    """`clean` for values that rarely repeat (payment ids): each stripped as it is,
    without first collecting the distinct ones."""
    try:
        return np.array([value.strip() for value in values], dtype=object)
    except AttributeError:  # not all text (blanks, numbers): the general way
        return clean(values)


def dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """Dates at midnight, NaT where blank or absent."""
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    values = pd.to_datetime(frame[column], errors="coerce")
    return values.dt.normalize().astype("datetime64[ns]")


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """Float64 values, NaN where blank or absent."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def rows(frame: pd.DataFrame) -> pd.Series:
    """The Excel row of each record (0 when the caller gave none)."""
    if ROW not in frame.columns:
        return pd.Series(0, index=frame.index, dtype="int64")
    return pd.to_numeric(frame[ROW], errors="coerce").fillna(0).astype("int64")


def to_cents(amount: pd.Series | np.ndarray) -> np.ndarray:
    """Money (no NaN) to int64 cents; amounts typed with two decimals convert exactly."""
    return np.rint(np.asarray(amount, dtype="float64") * 100.0).astype("int64")


def from_cents(cents: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(cents, dtype="int64") / 100.0


def group_sum(keys: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Integer sum of `values` per integer key 0..size-1.

    bincount adds in float64, which is exact for cent totals below 2**53 (≈ 90 trillion
    in currency units), so rounding back gives the exact integer.
    """
    if size == 0:
        return np.zeros(0, dtype="int64")
    summed = np.bincount(keys, weights=values.astype("float64"), minlength=size)
    return np.rint(summed).astype("int64")


def lexsort(keys: Sequence[np.ndarray]) -> np.ndarray:
    """`np.lexsort(keys)` (last key primary, stable), computed as one stable argsort of
    the keys packed into a single int64 when their ranges fit in 62 bits.

    np.lexsort makes one indirect pass per key, which dominates ageing at a million
    rows; keys here are small codes, day numbers and positions, so they nearly always
    fit; anything else falls back to np.lexsort.
    """
    size = len(keys[0]) if keys else 0
    if size == 0:
        return np.zeros(0, dtype="int64")
    packed: np.ndarray | None = None
    used = 0
    for key in reversed(keys):
        found = _packable(np.asarray(key))
        if found is None:
            return np.lexsort(keys)
        values, bits = found
        used += bits
        if used > 62:
            return np.lexsort(keys)
        packed = values if packed is None else (packed << bits) | values
    assert packed is not None
    position = (size - 1).bit_length()
    if used + position > 62:
        return _stable_argsort(packed)
    # With the position as the last key the values are distinct, so every sort gives
    # the one order, and sorting values is cheaper than sorting indices to them.
    packed = (packed << position) | np.arange(size)
    packed.sort(kind=_sort_kind(packed))
    return packed & ((1 << position) - 1)


def _sort_kind(values: np.ndarray) -> Literal["stable", "quicksort"]:
    """Timsort ("stable") for values that come mostly in order — it runs through them
    in one pass — else numpy's vectorised quicksort, several times faster on values
    in no order."""
    descents = np.count_nonzero(values[1:] < values[:-1])
    return "stable" if descents * 32 < values.size else "quicksort"


def _stable_argsort(values: np.ndarray) -> np.ndarray:
    """`np.argsort(values, kind="stable")`. Values in no order are first sorted the
    fast, unstable way; that order is kept when no equal values came out of their
    original order (always, when the values are distinct)."""
    if _sort_kind(values) == "stable":
        return np.argsort(values, kind="stable")
    order = np.argsort(values)
    in_order = values[order]
    tie = np.flatnonzero(in_order[1:] == in_order[:-1])
    if tie.size and (order[tie + 1] < order[tie]).any():
        return np.argsort(values, kind="stable")
    return order


def _packable(values: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Non-negative int64 that orders like `values` (blank dates — NO_DAY — and
    infinite or missing numbers after everything else) and the bits its largest value
    needs, or None if there is none cheap. Never writes into `values`.

    Keys are a million long: each pass over one counts, so a key already in range
    (codes from 0) is only scanned for its least and largest value."""
    if values.dtype.kind == "b":
        values = values.astype("int64")
    elif values.dtype.kind == "f":
        finite = np.isfinite(values)
        whole = np.array_equal(values[finite], np.round(values[finite]))
        if not whole or np.isneginf(values).any():
            return None
        top = values[finite].max(initial=0) + 1
        values = np.where(finite, values, np.where(np.isnan(values), top + 1, top))
    elif values.dtype.kind not in "iu":
        return None
    values = values.astype("int64", copy=False)
    low, high = int(values.min()), int(values.max())
    if high >= NO_DAY:
        blank = values >= NO_DAY
        values = np.where(blank, values[~blank].max(initial=0) + 1, values)
        low, high = int(values.min()), int(values.max())
    if high - low >= 2**40:
        return None
    return (values - low if low else values), (high - low).bit_length()


def rank_codes(values: pd.Series) -> np.ndarray:
    """Integer codes that sort like the values, for use as a np.lexsort key."""
    codes, _ = pd.factorize(values, sort=True)
    return np.asarray(codes, dtype="int64")


#: The day number of a blank date: later than any real one, so it sorts last.
NO_DAY = np.iinfo("int64").max // 4


def day_numbers(values: pd.Series) -> np.ndarray:
    """Dates as whole days since 1970 (NaT → NO_DAY)."""
    out = values.to_numpy(dtype="datetime64[D]").astype("int64")
    out[values.isna().to_numpy()] = NO_DAY
    return out


def day_column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """`day_numbers(dates(frame, column))`, straight from the values when the column
    already holds dates (no normalising pass over a million timestamps)."""
    values = frame[column].to_numpy() if column in frame.columns else None
    if values is None or values.dtype.kind != "M":
        return day_numbers(dates(frame, column))
    out = values.astype("datetime64[D]").astype("int64")
    out[np.isnat(values)] = NO_DAY
    return out


def day_of(stamp: pd.Timestamp) -> int:
    return int(np.datetime64(stamp, "D").astype("int64"))


def as_dates(days: np.ndarray) -> np.ndarray:
    """Day numbers back to datetime64[ns] (NO_DAY → NaT)."""
    blank = days == NO_DAY
    out = np.where(blank, 0, days).astype("datetime64[D]").astype("datetime64[ns]")
    out[blank] = np.datetime64("NaT")
    return out


def int_or_blank(values: np.ndarray, known: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Nullable Int64: `values` where `known`, blank elsewhere."""
    return pd.arrays.IntegerArray(np.where(known, values, 0).astype("int64"), ~known)


def members_of(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct codes ascending, per code 0..size-1 its position among them or
    −1): one bincount over codes that index a vocabulary of `size`, not a sort."""
    present = np.bincount(codes, minlength=size) > 0
    position = np.where(present, np.cumsum(present) - 1, -1)
    return np.flatnonzero(present), position
