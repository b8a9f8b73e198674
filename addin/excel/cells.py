"""How cells reach an open window: addresses per platform, big tables in chunks.

- Styles go to many cells at once through multi-area addresses ("D4:D9,F4:F9"). On
  Windows xlwings hands the address to COM's `Sheet.Range`, which takes every area. On
  macOS xlwings' `Sheet.range(str)` splits the address at ":" and keeps the text before
  the first colon (`_xlmac.Sheet.range`), so "D4:D9,F4:F9" reaches Excel as "D4": there
  each area goes in its own call.
- A table's values go in chunks of rows, each one Apple event or COM call of bounded size,
  so no single call runs into the Apple event timeout (about a minute) or Excel's
  "waiting for an OLE action" dialog. On macOS each chunk is sent with the timeout lifted
  as xlwings does for its own long calls (open, save: `timeout=-1`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

#: Excel refuses a multi-area address longer than 255 characters.
MAX_ADDRESS = 250
#: Cells per call when writing a table's values: a few seconds' worth of Apple events or
#: COM marshalling even for text-heavy rows.
CHUNK_CELLS = 20_000
#: xlwings' own value for Apple events that may take long (see its `_xlmac.Book.save`).
MAC_TIMEOUT = -1


def is_mac(sheet: Any) -> bool:
    """The sheet is driven through xlwings' AppleScript engine (Excel for Mac)."""
    return type(sheet.impl).__module__.endswith("_xlmac")


def join_areas(cells: Sequence[str]) -> list[str]:
    """Cell addresses joined into multi-area addresses Excel accepts (≤255 characters)."""
    out: list[str] = []
    for cell in cells:
        if out and len(out[-1]) + 1 + len(cell) <= MAX_ADDRESS:
            out[-1] += "," + cell
        else:
            out.append(cell)
    return out


def each_area(
    sheet: Any, cells: Sequence[str], apply: Callable[[Any, Any], None], value: Any
) -> int:
    """`apply(range, value)` on ranges that together cover every address in `cells` (areas
    such as "D4" or "D4:D9"); returns the number of calls made."""
    addresses = list(cells) if is_mac(sheet) else join_areas(cells)
    for address in addresses:
        apply(sheet.range(address), value)
    return len(addresses)


def rows_per_chunk(columns: int) -> int:
    return max(1, CHUNK_CELLS // max(1, columns))


def chunks(matrix: Sequence[Sequence[Any]], columns: int) -> Iterator[tuple[int, Sequence[Any]]]:
    """(first row offset, rows) of each chunk."""
    step = rows_per_chunk(columns)
    for start in range(0, len(matrix), step):
        yield start, matrix[start : start + step]


def write_values(sheet: Any, matrix: list[list[Any]]) -> int:
    """Put `matrix` into the sheet from A1, a chunk of rows per call; returns the calls."""
    if not matrix or not matrix[0]:
        return 0
    columns = len(matrix[0])
    if not is_mac(sheet):
        sheet.range((1, 1)).options(chunksize=rows_per_chunk(columns)).value = matrix
        return -(-len(matrix) // rows_per_chunk(columns))
    # xlwings' write stages for a list of lists, as in conversion.standard: each element
    # cleaned by the engine (CleanDataForWriteStage), then the range's value set
    # (WriteValueToRangeStage); here with the timeout lifted.
    engine = sys.modules[type(sheet.impl).__module__].engine
    calls = 0
    for start, rows in chunks(matrix, columns):
        target = sheet.range((start + 1, 1), (start + len(rows), columns))
        values = [[engine.prepare_xl_data_element(x, {}) for x in row] for row in rows]
        target.impl.xl.value.set(values, timeout=MAC_TIMEOUT)
        calls += 1
    return calls
