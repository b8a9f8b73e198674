"""Turn raw cell values into typed columns, accepting the forms WORKBOOKS.md lists.

Accepted: real Excel dates and times, Excel serial numbers, ISO text (`2026-11-03`),
`2026/11/3`, `2026年11月3日`, full-width digits, thousands separators and a currency
sign in numbers. Anything else is reported, never guessed. Each converter works per
column: values that already have the right type take a vectorised fast path and only
the odd ones go through the text parser, so big ERP exports read quickly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋：／　（）",
    "0123456789.,-+:/ ()",
)
_CURRENCY = "¥￥$€£元"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
_TIME = re.compile(r"^(\d{1,2})[:点时](\d{2})(?:[:分](\d{2}))?分?$")
#: Excel serials we accept as dates: 1950-01-01 .. 2199-12-31. Others are surely typos.
SERIAL_MIN, SERIAL_MAX = 18264, 109574
#: The same span for dates in any form: a date cell showing 1900-01-11 is the number 12
#: typed into it, and year 9999 would not fit a pandas timestamp at all.
DATE_MIN, DATE_MAX = dt.date(1950, 1, 1), dt.date(2199, 12, 31)
_DAY_MIN, _DAY_MAX = pd.Timestamp(DATE_MIN), pd.Timestamp(DATE_MAX)
ERROR_VALUES = frozenset(
    {
        "#REF!",
        "#DIV/0!",
        "#N/A",
        "#NAME?",
        "#NULL!",
        "#NUM!",
        "#VALUE!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
    }
)


@dataclass(frozen=True, slots=True)
class Converted:
    values: pd.Series
    bad: pd.Series  # True where a non-blank value could not be read
    expected: str  # what the column wanted, for the message


def normalise_text(value: object) -> str:
    return str(value).translate(_FULLWIDTH).strip()


def flag(values: pd.Series, test: Callable[[object], bool]) -> pd.Series:
    """A boolean Series: `test` on each non-missing value, False for missing ones."""
    return pd.Series(
        [False if v is None or v is pd.NaT or v != v else test(v) for v in _items(values)],
        index=values.index,
        dtype=bool,
    )


def _items(values: pd.Series) -> list[object]:
    """Plain Python values; much faster to loop over than the Series itself."""
    if values.dtype.kind == "M":
        return [None] * len(values) if values.isna().all() else values.astype(object).tolist()
    return values.tolist()


#: What `infer_dtype` calls columns that hold no text at all (nothing to strip or parse).
_NO_TEXT = frozenset(
    {"floating", "integer", "mixed-integer-float", "datetime", "date", "datetime64", "empty"}
)
#: Searched in the cells joined by NUL (and wrapped in it): a literal first character
#: lets the regex engine skip ahead, so a column is one fast pass.
_SPACE_ONLY = re.compile(r"\x00\s+\x00")
_EDGE_SPACE = re.compile(r"\x00\s|\s\x00")


def infer_kind(values: pd.Series | np.ndarray) -> str:
    """`infer_dtype` of the non-blank cells: one C pass, no Python call per cell."""
    return str(pd.api.types.infer_dtype(values, skipna=True))


@dataclass(frozen=True, slots=True)
class Scan:
    """One look at a column: its blank cells and, when that look saw it, what the
    converter would look for next — what `infer_dtype` calls the filled cells (`kind`),
    or every cell joined by NUL (`text`) when each is text and none blank — so a
    column of 100,000 cells is not joined or inferred twice."""

    blank: pd.Series
    kind: str | None = None
    text: str | None = None


def missing(values: pd.Series) -> pd.Series:
    """`values.isna()`: for a column of text, one quick pass first — pandas tests each
    object for every kind of missing, five times slower than seeing that every cell is a
    string (so none is missing)."""
    if values.dtype == object and infer_kind_all(values.to_numpy()) == "string":
        return pd.Series(np.zeros(len(values), dtype=bool), index=values.index)
    return values.isna()


def infer_kind_all(values: np.ndarray) -> str:
    """`infer_dtype` of every cell, missing ones included ("string": all text)."""
    return str(pd.api.types.infer_dtype(values, skipna=False))


def is_blank(values: pd.Series) -> pd.Series:
    """Blank cells: None, NaN, empty or whitespace-only text."""
    return scan_column(values).blank


def scan_column(values: pd.Series) -> Scan:
    """`is_blank`, with what was seen on the way (see `Scan`)."""
    if values.dtype.kind in "fiumM":
        return Scan(values.isna())
    cells = values.to_numpy()
    if len(cells) and type(cells[0]) is not str:
        # infer_dtype is five times faster counting the missing in than skipping them
        # (and says the same of a column with none missing): tried first
        kind = infer_kind_all(cells)
        missing_cells = pd.isna(cells) if kind in _NO_TEXT else None
        if missing_cells is None or missing_cells.any():
            kind = infer_kind(cells)
        if kind in _NO_TEXT:
            # numbers, dates (from a sheet: an object column): no text, so only the missing
            if missing_cells is None:
                missing_cells = pd.isna(cells)
            return Scan(pd.Series(missing_cells, index=values.index, dtype=bool), kind)
    # every cell text (none missing), none empty ("\x00\x00" in the joined cells) and
    # none only spaces: nothing is blank, seen in one pass over the joined cells
    whole = _joined(cells)
    if (
        whole is not None
        and "\x00\x00" not in f"\x00{whole}\x00"
        and (not _has_space(whole) or _SPACE_ONLY.search(f"\x00{whole}\x00") is None)
    ):
        nothing = pd.Series(np.zeros(len(cells), dtype=bool), index=values.index, dtype=bool)
        return Scan(nothing, "string", whole)
    blank = pd.isna(cells) | (cells == "")
    filled = cells[~blank]
    text = _joined(filled)
    if text is not None:
        if not _has_space(text) or _SPACE_ONLY.search("\x00" + text + "\x00") is None:
            return Scan(pd.Series(blank, index=values.index, dtype=bool))
    elif infer_kind(pd.Series(filled, dtype=object)) in _NO_TEXT:
        return Scan(pd.Series(blank, index=values.index, dtype=bool))
    blank[~blank] = [type(v) is str and not v.strip() for v in filled.tolist()]
    return Scan(pd.Series(blank, index=values.index, dtype=bool))


def _joined(cells: np.ndarray) -> str | None:
    """All cells joined by NUL when every one is text (one C pass), else None."""
    if len(cells) and type(cells[0]) is not str:
        return None
    try:
        return "\x00".join(cells.tolist())
    except TypeError:
        return None


def _has_space(text: str) -> bool:
    return len(text.split(maxsplit=1)) > 1 or text[:1].isspace() or text[-1:].isspace()


def clean_text(cells: np.ndarray, *, identifier: bool = True) -> bool:
    """True when every cell is text without spaces at either end (and, for an
    identifier, without full-width digits or signs to fold): kept as it is."""
    text = _joined(cells)
    return text is not None and _clean_joined(text, identifier=identifier)


def _clean_joined(text: str, *, identifier: bool) -> bool:
    """`clean_text` of cells already joined by NUL."""
    # Chinese names and addresses are clean too: only an identifier's full-width forms
    # change (one C pass over the joined text finds any).
    if identifier and not text.isascii() and text.translate(_FULLWIDTH) != text:
        return False
    return not _has_space(text) or _EDGE_SPACE.search("\x00" + text + "\x00") is None


def parse_number(text: str) -> float | None:
    s = normalise_text(text).replace(" ", "")
    for sign in _CURRENCY:
        s = s.replace(sign, "")
    if s.upper().startswith(("CNY", "RMB", "USD", "EUR")):
        s = s[3:]
    negative = s.startswith("(") and s.endswith(")")
    if negative:
        s = s[1:-1]
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        return None
    number = float(s)
    return -number if negative else number


def parse_date(text: str) -> pd.Timestamp | None:
    s = normalise_text(text)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None  # 2026-02-30 is a typo, not a date
            return pd.Timestamp(day) if DATE_MIN <= day <= DATE_MAX else None
    return None


def parse_time(text: str) -> dt.time | None:
    m = _TIME.match(normalise_text(text).replace(" ", ""))
    if not m:
        return None
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def parse_month(value: object) -> str | None:
    if isinstance(value, dt.date | pd.Timestamp):
        return f"{value.year:04d}-{value.month:02d}"
    s = normalise_text(value)
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(s)
        if m and 1 <= int(m[2]) <= 12:
            return f"{int(m[1]):04d}-{int(m[2]):02d}"
    day = parse_date(s)
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def _slow(values: pd.Series, parse: Callable[[object], object]) -> tuple[pd.Series, pd.Series]:
    parsed = values.map(parse)
    return parsed, parsed.isna()


def _scan_of(raw: pd.Series, scan: Scan | None) -> Scan:
    return scan_column(raw) if scan is None else scan


def to_number(raw: pd.Series, *, integer: bool = False, scan: Scan | None = None) -> Converted:
    if raw.dtype.kind in "fiu":
        return _finish_number(
            raw.astype("float64"), pd.Series(False, index=raw.index), integer=integer
        )
    scan = _scan_of(raw, scan)
    blank = scan.blank
    cells = raw.to_numpy()
    filled = ~blank.to_numpy()
    kind = scan.kind if scan.kind is not None else infer_kind(cells[filled])
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):
        if filled.all():
            numbers = cells.astype("float64")
        else:
            numbers = np.full(len(cells), np.nan)
            numbers[filled] = cells[filled].astype("float64")
        return _finish_number(
            pd.Series(numbers, index=raw.index), pd.Series(False, index=raw.index), integer=integer
        )
    is_bool = flag(raw, lambda v: isinstance(v, bool))
    fast = pd.to_numeric(raw.where(~blank & ~is_bool), errors="coerce")
    odd = ~blank & fast.isna()
    if odd.any():
        parsed, failed = _slow(raw[odd], lambda v: parse_number(str(v)))
        fast = fast.astype("float64")
        fast[odd] = parsed.astype("float64")
        bad = pd.Series(False, index=raw.index)
        bad[odd] = failed
    else:
        bad = pd.Series(False, index=raw.index)
    return _finish_number(fast.astype("float64"), bad, integer=integer)


def _finish_number(values: pd.Series, bad: pd.Series, *, integer: bool) -> Converted:
    infinite = np.isinf(values)
    if infinite.any():  # "inf", "1e400": no amount is infinite; a typo, never a number
        bad = bad | infinite
        values = values.where(~infinite)
    if integer:
        # past 15 digits Excel itself has rounded the number, and int64 would overflow
        not_whole = values.notna() & ((values != np.round(values)) | (values.abs() > 1e15))
        bad = bad | not_whole
        whole = values.where(~not_whole).round().astype("Int64")
        return Converted(whole, bad, "a whole number")
    return Converted(values, bad, "a number")


def _dates_in_span(moments: pd.Series) -> Converted:
    """Real date cells: the day of each (a time of day is dropped), within the span."""
    stamps = pd.to_datetime(moments, errors="coerce")
    within = stamps.notna() & (stamps >= _DAY_MIN) & (stamps < _DAY_MAX + pd.Timedelta(days=1))
    if within.all():  # nearly always: nothing to blank out or report
        days = stamps.astype("datetime64[ns]").dt.normalize()
        return Converted(days, ~within, "a date such as 2026-11-03")
    days = stamps.where(within).astype("datetime64[ns]").dt.normalize()
    return Converted(days, moments.notna() & ~within, "a date such as 2026-11-03")


def to_date(raw: pd.Series, *, scan: Scan | None = None) -> Converted:
    """Dates in any accepted form; a date cell that carries a time of day is its day."""
    if raw.dtype.kind == "M":
        return _dates_in_span(raw)
    scan = _scan_of(raw, scan)
    blank = scan.blank
    kind = scan.kind if scan.kind is not None else infer_kind(raw.to_numpy()[~blank.to_numpy()])
    if kind in ("datetime", "date", "datetime64"):
        return _dates_in_span(raw.where(~blank) if blank.any() else raw)
    out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    bad = pd.Series(False, index=raw.index)
    is_dt = flag(raw, lambda v: isinstance(v, dt.date))
    if is_dt.any():
        days = raw[is_dt].map(_day)
        fits = days.map(lambda d: DATE_MIN <= d <= DATE_MAX).astype(bool)
        out[fits[fits].index] = pd.to_datetime(days[fits]).astype("datetime64[ns]")
        bad[fits[~fits].index] = True
    # TRUE is no date (nor the serial 1): it goes the long way, and is reported there
    is_bool = flag(raw, lambda v: isinstance(v, bool))
    numeric = pd.to_numeric(raw.where(~blank & ~is_dt & ~is_bool), errors="coerce")
    is_num = numeric.notna() & ~is_bool
    if is_num.any():
        serial = numeric[is_num]
        ok = (serial >= SERIAL_MIN) & (serial <= SERIAL_MAX) & (serial == np.floor(serial))
        out[serial[ok].index] = (EXCEL_EPOCH + pd.to_timedelta(serial[ok], unit="D")).astype(
            "datetime64[ns]"
        )
        bad[serial[~ok].index] = True
    rest = ~blank & ~is_dt & ~is_num
    if rest.any():
        parsed, failed = _slow(raw[rest], lambda v: parse_date(str(v)))
        out[rest] = pd.to_datetime(parsed).astype("datetime64[ns]")
        bad[rest] = failed
    return Converted(out, bad, "a date such as 2026-11-03")


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _time_of(value: object) -> dt.time | None:
    if isinstance(value, dt.time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.timedelta):
        seconds = round(value.total_seconds())
        return dt.time(seconds // 3600, seconds % 3600 // 60) if 0 <= seconds < 86400 else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:
            seconds = round(value * 86400)
            return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        return None
    return parse_time(str(value))


def to_time(raw: pd.Series, *, scan: Scan | None = None) -> Converted:
    blank = _scan_of(raw, scan).blank
    parsed = raw.where(~blank).map(_time_of, na_action="ignore")
    bad = ~blank & parsed.isna()
    return Converted(parsed.astype(object).where(~blank, None), bad, "a time such as 09:30")


def to_month(raw: pd.Series, *, scan: Scan | None = None) -> Converted:
    blank = _scan_of(raw, scan).blank
    parsed = raw.where(~blank).map(parse_month, na_action="ignore")
    bad = ~blank & parsed.isna()
    return Converted(
        parsed.astype(object).where(~bad & ~blank, None), bad, "a month such as 2026-11"
    )


def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalise_text(value) if isinstance(value, str) else str(value).strip()


def to_text(raw: pd.Series, *, identifier: bool = False, scan: Scan | None = None) -> Converted:
    scan = _scan_of(raw, scan)
    if scan.text is not None and _clean_joined(scan.text, identifier=identifier):
        # every cell clean text, none blank: kept as it is
        return Converted(raw.astype(object), pd.Series(False, index=raw.index), "text")
    cells = raw.to_numpy()
    empty = np.asarray(scan.blank, dtype=bool)
    if scan.text is None and clean_text(cells[~empty], identifier=identifier):
        return Converted(
            raw.astype(object).where(~empty, None),
            pd.Series(False, index=raw.index),
            "text",
        )
    clean = _id_text if identifier else _plain_text
    text = [
        None
        if v is None or v != v or (type(v) is str and not v.strip())
        else (v if type(v) is str and v.isascii() and v.strip() == v else clean(v))
        for v in raw.tolist()
    ]
    return Converted(
        pd.Series(text, index=raw.index, dtype=object), pd.Series(False, index=raw.index), "text"
    )


def _plain_text(value: object) -> str:
    return str(value).strip()


_PERCENT_SIGN = re.compile(r"^(.*?)\s*[%％]$")


def to_percent(
    raw: pd.Series, formatted: pd.Series | None = None, *, scan: Scan | None = None
) -> tuple[Converted, pd.Series]:
    """Percent columns hold 30 for thirty percent. A cell formatted as a percent stores
    0.3 and shows 30%: it is read as 30; text typed as `30%` is 30. Returns the numbers
    and a mask of bare fractions (0 < |x| < 1 in a cell not formatted as a percent),
    which may be a percent written as a fraction: the caller asks which was meant."""
    numbers = to_number(raw, scan=scan)
    values, bad = numbers.values.copy(), numbers.bad.copy()
    typed_sign = pd.Series(False, index=raw.index)
    if bad.any():
        signed = raw[bad].map(lambda v: _PERCENT_SIGN.match(normalise_text(v)))
        hits = signed.dropna()
        if not hits.empty:
            parsed = hits.map(lambda m: parse_number(m[1]))
            ok = parsed.dropna()
            values[ok.index] = ok.astype("float64")
            bad[ok.index] = False
            typed_sign[ok.index] = True
    plain = values.notna() & ~typed_sign
    if formatted is not None and formatted.any():
        scaled = plain & formatted
        values[scaled] = np.round(values[scaled] * 100, 9)  # 0.3 × 100 is 30.000000000000004
        plain &= ~formatted
    fraction = plain & (values != 0) & (values.abs() < 1)
    return Converted(values, bad, "a percent such as 30 or 30%"), fraction


def convert(raw: pd.Series, col_type: str, *, scan: Scan | None = None) -> Converted:
    """`raw` typed as `col_type`; `scan` (its `scan_column`) when already made."""
    if col_type in ("number", "money", "pct"):
        return to_number(raw, scan=scan)
    if col_type == "int":
        return to_number(raw, integer=True, scan=scan)
    if col_type == "date":
        return to_date(raw, scan=scan)
    if col_type == "time":
        return to_time(raw, scan=scan)
    if col_type == "month":
        return to_month(raw, scan=scan)
    return to_text(raw, identifier=col_type == "id", scan=scan)


def error_mask(raw: pd.Series) -> pd.Series:
    """Cells holding a spreadsheet error value (`#REF!`, `#DIV/0!`, …)."""
    return flag(raw, lambda v: isinstance(v, str) and v.strip().upper() in ERROR_VALUES)
