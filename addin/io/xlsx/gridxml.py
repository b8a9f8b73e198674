"""A sheet's own cells (`SheetPlan.cells`, not a table) as `<row>` XML in one pass.

A sheet of many small blocks — 1,000 appraisal slips are 170,000 cells of labels,
numbers and formulas in a score of looks — cost XlsxWriter a few µs a cell to store and
as much again to write. Here each cell becomes a code and a text once (a label met a
thousand times is cleaned and escaped once) and the rows are assembled as `sheetxml.py`
assembles a table's: the XML XlsxWriter writes for the same cells, style ids and spans
included, with text inline as `transplant` writes a moved sheet's shared strings.

Only cells XlsxWriter would store as they are take this path: a link, a formula that
XlsxWriter rewrites (dynamic-array functions, array formulas) or a value it refuses
(NaN, a boolean…) sends the whole sheet back to the cell-by-cell path.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from xlsxwriter.worksheet import re_dynamic_function

from addin.io.writer import clean_text
from addin.io.xlsx.book import Cell, Style
from addin.io.xlsx.cellxml import NONE, NUMBER, SPACED, TEXT, Cells, _string
from addin.io.xlsx.parts import column_letter
from addin.io.xlsx.sheetxml import MAX_COL, MAX_ROW, RowTag, WrittenCells

#: Cell codes beyond `cellxml`'s: a formula without a cached result, a formatted blank.
FORMULA, BLANK = 5, 6
_CODES = 7
_NO_DIGITS = str.maketrans("", "", "0123456789")


@dataclass(slots=True)
class GridRows(WrittenCells):
    """Cells by sheet row and column: `codes` (NONE: no cell), `texts` (the value as
    written inside the cell's element) and `styles` (index into the sheet's list of
    looks, -1: none), each rows × columns from sheet row `first` (0-based) and column A."""

    first: int
    codes: np.ndarray  # uint8
    texts: np.ndarray  # object
    styles: np.ndarray  # int64

    @property
    def rows(self) -> int:
        return int(self.codes.shape[0])

    def written(self) -> np.ndarray:
        return np.asarray(self.codes > NONE)

    def chunks(
        self, styles: list[str], spans: Callable[[int], str | None], tag: RowTag
    ) -> Iterator[str]:
        """The rows' XML. `styles`: per look its ` s="N"` attribute or ""."""
        n, k = self.codes.shape
        if not n:
            return
        attrs = [*styles, ""]  # index -1: a cell without a look
        middle = np.empty((len(attrs), _CODES), dtype=object)
        close = np.empty(_CODES, dtype=object)
        for s, attr in enumerate(attrs):
            middle[s] = [
                "",
                f'"{attr}><v>',
                f'"{attr} t="inlineStr"><is><t>',
                f'"{attr} t="inlineStr"><is><t xml:space="preserve">',
                f'"{attr} t="b"><v>',
                f'"{attr}><f>',
                f'"{attr}/>',
            ]
        close[:] = [
            "",
            "</v></c>",
            "</t></is></c>",
            "</t></is></c>",
            "</v></c>",
            "</f><v></v></c>",
            "",
        ]
        written = self.written()
        used = np.asarray(written.any(axis=1), dtype=bool)
        rows = self.first + np.arange(n)
        numbers = (rows + 1).astype(str).astype(object)
        blank = np.full(n, "", dtype=object)
        pieces = np.empty((n, 5 * k + 4), dtype=object)
        for c in range(k):
            cell = written[:, c]
            at = 3 + 5 * c
            pieces[:, at] = np.where(cell, '<c r="' + column_letter(c), blank)
            pieces[:, at + 1] = np.where(cell, numbers, blank)
            pieces[:, at + 2] = middle[self.styles[:, c], self.codes[:, c]]
            pieces[:, at + 3] = self.texts[:, c]
            pieces[:, at + 4] = close[self.codes[:, c]]
        blocks = rows // 16
        tails = {
            int(b): tag.spans + span + tag.tail if (span := spans(int(b))) else tag.tail
            for b in np.unique(blocks[used]).tolist()
        }
        pieces[:, 0] = np.where(used, tag.head, blank)
        pieces[:, 1] = np.where(used, numbers, blank)
        pieces[:, 2] = [
            tails[b] if u else "" for b, u in zip(blocks.tolist(), used.tolist(), strict=True)
        ]
        pieces[:, -1] = np.where(used, "</row>", blank)
        yield "".join(pieces[used].ravel().tolist())


