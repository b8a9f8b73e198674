"""An xlwings engine over openpyxl files: xlwings' real API and converters, no Excel.

Books are workbook files loaded with openpyxl; `save()` writes them back. It behaves like
Excel where our code could go wrong: an open book leaves `~$name` beside its file (so a
job cannot write it), text written to a non-Text cell is parsed as if typed ("=…" becomes
a formula, "007" the number 7, a leading apostrophe keeps text), numbers read back as
floats, notes are signed with the user's name, protected sheets refuse changes. It
recalculates nothing. Every read and write of cells is counted (`engine.calls`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo
from xlwings import main

USER = "Excel User"
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_pids = itertools.count(4242)


class ProtectedSheet(RuntimeError):
    """Excel: 'The cell or chart you're trying to change is on a protected sheet.'"""


class FileEngine:
    name = "openpyxl-file"
    type = "desktop"

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.app = AppImpl(self)
        self.apps = [self.app]

    @staticmethod
    def clean_value_data(
        data: Any, datetime_builder: Any, empty_as: Any, number_builder: Any, err_to_str: Any
    ) -> list[list[Any]]:
        def clean(v: Any) -> Any:
            if v is None or v == "":
                return empty_as
            if isinstance(v, dt.datetime):
                return (
                    v
                    if datetime_builder is dt.datetime
                    else datetime_builder(year=v.year, month=v.month, day=v.day)
                )
            if isinstance(v, float) and number_builder is not None:
                return number_builder(v)
            return v

        return [[clean(v) for v in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x: Any, options: Any) -> Any:
        if x is None or x is pd.NaT or x is pd.NA:
            return None
        if isinstance(x, float | np.floating) and math.isnan(x):
            return None
        if isinstance(x, pd.Timestamp):
            return x.to_pydatetime()
        if isinstance(x, np.generic):
            return x.item()
        return x

    def count(self, kind: str) -> None:
        self.calls[kind] += 1

    def open(self, path: Path) -> main.Book:
        return main.Book(impl=self.app.books.open(str(path)))


class AppImpl:
    def __init__(self, engine: FileEngine) -> None:
        self.engine = engine
        self.books = BooksImpl(self)
        self.pid = next(_pids)
        self.hwnd = self.pid
        self.version = "16.0"
        self.screen_updating = True
        self.calculation = "automatic"
        self.status_bar: str | bool = False
        self.display_alerts = True
        self.enable_events = True
        self.visible = True
        self.alerts: list[tuple[str, str | None, str | None]] = []
        self.history: list[tuple[str, Any]] = []

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("screen_updating", "calculation", "status_bar") and hasattr(self, "history"):
            self.history.append((name, value))
        object.__setattr__(self, name, value)

    @property
    def api(self) -> Any:
        return self

    def alert(self, prompt: str, title: str | None, buttons: Any, mode: Any, callback: Any) -> str:
        self.alerts.append((prompt, title, mode))
        return "ok"

    def activate(self, steal_focus: bool = False) -> None:
        pass


class BooksImpl:
    def __init__(self, app: AppImpl) -> None:
        self.app = app
        self.books: list[BookImpl] = []

    def __call__(self, name_or_index: int | str) -> BookImpl:
        if isinstance(name_or_index, int):
            return self.books[name_or_index - 1]
        for book in self.books:
            if book.name.lower() == str(name_or_index).lower():
                return book
        raise KeyError(name_or_index)

    def __len__(self) -> int:
        return len(self.books)

    def __iter__(self) -> Any:
        return iter(list(self.books))

    @property
    def active(self) -> BookImpl:
        return self.books[-1]

    def open(self, fullname: str, *args: Any, **kwargs: Any) -> BookImpl:
        book = BookImpl(self.app, Path(fullname))
        self.books.append(book)
        return book


class BookImpl:
    def __init__(self, app: AppImpl, path: Path) -> None:
        self.app = app
        self.path = path
        self.xl = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
        self.lock.write_text("Excel User", encoding="utf-8")
        self.active_sheet = self.xl.sheetnames[0]

    @property
    def lock(self) -> Path:
        return self.path.parent / f"~${self.path.name}"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def fullname(self) -> str:
        return str(self.path)

    @property
    def api(self) -> Any:
        return self.xl

    @property
    def sheets(self) -> SheetsImpl:
        return SheetsImpl(self)

    def save(self, path: str | None = None, password: str | None = None) -> None:
        self.app.engine.count("save")
        self.xl.save(path or self.path)

    def close(self) -> None:
        self.lock.unlink(missing_ok=True)
        self.app.books.books.remove(self)

    def activate(self) -> None:
        pass


class SheetsImpl:
    def __init__(self, book: BookImpl) -> None:
        self.book = book

    def __call__(self, name_or_index: int | str) -> SheetImpl:
        names = self.book.xl.sheetnames
        name = names[name_or_index - 1] if isinstance(name_or_index, int) else name_or_index
        if name not in names:
            raise KeyError(name)
        return SheetImpl(self.book, name)

    def __len__(self) -> int:
        return len(self.book.xl.sheetnames)

    def __iter__(self) -> Any:
        return iter([SheetImpl(self.book, n) for n in self.book.xl.sheetnames])

    @property
    def active(self) -> SheetImpl:
        return SheetImpl(self.book, self.book.active_sheet)

    def add(self, before: SheetImpl | None, after: SheetImpl | None, name: str | None) -> SheetImpl:
        self.book.app.engine.count("sheet")
        names = self.book.xl.sheetnames
        index = names.index(after.name) + 1 if after else names.index(before.name) if before else 0
        ws = self.book.xl.create_sheet(name or f"Sheet{len(names) + 1}", index)
        return SheetImpl(self.book, ws.title)


class SheetApi:
    """The two COM members the Excel door calls through `.api` (see addin/excel/native)."""

    def __init__(self, sheet: SheetImpl) -> None:
        self.sheet = sheet

    def Protect(self, **kwargs: Any) -> None:
        self.sheet.book.app.engine.count("protection")
        prot = self.sheet.ws.protection
        prot.sheet = True
        prot.sort = not kwargs.get("AllowSorting", False)
        prot.autoFilter = not kwargs.get("AllowFiltering", False)

    def Unprotect(self) -> None:
        self.sheet.book.app.engine.count("protection")
        self.sheet.ws.protection.sheet = False


class SheetImpl:
    def __init__(self, book: BookImpl, name: str) -> None:
        self.book = book
        self.name = name

    @property
    def ws(self) -> Any:
        return self.book.xl[self.name]

    @property
    def api(self) -> SheetApi:
        return SheetApi(self)

    @property
    def index(self) -> int:
        return self.book.xl.sheetnames.index(self.name) + 1

    def range(self, arg1: Any, arg2: Any = None) -> RangeImpl:
        if isinstance(arg1, RangeImpl):
            arg1 = (arg1.r1, arg1.c1)
        if isinstance(arg2, RangeImpl):
            arg2 = (arg2.r2, arg2.c2)
        if isinstance(arg1, tuple):
            end = arg2 if arg2 is not None else arg1
            return RangeImpl(self, [(arg1[0], arg1[1], end[0], end[1])])
        areas = []
        for part in str(arg1).replace("$", "").split(","):
            c1, r1, c2, r2 = range_boundaries(part if ":" in part else f"{part}:{part}")
            areas.append((r1, c1, r2, c2))
        return RangeImpl(self, areas)

    @property
    def tables(self) -> TablesImpl:
        return TablesImpl(self)

    def move(self, before: SheetImpl | None = None, after: SheetImpl | None = None) -> None:
        self.book.app.engine.count("sheet")
        xl = self.book.xl
        ws = xl[self.name]
        xl._sheets.remove(ws)
        target = (before or after).name  # type: ignore[union-attr]
        index = xl.sheetnames.index(target) + (1 if after is not None else 0)
        xl._sheets.insert(index, ws)

    def activate(self) -> None:
        self.book.active_sheet = self.name
        self.book.xl.active = self.book.xl.sheetnames.index(self.name)


class RangeImpl:
    max_cells_per_read = None
    max_cells_per_write = None

    def __init__(self, sheet: SheetImpl, areas: list[tuple[int, int, int, int]]) -> None:
        self.sheet = sheet
        self.areas = areas
        self.r1, self.c1, self.r2, self.c2 = areas[0]
        self.options: dict[str, Any] = {}

    # --- geometry (no round trip in Excel's sense: no cell content moves)
    @property
    def api(self) -> RangeImpl:
        return self

    @property
    def row(self) -> int:
        return self.r1

    @property
    def column(self) -> int:
        return self.c1

    @property
    def shape(self) -> tuple[int, int]:
        return self.r2 - self.r1 + 1, self.c2 - self.c1 + 1

    def __len__(self) -> int:
        rows, cols = self.shape
        return rows * cols

    def __call__(self, row: int, col: int | None = None) -> RangeImpl:
        if col is None:
            row, col = divmod(row - 1, self.shape[1])
            row, col = row + 1, col + 1
        r, c = self.r1 + row - 1, self.c1 + col - 1
        return RangeImpl(self.sheet, [(r, c, r, c)])

    @property
    def address(self) -> str:
        return ",".join(
            f"${get_column_letter(c1)}${r1}"
            + ("" if (r1, c1) == (r2, c2) else f":${get_column_letter(c2)}${r2}")
            for r1, c1, r2, c2 in self.areas
        )

    def get_address(self, row_absolute: bool, col_absolute: bool, external: bool) -> str:
        return self.address

    @property
    def ref(self) -> str:
        return self.address.replace("$", "")

    def cells(self) -> Any:
        ws = self.sheet.ws
        for r1, c1, r2, c2 in self.areas:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    yield ws.cell(row=r, column=c)

    def _write(self, kind: str) -> None:
        if self.sheet.ws.protection.sheet:
            raise ProtectedSheet(f"{self.sheet.name}!{self.ref} is on a protected sheet")
        self.sheet.book.app.engine.count(f"write:{kind}")

    # --- values
    @property
    def raw_value(self) -> Any:
        self.sheet.book.app.engine.count("read:value")
        ws = self.sheet.ws
        rows = []
        for r in range(self.r1, self.r2 + 1):
            row: list[Any] = []
            for c in range(self.c1, self.c2 + 1):
                v = ws.cell(row=r, column=c).value
                if isinstance(v, bool) or v is None:
                    row.append(v)
                elif isinstance(v, int | float):
                    row.append(float(v))  # COM delivers every number as a double
                elif isinstance(v, str) and v.startswith("="):
                    row.append(None)  # a formula's result: nothing is calculated here
                else:
                    row.append(v)
            rows.append(tuple(row))
        return rows[0][0] if self.shape == (1, 1) else tuple(rows)

    @raw_value.setter
    def raw_value(self, data: Any) -> None:
        self._write("value")
        rows = data if isinstance(data, list | tuple) else [[data]]
        ws = self.sheet.ws
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                typed(ws.cell(row=self.r1 + i, column=self.c1 + j), value)

    def clear(self) -> None:
        self._write("clear")
        for cell in self.cells():
            cell.value = None
            cell.style = "Normal"
            cell.comment = None
            cell.hyperlink = None

    def clear_contents(self) -> None:
        self._write("clear")
        for cell in self.cells():
            cell.value = None

    # --- formats
    @property
    def number_format(self) -> str:
        self.sheet.book.app.engine.count("read:number_format")
        return str(self.sheet.ws.cell(row=self.r1, column=self.c1).number_format)

    @number_format.setter
    def number_format(self, value: str) -> None:
        self._write("number_format")
        for cell in self.cells():
            cell.number_format = value

    @property
    def color(self) -> Any:
        self.sheet.book.app.engine.count("read:color")
        fill = self.sheet.ws.cell(row=self.r1, column=self.c1).fill
        return fill.fgColor.rgb if fill.fill_type == "solid" else None

    @color.setter
    def color(self, value: Any) -> None:
        self._write("color")
        for cell in self.cells():
            if value is None:
                cell.fill = PatternFill(fill_type=None)
            else:
                cell.fill = PatternFill(
                    "solid", fgColor="FF{:02X}{:02X}{:02X}".format(*tuple(value))
                )

    @property
    def font(self) -> FontImpl:
        return FontImpl(self)

    @property
    def column_width(self) -> float:
        letter = get_column_letter(self.c1)
        return float(self.sheet.ws.column_dimensions[letter].width or 8.43)

    @column_width.setter
    def column_width(self, value: float) -> None:
        self._write("column_width")
        for c in range(self.c1, self.c2 + 1):
            self.sheet.ws.column_dimensions[get_column_letter(c)].width = value

    # --- notes and links
    @property
    def note(self) -> NoteImpl | None:
        self.sheet.book.app.engine.count("read:note")
        cell = self.sheet.ws.cell(row=self.r1, column=self.c1)
        return NoteImpl(self, cell) if cell.comment is not None else None

    def add_note(self, text: str) -> NoteImpl:
        self._write("note")
        cell = self.sheet.ws.cell(row=self.r1, column=self.c1)
        cell.comment = Comment(text, USER)  # Excel signs a note with the user's name
        return NoteImpl(self, cell)

    def add_hyperlink(self, address: str, text_to_display: str, screen_tip: str) -> None:
        self._write("hyperlink")
        cell = self.sheet.ws.cell(row=self.r1, column=self.c1)
        if address.startswith("#"):
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, location=address[1:], tooltip=screen_tip
            )
        else:
            cell.hyperlink = address
        cell.value = text_to_display


