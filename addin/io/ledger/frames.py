"""DataFrames ↔ ledger rows, typed as the reader delivers them.

Going in, every value becomes a plain Python value the drivers accept (NaN and NaT
become NULL, numpy integers become int). Coming out, each spec type gets the dtype the
reader gives it: dates datetime64[ns] at midnight, times `datetime.time`, whole numbers
Int64, amounts float64, text `str` with missing values as missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from addin.core.issues import ROW
from addin.io.ledger.tables import BASE_COLUMNS
from addin.schema import TABLES


def to_columns(name: str, frame: pd.DataFrame) -> dict[str, list[Any]]:
    """`frame` as the columns of `rows_<name>`, one plain value per row, None for NULL:
    `row_no` and the spec's columns, less those the submission fills in for every row
    (`submission_id`, `period`, and `rep_id` where the spec has none)."""
    return {key: _column_values(name, frame, key) for key in _own_keys(name)}


def _own_keys(name: str) -> list[str]:
    """The columns of `rows_<name>` a submission's frame gives (`to_columns`)."""
    own = (c.key for c in TABLES[name].columns if c.key not in BASE_COLUMNS or c.key == "rep_id")
    return ["row_no", *own]


def _column_values(name: str, frame: pd.DataFrame, key: str) -> list[Any]:
    """Column `key` of `rows_<name>` as `to_columns` gives it for `frame`."""
    if key == "row_no":
        if ROW in frame.columns:
            return frame[ROW].to_numpy(dtype="int64").tolist()  # type: ignore[no-any-return]
        # computed tables (TargetCube…) have no Excel row yet: number them in order
        return list(range(1, len(frame) + 1))
    if key in frame.columns:
        return _sql_values(frame[key], TABLES[name].column(key).type)
    return [None] * len(frame)


def stored_columns(
    name: str, frame: pd.DataFrame, constants: Mapping[str, Any], keys: Sequence[str]
) -> Iterator[tuple[str, pd.Series]]:
    """Columns `keys` of `frame` stored as table `name`'s rows with `constants` (the
    submission's id, period…), as the ledger reads them back: each column the values
    `to_columns` hands the driver, typed by `from_columns`. Made one at a time, so a
    plan's millions of rows are never all Python values at once."""
    own = set(_own_keys(name))
    for key in keys:
        if key in constants:
            values = [constants[key]] * len(frame)
        elif key in own:
            values = _column_values(name, frame, key)
        else:
            raise KeyError(f"{name} stores no column {key!r} of its own")
        yield key, pd.Series(_driver_column(name, key, values), copy=False)


def _sql_values(values: pd.Series, type_: str) -> list[Any]:
    # numpy arrays and .tolist() rather than Series operations: a rep's submission is
    # many small frames, where pandas' per-call overhead would dominate.
    if type_ in {"number", "money", "pct"}:
        if not pd.api.types.is_float_dtype(values.dtype):
            values = pd.to_numeric(values, errors="coerce")
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        return _nulls(numbers.tolist(), np.isnan(numbers))
    if type_ == "int":
        if not pd.api.types.is_integer_dtype(values.dtype):
            values = pd.to_numeric(values, errors="coerce").round().astype("Int64")
        return list(values.astype("Int64").to_numpy(dtype=object, na_value=None))  # type: ignore[call-overload]
    if type_ == "date":
        if not pd.api.types.is_datetime64_dtype(values.dtype):
            values = pd.to_datetime(values, errors="coerce")
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_localize(None)
        return list(values.to_numpy().astype("datetime64[D]").tolist())  # NaT → None
    raw = values.to_numpy(dtype=object)
    if type_ not in {"time", "bool"} and infer_dtype(raw, skipna=False) == "string":
        # All text, none missing (one C pass): nothing to convert value by value — a
        # plan's cube is millions of them.
        return raw.tolist()  # type: ignore[no-any-return]
    missing = pd.isna(raw)
    if type_ == "time":
        return [
            None if gone else v if type(v) is dt.time else _time_value(v)
            for v, gone in zip(raw.tolist(), missing, strict=True)
        ]
    if type_ == "bool":
        return [None if gone else bool(v) for v, gone in zip(raw.tolist(), missing, strict=True)]
    return [
        None if gone else v if type(v) is str else str(v)
        for v, gone in zip(raw.tolist(), missing, strict=True)
    ]


