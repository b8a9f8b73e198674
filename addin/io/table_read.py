"""What reading a table yields: where it sits (`TableLayout`), its cells as found
(`RawTable`, not yet typed), and the typed, checked result (`TableRead`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.issues import Issue
from addin.core.validate import CellMarks
from addin.schema.spec import Table

_SPACES = re.compile(r"[\s_\-　]+")


def header_key(text: object) -> str:
    return _SPACES.sub("", str(text)).lower()


@dataclass(slots=True)
class TableLayout:
    """Where a table sits, so issues and annotations can name real cells."""

    sheet: str
    header_row: int  # Excel row number of the header
    letters: dict[str, str] = field(default_factory=dict)  # column key → column letter
    last_row: int = 0  # Excel row of the last data row read (including rows under it)
    table_end_row: int = 0  # Excel row of the table's own last row
    file: str = ""  # the workbook's file name

    def cell(self, column: str, row: int | None) -> str:
        letter = self.letters.get(column, "")
        if row is None:
            return ""
        return f"{letter}{row}" if letter else f"A{row}"

    def locate(self, issue: Issue, file: str = "") -> Issue:
        """`issue` at its cell of this table, on the sheet as the user named it."""
        return issue.located(
            self.file or file or None, self.cell(issue.column, issue.row), tab=self.sheet
        )


@dataclass(slots=True)
class TableRead:
    spec: Table
    frame: pd.DataFrame  # typed; one column per spec key (None/NaN where absent) + _row
    issues: list[Issue]
    layout: TableLayout | None  # None when the table is not in the workbook
    present: set[str] = field(default_factory=set)
    #: Column key → Excel rows whose cell is formatted as a percent (asked-for columns
    #: that are not `pct` typed: a setting's value, a scheme target).
    percent_rows: dict[str, set[int]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.layout is not None


@dataclass(slots=True)
class RawTable:
    """A table's cells as they sit in the sheet, not yet typed or checked: what
    `finish_tables` types and checks, alone or stacked with the same table of other files."""

    spec: Table
    rows: np.ndarray  # the Excel row of each data row
    keys: list[str]  # the column keys found, in sheet order
    cells: np.ndarray  # object array: one row per data row, one column per key
    marks: CellMarks
    layout: TableLayout
    issues: list[Issue]  # where the table sits and what lies around it
    present: set[str]
    percent_of: set[str]
    #: The workbook's tables (their names as `header_key` compares them) → their sheets,
    #: for messages that name another table (`not in MyProducts`).
    tab_of: Mapping[str, str] = field(default_factory=dict)