def hex_rgb(value: Any) -> str:
    red, green, blue = value
    return f"FF{red:02X}{green:02X}{blue:02X}"


def typed(cell: Any, value: Any) -> None:
    """Store `value` the way Excel does when a program sets Range.Value."""
    cell.quotePrefix = False
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, str):
        if cell.number_format == "@":
            cell.value = value
            cell.data_type = "s"
        elif value.startswith("'"):
            cell.value = value[1:]
            cell.data_type = "s"
            cell.quotePrefix = True
        elif value.startswith("="):
            cell.value = value  # a live formula
        elif _NUMBER.match(value.strip()):
            cell.value = float(value)
        else:
            cell.value = value
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        cell.value = value
        if cell.number_format == "General":
            cell.number_format = "m/d/yyyy" if not isinstance(value, dt.time) else "h:mm"
    else:
        cell.value = value


class FontImpl:
    def __init__(self, rng: RangeImpl) -> None:
        self.rng = rng

    def _set(self, **changes: Any) -> None:
        self.rng._write("font")
        for cell in self.rng.cells():
            font = cell.font
            cell.font = Font(
                name=font.name,
                size=font.size,
                bold=changes.get("b", font.b),
                italic=changes.get("i", font.i),
                color=changes.get("color", font.color),
            )

    bold = property(lambda self: None, lambda self, v: self._set(b=v))
    italic = property(lambda self: None, lambda self, v: self._set(i=v))
    color = property(
        lambda self: None, lambda self, v: self._set(color="FF{:02X}{:02X}{:02X}".format(*tuple(v)))
    )


