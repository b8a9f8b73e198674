"""Problems found in input, carried as data.

Checks never raise on bad input: they return `Issue` records with a stable `code`,
the table (= sheet) and Excel row they came from, and the column key. The job layer
fills in the file name and the cell letter once it knows where the table sits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]

#: Column of every table DataFrame that holds the Excel row number the row came from.
ROW = "_row"


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    severity: Severity = "error"
    file: str = ""
    cell: str = ""

    def located(self, file: str | None = None, cell: str | None = None) -> Issue:
        return replace(
            self,
            file=self.file if file is None else file,
            cell=self.cell if cell is None else cell,
        )

    @property
    def where(self) -> str:
        """`file:sheet!C12` — as much of it as is known."""
        place = self.sheet
        if self.cell:
            place = f"{place}!{self.cell}" if place else self.cell
        elif self.row is not None:
            at = f"row {self.row}" + (f" ({self.column})" if self.column else "")
            place = f"{place} {at}" if place else at
        if self.file:
            return f"{self.file}:{place}" if place else self.file
        return place

    def render(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


def show(value: object) -> str:
    """A cell value as the user would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def issues_for_rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    *,
    code: str,
    sheet: str,
    column: str,
    message: str,
    severity: Severity = "error",
) -> list[Issue]:
    """One issue per row where `mask` holds; `message` may use `{value}`.

    Builds issues from a boolean mask so checks stay vectorised: the Python work is
    proportional to the number of *bad* rows, not to the table.
    """
    bad = frame.loc[mask.fillna(False).astype(bool)]
    if bad.empty:
        return []
    rows = bad[ROW].tolist() if ROW in bad.columns else [None] * len(bad)
    values = bad[column].tolist() if column in bad.columns else [None] * len(bad)
    return [
        Issue(
            code=code,
            message=message.format(value=show(v)),
            sheet=sheet,
            row=None if r is None else int(r),
            column=column,
            value=show(v),
            severity=severity,
        )
        for r, v in zip(rows, values, strict=True)
    ]
