"""Every string a user of a company folder sees, each with where it is seen.

A workbook shows: the names of its visible sheets; every cell value of a visible sheet (the
value, or for a formula the result Excel saved, never the formula's source); the quoted
text of the number formats those cells use; cell notes; print headers and footers;
data-validation prompts and error alerts, and the values a dropdown offers (a literal list,
or the cells a list points at, on a hidden sheet too); and the text of its charts (titles,
axis titles, series names and category labels, read from the chart XML parts). The
defined names (print titles) are not shown to anyone and are left out.

The language checks over these strings live in `lang_check.py`; this module only collects.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_QUOTED = re.compile(r'"([^"]*)"')
_RANGE = re.compile(r"^=?(?:'?(?P<sheet>[^'!]+)'?!)?(?P<ref>\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)$")
_HEADER_CODES = re.compile(r"&(?:\"[^\"]*\"|[A-Za-z]|\d+)")


@dataclass(frozen=True, slots=True)
class Seen:
    """A string shown to a user, and where (`plan.xlsx:目标检验!B3 note`)."""

    where: str
    text: str


def workbook_strings(path: Path, name: str) -> Iterator[Seen]:
    """Every visible string of the workbook at `path`, located under `name`."""
    book = openpyxl.load_workbook(path, data_only=True)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        yield Seen(f"{name} sheet name", ws.title)
        yield from _cells(ws, name)
        yield from _print_texts(ws, name)
        yield from _validations(ws, name, book)
    yield from chart_strings(path, name)


def _cells(ws: Worksheet, name: str) -> Iterator[Seen]:
    formats: set[str] = set()
    for row in ws.iter_rows():
        for cell in row:
            where = f"{name}:{ws.title}!{cell.coordinate}"
            if isinstance(cell.value, str) and cell.value:
                yield Seen(where, cell.value)
            if cell.value is not None and cell.number_format not in formats:
                formats.add(cell.number_format)
                for quoted in _QUOTED.findall(cell.number_format):
                    yield Seen(f"{where} number format", quoted)
            if cell.comment is not None:
                yield Seen(f"{where} note", cell.comment.text)


def _print_texts(ws: Worksheet, name: str) -> Iterator[Seen]:
    for part in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
        for side in (part.left, part.center, part.right):
            if side.text:
                text = _HEADER_CODES.sub(" ", side.text)
                yield Seen(f"{name}:{ws.title} header/footer", text)


def _validations(ws: Worksheet, name: str, book: openpyxl.Workbook) -> Iterator[Seen]:
    for dv in ws.data_validations.dataValidation:
        where = f"{name}:{ws.title}!{str(dv.sqref).split()[0]} validation"
        for text in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error):
            if text:
                yield Seen(where, text)
        if dv.type == "list" and dv.formula1:
            for value in dropdown_values(dv.formula1, ws, book):
                yield Seen(f"{where} dropdown", value)


def dropdown_values(formula: str, ws: Worksheet, book: openpyxl.Workbook) -> list[str]:
    """What a list validation offers: its literal items, or the text of the cells it names
    (a range, or a defined name for one), wherever those cells are."""
    formula = formula.strip()
    if formula.startswith('"'):
        return [item for item in formula.strip('"').split(",") if item]
    target = formula.lstrip("=")
    if target in book.defined_names:
        target = book.defined_names[target].attr_text
    match = _RANGE.match(target)
    if match is None:
        return []
    sheet = book[match["sheet"]] if match["sheet"] else ws
    cells = sheet[match["ref"].replace("$", "")]
    if not isinstance(cells, tuple):
        cells = ((cells,),)
    elif cells and not isinstance(cells[0], tuple):
        cells = (cells,)
    return [c.value for row in cells for c in row if isinstance(c.value, str) and c.value]


def chart_strings(path: Path, name: str) -> Iterator[Seen]:
    """Titles, axis titles, series names and category labels of every chart part."""
    with zipfile.ZipFile(path) as package:
        for part in package.namelist():
            if not (part.startswith("xl/charts/chart") and part.endswith(".xml")):
                continue
            root = ElementTree.fromstring(package.read(part))
            where = f"{name} {part.removeprefix('xl/charts/')}"
            for run in root.iter(f"{_A}t"):
                if run.text:
                    yield Seen(f"{where} title", run.text)
            for cache in root.iter(f"{_C}strCache"):
                for value in cache.iter(f"{_C}v"):
                    if value.text:
                        yield Seen(f"{where} label", value.text)


def folder_strings(root: Path) -> Iterator[Seen]:
    """Every visible string of every workbook under `root`. An issued rep workbook that
    came back (archive/) is read as it came back: the issued copy holds nothing more."""
    handed_in = {p.name for p in root.glob("archive/*/*.xlsx")}
    for path in sorted(root.rglob("*.xlsx")):
        if path.parent.name == "reps" and path.name in handed_in:
            continue
        yield from workbook_strings(path, path.relative_to(root).as_posix())
