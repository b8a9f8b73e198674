"""The `<row>` elements of a big table as text, assembled from whole columns.

XlsxWriter stores and writes a cell at a time (a few µs each); a large company's
dashboard and plan outputs have millions of cells. Each column is encoded once
(`cellxml.py`: a code and a text per cell) and rows are assembled a chunk at a time into
one array of string pieces joined in one call — the row tag, then for every cell its
opening, reference, attributes, value and close, "" where a cell is blank. The result is
what XlsxWriter would write for the same cells, `spans` included (the range of columns
used by each block of 16 rows), so the two paths can be compared byte for byte.

Reading error cells, formulas without results and percent formats: see `scan.py`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from addin.io.xlsx.cellxml import BOOL, NUMBER, SPACED, TEXT, Cells
from addin.io.xlsx.parts import column_letter

#: Rows assembled at a time. The pieces of a chunk are one object array, reused from
#: chunk to chunk: a fresh one of 50,000 rows (80 MB for a wide table) cost more in
#: page faults than the assembly itself.
CHUNK = 8_192
#: Excel's last row and column (0-based).
MAX_ROW, MAX_COL = 1_048_575, 16_383


@dataclass(slots=True)
class RowTag:
    """How the sheet writes a row's start tag around its number and spans (its other
    attributes, when the sheet has any, are the same for every data row)."""

    head: str = '<row r="'
    spans: str = '" spans="'
    tail: str = '">'


class WrittenCells(ABC):
    """Rows of a sheet from row `first` (0-based) that know where their cells are
    written; where they extend to and the `spans` of each block of rows follow from that
    alone, for a table's columns and for a grid of our own cells alike."""

    __slots__ = ()
    first: int

    @abstractmethod
    def written(self) -> np.ndarray:
        """rows × columns: where a cell is written."""

    def extent(self) -> tuple[int, int, int, int] | None:
        """(first row, first column, last row, last column) of the written cells, or
        None when there is none."""
        written, first = self.written(), self.first
        rows = np.flatnonzero(written.any(axis=1))
        if not len(rows):
            return None
        cols = np.flatnonzero(written.any(axis=0))
        return first + int(rows[0]), int(cols[0]), first + int(rows[-1]), int(cols[-1])

    def block_spans(self) -> dict[int, tuple[int, int]]:
        """Block of 16 sheet rows → (first, last) column written in it (0-based): the
        `spans` attribute Excel reads to lay out a block of rows."""
        written, first = self.written(), self.first
        used = written.any(axis=1)
        if not used.any():
            return {}
        k = written.shape[1]
        first_col = np.where(used, written.argmax(axis=1), k)
        last_col = np.where(used, k - 1 - written[:, ::-1].argmax(axis=1), -1)
        blocks = (first + np.arange(written.shape[0])) // 16
        starts = np.flatnonzero(np.r_[True, blocks[1:] != blocks[:-1]])
        lows = np.minimum.reduceat(first_col, starts)
        highs = np.maximum.reduceat(last_col, starts)
        return {
            int(blocks[s]): (int(lo), int(hi))
            for s, lo, hi in zip(starts, lows, highs, strict=True)
            if hi >= 0
        }


@dataclass(slots=True)
class TableRows(WrittenCells):
    """The data rows of one table: its first row (0-based) and each column's cells."""

    first: int
    columns: list[Cells]

    def __post_init__(self) -> None:
        last = self.first + self.rows - 1
        if last > MAX_ROW or len(self.columns) - 1 > MAX_COL:
            raise ValueError(
                f"{self.rows:,} rows × {len(self.columns)} columns from row {self.first + 1} "
                f"do not fit in a worksheet ({MAX_ROW + 1:,} rows × {MAX_COL + 1:,} columns)"
            )

    @property
    def rows(self) -> int:
        return len(self.columns[0].codes) if self.columns else 0

    def written(self) -> np.ndarray:
        """rows × columns: where a cell is written."""
        if not self.columns:
            return np.zeros((0, 0), dtype=bool)
        return np.stack([c.codes > 0 for c in self.columns], axis=1)

    def chunks(
        self, styles: list[str], spans: Callable[[int], str | None], tag: RowTag
    ) -> Iterator[str]:
        """The rows' XML, a chunk of rows at a time. `styles`: per column the cells'
        ` s="N"` attribute or ""; `spans(block)`: the spans of a block of 16 rows."""
        letters = ['<c r="' + column_letter(c) for c in range(len(self.columns))]
        opens = [_openings(style) for style in styles]
        buffer = np.empty((min(CHUNK, self.rows), 5 * len(self.columns) + 4), dtype=object)
        for start in range(0, self.rows, CHUNK):
            stop = min(start + CHUNK, self.rows)
            yield self._chunk(start, stop, letters, opens, spans, tag, buffer[: stop - start])

    def _chunk(
        self,
        start: int,
        stop: int,
        letters: list[str],
        opens: list[tuple[np.ndarray, np.ndarray]],
        spans: Callable[[int], str | None],
        tag: RowTag,
        pieces: np.ndarray,
    ) -> str:
        """`pieces`: n × (5 columns + 4) to fill; every slot is set below."""
        n = stop - start
        rows = self.first + np.arange(start, stop)
        numbers = np.array(list(map(str, (rows + 1).tolist())), dtype=object)
        blank = np.full(n, "", dtype=object)
        used = np.zeros(n, dtype=bool)
        for c, column in enumerate(self.columns):
            codes = column.codes[start:stop]
            cell = codes > 0
            used |= cell
            at = 3 + 5 * c
            middle, close = opens[c]
            if cell.all():  # the usual column: whole-column copies, no masks
                pieces[:, at] = letters[c]
                pieces[:, at + 1] = numbers
            else:
                pieces[:, at] = np.where(cell, letters[c], blank)
                pieces[:, at + 1] = np.where(cell, numbers, blank)
            pieces[:, at + 2] = middle[codes]
            pieces[:, at + 3] = column.texts[start:stop]
            pieces[:, at + 4] = close[codes]
        blocks = rows // 16 - rows[0] // 16
        tails = np.array(
            [
                tag.spans + s + tag.tail if (s := spans(int(b))) else tag.tail
                for b in range(rows[0] // 16, rows[-1] // 16 + 1)
            ],
            dtype=object,
        )
        if used.all():
            pieces[:, 0] = tag.head
            pieces[:, 1] = numbers
            pieces[:, 2] = tails[blocks]
            pieces[:, -1] = "</row>"
        else:
            pieces[:, 0] = np.where(used, tag.head, blank)
            pieces[:, 1] = np.where(used, numbers, blank)
            pieces[:, 2] = np.where(used, tails[blocks], blank)
            pieces[:, -1] = np.where(used, "</row>", blank)
        return "".join(pieces.ravel().tolist())


def _openings(style: str) -> tuple[np.ndarray, np.ndarray]:
    """Per cell code: what follows a cell's reference up to its value, and its close."""
    middle = np.full(5, "", dtype=object)
    close = np.full(5, "", dtype=object)
    middle[NUMBER] = f'"{style}><v>'
    middle[BOOL] = f'"{style} t="b"><v>'
    middle[TEXT] = f'"{style} t="inlineStr"><is><t>'
    middle[SPACED] = f'"{style} t="inlineStr"><is><t xml:space="preserve">'
    close[NUMBER] = close[BOOL] = "</v></c>"
    close[TEXT] = close[SPACED] = "</t></is></c>"
    return middle, close
