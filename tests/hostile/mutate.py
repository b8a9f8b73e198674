"""Edits a user (or another program) makes to a workbook, applied to a copy of a clean file.

Book-level edits go through openpyxl, as a person typing in Excel would leave them:
text stays text (never a formula), error values are real error cells, and a header
renamed in a cell is renamed in the Excel Table too (Excel keeps both in step). Part-level
edits rewrite the zip directly, for files no spreadsheet program would write.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.filters import FilterColumn, Filters
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from addin.schema import TABLES

BookEdit = Callable[[Workbook], None]


@dataclass(frozen=True, slots=True)
class Err:
    """An error cell such as `#REF!`, as Excel stores it (t="e")."""

    text: str


def edit_book(path: Path, *edits: BookEdit, target: Path | None = None) -> Path:
    book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    for edit in edits:
        edit(book)
    out = target or path
    book.save(out)
    return out


def set_value(ws: Worksheet, ref: str, value: Any) -> None:
    cell = ws[ref]
    if isinstance(value, Err):
        cell.value = value.text
        cell.data_type = "e"
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # what the user typed is text, whatever it starts with


def put(sheet: str, cells: Mapping[str, Any]) -> BookEdit:
    def edit(book: Workbook) -> None:
        for ref, value in cells.items():
            set_value(book[sheet], ref, value)

    return edit


def table_of(book: Workbook, name: str) -> tuple[Worksheet, XlTable]:
    for ws in book.worksheets:
        if name in ws.tables:
            return ws, ws.tables[name]
    raise KeyError(name)


def _column_index(name: str, key: str) -> int:
    return TABLES[name].keys.index(key)


def rename_header(name: str, key: str, text: str) -> BookEdit:
    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        c0, r0, _, _ = range_boundaries(table.ref)
        i = _column_index(name, key)
        set_value(ws, f"{get_column_letter(c0 + i)}{r0}", text)
        table.tableColumns[i].name = text

    return edit


def headers_in(name: str, labels: Callable[[str], str]) -> BookEdit:
    """Every header of table `name` replaced by `labels(key)` (e.g. the Chinese label)."""

    def edit(book: Workbook) -> None:
        for key in TABLES[name].keys:
            rename_header(name, key, labels(key))(book)

    return edit


def _resize(table: XlTable, c0: int, r0: int, c1: int, r1: int) -> None:
    table.ref = f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref


def drop_column(name: str, key: str) -> BookEdit:
    """Delete a whole column of the table, as Excel's "Delete Table Columns" does."""

    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        c0, r0, c1, r1 = range_boundaries(table.ref)
        i = _column_index(name, key)
        ws.delete_cols(c0 + i)
        ws.data_validations.dataValidation = []  # they pointed at the old columns
        columns = [c for n, c in enumerate(table.tableColumns) if n != i]
        for n, column in enumerate(columns, start=1):
            column.id = n
        table.tableColumns = columns
        _resize(table, c0, r0, c1 - 1, r1)

    return edit


def add_column(name: str, header: str, values: Iterable[Any]) -> BookEdit:
    """A column typed right of the table, which Excel takes into it."""

    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        c0, r0, c1, r1 = range_boundaries(table.ref)
        set_value(ws, f"{get_column_letter(c1 + 1)}{r0}", header)
        for r, value in enumerate(values, start=r0 + 1):
            set_value(ws, f"{get_column_letter(c1 + 1)}{r}", value)
        table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=header))
        _resize(table, c0, r0, c1 + 1, r1)

    return edit


def swap_columns(name: str, a: str, b: str) -> BookEdit:
    """Two columns of the table trade places, headers and values together."""

    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        c0, r0, _, r1 = range_boundaries(table.ref)
        ia, ib = _column_index(name, a), _column_index(name, b)
        for r in range(r0, r1 + 1):
            ca, cb = ws.cell(r, c0 + ia), ws.cell(r, c0 + ib)
            va, vb = ca.value, cb.value
            fa, fb = ca.number_format, cb.number_format
            ca.value, cb.value = vb, va
            ca.number_format, cb.number_format = fb, fa
        cols = table.tableColumns
        cols[ia].name, cols[ib].name = cols[ib].name, cols[ia].name

    return edit


def merge(sheet: str, ref: str) -> BookEdit:
    return lambda book: book[sheet].merge_cells(ref)


def hide_rows(sheet: str, rows: Iterable[int]) -> BookEdit:
    def edit(book: Workbook) -> None:
        for r in rows:
            book[sheet].row_dimensions[r].hidden = True

    return edit


def filter_on(name: str, key: str, shown: list[str], hidden: list[int]) -> BookEdit:
    """An AutoFilter left on: only rows whose `key` is in `shown` are visible."""

    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        table.autoFilter.filterColumn = [
            FilterColumn(colId=_column_index(name, key), filters=Filters(filter=shown))
        ]
        hide_rows(ws.title, hidden)(book)

    return edit


def rename_sheet(old: str, new: str) -> BookEdit:
    def edit(book: Workbook) -> None:
        book[old].title = new

    return edit


def delete_sheet(name: str) -> BookEdit:
    return lambda book: book.remove(book[name])


def delete_table(name: str) -> BookEdit:
    """Excel's "Convert to Range": the cells stay, the Table is gone."""

    def edit(book: Workbook) -> None:
        ws, _ = table_of(book, name)
        del ws.tables[name]

    return edit


def rename_table(name: str, new: str) -> BookEdit:
    def edit(book: Workbook) -> None:
        _, table = table_of(book, name)
        table.displayName = table.name = new

    return edit


def table_end(book: Workbook, name: str) -> int:
    _, table = table_of(book, name)
    return range_boundaries(table.ref)[3]


# ------------------------------------------------------------------ part-level edits
def rewrite_parts(
    path: Path,
    target: Path,
    change: Mapping[str, bytes | None],
    *,
    compress: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Copy the zip, replacing (bytes), deleting (None) or adding parts named in `change`."""
    tmp = target.with_name(target.name + ".part")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", compress) as dst:
        for info in src.infolist():
            if info.filename in change:
                continue
            dst.writestr(info.filename, src.read(info.filename))
        for name, data in change.items():
            if data is not None:
                dst.writestr(name, data)
    if target.exists() and target != path:
        target.unlink()
    shutil.move(tmp, target)
    return target


def read_part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def sheet_part(path: Path, sheet: str) -> str:
    from addin.io.xlsx.relationships import sheet_paths

    return sheet_paths(path)[sheet]


def number_format(sheet: str, ref: str, fmt: str) -> BookEdit:
    """How the cell shows its number: "General" makes a date cell show its serial."""

    def edit(book: Workbook) -> None:
        book[sheet][ref].number_format = fmt

    return edit


def formula_cell(sheet: str, ref: str, formula: str, result: str | None, kind: str = "n"):  # type: ignore[no-untyped-def]
    """Case maker: `ref` holds `formula` with its saved `result` (None: never calculated,
    as files from tools that do not calculate), written into the sheet XML directly."""
    import re

    def make(path: Path) -> Path:
        part = sheet_part(path, sheet)
        xml = read_part(path, part)
        kind_attr = f' t="{kind}"' if kind != "n" and result is not None else ""
        value = f"<v>{result}</v>" if result is not None else ""
        cell = f'<c r="{ref}"{kind_attr}><f>{formula}</f>{value}</c>'.encode()
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
        new, n = pattern.subn(cell, xml, count=1)
        assert n == 1, f"{sheet}!{ref} is not in the sheet XML"
        return rewrite_parts(path, path, {part: new})

    return make