class NoteImpl:
    def __init__(self, rng: RangeImpl, cell: Any) -> None:
        self.rng = rng
        self.cell = cell

    @property
    def text(self) -> str:
        return str(self.cell.comment.text)

    def delete(self) -> None:
        self.rng._write("note")
        self.cell.comment = None


class TablesImpl:
    def __init__(self, sheet: SheetImpl) -> None:
        self.sheet = sheet

    def __call__(self, name_or_index: int | str) -> TableImpl:
        names = list(self.sheet.ws.tables)
        name = names[name_or_index - 1] if isinstance(name_or_index, int) else name_or_index
        if name not in names:
            raise KeyError(name)
        return TableImpl(self.sheet, name)

    def __iter__(self) -> Any:
        return iter([TableImpl(self.sheet, n) for n in self.sheet.ws.tables])

    def __len__(self) -> int:
        return len(self.sheet.ws.tables)

    def __contains__(self, name: str) -> bool:
        return name in self.sheet.ws.tables

    def add(
        self,
        source_type: Any = None,
        source: Any = None,
        link_source: Any = None,
        has_headers: Any = True,
        destination: Any = None,
        table_style_name: str = "TableStyleMedium2",
        name: str | None = None,
    ) -> TableImpl:
        rng = source.impl
        rng._write("table")
        table = Table(displayName=name or f"Table{len(self) + 1}", ref=rng.ref)
        table.tableStyleInfo = TableStyleInfo(name=table_style_name, showRowStripes=True)
        self.sheet.ws.add_table(table)
        return TableImpl(self.sheet, table.displayName)


