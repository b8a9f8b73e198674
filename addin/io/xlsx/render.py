"""Write a book plan (`book.py`) as a new .xlsx with XlsxWriter, atomically.

XlsxWriter writes a whole workbook in one pass from Python values, several times faster
than building an openpyxl model and saving it. Text is always written as text
(`write_string`), so a value that starts with "=" is never a live formula; only the
plan's own `Cell(formula=True)` cells are formulas, written without a cached result so
Excel computes them on open.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from addin.io.atomic import atomic_write
from addin.io.writer import clean_text
from addin.io.xlsx.book import BookPlan, Cell, SheetPlan, Style, TablePlan
from addin.io.xlsx.parts import column_letter

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


class _Formats:
    """One XlsxWriter format per distinct Style (Excel keeps a workbook's styles few)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self.cache: dict[Style, Format] = {}

    def __call__(self, style: Style | None) -> Format | None:
        if style is None:
            return None
        found = self.cache.get(style)
        if found is None:
            props: dict[str, Any] = {}
            for key, name in (("bold", "bold"), ("italic", "italic"), ("wrap", "text_wrap")):
                if getattr(style, key):
                    props[name] = True
            if style.size:
                props["font_size"] = style.size
            if style.color:
                props["font_color"] = "#" + style.color
            if style.fill:
                props["bg_color"] = "#" + style.fill
                props["pattern"] = 1
            if style.valign:
                props["valign"] = style.valign
            if style.underline:
                props["underline"] = 1
            if style.num_format:
                props["num_format"] = style.num_format
            if style.unlocked:
                props["locked"] = False
            found = self.cache[style] = self.book.add_format(props)
        return found


def render(plan: BookPlan, path: Path) -> None:
    """Write `plan` to `path` atomically (a crash leaves the old file or none)."""
    atomic_write(Path(path), lambda tmp: write_plan(plan, tmp))


def write_plan(plan: BookPlan, path: Path | BinaryIO) -> None:
    """`path`: a file, or a buffer (a sheet rendered to be moved into another workbook)."""
    book = xlsxwriter.Workbook(str(path) if isinstance(path, Path) else path, OPTIONS)
    formats = _Formats(book)
    for sheet in plan.sheets:
        _sheet(book.add_worksheet(sheet.name), sheet, formats)
    book.set_properties({"title": plan.title, "author": plan.creator})
    for name, value in plan.custom.items():
        book.set_custom_property(name, value, "text")
    if plan.recalc:
        book.set_calc_mode("auto")
    book.close()


def _sheet(ws: Worksheet, sheet: SheetPlan, formats: _Formats) -> None:
    if sheet.hidden:
        ws.hide()
    for col, width in sheet.widths.items():
        ws.set_column(col - 1, col - 1, width)
    if sheet.table is not None:
        _table(ws, sheet.table, formats)
    for cell in sheet.cells:
        _cell(ws, cell, formats)
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    if sheet.repeat_rows:
        ws.repeat_rows(sheet.repeat_rows[0] - 1, sheet.repeat_rows[1] - 1)
    if sheet.landscape:
        ws.set_landscape()
    if sheet.fit_width:
        ws.fit_to_pages(1, 0)
    if sheet.protected:
        ws.protect("", {"autofilter": True, "sort": True})


def _cell(ws: Worksheet, cell: Cell, formats: _Formats) -> None:
    row, col, fmt = cell.row - 1, cell.col - 1, formats(cell.style)
    if cell.formula:
        ws.write_formula(row, col, cell.value, fmt, "")
    elif cell.link:
        ws.write_url(row, col, f"internal:{cell.link}", fmt, clean_text(str(cell.value)))
    elif isinstance(cell.value, str):
        ws.write_string(row, col, clean_text(cell.value), fmt)
    elif cell.value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, cell.value, fmt)


def _table(ws: Worksheet, table: TablePlan, formats: _Formats) -> None:
    top = table.header_row - 1
    header = formats(table.header)
    body = [
        formats(Style(num_format=c.num_format)) if c.num_format else None for c in table.columns
    ]
    for c, column in enumerate(table.columns):
        ws.set_column(c, c, column.width)
        if column.note:
            ws.write_comment(top, c, column.note, {"author": "SalesDesk help"})
    for c, column in enumerate(table.columns):
        values = table.frame.iloc[:, c]
        _column(ws, top + 1, c, values, column.kind, body[c])
    last = top + max(len(table.frame) + table.spare_rows, 1)
    for c, fmt in enumerate(body):
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
