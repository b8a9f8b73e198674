"""A worksheet whose big table's rows are written from whole columns (`sheetxml.py`)
while XlsxWriter writes everything else of the sheet as usual.

The rows are not stored cell by cell: the sheet's dimension is set from the table's
written extent, its Table is declared over one data row and then widened (XlsxWriter's
overlap check would visit every cell of the range), and when the sheet is assembled the
rows are written where XlsxWriter would have written them, with the `spans` it would
have given them. With `defer`, a placeholder stands in for them and the caller writes
them itself (`transplant`, which renumbers the styles of a sheet moved into another
workbook and so can write the rows with their final style ids straight away).

This leans on XlsxWriter's inner workings (row and cell writers, dimensions, the Table
declaration), stable across the 3.x line the project pins; tests/io/test_stream.py checks
the sheet part byte for byte against XlsxWriter writing the same cells itself.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import StringIO
from typing import Any

import xlsxwriter.workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from addin.io.xlsx.gridxml import GridRows
from addin.io.xlsx.sheetxml import RowTag, TableRows

PLACEHOLDER = "<!--salesdesk: streamed rows-->"


@dataclass(slots=True)
class Deferred:
    """Rows left for the caller to write in place of `PLACEHOLDER`."""

    rows: TableRows | GridRows
    #: per column (a grid's: per look) the cells' style id in the rendered book
    styles: list[int | None]
    spans: dict[int, str]
    tag: RowTag

    def chunks(self, style_id: Any = None) -> Iterator[str]:
        """The rows' XML; `style_id(n)` renumbers the rendered book's style ids."""
        attrs = [
            "" if s is None else f' s="{style_id(s) if style_id is not None else s}"'
            for s in self.styles
        ]
        return self.rows.chunks(attrs, self.spans.get, self.tag)


class StreamingSheet(Worksheet):
    """A worksheet that may hold one streamed table."""

    fh: Any  # XlsxWriter's writer of the sheet part
    streamed: TableRows | GridRows | None = None
    stream_formats: Sequence[Format | None] = ()
    defer: bool = False
    deferred: Deferred | None = None

    def stream(self, rows: TableRows | GridRows, formats: Sequence[Format | None]) -> None:
        """Write `rows` with these per-column formats (a grid's: its looks; None: the
        cell has none)."""
        self.streamed, self.stream_formats = rows, formats
        extent = rows.extent()
        if extent is not None:  # as writing its corner cells would
            first_row, first_col, last_row, last_col = extent
            self._check_dimensions(first_row, first_col)
            self._check_dimensions(last_row, last_col)

    def add_table(
        self,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        options: dict[str, Any] | None = None,
    ) -> Any:
        rows = self.streamed
        if rows is None or last_row <= first_row + 1:
            return super().add_table(first_row, first_col, last_row, last_col, options)
        if self._check_dimensions(last_row, last_col, True, True):
            return -1
        status = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if status:
            return status
        table = self.tables[-1]
        table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row, last_col)
        if "autofilter" in table:
            table["autofilter"] = table["a_range"]
        return status

    # ------------------------------------------------------------------ assembly
    def _write_rows(self) -> None:
        rows = self.streamed
        if rows is None or rows.rows == 0:
            super()._write_rows()
            return
        data = range(rows.first, rows.first + rows.rows)
        others = sorted(
            r
            for r in {*self.table, *self.row_info, *self.comments}
            if r in self.row_info or r in self.comments or self.table.get(r)
        )
        if any(r in data for r in others):
            raise RuntimeError(f"{self.name}: cells of the sheet among a streamed table's rows")
        spans = self._spans(others, rows)
        self.row_spans = spans
        for r in others:
            if r < data.start:
                self._one_row(r)
        styles = [self._style(c, fmt) for c, fmt in enumerate(self.stream_formats)]
        deferred = Deferred(rows, styles, spans, self._row_tag())
        if self.defer:
            self.deferred = deferred
            self.fh.write(PLACEHOLDER)
        else:
            for chunk in deferred.chunks():
                self.fh.write(chunk)
        for r in others:
            if r >= data.stop:
                self._one_row(r)

    def _style(self, col: int, fmt: Format | None) -> int | None:
        """The `s` XlsxWriter gives a cell of this column: its format's, else the
        column's format's, else none."""
        if fmt is not None:
            return int(fmt._get_xf_index())
        info = self.col_info.get(col)
        if info is not None and info.column_format is not None:
            return int(info.column_format._get_xf_index())
        return None

    def _spans(self, others: list[int], rows: TableRows | GridRows) -> dict[int, str]:
        """`_calculate_spans` over the sheet's own rows and the streamed ones."""
        reach: dict[int, tuple[int, int]] = dict(rows.block_spans())
        for r in others:
            cols = [*self.table.get(r, {}), *self.comments.get(r, {})]
            if not cols:
                continue
            low, high = min(cols), max(cols)
            if r // 16 in reach:
                low, high = min(low, reach[r // 16][0]), max(high, reach[r // 16][1])
            reach[r // 16] = (low, high)
        return {block: f"{low + 1}:{high + 1}" for block, (low, high) in reach.items()}

    def _row_tag(self) -> RowTag:
        """A data row's start tag as `_write_row` writes it, cut around number and spans."""
        fh = self.fh
        probe = StringIO()
        self.fh = probe
        try:
            self._write_row(0, "\x00")
        finally:
            self.fh = fh
        text = probe.getvalue()
        head = text[: text.index('r="') + 3]
        spans, tail = text[len(head) + 1 :].split("\x00")
        return RowTag(head, spans, tail)

    def _one_row(self, r: int) -> None:
        """One row of the sheet's own cells, as `_write_rows` writes it."""
        span = self.row_spans.get(r // 16)
        info = self.row_info.get(r)
        cells = self.table.get(r)
        if cells:
            if info is None:
                self._write_row(r, span)
            else:
                self._write_row(r, span, info)
            for col in range(self.dim_colmin, self.dim_colmax + 1):
                if col in cells:
                    self._write_cell(r, col, cells[col])
            self._xml_end_tag("row")
        else:
            self._write_empty_row(r, span, info)


class StreamingBook(xlsxwriter.Workbook):
    """A workbook whose parts are deflated at level 1 when `fast` (it holds streamed
    tables: hundreds of MB of sheet XML, where level 6 took most of the saving for a
    file ~15 % smaller — the trade `patch/package.py` makes for the parts it rewrites)."""

    fast: bool = False

    def _store_workbook(self) -> None:
        if not self.fast:
            super()._store_workbook()
            return
        module: Any = xlsxwriter.workbook
        original = module.ZipFile
        module.ZipFile = _FastZip
        try:
            super()._store_workbook()
        finally:
            module.ZipFile = original


class _FastZip(zipfile.ZipFile):
    def writestr(
        self,
        zinfo_or_arcname: Any,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel or 1)
