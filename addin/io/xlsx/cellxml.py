"""One column of a table as the text of its sheet cells, built from the whole column.

A column comes out exactly as the cell-by-cell path (`render._column`, `render._value`
through XlsxWriter) stores it, so a table may take either path and read back the same
cell for cell: numbers as XlsxWriter prints them (`%.16G`), dates as the same serial
numbers, booleans as booleans, text cleaned (`clean_text`), escaped as XlsxWriter escapes
a shared string (`_xHHHH_`, `&amp;`…) and written inline, as `transplant` writes the
shared strings of a moved sheet. Text is always text: a value starting with "=" is a
string cell. Blank values (None, NaN, NaT, "") get no cell at all.

Each cell is a code (what kind of cell, 0 for none) and its value's text; the sheet
writer (`sheetxml.py`) wraps them in the `<c>` element of the code.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import (
    _datetime_to_excel_datetime,
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
)
from xlsxwriter.xmlwriter import XMLwriter

from addin.io.writer import clean_text

NONE, NUMBER, TEXT, SPACED, BOOL = 0, 1, 2, 3, 4  # SPACED: text kept with its edge spaces
#: Anything XlsxWriter escapes in a shared string, or that `clean_text` changes. "\t" and
#: "\n" pass through both, so "\n" can join a column's texts for one scan of them all.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_SPECIAL_CHARS = frozenset("&<>\ufffe\uffff" + "".join(map(chr, [*range(9), *range(11, 32)])))
#: The characters a column's text is checked for: those above and whitespace (a text
#: starting or ending with it keeps its spaces). Looking for each (a C search of the
#: text) is several times faster than collecting the set of all its characters.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)  # every character `str.isspace` says is one
_LOOKED_FOR = tuple(_SPECIAL_CHARS | set(_SPACES))
_XLS_STRMAX = 32_767
_EPOCH = pd.Timestamp(dt.datetime(1899, 12, 30))


@dataclass(slots=True)
class Cells:
    """The cells of one column: `codes[i]` (NONE: no cell) and the text of each value."""

    codes: np.ndarray  # uint8
    texts: np.ndarray  # object: str where codes > 0, "" elsewhere


def column_cells(values: pd.Series, kind: str) -> Cells:
    """The cells of `values`, written as the plan's column `kind` says (text, number,
    date, any), exactly as `render._column` writes them one by one."""
    dtype = values.dtype
    if kind == "number" and dtype.kind in "iuf":
        return _numbers(values.to_numpy(dtype="float64", na_value=np.nan))
    if kind == "date" and dtype.kind == "M":
        serial = (pd.to_datetime(values) - _EPOCH) / pd.Timedelta(days=1)
        return _numbers(serial.to_numpy(dtype="float64", na_value=np.nan))
    if dtype.kind == "O" or isinstance(dtype, pd.StringDtype):
        inferred = pd.api.types.infer_dtype(values, skipna=True)
        if inferred in ("string", "empty"):
            return _texts(values)
    return _one_by_one(values.tolist(), kind)


def _numbers(numbers: np.ndarray) -> Cells:
    """Finite numbers as XlsxWriter prints them (`%.16G`); whole ones below 1e16 are
    printed the same by an integer conversion, many times faster."""
    keep = np.isfinite(numbers)
    codes = keep.astype(np.uint8)  # NUMBER == 1
    texts = np.full(len(numbers), "", dtype=object)
    if not keep.any():
        return Cells(codes, texts)
    with np.errstate(invalid="ignore"):
        whole = keep & (numbers == np.trunc(numbers)) & (np.abs(numbers) < 1e16)
    whole &= ~((numbers == 0) & np.signbit(numbers))  # -0.0 prints "-0"
    if whole.any():
        # str() of each int: a third faster than numpy's text arrays turned to objects
        texts[whole] = list(map(str, numbers[whole].astype(np.int64).tolist()))
    rest = keep & ~whole
    if rest.any():
        texts[rest] = list(map("{:.16G}".format, numbers[rest].tolist()))
    return Cells(codes, texts)


def _texts(values: pd.Series) -> Cells:
    """A column of strings (and blanks): one scan of all of them says which few need
    cleaning, escaping or their edge spaces kept."""
    n = len(values)
    keep = values.notna().to_numpy() & (values != "").to_numpy(dtype=bool, na_value=False)
    codes = np.zeros(n, dtype=np.uint8)
    texts = np.full(n, "", dtype=object)
    if not keep.any():
        return Cells(codes, texts)
    found: list[str] = values.to_numpy(dtype=object)[keep].tolist()
    joined = "\n".join(found)
    chars = _chars(joined)
    if (
        not chars.isdisjoint(_SPECIAL_CHARS)
        or ("_x" in joined and _SPECIAL.search(joined))
        or max(map(len, found)) > _XLS_STRMAX // 2
    ):
        found = [_shared_text(clean_text(s)) for s in found]
        joined = "\n".join(found)
        chars = _chars(joined)
    kept = np.full(len(found), TEXT, dtype=np.uint8)
    if _edge_spaces(joined, chars, len(found)):
        kept[[i for i, s in enumerate(found) if _preserve_whitespace(s)]] = SPACED
    codes[keep] = kept
    texts[keep] = found
    return Cells(codes, texts)


def _chars(joined: str) -> set[str]:
    """Which of `_LOOKED_FOR` the text holds."""
    return {c for c in _LOOKED_FOR if c in joined}


def _edge_spaces(joined: str, chars: set[str], count: int) -> bool:
    """Whether a text of the column joined with "\n" may start or end with whitespace
    (may over-report): substring searches for each whitespace character it holds."""
    spaces = {c for c in chars if c.isspace()}
    if joined.count("\n") == count - 1:  # no text holds a "\n" of its own
        spaces.discard("\n")
    return any(
        joined.startswith(c) or joined.endswith(c) or "\n" + c in joined or c + "\n" in joined
        for c in spaces
    )


def _shared_text(text: str) -> str:
    """What XlsxWriter stores for `write_string(text)`: cut to 32,767 UTF-16 units, then
    control characters and `_xHHHH_` look-alikes escaped, then XML's own characters."""
    if len(text) > _XLS_STRMAX // 2 and _utf16_len(text) > _XLS_STRMAX:
        text = _utf16_truncate(text, _XLS_STRMAX)
    text = XMLwriter._escape_control_characters(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_by_one(values: list[Any], kind: str) -> Cells:
    """Any other column, value by value, as `render._value` writes it."""
    n = len(values)
    codes = np.zeros(n, dtype=np.uint8)
    texts = np.full(n, "", dtype=object)
    for i, value in enumerate(values):
        cell = _value(value, kind)
        if cell is not None:
            codes[i], texts[i] = cell
    return Cells(codes, texts)


def _value(value: Any, kind: str) -> tuple[int, str] | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if kind == "text" or isinstance(value, str):
        text = clean_text(str(value))
        return _string(text) if text else None
    if isinstance(value, bool):
        return BOOL, "1" if value else "0"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return NUMBER, f"{_datetime_to_excel_datetime(value, False, False):.16G}"
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isinf(value):
            return None
        return NUMBER, f"{value:.16G}"
    return _string(clean_text(str(value)))


def _string(text: str) -> tuple[int, str]:
    shared = _shared_text(text)
    return (SPACED if _preserve_whitespace(shared) else TEXT), shared
