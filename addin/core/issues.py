"""Problems found in input, carried as data.

Checks never raise on bad input: they return `Issue` records with a stable `code`
(registered in `issue_codes`), the values its message needs, the table (= sheet) and
Excel row they came from, and the column key. Text is made only when shown, in the
reader's language. The job layer
fills in the file name and the cell letter once it knows where the table sits.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from addin.core.issue_codes import ISSUE_CODES, Severity
from addin.i18n import t
from addin.schema.names import SheetName, column_name, sheet_name

#: Column of every table DataFrame that holds the Excel row number the row came from.
ROW = "_row"
#: Column of a frame that stacks several workbooks' rows (collect types and checks a
#: batch of rep files at once): the file each row came from. Issues take it as their file.
FILE = "_file"


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """One problem, located. Its severity and wording come from the code's registry entry;
    `args` are the message's values (the cell's own value is always `{value}`)."""

    code: str
    args: Mapping[str, object] = field(default_factory=dict, hash=False)
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    file: str = ""
    cell: str = ""
    #: The sheet's tab as the user named it in that file (renamed, or in the other
    #: language); blank: as SalesDesk names `sheet`.
    tab: str = ""

    def __post_init__(self) -> None:
        if self.code not in ISSUE_CODES:
            raise KeyError(f"issue code {self.code!r} is not in addin/core/issue_codes.py")

    @property
    def severity(self) -> Severity:
        return ISSUE_CODES[self.code].severity

    def located(
        self, file: str | None = None, cell: str | None = None, tab: str | None = None
    ) -> Issue:
        return replace(
            self,
            file=self.file if file is None else file,
            cell=self.cell if cell is None else cell,
            tab=self.tab if tab is None else tab,
        )

    def text(self, lang: str = "en", tabs: Mapping[str, str] | None = None) -> str:
        """The message in `lang`; `tabs` (table → sheet as the user named it in the file
        the message is written into) names the sheets it mentions as the user sees them."""
        args = self.args
        if tabs:
            args = {
                k: tabs[v.name] if isinstance(v, SheetName) and v.name in tabs else v
                for k, v in args.items()
            }
        return t(lang, ISSUE_CODES[self.code].message, value=self.value, **args)

    @property
    def message(self) -> str:
        return self.text("en")

    def where(self, lang: str = "en") -> str:
        """`file:sheet!C12` — as much of it as is known."""
        place = self.tab or (sheet_name(self.sheet, lang) if self.sheet else "")
        if self.cell:
            place = f"{place}!{self.cell}" if place else self.cell
        elif self.row is not None:
            column = column_name(self.column, lang) if self.column else ""
            at = t(lang, "where.row_column" if column else "where.row", row=self.row, column=column)
            place = f"{place} {at}" if place else at
        if self.file:
            return f"{self.file}:{place}" if place else self.file
        return place

    def render(self, lang: str = "en") -> str:
        where = self.where(lang)
        return f"{where}: {self.text(lang)}" if where else self.text(lang)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "tab": self.tab,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "severity": self.severity,
            "message": self.text(lang),
        }


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


def show(value: object) -> str:
    """A cell value as the user would recognise it in a message."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and math.isfinite(value):
        # A computed value (units × 0.1, a sum of cents) carries binary tails
        # (0.30000000000000004); nothing a person types has more than nine decimals.
        return repr(round(value, 9))
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def amount(value: float) -> str:
    """Money as a message says it: thousands separated, cents only when there are any
    (1,489,000 and 2,286.23, never 2286.2299999999996)."""
    cents = round(float(value) * 100)
    whole, part = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{whole:,}" + (f".{part:02d}" if part else "")


def issues_for_rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    *,
    code: str,
    sheet: str,
    column: str,
    detail: pd.Series | None = None,
    **args: object,
) -> list[Issue]:
    """One issue per row where `mask` holds; `args` are the message's other values and
    `detail` (aligned with `frame` by index) a per-row one, shown as `{detail}`.

    Builds issues from a boolean mask so checks stay vectorised: the Python work is
    proportional to the number of *bad* rows, not to the table.
    """
    hit = mask if mask.dtype == bool else mask.fillna(False).astype(bool)
    if not hit.any():  # nearly always: no row is picked out of the whole frame
        return []
    bad = frame.loc[hit]
    rows = bad[ROW].tolist() if ROW in bad.columns else [None] * len(bad)
    values = bad[column].tolist() if column in bad.columns else [None] * len(bad)
    details = detail.reindex(bad.index).tolist() if detail is not None else [None] * len(bad)
    files = bad[FILE].tolist() if FILE in bad.columns else [""] * len(bad)
    return [
        Issue(
            code=code,
            args=args if detail is None else {**args, "detail": show(d)},
            sheet=sheet,
            row=None if r is None else int(r),
            column=column,
            value=show(v),
            file=f,
        )
        for r, v, d, f in zip(rows, values, details, files, strict=True)
    ]


RowKey = int | tuple[str, int]


def row_key(issue: Issue, stacked: bool) -> RowKey | None:
    """The issue's row as `rows_mask` takes it: (file, row) in a stacked frame."""
    if issue.row is None:
        return None
    return (issue.file, issue.row) if stacked else issue.row


def rows_mask(frame: pd.DataFrame, rows: Collection[RowKey] | None) -> pd.Series:
    """True on the frame's rows named in `rows`: Excel row numbers, or (file, row) pairs
    when the frame stacks several files (the same row number is another file's row)."""
    if not rows:
        return pd.Series(False, index=frame.index)
    if FILE in frame.columns:
        pairs = pd.MultiIndex.from_arrays([frame[FILE], frame[ROW]])
        hit = pairs.isin(list(rows))  # type: ignore[arg-type]
        return pd.Series(hit, index=frame.index, dtype=bool)
    return frame[ROW].isin(list(rows))
