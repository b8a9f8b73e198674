"""Integer keys for joins and groupings over report rows.

Matching (rep, date, customer) between a route plan, daily reports and the calendar on
text means hashing millions of Python strings per merge. Here every id column taking
part in one join is factorized once over all the tables it appears in, dates become day
numbers, and a row's key is one int64: membership is `np.isin`, counting is `bincount`.

Codes are given in the sort order of the values, so grouping by a key orders groups the
way grouping by the text columns would (and sums add their rows in the same order).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.reports.unique import factorized, ids_text

#: Day numbers are shifted by this so that any date from year -3800 to 7700 is >= 0.
_DAY_SHIFT = 1 << 21
DAY_SPAN = 1 << 22


def joint_codes(*columns: pd.Series) -> tuple[list[np.ndarray], pd.Index]:
    """Codes of each column over the values of all of them (the same value, the same
    code in every column), in sort order of the values; -1 where blank (NA). Also the
    distinct values, by code.

    Columns coded by `code_ids` already hold their codes: they are read, not hashed
    again (a text column beside them is looked up in their vocabulary).
    """
    coded = _shared_codes(columns)
    if coded is not None:
        return coded
    plain = [c.astype(object) if isinstance(c.dtype, pd.CategoricalDtype) else c for c in columns]
    values = pd.concat([c.reset_index(drop=True) for c in plain], ignore_index=True)
    codes, distinct = pd.factorize(values, sort=True)
    codes = np.asarray(codes, dtype="int64")
    bounds = np.cumsum([len(c) for c in columns])[:-1]
    return list(np.split(codes, bounds)), pd.Index(distinct)


def _shared_codes(columns: tuple[pd.Series, ...]) -> tuple[list[np.ndarray], pd.Index] | None:
    """The codes of `code_ids` columns sharing one sorted vocabulary; None when the
    columns are not such (or a text value is missing from the vocabulary)."""
    kinds = [c.dtype for c in columns if isinstance(c.dtype, pd.CategoricalDtype)]
    if not kinds:
        return None
    names = kinds[0].categories
    if not names.is_monotonic_increasing or any(not k.categories.equals(names) for k in kinds):
        return None
    out = []
    for column in columns:
        if isinstance(column.dtype, pd.CategoricalDtype):
            out.append(np.asarray(column.cat.codes, dtype="int64"))
            continue
        at = np.asarray(names.get_indexer(pd.Index(column)), dtype="int64")
        if ((at < 0) & column.notna().to_numpy()).any():
            return None
        out.append(at)
    # Labels typed as `ids_text` types them, as the hashed path gives them.
    return out, names.astype("string")


def code_ids(
    frames: list[pd.DataFrame], columns: tuple[str, ...] = ("rep_id", "customer_id", "product_id")
) -> list[pd.DataFrame]:
    """`frames` with each id column as text (as `ids_text` makes it) held as a
    categorical over one sorted vocabulary per column name, shared by all frames: later
    joins read the integer codes instead of hashing the text again.

    Each column is hashed once; the distinct values are trimmed and matched across
    frames, then the codes are spread back by position.
    """
    out = list(frames)
    for name in columns:
        having = [i for i, f in enumerate(frames) if name in f.columns]
        parts = []
        for i in having:
            codes, distinct = factorized(frames[i][name])
            parts.append((codes, _id_texts(distinct)))
        pool = pd.Series(np.concatenate([text for _, text in parts]), dtype=object)
        names = pd.Index(sorted(set(pool[pool.notna()].tolist())), dtype=object)
        for i, (codes, text) in zip(having, parts, strict=True):
            lookup = np.append(names.get_indexer(text), -1)
            # Codes made here are in range: pandas need not check millions of them.
            values = pd.Categorical.from_codes(lookup[codes], categories=names, validate=False)
            out[i] = out[i].assign(**{name: pd.Series(values, index=frames[i].index)})
    return out


def _id_texts(distinct: object) -> np.ndarray:
    """`ids_text` of distinct values, as objects: plain strings are stripped as the
    python-backed string type strips them, without a pass through it."""
    values = np.asarray(distinct, dtype=object)
    python = pd.StringDtype().storage == "python"  # pyarrow's strip is its own
    if python and pd.api.types.infer_dtype(values, skipna=False) == "string":
        return np.array([v.strip() for v in values.tolist()], dtype=object)
    return ids_text(pd.Series(values, dtype=object)).to_numpy(object)


def code_values(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with its text-like `columns` (visit types, months, clock times) held as
    categoricals of their distinct values: per-value work (`per_unique`) then reads the
    codes instead of hashing millions of cells again. Values are unchanged."""
    coded = {}
    for name in columns:
        if name not in frame.columns:
            continue
        column = frame[name]
        if not (pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue
        codes, distinct = factorized(column)
        values = pd.Categorical.from_codes(
            codes, categories=pd.Index(distinct, dtype=object), validate=False
        )
        coded[name] = pd.Series(values, index=frame.index)
    return frame.assign(**coded)


def day_codes(dates: pd.Series) -> np.ndarray:
    """Dates as non-negative day numbers (order kept); -1 where NaT."""
    values = pd.to_datetime(dates, errors="coerce")
    days = values.to_numpy(dtype="datetime64[D]").astype("int64") + _DAY_SHIFT
    return np.where(values.isna().to_numpy(), -1, days)


def day_month_number(days: np.ndarray) -> np.ndarray:
    """The month number (year * 12 + month - 1, as `calendar.month_number`) of day
    codes, as float; NaN where -1."""
    out = np.full(len(days), np.nan)
    known = days >= 0
    out[known] = month_numbers(days[known] - _DAY_SHIFT) + 1970 * 12
    return out


def month_numbers(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers (days since 1970-01-01, every one a real
    day). numpy works out each value's calendar month, several times the cost of a
    lookup, so the months of the days spanned are worked out once and looked up when
    the span is the shorter."""
    if days.size == 0:
        return np.zeros(0, dtype="int64")
    low, high = int(days.min()), int(days.max())
    if high - low >= days.size:
        return days.astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    spanned = np.arange(low, high + 1).astype("datetime64[D]").astype("datetime64[M]")
    return spanned.astype("int64")[days - low]


def combine(first: np.ndarray, second: np.ndarray, second_size: int) -> np.ndarray:
    """One key for the pair (first, second), ordered as the pairs; -1 where either is -1.
    Keys are compacted to 0..n-1 so that chaining many columns cannot overflow."""
    valid = (first >= 0) & (second >= 0)
    wide = np.where(valid, first * max(second_size, 1) + second, -1)
    if not valid.any():
        return wide
    compact, _ = pd.factorize(wide[valid], sort=True)
    out = np.full(len(wide), -1, dtype="int64")
    out[valid] = compact
    return out


def day_key(rep: np.ndarray, day: np.ndarray) -> np.ndarray:
    """(rep code, day code) as one int64; -1 where either is blank."""
    return np.where((rep >= 0) & (day >= 0), rep * DAY_SPAN + day, -1)


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: for int64 keys numpy's sort beats hashing them."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def in_sorted(values: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """`np.isin(values, pool)` for a sorted `pool` (`distinct_sorted`): one binary
    search per value."""
    if not len(pool):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(pool, values), len(pool) - 1)
    return np.asarray(pool[at] == values, dtype=bool)
