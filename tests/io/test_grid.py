"""A sheet of many cells of our own, moved into a workbook, is written as one grid of rows
(`gridxml.py`) and comes out as XlsxWriter writes it a cell at a time: every part of the
patched workbook byte for byte — formulas, looks, blanks with a look, text that stays
text, a later cell over an earlier one — and back to the cell-by-cell path for what
XlsxWriter rewrites itself."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import addin.io.xlsx.render as render_module
from addin.books.sheets import table_sheet
from addin.io.xlsx.book import (
    Area,
    BookPlan,
    Cell,
    ColumnPlan,
    PrintSetup,
    SheetPlan,
    Style,
    TablePlan,
)
from addin.io.xlsx.gridxml import grid_rows
from addin.io.xlsx.patch import patch_workbook
from addin.io.xlsx.render import render
from addin.schema import TABLES

HOSTILE = ["=1+1", "@x", "bell\x07", "_x0041_", "a&b<c>", " lead", "trail ", "中文", ""]
LOOKS = [
    None,
    Style(),
    Style(bold=True, fill="DDEBF7"),
    Style(num_format="0.0", border="box", border_color="B4B4B4"),
    Style(size=15, color="1F4E78", align="right"),
]


def _cells(blocks: int) -> list[Cell]:
    """Blocks of rows like slips: labels, numbers, formulas, blanks; gaps between."""
    rng = np.random.default_rng(3)
    out = []
    row = 1
    for b in range(blocks):
        height = int(rng.integers(3, 30))
        for r in range(row, row + height):
            for c in range(1, 9):
                pick = int(rng.integers(0, 9))
                look = LOOKS[int(rng.integers(0, len(LOOKS)))]
                if pick == 0:
                    continue  # no cell
                if pick == 1:
                    value: object = None
                elif pick == 2:
                    value = HOSTILE[(r * c) % len(HOSTILE)]
                elif pick == 3:
                    value = float(rng.normal() * 10 ** int(rng.integers(-3, 12)))
                elif pick == 4:
                    value = int(rng.integers(-5, 10**6))
                elif pick == 5:
                    out.append(
                        Cell(r, c, f'=IF(ISNUMBER(X!$B${r}),X!$B${r}&"<>",0)', look, formula=True)
                    )
                    continue
                else:
                    value = f"label {b % 7} · {c}"
                out.append(Cell(r, c, value, look))
        if b % 5 == 0:  # a later cell over an earlier one
            out.append(Cell(row, 2, "again", LOOKS[2]))
            out.append(Cell(row, 3, None, LOOKS[3]))
        row += height + int(rng.integers(1, 20))
    return out


def _sheet(cells: list[Cell]) -> SheetPlan:
    last = max(c.row for c in cells)
    return SheetPlan(
        "Slips",
        cells=cells,
        widths={1: 22, 2: 8, 3: 10},
        printing=PrintSetup(area=Area(1, 1, last, 8), row_breaks=[10, 40]),
        protected=True,
        gridlines=False,
    )


def _patched(tmp_path: Path, name: str, sheet: SheetPlan) -> dict[str, bytes]:
    path = tmp_path / f"{name}.xlsx"
    render(BookPlan([table_sheet(TABLES["Customers"], pd.DataFrame(), lang="en")]), path)
    patch_workbook(path, sheets=[sheet])
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts.pop("docProps/core.xml", None)  # its time stamp
    return parts


def _both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet: SheetPlan
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    monkeypatch.setattr(render_module, "GRID_CELLS", 10**12)
    one_by_one = _patched(tmp_path, "cells", sheet)
    monkeypatch.setattr(render_module, "GRID_CELLS", 0)
    return one_by_one, _patched(tmp_path, "grid", sheet)


def test_a_grid_of_cells_is_byte_for_byte_the_cell_by_cell_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = _cells(120)
    assert grid_rows(cells, lambda s: s) is not None  # the grid path is taken
    one_by_one, grid = _both(tmp_path, monkeypatch, _sheet(cells))
    assert one_by_one.keys() == grid.keys()
    for name in one_by_one:
        assert grid[name] == one_by_one[name], name
    ws = openpyxl.load_workbook(tmp_path / "grid.xlsx")["Slips"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "=1+1" in texts  # text, never a formula
    assert ws["A1"].data_type in ("s", "n", "f") and ws.max_column == 8


def test_what_xlsxwriter_rewrites_keeps_the_cell_by_cell_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = _cells(10)
    dynamic = [*cells, Cell(2, 9, "=SORT(A1:A3)", Style(), formula=True)]
    assert grid_rows(dynamic, lambda s: s) is None
    linked = [*cells, Cell(2, 9, "go", Style(), link="'Slips'!A1")]
    assert grid_rows(linked, lambda s: s) is None
    one_by_one, grid = _both(tmp_path, monkeypatch, _sheet(dynamic))
    assert grid == one_by_one
    ws = openpyxl.load_workbook(tmp_path / "grid.xlsx")["Slips"]
    assert "_xlfn._xlws.SORT(A1:A3)" in ws["I2"].value.text  # as XlsxWriter rewrote it


def _card(rows: int, spare: int) -> SheetPlan:
    """A table of values under formulas of our own, as the Scorecard is: a note above,
    formulas over some columns of every data row, a total below."""
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {
            "rep": [f"R{i:04d}" if i % 9 else HOSTILE[i % len(HOSTILE)] for i in range(rows)],
            "sales": np.round(rng.random(rows) * 1e6, 2),
            "score": np.where(rng.random(rows) < 0.1, np.nan, rng.random(rows) * 100),
            "any": [[1, "x", None, 2.5, True][i % 5] for i in range(rows)],
            "grade": ["A", "B", None, "C"] * (rows // 4) + ["A"] * (rows % 4),
        }
    )
    columns = [
        ColumnPlan("Rep", "text", "@", 10),
        ColumnPlan("Sales", "number", "#,##0.00", 12, note="help"),
        ColumnPlan("Score", "number", "0.0", 8),
        ColumnPlan("Any", "any", "0.0", 8),
        ColumnPlan("Grade", "text", None, 6),
    ]
    table = TablePlan("Card", columns, frame, header_row=3, spare_rows=spare)
    look = Style(num_format="0.00", bold=True)
    cells = [Cell(1, 1, "a note: =1+1", Style(bold=True))]
    for r in range(4, 4 + rows):
        cells.append(Cell(r, 3, f'=IF(ISNUMBER(B{r}),B{r}/1000,"")', look, formula=True))
        if r % 7 == 0:
            cells.append(Cell(r, 7, f"=C{r}*2", Style(), formula=True))  # beside the table
    cells.append(Cell(4 + rows + spare + 2, 2, "=SUM(B4:B9)", look, formula=True))
    return SheetPlan("Card", cells=cells, table=table, widths={8: 30})


@pytest.mark.parametrize(("rows", "spare"), [(600, 0), (450, 25)])
def test_a_table_under_cells_is_byte_for_byte_the_cell_by_cell_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, spare: int
) -> None:
    one_by_one, grid = _both(tmp_path, monkeypatch, _card(rows, spare))
    assert one_by_one.keys() == grid.keys()
    for name in one_by_one:
        assert grid[name] == one_by_one[name], name
    ws = openpyxl.load_workbook(tmp_path / "grid.xlsx")["Card"]
    assert ws["C4"].value == '=IF(ISNUMBER(B4),B4/1000,"")' and ws["A1"].value == "a note: =1+1"
    assert ws.tables["Card"].ref == f"A3:E{3 + rows + spare}"
    assert ws["A13"].value == HOSTILE[0]  # text, never a formula
