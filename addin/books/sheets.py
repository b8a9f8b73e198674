"""Sheet plans every workbook shares: a table sheet from its spec, the Issues sheet and
the guide. The looks live here once; `io.xlsx.render` writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from addin.core.issues import Issue
from addin.i18n import t
from addin.i18n.width import SAMPLE_ROWS, fit_width
from addin.io.xlsx.book import Cell, ColumnPlan, Kind, PrintSetup, SheetPlan, Style, TablePlan
from addin.schema import TABLES
from addin.schema.names import sheet_name, shown_values
from addin.schema.spec import NUMBER_FORMATS, Column, Table

HEADER = Style(bold=True, color="FFFFFF", fill="1F4E78", wrap=True, valign="vcenter")
NOTE = Style(italic=True, color="595959")
TITLE = Style(bold=True, size=14, color="1F4E78", wrap=True, valign="top")
WRAPPED = Style(wrap=True, valign="top")
LINK = Style(color="0563C1", underline=True)
_KINDS: dict[str, Kind] = {
    "text": "text",
    "id": "text",
    "month": "text",
    "int": "number",
    "number": "number",
    "money": "number",
    "pct": "number",
    "date": "date",
}


def column_plan(column: Column, lang: str, values: Iterable[object] = ()) -> ColumnPlan:
    """How a column looks; its width fits its header and `values` as shown on screen."""
    label = column.label(lang)
    number_format = NUMBER_FORMATS[column.type]
    return ColumnPlan(
        label=label,
        kind=_KINDS.get(column.type, "any"),
        num_format=None if number_format == "General" else number_format,
        width=fit_width(label, values, column.type, floor=column.width or 0),
        note=column.help_text(lang),
    )


#: The header row of a table with a note above it (the note, a blank row, the header).
NOTED_HEADER_ROW = 3


def table_sheet(
    spec: Table,
    frame: pd.DataFrame,
    *,
    lang: str,
    columns: Sequence[Column] | None = None,
    note: str = "",
    spare_rows: int = 0,
    validations: list[tuple[int, dict[str, Any], int]] | None = None,
) -> SheetPlan:
    """A sheet holding the Excel Table `spec.name`: a note line above when given, the
    header, `frame`'s rows in the declared columns' order, spare formatted rows."""
    columns = list(columns if columns is not None else spec.columns)
    keys = [c.key for c in columns]
    frame = shown_values(frame.reindex(columns=keys), columns, lang)
    header_row = NOTED_HEADER_ROW if note else 1
    table = TablePlan(
        name=spec.name,
        columns=[column_plan(c, lang, frame[c.key].head(SAMPLE_ROWS)) for c in columns],
        frame=frame,
        header_row=header_row,
        spare_rows=spare_rows,
        header=HEADER,
        validations=list(validations or []),
    )
    return SheetPlan(
        name=sheet_name(spec.name, lang),
        cells=[Cell(1, 1, note, NOTE)] if note else [],
        table=table,
        freeze=(header_row + 1, 1),
        repeat_rows=(header_row, header_row),
        printing=PrintSetup(landscape=True, fit=(1, 0)),
        protected=spec.protected,
    )


def issues_frame(
    issues: Sequence[Issue],
    sheet_names: Mapping[str, str] | None = None,
    *,
    lang: str = "en",
) -> pd.DataFrame:
    """The rows of the Issues table; `sheet_names` (table → sheet) names each sheet as
    the user sees it now (a sheet renamed to 客户资料卡 is listed under that name)."""
    names = sheet_names or {}
    return pd.DataFrame(
        [
            {
                # A table the book at hand does not hold is named as the language names it.
                "sheet": names.get(i.sheet) or sheet_name(i.sheet, lang),
                "row": i.row,
                "column": "".join(ch for ch in i.cell if ch.isalpha()),
                "value": i.value,
                "code": i.code,
                "severity": t(lang, f"severity.{i.severity}"),
                "message": i.text(lang, names),
            }
            for i in issues
        ],
        columns=TABLES["Issues"].keys,
    )


def issues_headline(issues: Sequence[Issue], *, lang: str = "en", stamp: bool = True) -> str:
    """The line above the Issues table: how many, and when they were checked."""
    when = f" {dt.datetime.now():%Y-%m-%d %H:%M}" if stamp else ""
    if issues:
        return t(lang, "issues.found", count=len(issues), when=when)
    return t(lang, "issues.none_checked", when=when) if stamp else t(lang, "issues.none_yet")


def issues_sheet(
    issues: Sequence[Issue],
    *,
    lang: str,
    note: str = "",
    stamp: bool = True,
    sheet_names: Mapping[str, str] | None = None,
) -> SheetPlan:
    """The Issues table; each located message links to its cell. `sheet_names` (table →
    sheet) are the tabs of the workbook the issues are written into, as the user named
    them; without it a table's sheet is named as SalesDesk names it in `lang`."""
    spec = TABLES["Issues"]
    note = note or issues_headline(issues, lang=lang, stamp=stamp)
    names = dict(sheet_names or {})
    frame = issues_frame(issues, names, lang=lang)
    sheet = table_sheet(spec, frame, lang=lang, note=note)
    message = spec.keys.index("message") + 1
    for r, issue in enumerate(issues, start=4):
        if issue.sheet and issue.cell:
            if issue.sheet in names:
                tab = names[issue.sheet]
            elif sheet_names is not None:
                continue  # a sheet this workbook does not have: nothing to link to
            else:
                tab = sheet_name(issue.sheet, lang) if issue.sheet in TABLES else issue.sheet
            where = f"'{tab.replace(chr(39), chr(39) * 2)}'!{issue.cell}"
            sheet.cells.append(Cell(r, message, issue.text(lang, names), LINK, link=where))
    return sheet


def guide_sheet(name: str, lines: Sequence[str]) -> SheetPlan:
    """A sheet of prose, one paragraph a row, the first as its title."""
    cells = [
        Cell(row, 1, text, TITLE if row == 1 else WRAPPED)
        for row, text in enumerate(lines, start=1)
    ]
    return SheetPlan(name=name, cells=cells, widths={1: 110})
