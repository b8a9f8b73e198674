"""Write a book plan (`book.py`) as a new .xlsx with XlsxWriter, atomically.

XlsxWriter writes a whole workbook in one pass from Python values, several times faster
than building an openpyxl model and saving it. Text is always written as text
(`write_string`), so a value that starts with "=" is never a live formula; only the
plan's own `Cell(formula=True)` cells are formulas, written without a cached result so
Excel computes them on open. A big table's rows (or any marked `stream`) are written as
sheet XML built from whole columns (`render_stream.py`, `sheetxml.py`, `cellxml.py`):
the same cells, many times faster than a cell at a time — a large dashboard has
millions. Formats, charts and the rest of a sheet: `render_formats.py`,
`render_charts.py`, `render_page.py`.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import CellFormulaTuple, Worksheet, re_dynamic_function

from addin.io.atomic import atomic_write
from addin.io.writer import clean_text
from addin.io.xlsx.book import BookPlan, Cell, SheetPlan, Style, TablePlan
from addin.io.xlsx.cellxml import column_cells
from addin.io.xlsx.gridxml import GridRows, TableBlock, grid_rows
from addin.io.xlsx.parts import column_letter
from addin.io.xlsx.render_cache import KeptSheet, SheetCache
from addin.io.xlsx.render_charts import add_chart
from addin.io.xlsx.render_formats import Formats
from addin.io.xlsx.render_page import sheet_extras
from addin.io.xlsx.render_stream import Deferred, StreamingBook, StreamingSheet
from addin.io.xlsx.sheetxml import TableRows

#: Text stays text; parts are assembled in memory (XlsxWriter's default writes each part
#: to a temporary file first, which costs more than the writing on a busy disk).
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}
_EPOCH = dt.datetime(1899, 12, 30)
#: Tables of at least this many cells are written from whole columns (the same cells
#: either way). Measured (CPU, 10 columns of SalesLines): 10 rows 4.1 ms cell by cell,
#: 4.9 ms streamed; 50 rows 5.8 / 5.1 ms; 200 rows 12.3 / 5.8 ms; 2,000 rows 89 / 15 ms.
STREAM_CELLS = 500
#: A sheet of at least this many cells of our own, moved into another workbook, has its
#: rows written in one pass (`gridxml.py`): 1,000 appraisal slips are 170,000 cells.
GRID_CELLS = 2_000


def render(plan: BookPlan, path: Path, cache: SheetCache | None = None) -> None:
    """Write `plan` to `path` atomically (a crash leaves the old file or none)."""
    atomic_write(Path(path), lambda tmp: _discard(write_plan(plan, tmp, cache)))


def _discard(_: object) -> None:
    """A new book keeps its streamed rows: nothing was deferred."""


def write_plan(
    plan: BookPlan, path: Path | BinaryIO, cache: SheetCache | None = None, *, defer: bool = False
) -> dict[str, Deferred]:
    """`path`: a file, or a buffer (a sheet rendered to be moved into another workbook).
    `cache`: the run's kept shared sheets (`render_cache.py`), for many books that share
    sheet plans. `defer`: streamed tables' rows are left out (a placeholder marks their
    place) and returned by sheet name, for a caller that moves the sheets elsewhere."""
    options: dict[str, Any] = dict(OPTIONS)
    if plan.font:  # the Normal style and every format made from it
        options["default_format_properties"] = {"font_name": plan.font}
    book = StreamingBook(str(path) if isinstance(path, Path) else path, options)
    formats = Formats(book, plan.font)
    if cache is not None:
        cache.start(formats)
    sheets: list[Worksheet] = []
    for position, sheet in enumerate(plan.sheets):
        if cache is not None and cache.cacheable(sheet):
            ws = cache.add_worksheet(book, sheet, position)
        else:
            ws = book.add_worksheet(sheet.name, StreamingSheet)
            ws.defer = defer
        _sheet(ws, sheet, formats)
        for chart in sheet.charts:
            add_chart(book, ws, chart, plan.font)
        sheets.append(ws)
    if cache is not None:
        cache.fix_style_ids(formats)
    book.set_properties({"title": plan.title, "author": plan.creator})
    for name, value in plan.custom.items():
        book.set_custom_property(name, value, "text")
    if plan.recalc:
        book.set_calc_mode("auto")
    book.fast = any(isinstance(ws, StreamingSheet) and ws.streamed is not None for ws in sheets)
    book.close()
    return {
        ws.name: ws.deferred
        for ws in sheets
        if isinstance(ws, StreamingSheet) and ws.deferred is not None
    }


def _sheet(ws: Worksheet, sheet: SheetPlan, formats: Formats) -> None:
    """A sheet whose XML is kept from an earlier book (`KeptSheet`) gets only what lives
    outside that XML: its Table, notes, print names and conditional formats (the formats
    its cells use were created first, by `SheetCache.start`)."""
    cells = not isinstance(ws, KeptSheet)
    if sheet.hidden:
        ws.hide()
    for col, width in sheet.widths.items():
        ws.set_column(col - 1, col - 1, width)
    own = sheet.cells if cells else []
    if sheet.table is not None:
        streams = _streams(ws, sheet)
        over = None if streams or not own else _over_table(ws, sheet, formats)
        if over is not None:
            _table(ws, sheet.table, formats, False, over[0])
            own = over[1]
        else:
            _table(ws, sheet.table, formats, streams)
    elif own and _grid(ws, sheet, formats):
        own = []
    for cell in own:
        _cell(ws, cell, formats)
    sheet_extras(ws, sheet, formats, validations=cells)


def _streams(ws: Worksheet, sheet: SheetPlan) -> bool:
    """Whether the sheet's table is written from whole columns: big enough to gain, and
    no cell of our own on its data rows (they would have to be merged into them)."""
    table = sheet.table
    if not isinstance(ws, StreamingSheet) or table is None or not len(table.frame):
        return False
    if not table.stream and table.frame.size < STREAM_CELLS:
        return False
    last = table.first_row + len(table.frame) - 1
    return not any(table.first_row <= cell.row <= last for cell in sheet.cells)


def _grid(ws: Worksheet, sheet: SheetPlan, formats: Formats) -> bool:
    """Whether the sheet's cells went in as one grid of rows: many of them, no table
    (its rows would interleave with them), no column format a cell without a look would
    take (sheets written to be moved, whose text is inline either way)."""
    if not isinstance(ws, StreamingSheet) or not ws.defer or sheet.table is not None:
        return False
    if len(sheet.cells) < GRID_CELLS or ws.streamed is not None:
        return False
    if any(info.column_format is not None for info in ws.col_info.values()):
        return False
    found = grid_rows(sheet.cells, formats)
    if found is None:
        return False
    ws.stream(*found)
    return True


def _over_table(
    ws: Worksheet, sheet: SheetPlan, formats: Formats
) -> tuple[tuple[GridRows, list[Format]], list[Cell]] | None:
    """A table under cells of our own (the Scorecard's formulas over its values) as one
    grid of rows, when it is big and the sheet is to be moved (as `_grid`); and the
    cells off the table's rows, which XlsxWriter writes as usual."""
    table = sheet.table
    if table is None or table.stream or not isinstance(ws, StreamingSheet) or not ws.defer:
        return None
    if not len(table.frame):
        return None
    if table.frame.size + len(sheet.cells) < GRID_CELLS or ws.streamed is not None:
        return None
    if any(info.column_format is not None for info in ws.col_info.values()):
        return None
    on = [table.first_row <= cell.row <= table.last_row for cell in sheet.cells]
    body = [
        formats(Style(num_format=c.num_format)) if c.num_format else None for c in table.columns
    ]
    block = TableBlock(
        table.first_row - 1,
        [column_cells(table.frame.iloc[:, c], col.kind) for c, col in enumerate(table.columns)],
        [fmt if col.kind != "text" else None for col, fmt in zip(table.columns, body, strict=True)],
        body,
        table.last_row - table.first_row + 1,
    )
    found = grid_rows(
        [c for c, inside in zip(sheet.cells, on, strict=True) if inside], formats, block
    )
    if found is None:
        return None
    return found, [c for c, inside in zip(sheet.cells, on, strict=True) if not inside]


def _formula(ws: Worksheet, row: int, col: int, text: str, fmt: Format | None) -> None:
    """Our formula, without a cached result. XlsxWriter passes every formula through some
    thirty regular expressions for the functions of dynamic arrays (76 µs each: 2.2 s of
    the 29,000 formulas of 976 appraisal slips); a formula that names none of them comes
    out of that pass as it went in, so it is stored as `write_formula` would store it.
    tests/io/test_render.py checks the two give the same sheet."""
    if (
        ws.constant_memory
        or text.startswith("{")
        or "INGLE(" in text
        or re_dynamic_function.search(text)
        or ws._check_dimensions(row, col)
    ):
        ws.write_formula(row, col, text, fmt, "")
        return
    ws.table[row][col] = CellFormulaTuple(text.removeprefix("="), fmt, "")


def _cell(ws: Worksheet, cell: Cell, formats: Formats) -> None:
    row, col, fmt = cell.row - 1, cell.col - 1, formats(cell.style)
    if cell.formula:
        _formula(ws, row, col, cell.value, fmt)
    elif cell.link:
        ws.write_url(row, col, f"internal:{cell.link}", fmt, clean_text(str(cell.value)))
    elif cell.value is None or cell.value == "":  # an empty text is a blank cell in Excel
        ws.write_blank(row, col, None, fmt)
    elif isinstance(cell.value, str):
        ws.write_string(row, col, clean_text(cell.value), fmt)
    else:
        ws.write_number(row, col, cell.value, fmt)


def _table(
    ws: Worksheet,
    table: TablePlan,
    formats: Formats,
    stream: bool,
    grid: tuple[GridRows, list[Format]] | None = None,
) -> None:
    """`grid`: the table's rows with the cells over them (`_over_table`), written whole."""
    top = table.header_row - 1
    header = formats(table.header)
    body = [
        formats(Style(num_format=c.num_format)) if c.num_format else None for c in table.columns
    ]
    for c, column in enumerate(table.columns):
        ws.set_column(c, c, column.width)
        if column.note:
            note = {"author": "SalesDesk help"}
            if formats.font:  # notes are Tahoma otherwise, which has no Chinese glyphs
                note["font_name"] = formats.font
            ws.write_comment(top, c, column.note, note)
    if isinstance(ws, KeptSheet):  # its cells, validations and Table come from a kept copy
        ws.add_kept_tables()
        return
    if grid is not None:
        assert isinstance(ws, StreamingSheet)
        ws.stream(*grid)
    elif stream:
        assert isinstance(ws, StreamingSheet)
        columns = [
            column_cells(table.frame.iloc[:, c], column.kind)
            for c, column in enumerate(table.columns)
        ]
        ws.stream(
            TableRows(top + 1, columns),
            # Text is written without its column's format, as `_value` writes it; a table
            # marked `stream` (the dashboard's) has always had it on its text cells too.
            [
                fmt if col.kind != "text" or table.stream else None
                for col, fmt in zip(table.columns, body, strict=True)
            ],
        )
    else:
        for c, column in enumerate(table.columns):
            values = table.frame.iloc[:, c]
            _column(ws, top + 1, c, values, column.kind, body[c])
    last = table.last_row - 1
    for c, fmt in enumerate(body if grid is None else ()):
        if fmt is not None:
            for r in range(top + 1 + len(table.frame), last + 1):
                ws.write_blank(r, c, None, fmt)
    ws.add_table(
        top,
        0,
        last,
        max(len(table.columns), 1) - 1,
        {
            "name": table.name,
            # The Table writes its own header cells, in this format.
            "columns": [{"header": c.label, "header_format": header} for c in table.columns],
            "style": "Table Style Medium 2",
        },
    )
    for c, options, reach in table.validations:
        status = ws.data_validation(top + 1, c, top + reach, c, options)
        if status:  # XlsxWriter refuses what Excel would (a list over 255 characters…)
            raise ValueError(f"{table.name}: data validation of {column_letter(c)} refused")


def _column(
    ws: Worksheet, first: int, col: int, values: pd.Series, kind: str, fmt: Format | None
) -> None:
    """One column's cells, written by kind; blanks (None, NaN, NaT, "") stay empty."""
    if kind == "number" and values.dtype.kind in "iuf":
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        for r, number in enumerate(numbers.tolist(), start=first):
            if not math.isnan(number) and not math.isinf(number):
                ws.write_number(r, col, number, fmt)
        return
    if kind == "date" and values.dtype.kind == "M":
        stamps = pd.to_datetime(values)
        serial = (stamps - pd.Timestamp(_EPOCH)) / pd.Timedelta(days=1)
        for r, number in enumerate(serial.to_numpy(dtype="float64", na_value=np.nan), first):
            if not math.isnan(number):
                ws.write_number(r, col, float(number), fmt)
        return
    for r, value in enumerate(values.tolist(), start=first):
        _value(ws, r, col, value, kind, fmt)


def _value(ws: Worksheet, row: int, col: int, value: Any, kind: str, fmt: Format | None) -> None:
    if value is None or value is pd.NA or value is pd.NaT:
        return
    if isinstance(value, float) and math.isnan(value):
        return
    if isinstance(value, np.generic):
        value = value.item()
    if kind == "text" or isinstance(value, str):
        text = clean_text(str(value))
        if text:
            ws.write_string(row, col, text, None if kind == "text" else fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, int | float):
        if not (isinstance(value, float) and math.isinf(value)):
            ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, clean_text(str(value)), fmt)
