"""A streamed table's rows (spliced into the saved workbook as sheet XML) read back
exactly, whatever the text holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from addin.books.dashboard.sheets import stream_sheet
from addin.io.xlsx.book import BookPlan
from addin.io.xlsx.render import render
from addin.schema import TABLES
from addin.schema.vocab import col


def test_spliced_rows_read_back(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "kind": ["a & b", "<tag>", "=SUM(A1)", "bell\x07", None, "  padded "],
            "severity": ["high"] * 6,
            "rep_id": ["R1", "R2", "", "R3", "R4", "R5"],
            "customer_id": ["C1"] * 6,
            "detail": ["中文 détail", "x", "y", "z", "w", "v"],
            "since": pd.to_datetime(
                pd.Series(
                    ["2026-03-01", None, "2024-02-29", "1999-12-31", "2026-01-01", "2026-12-31"]
                )
            ),
            "amount": [1.5, np.nan, -2.25, 1e-7, 123456789.12, 0.0],
        }
    )
    spec = replace(TABLES["Warnings"], columns=(*TABLES["Warnings"].columns, col("amount")))
    sheet, placed = stream_sheet(spec, frame, lang="en", note="n")
    path = tmp_path / "out.xlsx"
    render(BookPlan([sheet]), path)
    ws = openpyxl.load_workbook(path)["Warnings"]
    rows = list(ws.iter_rows(min_row=placed.first, max_row=placed.last, values_only=True))
    assert [r[0] for r in rows] == ["a & b", "<tag>", "=SUM(A1)", "bell\\x07", None, "  padded "]
    assert rows[4][4] == "w" and rows[0][4] == "中文 détail"
    assert [r[5] for r in rows] == [
        dt.datetime(2026, 3, 1),
        None,
        dt.datetime(2024, 2, 29),
        dt.datetime(1999, 12, 31),
        dt.datetime(2026, 1, 1),
        dt.datetime(2026, 12, 31),
    ]
    assert [r[6] for r in rows] == [1.5, None, -2.25, 1e-7, 123456789.12, 0]
    assert ws.cell(placed.first, 6).number_format == "yyyy-mm-dd"
    assert ws.cell(placed.first, 3).number_format == "@"  # an id column's text stays typed text
    assert ws.tables["Warnings"].ref == f"A3:G{placed.last}"
