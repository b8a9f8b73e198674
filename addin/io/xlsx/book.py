"""A new workbook described as data: the book plan that `render.py` writes in one pass.

A layout in `books/` says what a workbook holds — ordered sheets, each with lines of text,
at most one Excel Table (header, typed rows, number formats, data validation), a few
cells of our own (formulas, labels), widths, frozen panes, print setup and protection —
and the document properties. It never touches a file; one backend renders every plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

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


@dataclass(slots=True)
class SheetPlan:
    name: str
    cells: list[Cell] = field(default_factory=list)
    table: TablePlan | None = None
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column → width
    freeze: tuple[int, int] | None = None  # (row, col) 1-based of the first free cell
    repeat_rows: tuple[int, int] | None = None  # printed on every page, 1-based
    landscape: bool = False
    fit_width: bool = False
    protected: bool = False
    hidden: bool = False


@dataclass(slots=True)
class BookPlan:
    sheets: list[SheetPlan]
    title: str = ""
    creator: str = "SalesDesk"
    custom: dict[str, str] = field(default_factory=dict)  # custom document properties
    recalc: bool = False  # ask Excel to recalculate every formula on open

    def sheet(self, name: str) -> SheetPlan:
        for sheet in self.sheets:
            if sheet.name == name or (sheet.table is not None and sheet.table.name == name):
                return sheet
        raise KeyError(f"the plan has no sheet {name!r}")
