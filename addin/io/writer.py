"""Edit an existing workbook through openpyxl, where a model of the whole book is simpler
than patching its parts: the demo's reps typing into their workbooks (`io/fill.py`) and
tests. Jobs write through `io/xlsx/patch` (existing workbooks) and `io/xlsx/render`
(new ones); what they share with this module is the text guard and the marks' looks.

Saves are atomic and keep the saved results of the user's formulas (openpyxl drops them).
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import PatternFill
from openpyxl.workbook.workbook import Workbook

from addin.io.atomic import atomic_write
from addin.io.xlsx.replace import formula_results, restore_formula_results

AUTHOR = "SalesDesk"
#: Fills that mark cells with issues; unusual shades so we never remove a user's own fill.
MARK_FILLS = {
    "error": PatternFill("solid", fgColor="FFFFC9C9"),
    "warning": PatternFill("solid", fgColor="FFFFEBB5"),
}


#: Where an edited workbook was opened from, so `save` can keep its formulas' results.
_SOURCE = "_salesdesk_source"


def open_for_edit(path: Path) -> Workbook:
    book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    setattr(book, _SOURCE, Path(path))
    return book


def save(book: Workbook, path: Path) -> None:
    """Atomic save. For a workbook opened with `open_for_edit`, the saved results of the
    user's formulas are carried over (openpyxl drops them; a file re-read before Excel
    recalculates it would show blanks where the user's formulas had values)."""
    source: Path | None = getattr(book, _SOURCE, None)
    results = formula_results(source) if source is not None and source.exists() else {}

    def write(tmp: Path) -> None:
        book.save(tmp)
        restore_formula_results(tmp, results)

    try:
        atomic_write(Path(path), write)
    except BaseException:
        discard(book)
        raise


def discard(book: Workbook) -> None:
    """Let go of a write-only workbook that will not be saved (its file is open in Excel,
    say). Its sheets stream rows into temporary files through generators; left to the
    garbage collector, each generator is finalised after its file is closed and Python
    prints an "Exception ignored … I/O operation on closed file" block per sheet."""
    if not book.write_only:
        return
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None or getattr(sheet, "closed", True):
            continue
        with contextlib.suppress(Exception):  # already half-written: nothing to keep
            sheet.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


#: The most characters an Excel cell holds; a longer text makes Excel repair the file.
MAX_CELL_TEXT = 32_767


def clean_text(text: str, limit: int = MAX_CELL_TEXT) -> str:
    """Text a worksheet can hold: control characters (which XML forbids, but a cell can
    carry as `_x0007_`) shown as `\\x07`, and cut to Excel's cell length."""
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_cell_value(value: Any) -> Any:
    """A Python value openpyxl can store; NaN/NaT become blank, numpy scalars plain."""
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if value is pd.NA:
        return None
    return value


def sheets_of_tables(book: Workbook) -> dict[str, str]:
    """Table (or sheet) name → the sheet it is on. An issue names its table; the user may
    have renamed the sheet that holds it, and the mark must still land on the cell."""
    where = {name: name for name in book.sheetnames}
    for ws in book.worksheets:
        for table in ws.tables:
            where[table] = ws.title
    return where