def _nulls(values: list[Any], missing: np.ndarray) -> list[Any]:
    if not missing.any():
        return values
    return [None if gone else v for v, gone in zip(values, missing, strict=True)]


def _time_value(value: object) -> dt.time | None:
    """A time of day from `datetime.time`, a timestamp, minutes since midnight or 'HH:MM'."""
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        minutes = round(float(value))
        return dt.time(minutes // 60, minutes % 60) if 0 <= minutes < 24 * 60 else None
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError:
        return None


def from_columns(name: str, keys: Sequence[str], columns: Sequence[list[Any]]) -> pd.DataFrame:
    """Columns `keys` of table `name` as the driver returned them (`fetch.fetch_columns`)
    typed as the reader delivers them: the same frame the SQLAlchemy-typed rows made."""
    data = {
        key: _driver_column(name, key, values) for key, values in zip(keys, columns, strict=True)
    }
    return pd.DataFrame(data, columns=list(keys), copy=False)  # the columns are new already


def _driver_column(name: str, key: str, values: list[Any]) -> Any:
    """Column `key` of table `name` from the driver's values, typed (`from_columns`)."""
    if key in ("submission_id", "row_no"):
        return np.array(values, dtype="int64")
    type_ = _typed_columns(name).get(key)
    return _driver_text(values) if type_ is None else _driver_typed(values, type_)


@cache
def _typed_columns(name: str) -> dict[str, str]:
    """Spec type of each column of `name` that is not one every rows table has (those
    are text: rep_id, period)."""
    return {c.key: c.type for c in TABLES[name].columns if c.key not in BASE_COLUMNS}


def _driver_typed(values: list[Any], type_: str) -> Any:
    """One column of driver values (SQLite: ISO text for dates and times, 0/1 for
    booleans; PostgreSQL: Python objects) with the dtype `typed` gives."""
    if type_ in {"number", "money", "pct"}:
        return np.array(values, dtype="float64")  # None → NaN
    if type_ == "int":
        try:
            return pd.array(np.array(values, dtype="int64"), dtype="Int64")
        except TypeError:  # blanks: through float, as pandas reads such a column
            return pd.Series(np.array(values, dtype="float64")).astype("Int64").array
    if type_ == "bool":
        return pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
    if type_ not in {"date", "time"}:
        return _driver_text(values)
    # Dates and times repeat (a day has thousands of lines): convert the distinct ones.
    codes, uniques = pd.factorize(np.array(values, dtype=object))
    if type_ == "date":
        days = pd.to_datetime(pd.Series(uniques, dtype=object)).to_numpy(dtype="datetime64[ns]")
        return np.append(days, np.datetime64("NaT", "ns"))[codes]
    times = [v if isinstance(v, dt.time) else dt.time.fromisoformat(v) for v in uniques]
    return np.array([*times, None], dtype=object)[codes]


def _driver_text(values: list[Any] | np.ndarray) -> pd.Series:
    # The driver gives text as str or None, which pandas reads as missing: `_text`
    # would change nothing.
    return pd.Series(np.array(values, dtype=object))


def typed(values: pd.Series, type_: str) -> pd.Series:
    """One column from the database with the dtype the reader gives `type_`."""
    if type_ in {"number", "money", "pct"}:
        return pd.to_numeric(values).astype("float64")
    if type_ == "int":
        return pd.to_numeric(values).astype("Int64")
    if type_ == "date":
        return pd.to_datetime(values).astype("datetime64[ns]")
    if type_ == "time":
        return values.astype(object).where(values.notna(), None)
    if type_ == "bool":
        return values.astype("boolean")
    return _text(values)


def _text(values: pd.Series) -> pd.Series:
    if len(values) == 0:
        return values.astype(object)
    return values.where(values.notna(), None)