def _rewritten(formula: str, seen: dict[str, bool]) -> bool:
    """Whether XlsxWriter rewrites `formula` (array formulas, dynamic-array functions).
    Asked once per formula shape: its functions are words without digits, and taking the
    digits out of the cell references can only add a match, never lose one."""
    shape = formula.translate(_NO_DIGITS)
    found = seen.get(shape)
    if found is None:
        found = seen[shape] = bool(
            shape.startswith("{") or "INGLE(" in shape or re_dynamic_function.search(shape)
        )
    return found


@dataclass(slots=True)
class TableBlock:
    """A table's data rows as the cell-by-cell path writes them under the sheet's own
    cells: each column's cells (`cellxml.column_cells`) in its format, then spare rows
    of formatted blanks down to the table's last row."""

    first: int  # 0-based sheet row of the first data row
    columns: list[Cells]
    formats: list[Any]  # per column: the format of its written cells (None: none)
    blanks: list[Any]  # per column: the format of its spare rows' blanks (None: no cell)
    rows: int  # data rows and spare rows


def grid_rows(
    cells: Sequence[Cell], look: Callable[[Style | None], Any], block: TableBlock | None = None
) -> tuple[GridRows, list[Any]] | None:
    """The cells (over a table's rows, when `block` is given: the cells must lie within
    them) as a grid, and the sheet's looks (`look(style)`: the style's format, None for
    none) in the order the grid's style indices count them; None when a cell must be
    written by XlsxWriter itself."""
    if not cells and block is None:
        return None
    # Keyed by identity: a sheet's cells share a few style objects, and hashing a Style
    # (every field) per cell cost more than the rest of the cell.
    looks: dict[int, int] = {}
    formats: list[Any] = []

    def index_of(fmt: Any) -> int:
        if fmt is None:
            return -1
        found = looks.get(id(fmt))
        if found is None:
            found = looks[id(fmt)] = len(formats)
            formats.append(fmt)
        return found

    texts_of: dict[str, tuple[int, str]] = {}
    rewritten: dict[str, bool] = {}
    styled: dict[int, int] = {}
    placed: list[tuple[int, int, int, str, int]] = []
    add = placed.append
    for cell in cells:
        row, col, value = cell.row - 1, cell.col - 1, cell.value
        if not (0 <= row <= MAX_ROW and 0 <= col <= MAX_COL) or cell.link:
            return None
        style = styled.get(id(cell.style))
        if style is None:
            style = styled[id(cell.style)] = index_of(look(cell.style))
        if cell.formula:
            if _rewritten(value, rewritten):
                return None
            text = value.removeprefix("=")
            if "&" in text or "<" in text or ">" in text:
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            add((row, col, FORMULA, text, style))
        elif isinstance(value, str):
            if value:
                found = texts_of.get(value)
                if found is None:
                    found = texts_of[value] = _string(clean_text(value))
                add((row, col, found[0], found[1], style))
            elif style >= 0:  # XlsxWriter keeps a blank cell only when it has a look
                add((row, col, BLANK, "", style))
        elif value is None:
            if style >= 0:
                add((row, col, BLANK, "", style))
        elif isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool | np.bool_
        ):
            try:
                if not math.isfinite(value):
                    return None
            except OverflowError:
                return None
            add((row, col, NUMBER, f"{value:.16G}", style))
        else:
            return None
    if block is not None:
        return _over_block(block, placed, index_of, formats)
    if not placed:
        return None
    at_row, at_col, kinds, values, looked = _columns(placed)
    first = int(at_row.min())
    shape = (int(at_row.max()) - first + 1, int(at_col.max()) + 1)
    codes = np.zeros(shape, dtype=np.uint8)
    texts = np.full(shape, "", dtype=object)
    styles = np.full(shape, -1, dtype=np.int64)
    _place(codes, texts, styles, (at_row - first, at_col, kinds, values, looked))
    return _in_use_order(GridRows(first, codes, texts, styles), formats)


