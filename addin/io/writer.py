"""Write results into workbook files: whole output tables, cell annotations, `Issues`.

Input tables are never rewritten: the writer only adds a fill and a note to cells with
issues (and removes its own marks on a clean run). Output tables are replaced whole.
Text from a workbook is always written as text: openpyxl would store a string starting
with `=` as a formula, so every string cell is forced to the string type.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from addin.core.issues import Issue
from addin.i18n import t
from addin.i18n.width import SAMPLE_ROWS, fit_width
from addin.io.atomic import atomic_write
from addin.io.xlsx.replace import formula_results, restore_formula_results
from addin.schema import TABLES
from addin.schema.names import sheet_name, shown_values
from addin.schema.spec import NUMBER_FORMATS, Table

AUTHOR = "SalesDesk"
#: Fills that mark cells with issues; unusual shades so we never remove a user's own fill.
MARK_FILLS = {
    "error": PatternFill("solid", fgColor="FFFFC9C9"),
    "warning": PatternFill("solid", fgColor="FFFFEBB5"),
}
_MARK_COLORS = {f.fgColor.rgb for f in MARK_FILLS.values()}
HEADER_FILL = PatternFill("solid", fgColor="FF1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
NO_FILL = PatternFill(fill_type=None)


#: Where an edited workbook was opened from, so `save` can keep its formulas' results.
_SOURCE = "_salesdesk_source"


def open_for_edit(path: Path) -> Workbook:
    book = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    setattr(book, _SOURCE, Path(path))
    return book


def save(book: Workbook, path: Path) -> None:
    """Atomic save. For a workbook opened with `open_for_edit`, the saved results of the
    user's formulas are carried over (openpyxl drops them; a file re-read before Excel
    recalculates it would show blanks where the user's formulas had values)."""
    source: Path | None = getattr(book, _SOURCE, None)
    results = formula_results(source) if source is not None and source.exists() else {}

    def write(tmp: Path) -> None:
        book.save(tmp)
        restore_formula_results(tmp, results)

    try:
        atomic_write(Path(path), write)
    except BaseException:
        discard(book)
        raise


def discard(book: Workbook) -> None:
    """Let go of a write-only workbook that will not be saved (its file is open in Excel,
    say). Its sheets stream rows into temporary files through generators; left to the
    garbage collector, each generator is finalised after its file is closed and Python
    prints an "Exception ignored … I/O operation on closed file" block per sheet."""
    if not book.write_only:
        return
    for sheet in book.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None or getattr(sheet, "closed", True):
            continue
        with contextlib.suppress(Exception):  # already half-written: nothing to keep
            sheet.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


#: The most characters an Excel cell holds; a longer text makes Excel repair the file.
MAX_CELL_TEXT = 32_767


def clean_text(text: str, limit: int = MAX_CELL_TEXT) -> str:
    """Text a worksheet can hold: control characters (which XML forbids, but a cell can
    carry as `_x0007_`) shown as `\\x07`, and cut to Excel's cell length."""
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_cell_value(value: Any) -> Any:
    """A Python value openpyxl can store; NaN/NaT become blank, numpy scalars plain."""
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if value is pd.NA:
        return None
    return value