class TableApi:
    def __init__(self, table: TableImpl) -> None:
        self.table = table

    def Delete(self) -> None:
        self.table.sheet.book.app.engine.count("write:table")
        del self.table.sheet.ws.tables[self.table.name]


class TableImpl:
    def __init__(self, sheet: SheetImpl, name: str) -> None:
        self.sheet = sheet
        self.name = name

    @property
    def api(self) -> TableApi:
        return TableApi(self)

    @property
    def parent(self) -> SheetImpl:
        return self.sheet

    @property
    def range(self) -> RangeImpl:
        return self.sheet.range(self.sheet.ws.tables[self.name].ref)

    def resize(self, rng: Any) -> None:
        impl = rng.impl
        impl._write("table")
        table = self.sheet.ws.tables[self.name]
        table.ref = impl.ref
        table.autoFilter = None
        table.tableColumns = []  # rebuilt from the header cells when the file is saved
        table._initialise_columns()
        header = impl.r1
        for col, c in zip(table.tableColumns, range(impl.c1, impl.c2 + 1), strict=True):
            col.name = str(self.sheet.ws.cell(row=header, column=c).value or f"Column{c}")


def new_excel() -> tuple[FileEngine, main.Engine]:
    impl = FileEngine()
    return impl, main.Engine(impl=impl)
