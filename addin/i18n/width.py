"""How wide text is on screen: a CJK character takes two columns, a Latin one one.

Excel column widths count characters of the default font's digit width; Chinese
characters are about twice as wide, so a column sized by `len` shows `###` or cuts
a header in a Chinese workbook. Widths here come from what the column will show.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

#: Widest column a table gets from its contents; longer text wraps or is cut by Excel.
MAX_WIDTH = 60
MIN_WIDTH = 8
#: Rows looked at: widths settle long before, and a big table must stay quick to write.
SAMPLE_ROWS = 500
#: What a column of each type needs even when empty (a template waiting to be typed in):
#: a date, a time, an amount in the millions with separators.
TYPE_WIDTH = {"date": 12, "time": 8, "money": 14, "number": 12, "int": 8, "pct": 8}


@lru_cache(maxsize=4096)
def display_width(text: str) -> int:
    """Columns `text` takes on screen (East Asian wide and full-width count two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shown_text(value: object, column_type: str) -> str:
    """A value as the cell's number format shows it (thousand separators included)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if column_type in ("money", "number") and isinstance(value, int | float):
        return f"{value:,.2f}"
    if column_type == "int" and isinstance(value, int | float):
        return f"{value:,.0f}"
    if column_type in ("date",):
        return "2026-03-31"
    return str(value)


def fit_width(header: str, values: Iterable[object], column_type: str, floor: int = 0) -> int:
    """Width for a column: its header (bold, with the filter button) and its values."""
    widest = max(display_width(header) + 4, TYPE_WIDTH.get(column_type, 0))
    for n, value in enumerate(values):
        if n >= SAMPLE_ROWS:
            break
        widest = max(widest, display_width(shown_text(value, column_type)) + 2)
    return max(MIN_WIDTH, floor, min(MAX_WIDTH, widest))