def set_text_safe(ws: Worksheet, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col, value=safe_cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a live formula, whatever the text starts with


def replace_table(
    book: Workbook,
    spec: Table,
    frame: pd.DataFrame,
    *,
    lang: str = "en",
    columns: Sequence[str] | None = None,
    note: str = "",
) -> Worksheet:
    """Rewrite the sheet of an output table with `frame` as an Excel Table."""
    # The sheet that holds the table now (whatever its tab says), else a new tab named in
    # the workbook's language.
    old = sheets_of_tables(book).get(spec.name)
    title = sheet_name(spec.name, lang)
    if old is None and title in book.sheetnames:
        old = title
    ws = fresh_sheet(book, old, title)
    header_row = 1
    if note:
        write_note(ws, note)
        header_row = 3
    fill_table(ws, spec, frame, header_row=header_row, lang=lang, columns=columns)
    if spec.protected:
        protect(ws)
    return ws


def fresh_sheet(book: Workbook, old: str | None, title: str) -> Worksheet:
    """An empty sheet `title` in the place of sheet `old` (dropped), or at the end."""
    if old is None:
        return book.create_sheet(title)
    index = book.sheetnames.index(old)
    book.remove(book[old])
    return book.create_sheet(title, index)


def write_note(ws: Worksheet, note: str) -> None:
    """The grey line above an output table; always text, never a formula."""
    ws.cell(row=1, column=1, value=note).font = Font(italic=True, color="FF595959")
    ws.cell(row=1, column=1).data_type = "s"


def protect(ws: Worksheet) -> None:
    """Read-only cells, but the user may still filter and sort."""
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False


def fill_table(
    ws: Worksheet,
    spec: Table,
    frame: pd.DataFrame,
    *,
    header_row: int = 1,
    lang: str = "en",
    columns: Sequence[str] | None = None,
    spare_rows: int = 0,
) -> None:
    """Header, typed values, number formats, widths, frozen header and the Excel Table."""
    keys = list(columns) if columns is not None else [c for c in frame.columns if c != "_row"]
    cols = [spec.column_for(k) for k in keys]
    frame = shown_values(frame, cols, lang)
    for c, column in enumerate(cols, start=1):
        cell = ws.cell(row=header_row, column=c, value=column.label(lang))
        cell.data_type = "s"
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.help_text(lang):
            cell.comment = Comment(column.help_text(lang), "SalesDesk help")
        shown = frame[keys[c - 1]].head(SAMPLE_ROWS) if keys[c - 1] in frame else ()
        ws.column_dimensions[get_column_letter(c)].width = fit_width(
            column.label(lang), shown, column.type, floor=column.width or 0
        )
    formats = [NUMBER_FORMATS[c.type] for c in cols]
    text_cols = {i for i, c in enumerate(cols) if c.type in ("text", "id", "month")}
    data = frame[keys].astype(object).to_numpy() if len(frame) else np.empty((0, len(keys)))
    for r, values in enumerate(data, start=header_row + 1):
        for c, value in enumerate(values):
            cell = ws.cell(row=r, column=c + 1, value=safe_cell_value(value))
            if cell.value is None:
                continue
            if c in text_cols or isinstance(cell.value, str):
                if not isinstance(cell.value, str):
                    cell.value = str(cell.value)
                cell.data_type = "s"
            elif formats[c] != "General":
                cell.number_format = formats[c]
    for r in range(header_row + 1 + len(frame), header_row + 1 + len(frame) + spare_rows):
        for c, fmt in enumerate(formats, start=1):
            if fmt != "General":
                ws.cell(row=r, column=c).number_format = fmt
    last_row = header_row + max(len(frame) + spare_rows, 1)
    ref = f"A{header_row}:{get_column_letter(max(len(keys), 1))}{last_row}"
    table = XlTable(displayName=spec.name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# ------------------------------------------------------------------ annotations
def clear_marks(ws: Worksheet) -> None:
    """Remove the fills and notes an earlier run left; the user's own are untouched."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.comment is not None:
                cell.comment = users_note(cell.comment)
            fill = cell.fill
            if fill is not None and fill.fill_type == "solid" and fill.fgColor.rgb in _MARK_COLORS:
                cell.fill = NO_FILL


#: Between a user's own note and ours below it on the same cell: what a clean run removes.
NOTE_SEPARATOR = "\n—— SalesDesk ——\n"


def users_note(comment: Comment) -> Comment | None:
    """The note without SalesDesk's part: the user's own note as they wrote it, or None
    when the note was only ours."""
    if comment.author == AUTHOR:
        return None
    text = comment.text or ""
    if NOTE_SEPARATOR not in text:
        return comment
    own = Comment(text.split(NOTE_SEPARATOR, 1)[0], comment.author)
    own.width, own.height = comment.width, comment.height
    return own


def _note_with_ours(existing: Comment | None, ours: str, lines: int) -> Comment:
    """Our note on a cell; a note the user left there stays above ours, in their name."""
    own = users_note(existing) if existing is not None else None
    if own is None:
        comment = Comment(clean_text(ours, 2000), AUTHOR)
        comment.width, comment.height = 320, 40 + 18 * lines
        return comment
    text = clean_text((own.text or "") + NOTE_SEPARATOR + ours, 2000)
    comment = Comment(text, own.author)
    comment.width, comment.height = 320, 60 + 18 * (lines + text.count("\n"))
    return comment


def sheets_of_tables(book: Workbook) -> dict[str, str]:
    """Table (or sheet) name → the sheet it is on. An issue names its table; the user may
    have renamed the sheet that holds it, and the mark must still land on the cell."""
    where = {name: name for name in book.sheetnames}
    for ws in book.worksheets:
        for table in ws.tables:
            where[table] = ws.title
    return where


def mark_cells(book: Workbook, issues: Iterable[Issue], lang: str = "en") -> None:
    """Fill and note each located cell; several issues on one cell share one note."""
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    where = sheets_of_tables(book)
    for issue in issues:
        if issue.sheet in where and issue.cell and issue.severity != "info":
            by_cell.setdefault((where[issue.sheet], issue.cell), []).append(issue)
    for (sheet, ref), found in by_cell.items():
        cell = _anchor(book[sheet], ref)
        worst = "error" if any(i.severity == "error" for i in found) else "warning"
        cell.fill = MARK_FILLS[worst]
        text = "\n".join(f"[{i.code}] {i.text(lang)}" for i in found)
        cell.comment = _note_with_ours(cell.comment, text, len(found))


def _anchor(ws: Worksheet, ref: str) -> Any:
    """The cell that carries a mark: inside merged cells, the merge's top-left cell (the
    others cannot hold a note or a fill)."""
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if ref in merged:
                return ws.cell(row=merged.min_row, column=merged.min_col)
    return cell


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
                "message": i.text(lang),
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


def write_issues(
    book: Workbook,
    issues: Sequence[Issue],
    *,
    lang: str = "en",
    stamp: bool = True,
    headline: str = "",
) -> Worksheet:
    """Fill the workbook's `Issues` sheet; an empty list empties it. `headline` replaces
    the standard line above the table (a returned copy says what was counted there)."""
    spec = TABLES["Issues"]
    where = sheets_of_tables(book)
    rows = issues_frame(issues, where, lang=lang)
    note = issues_headline(issues, lang=lang, stamp=stamp)
    ws = replace_table(book, spec, rows, lang=lang, note=headline or note)
    for r, issue in enumerate(issues, start=4):
        if issue.sheet in where and issue.cell:
            link = ws.cell(row=r, column=spec.keys.index("message") + 1)
            sheet = where[issue.sheet].replace("'", "''")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{issue.cell}")
            link.font = Font(color="FF0563C1", underline="single")
    return ws


def annotate(
    book: Workbook,
    issues: Sequence[Issue],
    sheets: Iterable[str],
    *,
    headline: str = "",
    lang: str = "en",
) -> Worksheet:
    """Clear old marks on `sheets`, mark this run's issues, rewrite `Issues` (returned)."""
    for sheet in sheets:
        if sheet in book.sheetnames:
            clear_marks(book[sheet])
    mark_cells(book, issues, lang)
    return write_issues(book, issues, headline=headline, lang=lang)