Placed = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _columns(placed: list[tuple[int, int, int, str, int]]) -> Placed:
    """The placed cells as arrays: row, column, code, text, look."""
    rows, cols, codes, texts, looks = zip(*placed, strict=True)
    return (
        np.array(rows, dtype=np.int64),
        np.array(cols, dtype=np.int64),
        np.array(codes, dtype=np.uint8),
        np.array(texts, dtype=object),
        np.array(looks, dtype=np.int64),
    )


def _over_block(
    block: TableBlock,
    placed: list[tuple[int, int, int, str, int]],
    index_of: Callable[[Any], int],
    formats: list[Any],
) -> tuple[GridRows, list[Any]] | None:
    """The table's rows with the sheet's cells over them, as the cell-by-cell path
    writes the table first and the cells after."""
    width = max([len(block.columns), *(p[1] + 1 for p in placed)])
    codes = np.zeros((block.rows, width), dtype=np.uint8)
    texts = np.full((block.rows, width), "", dtype=object)
    styles = np.full((block.rows, width), -1, dtype=np.int64)
    for c, column in enumerate(block.columns):
        n = len(column.codes)
        codes[:n, c] = column.codes
        texts[:n, c] = column.texts
        styles[:n, c] = index_of(block.formats[c])
        if block.blanks[c] is not None:
            codes[n:, c] = BLANK
            styles[n:, c] = index_of(block.blanks[c])
    if placed:
        at_row, at_col, kinds, values, looked = _columns(placed)
        at_row -= block.first
        if at_row.min() < 0 or at_row.max() >= block.rows:
            return None
        _place(codes, texts, styles, (at_row, at_col, kinds, values, looked))
    return _in_use_order(GridRows(block.first, codes, texts, styles), formats)


def _place(codes: np.ndarray, texts: np.ndarray, styles: np.ndarray, placed: Placed) -> None:
    """The placed cells (rows counted from the grid's first) written into the grid; a
    later cell at the same place wins, as it does in XlsxWriter."""
    r, c, kinds, values, looked = placed
    place = r * codes.shape[1] + c
    _, from_end = np.unique(place[::-1], return_index=True)
    keep = len(place) - 1 - from_end
    codes[r[keep], c[keep]] = kinds[keep]
    texts[r[keep], c[keep]] = values[keep]
    styles[r[keep], c[keep]] = looked[keep]


def _in_use_order(grid: GridRows, formats: list[Any]) -> tuple[GridRows, list[Any]]:
    """The looks in the order the sheet's XML first uses them, as the moved sheet's are
    merged into the workbook's stylesheet; a look only overwritten cells had is none."""
    seen = grid.styles[(grid.codes > NONE) & (grid.styles >= 0)]
    used, first_at = np.unique(seen, return_index=True)
    order = used[np.argsort(first_at)]
    renumber = np.full(len(formats) + 1, -1, dtype=np.int64)  # the last: -1 stays -1
    renumber[order] = np.arange(len(order))
    grid.styles = renumber[grid.styles]
    return grid, [formats[i] for i in order.tolist()]


__all__ = ["BLANK", "FORMULA", "SPACED", "TEXT", "GridRows", "TableBlock", "grid_rows"]
