"""Streamed sheets of the dashboard: styled cells, a grid emitted row by row, and whole
Excel Tables whose rows are spliced in as XML after saving (`io.xlsx.sheetxml`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo

from addin.books.styles import NOTE_FONT
from addin.core.issues import ROW
from addin.i18n.width import SAMPLE_ROWS, fit_width
from addin.io.writer import HEADER_FILL, HEADER_FONT, protect
from addin.io.xlsx.sheetxml import Pending, template_value
from addin.schema.names import sheet_name, shown_values
from addin.schema.spec import NUMBER_FORMATS, Table


class Styler:
    """Cells of one write-only sheet, with styles built once and shared."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._protos: dict[tuple[object, ...], WriteOnlyCell] = {}

    def cell(
        self,
        value: Any,
        *,
        fmt: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        align: Alignment | None = None,
        border: Border | None = None,
        text: bool = False,
        unlocked: bool = False,
    ) -> WriteOnlyCell:
        key = (fmt, id(font), id(fill), id(align), id(border), unlocked)
        proto = self._protos.get(key)
        if proto is None:
            proto = WriteOnlyCell(self.ws, None)
            if fmt:
                proto.number_format = fmt
            if font is not None:
                proto.font = font
            if fill is not None:
                proto.fill = fill
            if align is not None:
                proto.alignment = align
            if border is not None:
                proto.border = border
            if unlocked:
                proto.protection = Protection(locked=False)
            self._protos[key] = proto
        out = WriteOnlyCell(self.ws, value)
        out._style = proto._style  # shared: write-only cells are serialised at once
        if text and isinstance(value, str):
            out.data_type = "s"  # text from data is never a formula
        return out


class Grid:
    """A sheet laid out by (row, column) and emitted top to bottom (write-only sheets
    take rows in order only)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.style = Styler(ws)
        self.cells: dict[tuple[int, int], Any] = {}

    def put(self, row: int, col: int, value: Any, **style: Any) -> None:
        self.cells[(row, col)] = self.style.cell(value, **style) if style else value

    def emit(self) -> None:
        if not self.cells:
            return
        last_row = max(r for r, _ in self.cells)
        for r in range(1, last_row + 1):
            cols = [c for (rr, c) in self.cells if rr == r]
            if not cols:
                self.ws.append([])
                continue
            self.ws.append([self.cells.get((r, c)) for c in range(1, max(cols) + 1)])


@dataclass(frozen=True)
class Placed:
    """Where a streamed table landed, for formulas and charts that refer to it."""

    sheet: str
    header_row: int
    first: int
    last: int
    keys: tuple[str, ...]

    def col(self, key: str) -> int:
        return self.keys.index(key) + 1

    def ref(self, key: str, *, absolute: bool = True) -> str:
        letter = get_column_letter(self.col(key))
        last = max(self.last, self.first)
        if absolute:
            return f"'{self.sheet}'!${letter}${self.first}:${letter}${last}"
        return f"'{self.sheet}'!{letter}{self.first}:{letter}{last}"


def fit_to_page(ws: Any, orientation: str, *, tall: bool) -> None:
    """Print one page wide (and one page tall when `tall`). Call before the first row
    is written: a write-only sheet writes its properties with the first row."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if tall else 0


def _kind(col_type: str, values: pd.Series) -> str:
    if col_type in ("text", "id", "month"):
        return "text"
    if col_type == "date" or values.dtype.kind == "M":
        return "date"
    if values.dtype.kind in "iuf" or pd.api.types.is_numeric_dtype(values.dtype):
        return "number"
    return "text"


def stream_table(
    book: Workbook,
    spec: Table,
    frame: pd.DataFrame,
    *,
    lang: str,
    note: str | None = None,
    hidden: bool = False,
    pending: list[Pending],
    widths: dict[str, int] | None = None,
) -> tuple[Any, Placed]:
    """Write `frame` as the Excel Table `spec.name` on a sheet named in `lang` (hidden data
    sheets keep the table's name: only formulas read them)."""
    ws = book.create_sheet(spec.name if hidden else sheet_name(spec.name, lang))
    if hidden:
        ws.sheet_state = "hidden"
    keys = [c for c in frame.columns if c != ROW]
    cols = [spec.column_for(k) for k in keys]
    frame = shown_values(frame, cols, lang)
    header_row = 3 if note else 1
    for c, column in enumerate(cols, start=1):
        floor = (widths or {}).get(column.key) or column.width or 0
        values = frame[column.key].head(SAMPLE_ROWS) if column.key in frame else ()
        ws.column_dimensions[get_column_letter(c)].width = fit_width(
            column.label(lang), values, column.type, floor=floor
        )
    ws.freeze_panes = f"A{header_row + 1}"
    fit_to_page(ws, "landscape", tall=False)
    style = Styler(ws)
    if note:
        ws.append([style.cell(note, font=NOTE_FONT, text=True)])
        ws.append([])
    header_align = Alignment(wrap_text=True, vertical="center")
    labels = [column.label(lang) for column in cols]
    ws.append(
        [
            style.cell(label, font=HEADER_FONT, fill=HEADER_FILL, align=header_align, text=True)
            for label in labels
        ]
    )
    formats = [NUMBER_FORMATS[c.type] for c in cols]
    kinds = [_kind(c.type, frame[k]) for c, k in zip(cols, keys, strict=True)]
    if len(frame):
        # One styled template row; `splice` replaces it with every row after saving.
        ws.append(
            [
                style.cell(template_value(kind), fmt=None if kind == "text" else fmt)
                for kind, fmt in zip(kinds, formats, strict=True)
            ]
        )
        pending.append(Pending(ws.title, header_row + 1, frame[keys], kinds))
    first, last = header_row + 1, header_row + len(frame)
    ref = f"A{header_row}:{get_column_letter(max(len(keys), 1))}{max(last, header_row + 1)}"
    table = XlTable(displayName=spec.name, ref=ref)
    table.tableColumns = [TableColumn(id=i, name=label) for i, label in enumerate(labels, 1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table.autoFilter = AutoFilter(ref=ref)
    with warnings.catch_warnings():  # the columns are set above, as write-only mode needs
        warnings.simplefilter("ignore", UserWarning)
        ws.add_table(table)
    ws.print_title_rows = f"{header_row}:{header_row}"
    if spec.protected:
        protect(ws)
    return ws, Placed(ws.title, header_row, first, last, tuple(keys))


def highlight(ws: Any, placed: Placed, key: str, value: str, fill: PatternFill) -> None:
    """Fill the whole row where column `key` equals `value`."""
    if placed.last < placed.first:
        return
    letter = get_column_letter(placed.col(key))
    area = f"A{placed.first}:{get_column_letter(len(placed.keys))}{placed.last}"
    ws.conditional_formatting.add(
        area, FormulaRule(formula=[f'${letter}{placed.first}="{value}"'], fill=fill)
    )
