"""One edit of an existing workbook: output sheets replaced whole, the marks on input
cells (fills and notes) put on and taken off, the workbook opened on a chosen sheet —
written as one atomic save that changes only the parts it must.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from addin.io.xlsx.book import BookPlan, SheetPlan
from addin.io.xlsx.parts import column_index, column_letter
from addin.io.xlsx.patch.cells import restyle
from addin.io.xlsx.patch.notes import renote
from addin.io.xlsx.patch.package import Package
from addin.io.xlsx.patch.styles import StyleSheet
from addin.io.xlsx.patch.transplant import Source, transplant
from addin.io.xlsx.relationships import WORKBOOK
from addin.io.xlsx.render import write_plan
from addin.io.xlsx.render_stream import Deferred

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")
_TABLE_NAME = re.compile(rb'<(?:\w+:)?table\b[^>]*?\s(?:name|displayName)="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Mark:
    """What a flagged cell shows: our fill of `severity` and our note."""

    severity: str  # "error" or "warning"
    note: str


def tables_on_sheets(path: Path) -> dict[str, str]:
    """Table (or sheet) name → the sheet it is on now. An issue names its table; the user
    may have renamed the sheet that holds it, and the mark must still land on the cell."""
    with Package(path) as pkg:
        return _where(pkg)


def sheet_titles(path: Path) -> list[str]:
    """The workbook's sheet names, in tab order."""
    with Package(path) as pkg:
        return list(pkg.sheets())


def _where(pkg: Package) -> dict[str, str]:
    sheets = pkg.sheets()
    where = {name: name for name in sheets}
    for name, part in sheets.items():
        for rel in pkg.rels(part):
            target = pkg.target(part, rel)
            if rel.type == "table" and pkg.has(target):
                for table in _TABLE_NAME.findall(pkg.read(target)[:4096]):
                    where[table.decode("utf-8")] = name
    return where


def patch_workbook(
    path: Path,
    *,
    sheets: Sequence[SheetPlan] = (),
    marks: Mapping[tuple[str, str], Mark] | None = None,
    clean: Iterable[str] = (),
    show: str = "",
    target: Path | None = None,
    font: str = "",
) -> None:
    """Edit the workbook at `path` and save it over `target` (default: itself).

    `sheets` replace the sheet holding their table (else the sheet of their name) or are
    added as last tabs; `marks` (sheet, cell) are put on, every other mark of ours on the
    sheets in `clean` and in `marks` is taken off; `show` names the sheet it opens on;
    `font` is the font the new sheets' cells are written in.
    """
    with Package(path) as pkg:
        styles_part = _styles_part(pkg)
        styles = StyleSheet(pkg.read(styles_part).decode("utf-8") if styles_part else None)
        titles: dict[str, str] = {}
        if sheets:
            where = _where(pkg)
            buffer, deferred = _render(sheets, font)
            source = Source(zipfile.ZipFile(buffer), deferred)
            for plan in sheets:
                held = where.get(plan.table.name) if plan.table is not None else None
                titles[plan.name] = transplant(
                    pkg, styles, source, plan.name, held or where.get(plan.name)
                )
        _mark(pkg, styles, marks or {}, set(clean))
        if show:
            _show(pkg, titles.get(show, show))
        if styles.changed:
            if not styles_part:
                raise ValueError("the workbook has no stylesheet to add our fills to")
            pkg.write(styles_part, styles.xml())
        pkg.save(target or path)


def _render(sheets: Sequence[SheetPlan], font: str = "") -> tuple[io.BytesIO, dict[str, Deferred]]:
    """The sheets rendered in memory; a big table's rows are left for `transplant` to
    write with their final style ids as the workbook is saved."""
    buffer = io.BytesIO()
    deferred = write_plan(BookPlan(sheets=list(sheets), font=font), buffer, defer=True)
    buffer.seek(0)
    return buffer, deferred


def _styles_part(pkg: Package) -> str:
    for rel in pkg.rels(WORKBOOK):
        if rel.type == "styles":
            return pkg.target(WORKBOOK, rel)
    return ""


def _mark(
    pkg: Package, styles: StyleSheet, marks: Mapping[tuple[str, str], Mark], clean: set[str]
) -> None:
    parts = pkg.sheets()
    by_sheet: dict[str, dict[str, Mark]] = {}
    for (sheet, ref), mark in marks.items():
        by_sheet.setdefault(sheet, {})[ref] = mark
    was_marked = styles.mark_xfs()
    for sheet in sorted((clean | set(by_sheet)) & set(parts), key=list(parts).index):
        part = parts[sheet]
        data = pkg.read(part)
        anchored = _anchor(data, by_sheet.get(sheet, {}))
        targets = {_cell(ref): mark.severity for ref, mark in anchored.items()}
        new = restyle(data, targets, styles, was_marked)
        xml = renote(
            pkg, part, new if new is not None else data, {r: m.note for r, m in anchored.items()}
        )
        if xml is not data:
            pkg.write(part, xml)


def _cell(ref: str) -> tuple[int, int]:
    m = _CELL.fullmatch(ref)
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m[2]), column_index(m[1])


def _anchor(data: bytes, marks: dict[str, Mark]) -> dict[str, Mark]:
    """Marks moved to the top-left cell of the merged range they fall in (the only cell
    of a merge that can hold a fill or a note); several on one cell share one note."""
    if not marks:
        return {}
    tail = data.rfind(b"</sheetData>")
    merges = [
        (int(m[2]), column_index(m[1].decode()), int(m[4]), column_index(m[3].decode()))
        for m in _MERGE.finditer(data, max(tail, 0))
    ]
    out: dict[str, Mark] = {}
    for ref, mark in marks.items():
        row, col = _cell(ref)
        for r0, c0, r1, c1 in merges:
            if r0 <= row <= r1 and c0 <= col <= c1:
                ref = f"{column_letter(c0)}{r0}"
                break
        if ref in out:
            worst = "error" if "error" in (out[ref].severity, mark.severity) else "warning"
            mark = Mark(worst, out[ref].note + "\n" + mark.note)
        out[ref] = mark
    return out


def _show(pkg: Package, title: str) -> None:
    """Open the workbook on sheet `title`, with that tab alone selected (several selected
    tabs are a group in Excel, and the next edit would land on every sheet of it)."""
    sheets = pkg.sheets()
    if title not in sheets:
        return
    for name, part in sheets.items():
        data = pkg.read(part)
        head_end = data.find(b"sheetData")
        head = data[:head_end] if head_end >= 0 else data
        new_head = re.sub(rb'\stabSelected="(?:1|true)"', b"", head)
        if name == title:
            new_head = re.sub(
                rb"(<(?:\w+:)?sheetView\b)", rb'\1 tabSelected="1"', new_head, count=1
            )
        if new_head != head:
            pkg.write(part, new_head + data[len(head) :])
    book = pkg.read(WORKBOOK).decode("utf-8")
    index = list(sheets).index(title)
    view = re.search(r"<(?:\w+:)?workbookView\b[^>]*?/?>", book)
    if view is None:
        return
    tag = re.sub(r'\s(?:activeTab|firstSheet)="\d+"', "", view[0])
    tag = re.sub(r"(/?>)$", f' activeTab="{index}"' + r"\1", tag)
    pkg.write(WORKBOOK, (book[: view.start()] + tag + book[view.end() :]).encode("utf-8"))
