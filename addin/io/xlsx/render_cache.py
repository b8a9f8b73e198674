"""Sheets that many books of one run share, rendered once: `issue` writes a thousand rep
workbooks whose product list, empty report tables and their validations are the same
in every file, and XlsxWriter's per-cell work on them was most of each book's cost.

A sheet plan marked `shared` is rendered in full the first time a `SheetCache` sees it;
its sheet XML is kept, with its strings written inline (the shared string table is the
one thing a sheet's XML takes from the rest of its book). Every later book writes the
sheet's table, notes, print titles and conditional formats as usual — they live in
other parts — but no cells and no validations, and XlsxWriter emits the kept XML.

The XML also names style ids. A book rendered with a cache creates its formats in the
order the cache has seen them and fixes their ids in that order before saving, so a
style's id is the same in every book of the run whichever sheets use it.

This leans on XlsxWriter's inner workings (a worksheet assembling its XML, its Table
declarations, the string table, format ids), stable across its 3.x line that the project
pins; `tests/jobs/test_issue_shared.py` compares books built this way with books built
alone, cell by cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

from xlsxwriter.utility import _preserve_whitespace
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from addin.io.xlsx.book import SheetPlan, Style
from addin.io.xlsx.render_formats import Formats

_SHARED_STRING = re.compile(r'<c ([^>]*?) t="s"><v>(\d+)</v></c>')


@dataclass(slots=True)
class _Kept:
    sheet: SheetPlan  # held so its id is not reused by another plan while the cache lives
    position: int  # the sheet's place in its book (the first sheet is the selected tab)
    xml: str
    #: XlsxWriter's declarations of the sheet's Tables, as `add_table` made them (its
    #: overlap check visits every cell of the range: a 2,000-row list each book)
    tables: list[dict[str, Any]]


@dataclass(slots=True)
class SheetCache:
    """The kept XML of shared sheets, for the books of one run."""

    kept: dict[int, _Kept] = field(default_factory=dict)
    #: Every style the run's books have used, in the order their formats were created.
    styles: list[Style] = field(default_factory=list)

    def cacheable(self, sheet: SheetPlan) -> bool:
        """Shared, and nothing in it reaches outside its sheet XML but what is redone
        for every book (links and charts add relationships from cells)."""
        table = sheet.table
        return (
            sheet.shared
            and not sheet.charts
            and not any(cell.link for cell in sheet.cells)
            and not (table is not None and table.stream)
        )

    def find(self, sheet: SheetPlan, position: int) -> _Kept | None:
        kept = self.kept.get(id(sheet))
        if kept is None or kept.sheet is not sheet or kept.position != position:
            return None
        return kept

    def add_worksheet(self, book: Workbook, sheet: SheetPlan, position: int) -> Worksheet:
        """The sheet's worksheet in `book`: kept from an earlier book, to be kept, or
        plain when it is not shared."""
        if not self.cacheable(sheet):
            return book.add_worksheet(sheet.name)
        kept = self.find(sheet, position)
        if kept is not None:
            ws = book.add_worksheet(sheet.name, KeptSheet)
            ws.kept = kept
            return ws
        ws = book.add_worksheet(sheet.name, RecordedSheet)
        ws.cache, ws.plan, ws.position = self, sheet, position
        return ws

    def start(self, formats: Formats) -> None:
        """Create the run's formats in the run's order, before the book's own."""
        for style in self.styles:
            formats(style)

    def fix_style_ids(self, formats: Formats) -> None:
        """Number every format in creation order (XlsxWriter would number them as the
        sheets it writes first use them, which differs when a sheet's XML is kept)."""
        order = list(formats.cache)
        if order[: len(self.styles)] != self.styles:
            raise RuntimeError("a book of this run created its formats out of the run's order")
        self.styles = order
        for fmt in formats.cache.values():
            fmt._get_xf_index()


def _tables(declared: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Copies of Table declarations without their header cells' formats (the header
    cells are in the kept XML; the table part does not use them)."""
    return [
        {**table, "columns": [{**column, "name_format": None} for column in table["columns"]]}
        for table in declared
    ]


class KeptSheet(Worksheet):
    """A shared sheet whose XML was rendered by an earlier book of the run."""

    kept: _Kept

    def add_kept_tables(self) -> None:
        """The sheet's Tables, declared as in the book its XML was kept from."""
        self.tables.extend(_tables(self.kept.tables))

    def _assemble_xml_file(self) -> None:
        self.fh.write(self.kept.xml)
        self._xml_close()


class RecordedSheet(Worksheet):
    """A shared sheet rendered in full, its XML kept (strings inline) once assembled."""

    cache: SheetCache
    plan: SheetPlan
    position: int

    def _assemble_xml_file(self) -> None:
        fh = self.fh
        if not isinstance(fh, StringIO) or fh.tell() != 0:
            raise RuntimeError("a kept sheet needs XlsxWriter's in-memory mode")
        super()._assemble_xml_file()
        xml = _inline_strings(fh.getvalue(), self)
        fh.seek(0)
        fh.truncate()
        fh.write(xml)
        kept = _Kept(self.plan, self.position, xml, _tables(self.tables))
        self.cache.kept[id(self.plan)] = kept


def _inline_strings(xml: str, ws: Worksheet) -> str:
    """The sheet's shared-string cells as inline strings, escaped as XlsxWriter escapes
    its shared strings."""
    strings = ws.str_table  # sorted into its list by the time sheets are assembled

    def inline(match: re.Match[str]) -> str:
        text = ws._escape_control_characters(strings._get_shared_string(int(match.group(2))))
        space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
        return (
            f'<c {match.group(1)} t="inlineStr"><is><t{space}>{ws._escape_data(text)}</t></is></c>'
        )

    return _SHARED_STRING.sub(inline, xml)
