"""Put a job's result file into the workbook open in Excel, a table per call.

The job has written a complete file (its output tables, the Issues table, marks on input
cells). Into the open window go: each output table that changed — number formats, then all
its values in one call, then the Excel Table's extent, header style, widths, protection —
and the marks on input cells: fills in a few multi-cell calls, notes one per cell (capped).
Nothing is read back from Excel: what was marked before comes from the saved file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from addin.core.issues import Issue
from addin.excel.cells import each_area, write_values
from addin.excel.native import delete_table, set_protection
from addin.io.writer import AUTHOR, MARK_FILLS
from addin.schema import TABLES

#: Notes and links are one call per cell; past this many the Issues sheet lists the rest.
MAX_NOTES = 300
MAX_LINKS = 300
_OUR_NOTE = re.compile(r"^\[[a-z0-9_]+\] ", re.M)
Progress = Callable[[str], None]


def rgb(argb: str) -> tuple[int, int, int]:
    text = argb[-6:]
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


MARK_RGB = {severity: rgb(fill.fgColor.rgb) for severity, fill in MARK_FILLS.items()}
_MARK_ARGB = {fill.fgColor.rgb for fill in MARK_FILLS.values()}


@dataclass(slots=True)
class Report:
    tables: list[str] = field(default_factory=list)
    marked: int = 0
    cleared: int = 0
    notes_skipped: int = 0
    links_skipped: int = 0


def is_output_sheet(ws: Worksheet) -> bool:
    """Everything but the user's input tables is the job's to rewrite (outputs, Issues,
    sheets a job adds such as pay slips); unchanged ones are left alone."""
    return not any(name in TABLES and TABLES[name].role == "input" for name in ws.tables)


def _excel_value(value: Any, number_format: str) -> Any:
    """What to hand Excel so it stores exactly `value`: Excel parses text as if typed
    ("=…" becomes a formula, "007" a number) unless the cell is Text or the text starts
    with an apostrophe, which Excel keeps as a mark, not as part of the value."""
    if isinstance(value, str) and value and number_format != "@":
        return "'" + value
    if isinstance(value, dt.time):
        return value
    return value


def sheet_matrix(ws: Worksheet) -> list[list[Any]]:
    """All values of a result sheet, each as Excel must be handed it to store it exactly.

    Each cell's own number format decides (formats are written before values): a column's
    first data cell may be blank and carry no format while the rest are Text."""
    rows, cols = ws.max_row, ws.max_column
    return [
        [_excel_value(cell.value, cell.number_format or "General") for cell in row]
        for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols)
    ]


def header_row(ws: Worksheet) -> int:
    for table in ws.tables.values():
        return int(re.sub(r"\D", "", table.ref.split(":")[0]) or 1)
    return 1


def _runs(values: Sequence[Any]) -> list[tuple[int, int, Any]]:
    """(first, last, value) of each run of equal neighbours, 1-based."""
    runs: list[tuple[int, int, Any]] = []
    for i, value in enumerate(values, start=1):
        if runs and runs[-1][2] == value:
            runs[-1] = (runs[-1][0], i, value)
        else:
            runs.append((i, i, value))
    return runs


def write_table_sheet(
    book: Any, after: Worksheet, before: Worksheet | None, previous: str | None, report: Report
) -> None:
    """Replace one output sheet's content in the open book with `after`'s."""
    name = after.title
    names = [s.name for s in book.sheets]
    if name in names:
        sheet = book.sheets[name]
        set_protection(sheet, False)
    else:
        if previous is None:
            sheet = book.sheets.add(name, before=book.sheets[0])
        else:
            anchor = previous if previous in names else names[-1]
            sheet = book.sheets.add(name, after=book.sheets[anchor])
    matrix = sheet_matrix(after)
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    header = header_row(after)
    old_rows = before.max_row if before is not None else 0
    old_cols = before.max_column if before is not None else 0
    if old_rows > rows:
        sheet.range((rows + 1, 1), (old_rows, max(cols, old_cols))).clear()
    if old_cols > cols:
        sheet.range((1, cols + 1), (max(rows, old_rows), old_cols)).clear()
    # formats first: a Text (@) cell then keeps whatever text it is given
    sync_styles(sheet, after, before, rows, cols, ("format",))
    write_values(sheet, matrix)
    sync_styles(sheet, after, before, rows, cols, ("fill", "font"))
    _table(sheet, after, header, rows, cols)
    widths = [
        after.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, cols + 1)
    ]
    for first, last, width in _runs(widths):
        sheet.range((1, first), (1, last)).column_width = width
    _sheet_notes(sheet, after, before)
    _links(sheet, after, report)
    if after.protection.sheet:
        set_protection(sheet, True)


def _style(cell: Any, kind: str) -> Any:
    if kind == "format":
        return cell.number_format or "General"
    if kind == "fill":
        fill = cell.fill
        ok = fill is not None and fill.fill_type == "solid" and isinstance(fill.fgColor.rgb, str)
        return rgb(fill.fgColor.rgb) if ok else None
    font = cell.font
    color = font.color.rgb if font.color is not None and isinstance(font.color.rgb, str) else None
    return bool(font.b), bool(font.i), rgb(color) if color else None


def _styles_of(ws: Worksheet | None, rows: int, cols: int, kind: str) -> dict[tuple[int, int], Any]:
    if ws is None:
        return {}
    return {
        (cell.row, cell.column): _style(cell, kind)
        for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols)
        for cell in row
    }


_DEFAULT = {"format": "General", "fill": None, "font": (False, False, None)}


def sync_styles(
    sheet: Any,
    after: Worksheet,
    before: Worksheet | None,
    rows: int,
    cols: int,
    kinds: Sequence[str] = ("format", "fill", "font"),
) -> None:
    """Number formats, fills and fonts of `after` that differ from `before`."""
    for kind in kinds:
        _sync(
            sheet,
            _styles_of(after, rows, cols, kind),
            _styles_of(before, rows, cols, kind),
            STYLE_SETTERS[kind],
        )


def _sync(
    sheet: Any,
    want: dict[tuple[int, int], Any],
    had: dict[tuple[int, int], Any],
    apply: Callable[[Any, Any], None],
) -> None:
    """Send only the styles that differ, grouped by value into column runs and joined
    into multi-area addresses: a uniform column of any length costs one address."""
    groups: dict[Any, dict[int, list[int]]] = {}
    for (r, c), value in want.items():
        old = had.get((r, c), _guess_default(value))
        if old != value:
            groups.setdefault(value, {}).setdefault(c, []).append(r)
    for value, columns in groups.items():
        blocks = []
        for c, rows in sorted(columns.items()):
            letter = get_column_letter(c)
            for first, last, _ in _runs_of_rows(sorted(rows)):
                blocks.append(
                    f"{letter}{first}" if first == last else f"{letter}{first}:{letter}{last}"
                )
        each_area(sheet, blocks, apply, value)


def _guess_default(value: Any) -> Any:
    if isinstance(value, str):
        return _DEFAULT["format"]
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], bool):
        return _DEFAULT["font"]
    return _DEFAULT["fill"]


def _runs_of_rows(rows: Sequence[int]) -> list[tuple[int, int, None]]:
    out: list[tuple[int, int, None]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r, None)
        else:
            out.append((r, r, None))
    return out


def _set_color(rng: Any, color: tuple[int, int, int] | None) -> None:
    rng.color = color


def _set_format(rng: Any, number_format: str) -> None:
    rng.number_format = number_format


def _set_font(rng: Any, value: tuple[bool, bool, tuple[int, int, int] | None]) -> None:
    bold, italic, color = value
    rng.font.bold = bold
    rng.font.italic = italic
    if color is not None:
        rng.font.color = color


STYLE_SETTERS: dict[str, Callable[[Any, Any], None]] = {
    "format": _set_format,
    "fill": _set_color,
    "font": _set_font,
}


def _table(sheet: Any, after: Worksheet, header: int, rows: int, cols: int) -> None:
    name = next(iter(after.tables), None)
    if name is None:
        return
    target = sheet.range((header, 1), (max(rows, header + 1), cols))
    existing = next((t for t in sheet.tables if t.name == name), None)
    if existing is not None:
        where = existing.range
        if where.row == header and where.column == 1:
            existing.resize(target)
            return
        delete_table(existing)
    style = after.tables[name].tableStyleInfo
    sheet.tables.add(
        source=target,
        name=name,
        table_style_name=style.name if style is not None else "TableStyleMedium2",
    )


def _sheet_notes(sheet: Any, after: Worksheet, before: Worksheet | None) -> None:
    """Notes on an output sheet (column help on the header): one call per changed note."""

    def notes(ws: Worksheet | None) -> dict[str, str]:
        if ws is None:
            return {}
        return {
            c.coordinate: c.comment.text
            for row in ws.iter_rows()
            for c in row
            if c.comment is not None
        }

    want, had = notes(after), notes(before)
    for coordinate in sorted(set(want) | set(had)):
        if want.get(coordinate) == had.get(coordinate):
            continue
        cell = sheet.range(coordinate)
        if coordinate in had:
            note = cell.note
            if note is not None:
                note.delete()
        if coordinate in want:
            cell.add_note(want[coordinate])


def _links(sheet: Any, after: Worksheet, report: Report) -> None:
    links = [
        (cell.coordinate, cell.hyperlink.location, str(cell.value))
        for row in after.iter_rows()
        for cell in row
        if cell.hyperlink is not None and cell.hyperlink.location
    ]
    for coordinate, location, text in links[:MAX_LINKS]:
        sheet.range(coordinate).add_hyperlink(f"#{location}", text, f"Go to {location}")
    report.links_skipped += max(0, len(links) - MAX_LINKS)


# ------------------------------------------------------------------------- marks
def is_our_note(comment: Any) -> bool:
    """SalesDesk's own note: written by the command line (author) or by Excel for us
    (Excel signs with the user's name, so the `[code] message` lines tell)."""
    if comment is None:
        return False
    return comment.author == AUTHOR or bool(_OUR_NOTE.match(comment.text or ""))


def old_marks(
    book: openpyxl.Workbook, sheets: Iterable[str]
) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(sheet, cell) → (severity of our fill, text of our note) in the workbook as saved."""
    severity = {fill.fgColor.rgb: name for name, fill in MARK_FILLS.items()}
    out: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for name in sheets:
        for row in book[name].iter_rows():
            for cell in row:
                fill = cell.fill
                mark = (
                    severity.get(fill.fgColor.rgb)
                    if fill is not None and fill.fill_type == "solid"
                    else None
                )
                note = cell.comment.text if is_our_note(cell.comment) else None
                if mark or note:
                    out[(name, cell.coordinate)] = (mark, note)
    return out


def new_marks(issues: Iterable[Issue], sheets: set[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, cell) → (severity, note text), as the writer marks them."""
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        sheet = issue.tab if issue.tab in sheets else issue.sheet  # a tab the user renamed
        if sheet in sheets and issue.cell and issue.severity != "info":
            by_cell.setdefault((sheet, issue.cell), []).append(issue)
    return {
        key: (
            "error" if any(i.severity == "error" for i in found) else "warning",
            "\n".join(f"[{i.code}] {i.message}" for i in found)[:2000],
        )
        for key, found in by_cell.items()
    }


def write_marks(
    book: Any,
    before: openpyxl.Workbook,
    issues: Sequence[Issue],
    sheets: Sequence[str],
    report: Report,
) -> None:
    """Only what differs from the saved workbook is sent: a second run with the same
    issues costs no calls at all."""
    was = old_marks(before, sheets)
    now = new_marks(issues, set(sheets))
    for name in sheets:
        sheet = book.sheets[name]
        fills: dict[Any, list[str]] = {}
        for (s, cell), (old_fill, _) in was.items():
            if s == name and old_fill and (s, cell) not in now:
                fills.setdefault(None, []).append(cell)
        for (s, cell), (severity, _) in now.items():
            if s == name and was.get((s, cell), (None, None))[0] != severity:
                fills.setdefault(severity, []).append(cell)
        for severity, cells in fills.items():
            color = MARK_RGB[severity] if severity else None
            each_area(sheet, sorted(cells), _set_color, color)
        report.cleared += len(fills.get(None, []))
    budget = MAX_NOTES
    for (name, cell), (_, old_note) in sorted(was.items()):
        if old_note is not None and now.get((name, cell), ("", None))[1] != old_note:
            note = book.sheets[name].range(cell).note
            if note is not None:
                note.delete()
    for (name, cell), (_, text) in sorted(now.items()):
        old_note = was.get((name, cell), (None, None))[1]
        if old_note == text:
            continue
        if budget == 0:
            report.notes_skipped += 1
            continue
        target = book.sheets[name].range(cell)
        if old_note is None and before[name][cell].comment is not None:
            existing = target.note  # the user's own note: the writer replaces it too
            if existing is not None:
                existing.delete()
        target.add_note(text)
        budget -= 1
    report.marked += len(now)


def _order(book: Any, wanted: Sequence[str]) -> None:
    """Sheets in the order the job left them; sheets only the window has go last."""
    for i, name in enumerate(wanted):
        names = [s.name for s in book.sheets]
        if name not in names or names.index(name) == i:
            continue
        if i == 0:
            book.sheets[name].move(before=book.sheets[names[0]])
        else:
            book.sheets[name].move(after=book.sheets[wanted[i - 1]])


def apply_result(
    book: Any,
    before_path: Path,
    after_path: Path,
    issues: Sequence[Issue],
    file_name: str,
    progress: Progress,
) -> Report:
    """Make the open `book` show what the job wrote into `after_path`."""
    report = Report()
    before = openpyxl.load_workbook(before_path)
    after = openpyxl.load_workbook(after_path)
    outputs = [ws for ws in after.worksheets if is_output_sheet(ws)]
    previous: str | None = None
    for ws in after.worksheets:
        if ws in outputs:
            old = before[ws.title] if ws.title in before.sheetnames else None
            if old is None or list(old.values) != list(ws.values):
                progress(f"writing {ws.title}")
                write_table_sheet(book, ws, old, previous, report)
                report.tables.append(ws.title)
        previous = ws.title
    _order(book, after.sheetnames)
    inputs = [
        ws.title for ws in after.worksheets if ws not in outputs and ws.title in before.sheetnames
    ]
    mine = [i for i in issues if not i.file or i.file == file_name]
    progress("marking cells")
    write_marks(book, before, mine, inputs, report)
    return report
