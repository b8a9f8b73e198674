"""Names and value forms shared by every step of the split: dimensions, ids, months."""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.reports.codes import distinct_sorted
from addin.core.reports.unique import factorized

#: Growth/TargetCheck dimension → cube column that holds its member.
DIMENSIONS: dict[str, str] = {
    "month": "month",
    "region": "region_id",
    "rep": "rep_id",
    "customer": "customer_id",
    "product": "product_id",
    "settlement": "settlement_method",
    "channel": "channel",
}
#: Other spellings a user may type in Growth.dimension.
DIMENSION_ALIASES: dict[str, str] = {
    **{d: d for d in DIMENSIONS},
    **{col: d for d, col in DIMENSIONS.items()},
    "settlement method": "settlement",
    "月份": "month",
    "区域": "region",
    "业务员": "rep",
    "客户": "customer",
    "产品": "product",
    "结算方式": "settlement",
    "渠道": "channel",
}
MEASURES: dict[str, str] = {
    "sales": "sales",
    "sale": "sales",
    "collections": "collections",
    "collection": "collections",
    "销售": "sales",
    "回款": "collections",
}
#: Measure → column of the cube that holds its target / its history.
TARGET_COLUMN = {"sales": "sales_target", "collections": "collection_target"}
HISTORY_COLUMN = {"sales": "last_year_sales", "collections": "last_year_collections"}

#: Key columns of a cube cell, in the order cells are sorted (the stable tie-break order).
CELL_KEYS = ("month", "region_id", "rep_id", "customer_id", "product_id")
MEMBER_COLUMNS = ("region_id", "rep_id", "settlement_method", "channel")


#: What a missing value reads as once it has been made text somewhere upstream.
_BLANK_TEXT = ("nan", "None", "<NA>", "NaT")


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.integer):
        return str(int(value))
    text = str(value).strip()
    return "" if text in _BLANK_TEXT else text


def _cleaned(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's code among the distinct values (-1: missing), and each distinct
    value as an id, with "" last (the missing values' id).

    Cleans each distinct value once (a Python loop over the distinct values only: an
    ERP export repeats few ids many times)."""
    codes, uniques = factorized(values)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        # All text (the usual case, ids typed or read as text): cleaned in one pass.
        text = pd.Series(uniques, dtype=object).str.strip()
        text = text.where(~text.isin(_BLANK_TEXT), "")
        return codes, np.append(text.to_numpy(dtype=object), "")
    return codes, np.array([*(_clean(u) for u in uniques), ""], dtype=object)


def ids(values: pd.Series) -> pd.Series:
    """Ids as stripped text with blanks as "" (whole numbers lose their `.0`)."""
    codes, clean = _cleaned(values)
    return pd.Series(clean[codes], index=values.index, dtype=object)


def factorized_ids(*columns: pd.Series) -> tuple[list[np.ndarray], np.ndarray]:
    """`pd.factorize` of the columns' `ids` one after another: each column's codes and
    the distinct ids in order of first appearance. Only the few distinct values are
    read as text; the rows are numbered by integer, not by hashing every id again."""
    cleaned = [_cleaned(column) for column in columns]
    number, every_id = pd.factorize(np.concatenate([clean for _, clean in cleaned]))
    starts = np.cumsum([0, *(len(clean) for _, clean in cleaned)])
    # code -1 (a missing value) takes its column's last id, "".
    rows = [
        number[start : start + len(clean)][codes]
        for start, (codes, clean) in zip(starts[:-1], cleaned, strict=True)
    ]
    codes, order = pd.factorize(np.concatenate(rows))
    ends = np.cumsum([len(r) for r in rows])
    return np.split(codes.astype("int64"), ends[:-1]), np.asarray(every_id, dtype=object)[order]


def lowered(values: pd.Series, space: str = " ") -> pd.Series:
    """Ids lower-cased with "_" read as a space: for vocabulary such as status. `space`:
    how a space is then written ("_" for codes such as modern_trade); each distinct
    value is worked on once."""
    codes, uniques = pd.factorize(ids(values), use_na_sentinel=False)
    clean = pd.Series(uniques, dtype=object).str.lower().str.replace("_", " ").str.strip()
    if space != " ":
        clean = clean.str.replace(" ", space)
    return pd.Series(
        clean.to_numpy(dtype=object)[codes] if len(clean) else [], index=values.index, dtype=object
    )


def parse_months(values: pd.Series, year: int) -> tuple[pd.Series, pd.Series]:
    """Month numbers 1..12 of the plan year; (months with 0 where blank/bad, bad mask).

    Accepts "YYYY-MM" of the plan year (what the reader delivers), a bare month number
    and real dates. A month of another year is bad: a plan covers one year.
    """
    months = pd.Series(0, index=values.index, dtype="int64")
    if values.empty:
        return months, pd.Series(False, index=values.index)
    if pd.api.types.is_datetime64_any_dtype(values):
        ok = values.notna() & (values.dt.year == year)
        months[ok] = values[ok].dt.month.astype("int64")
        return months, values.notna() & ~ok
    text = ids(values).str.replace("/", "-", regex=False).str.slice(0, 7)
    blank = text == ""
    ym = text.str.extract(r"^(\d{4})-(\d{1,2})$")
    bare = text.str.extract(r"^(\d{1,2})(?:\.0+)?$")[0]
    year_num = pd.to_numeric(ym[0], errors="coerce")
    month_num = pd.to_numeric(ym[1], errors="coerce").fillna(pd.to_numeric(bare, errors="coerce"))
    good = month_num.between(1, 12) & (year_num.isna() | (year_num == year))
    months[good] = month_num[good].astype("int64")
    return months, ~blank & ~good


def month_label(year: int, months: pd.Series | np.ndarray) -> pd.Series:
    """1..12 → "YYYY-MM"."""
    m = pd.Series(np.asarray(months, dtype="int64"))
    return (f"{year:04d}-" + m.astype(str).str.zfill(2)).astype(object)


def sorted_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(values, return_inverse=True)` for integer keys: one sort and a binary
    search per value, several times faster on a million mostly distinct keys."""
    distinct = distinct_sorted(values)
    return distinct, np.searchsorted(distinct, values)


def sorted_first_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`np.unique(values, return_index=True, return_inverse=True)` for integer keys:
    the values numbered by hashing, only the distinct ones sorted. `pd.factorize`
    numbers values in order of first appearance, so a value's first position is where
    the highest number so far grows."""
    codes, uniques = pd.factorize(values)
    order = np.argsort(uniques)
    rank = np.empty(len(order), dtype="int64")
    rank[order] = np.arange(len(order))
    grows = np.ones(len(codes), dtype=bool)
    grows[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    return uniques[order], np.flatnonzero(grows)[order], rank[codes]


def taken(values: np.ndarray, at: np.ndarray) -> object:
    """`values[at]` typed as a DataFrame column types it: the few distinct values are
    typed once (text as pandas' `str`) and taken, not a million strings inspected."""
    short = pd.Series(values).array
    if len(at) and isinstance(short.dtype, pd.StringDtype):
        return short.take(at)
    return values[at]
