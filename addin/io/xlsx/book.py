"""A new workbook described as data: the book plan that `render.py` writes in one pass.

A layout in `books/` says what a workbook holds — ordered sheets, each with lines of text,
at most one Excel Table (header, typed rows, number formats, data validation), a few
cells of our own (formulas, labels), charts over sheet ranges, data validation and
conditional formats, widths, frozen panes, print setup and protection — and the document
properties. It never touches a file; one backend renders every plan.

Rows and columns are 1-based, as a user reads them on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from addin.io.xlsx.parts import column_letter

#: How a column's values are written: as text always, or as numbers/dates when they are.
Kind = Literal["text", "number", "date", "any"]


@dataclass(frozen=True, slots=True)
class Style:
    """The few looks a plan asks for; the renderer turns each into one shared format."""

    bold: bool = False
    italic: bool = False
    size: float | None = None
    color: str | None = None  # font colour, "1F4E78"
    fill: str | None = None  # solid background, "1F4E78"
    wrap: bool = False
    valign: str | None = None  # "top", "vcenter"
    underline: bool = False
    num_format: str | None = None
    unlocked: bool = False
    align: str | None = None  # horizontal: "left", "center", "right"
    border: str | None = None  # "bottom" (a rule under the cell) or "box" (thin all round)
    border_color: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    label: str
    kind: Kind
    num_format: str | None  # None: General
    width: float
    note: str = ""  # a help note on the header cell


@dataclass(slots=True)
class TablePlan:
    """An Excel Table: the header at `header_row` (1-based), `frame`'s rows beneath, then
    `spare_rows` formatted empty rows the user types into."""

    name: str
    columns: list[ColumnPlan]
    frame: pd.DataFrame  # one column per ColumnPlan, in order
    header_row: int = 1
    spare_rows: int = 0
    header: Style = Style()
    #: (0-based column, XlsxWriter data_validation options, rows it reaches below the header)
    validations: list[tuple[int, dict[str, Any], int]] = field(default_factory=list)
    #: Rows written as sheet XML from whole columns even when the table is small (a big
    #: one always is: `render.STREAM_CELLS`, `render_stream.py`); the same cells either way.
    stream: bool = False

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """The table's last row (its one empty row when it has none)."""
        return self.header_row + max(len(self.frame) + self.spare_rows, 1)


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell of our own: `value` is text, a number, or a formula when `formula` is set
    (our formula text only — text from a workbook is never made a formula)."""

    row: int  # 1-based
    col: int  # 1-based
    value: Any
    style: Style | None = None
    formula: bool = False
    link: str = ""  # an internal location ("'Sheet'!B3") the cell links to


@dataclass(frozen=True, slots=True)
class Area:
    """A block of cells, on `sheet` when it is read from another sheet (charts)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    sheet: str = ""

    def ref(self) -> str:
        """`'Sheet'!$A$1:$B$9` (absolute, as charts and validations want it)."""
        first = f"${column_letter(self.first_col - 1)}${self.first_row}"
        last = f"${column_letter(self.last_col - 1)}${self.last_row}"
        cells = (
            first
            if (self.first_row, self.first_col) == (self.last_row, self.last_col)
            else (f"{first}:{last}")
        )
        return f"{quote_sheet(self.sheet)}!{cells}" if self.sheet else cells


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


@dataclass(slots=True)
class Validation:
    """A data validation on `area`: XlsxWriter's options (a list from a range, the error
    alert's title and text…)."""

    area: Area
    options: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Highlight:
    """A conditional format on `area`: `style` where our `formula` (written for the
    area's top-left cell) is true, or a three-colour scale from `scale` = ((value,
    colour) low, mid, high)."""

    area: Area
    formula: str = ""
    style: Style | None = None
    scale: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Series:
    """One series of a chart: its values, its name (a header cell or text) and the
    category labels; `line` draws it as a line over the columns of a column chart."""

    values: Area
    name: Area | str
    categories: Area | None = None
    line: bool = False
    marker: bool = False


@dataclass(slots=True)
class ChartPlan:
    kind: Literal["column", "line"]
    title: str
    series: list[Series]
    anchor: tuple[int, int]  # (row, col) of the top-left cell it sits on
    x_title: str = ""
    y_title: str = ""
    y_format: str | None = None
    stacked: bool = False
    gridlines: bool = True
    legend: str = "right"  # "right", "bottom" or "none"
    size_cm: tuple[float, float] = (17.0, 8.5)  # width, height


@dataclass(slots=True)
class PrintSetup:
    """How a sheet prints: A4, fitted to `fit` pages (wide, tall; 0 = as many as needed),
    or at `scale` % with manual `row_breaks` (rows a page ends after; Excel ignores
    breaks on a sheet fitted to pages)."""

    landscape: bool = False
    fit: tuple[int, int] | None = None
    scale: int | None = None
    area: Area | None = None
    row_breaks: list[int] = field(default_factory=list)
    margins_in: tuple[float, float, float, float] | None = None  # left, right, top, bottom
    center: bool = False
    paper: int = 0  # 9 = A4; 0 = the printer's default


@dataclass(slots=True)
class SheetPlan:
    name: str
    cells: list[Cell] = field(default_factory=list)
    table: TablePlan | None = None
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column → width
    freeze: tuple[int, int] | None = None  # (row, col) 1-based of the first free cell
    repeat_rows: tuple[int, int] | None = None  # printed on every page, 1-based
    printing: PrintSetup = field(default_factory=lambda: PrintSetup())
    protected: bool = False
    hidden: bool = False
    validations: list[Validation] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    charts: list[ChartPlan] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)
    gridlines: bool = True
    #: The same plan object goes into many books of one run (a rep's product list):
    #: a render cache may keep its rendered XML. Not to be changed once rendered.
    shared: bool = False


@dataclass(slots=True)
class BookPlan:
    sheets: list[SheetPlan]
    title: str = ""
    creator: str = "SalesDesk"
    custom: dict[str, str] = field(default_factory=dict)  # custom document properties
    recalc: bool = False  # ask Excel to recalculate every formula on open
    font: str = ""  # the font of every cell ("": the spreadsheet's default)

    def sheet(self, name: str) -> SheetPlan:
        for sheet in self.sheets:
            if sheet.name == name or (sheet.table is not None and sheet.table.name == name):
                return sheet
        raise KeyError(f"the plan has no sheet {name!r}")
