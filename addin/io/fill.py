"""Put rows into the input tables of an existing workbook, as a person typing would.

Used by the demo (reps filling their issued workbooks) and by tests. The Excel Table is
resized to hold the rows; nothing outside the table is touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter, range_boundaries

from addin.io.writer import open_for_edit, safe_cell_value, save, sheets_of_tables
from addin.schema import TABLES


def fill_tables(source: Path, target: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    book = open_for_edit(source)
    where = sheets_of_tables(book)
    for name, frame in tables.items():
        ws = book[where[name]]
        table = ws.tables[name]
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        keys = TABLES[name].keys
        # replace whatever was pre-filled (e.g. the issued route) with the typed rows
        for row in ws.iter_rows(
            min_row=min_row + 1, max_row=max_row, min_col=min_col, max_col=max_col
        ):
            for cell in row:
                cell.value = None
        for r, values in enumerate(
            frame.reindex(columns=keys).itertuples(index=False), start=min_row + 1
        ):
            for c, value in enumerate(values, start=min_col):
                cell = ws.cell(row=r, column=c, value=safe_cell_value(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        last = max(max_row, min_row + max(len(frame), 1))
        table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last}"
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    save(book, target)
