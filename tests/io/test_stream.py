"""A big table written from whole columns is the table XlsxWriter writes a cell at a time:
the same sheet XML byte for byte (once shared strings are inline, as a moved sheet has
them), the same Table part; in a patched workbook the same cells, formats and notes,
text that stays text, and a file LibreOffice opens and reads the same."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import addin.io.xlsx.render as render_module
from addin.books.sheets import table_sheet
from addin.io.xlsx import sheetxml
from addin.io.xlsx.book import BookPlan, Cell, ColumnPlan, SheetPlan, TablePlan
from addin.io.xlsx.cellxml import _SPACES, Cells
from addin.io.xlsx.patch import Mark, patch_workbook
from addin.io.xlsx.patch.transplant import _SHARED, _SI
from addin.io.xlsx.render import render, write_plan
from addin.io.xlsx.sheetxml import TableRows
from addin.schema import TABLES
from tests.libreoffice import needs_libreoffice, resaved

HOSTILE = ["=1+1", "@x", "+SUM(A1)", "-2+3", "bell\x07", "cr\rlf", "_x0041_", "a&b<c>", "\ufffe"]
SHEET = "xl/worksheets/sheet1.xml"
ODD = [1, "x", True, None, 2.5, dt.date(2026, 1, 2), float("inf"), np.int64(3), -0.0, 1e20]


def _frame(rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    texts = [*HOSTILE, " lead", "trail ", None, "", float("nan"), "中文 客户"]
    texts += ["\u3000全角", "nbsp\xa0", "\tTab", "in\u2028side"]  # Unicode's spaces too
    frame = pd.DataFrame(
        {
            "id": [f"C{i:05d}" for i in range(rows)],
            "money": np.round(rng.random(rows) * 1e6, 2) * np.where(rng.random(rows) < 0.5, 1, -1),
            "day": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 400, rows), "D"),
            "count": rng.integers(-5, 50, rows),
            "note": [texts[i % len(texts)] for i in range(rows)],
            "any": [ODD[i % len(ODD)] for i in range(rows)],
            "ratio": rng.random(rows) / 3 + 0.1 + 0.2,
        }
    )
    if rows > 200:
        frame.loc[3:40, "id"] = None  # whole blank stretches of a column, then of rows
        frame.loc[100:140, :] = None
        frame.loc[5, "money"] = np.nan
        frame.loc[7, "day"] = pd.NaT
    return frame


def _plan(frame: pd.DataFrame, header_row: int = 3, spare: int = 0) -> BookPlan:
    kinds = ["text", "number", "date", "number", "text", "any", "number"]
    formats = ["@", "#,##0.00", "yyyy-mm-dd", None, None, "0.0", "0.00%"]
    columns = [
        ColumnPlan(f"Col {i}", kind, fmt, 12, note="help" if i == 1 else "")  # type: ignore[arg-type]
        for i, (kind, fmt) in enumerate(zip(kinds, formats, strict=True))
    ]
    table = TablePlan("Big", columns, frame, header_row=header_row, spare_rows=spare)
    return BookPlan([SheetPlan("Big", cells=[Cell(1, 1, "a note")], table=table)])


def _parts(plan: BookPlan, stream: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setattr(render_module, "STREAM_CELLS", 0 if stream else 10**12)
    buffer = io.BytesIO()
    assert not write_plan(plan, buffer)
    with zipfile.ZipFile(buffer) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    strings = _SI.findall(parts.get("xl/sharedStrings.xml", b""))

    def inline(m: re.Match[bytes]) -> bytes:
        return b"<c" + m[1] + m[2] + b' t="inlineStr"><is>' + strings[int(m[3])] + b"</is></c>"

    parts[SHEET] = _SHARED.sub(inline, parts[SHEET])
    parts.pop("xl/sharedStrings.xml", None)
    parts.pop("docProps/core.xml")  # its time stamp
    return parts


@pytest.mark.parametrize(
    ("rows", "header_row", "spare", "chunk"),
    [(1000, 3, 0, 8192), (300, 15, 20, 8192), (1, 1, 0, 8192), (1000, 3, 0, 7)],
)
def test_streamed_sheet_is_byte_for_byte_the_cell_by_cell_sheet(
    monkeypatch: pytest.MonkeyPatch, rows: int, header_row: int, spare: int, chunk: int
) -> None:
    monkeypatch.setattr(sheetxml, "CHUNK", chunk)  # rows assembled in a reused buffer
    plan = _plan(_frame(rows), header_row, spare)
    cells, streamed = _parts(plan, False, monkeypatch), _parts(plan, True, monkeypatch)
    hostile = f'<c r="E{header_row + 1}" t="inlineStr"><is><t>=1+1</t></is></c>'
    assert hostile.encode() in streamed[SHEET]
    assert cells.keys() == streamed.keys()
    for name in cells:
        assert streamed[name] == cells[name], name


def test_the_spaces_looked_for_are_every_space_python_knows() -> None:
    """A text ending in any of them keeps its spaces (xml:space), as XlsxWriter's."""
    assert set(_SPACES) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def _workbook(path: Path) -> None:
    render(BookPlan([table_sheet(TABLES["Customers"], pd.DataFrame(), lang="en")]), path)


def _cells(path: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [
        (c.coordinate, c.value, c.data_type, c.number_format, c.comment and c.comment.text)
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or c.comment is not None
    ]


def test_a_patched_workbook_gets_the_same_cells_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = _frame(3000)
    books = {}
    for stream in (False, True):
        monkeypatch.setattr(render_module, "STREAM_CELLS", 0 if stream else 10**12)
        path = tmp_path / f"{stream}.xlsx"
        _workbook(path)
        patch_workbook(path, sheets=_plan(frame).sheets, font="Microsoft YaHei")
        books[stream] = path
    streamed = _cells(books[True], "Big")
    assert streamed == _cells(books[False], "Big")
    values = {coordinate: (value, kind) for coordinate, value, kind, *_ in streamed}
    assert values["E4"] == ("=1+1", "s") and values["E5"] == ("@x", "s")  # never formulas
    assert values["E8"] == ("bell\\x07", "s")
    # Excel's escapes, which Excel reads back as "\r" and "_x0041_" (openpyxl keeps them)
    assert values["E9"] == ("cr_x000D_lf", "s") and values["E10"] == ("_x005F_x0041_", "s")
    ws = openpyxl.load_workbook(books[True])["Big"]
    assert ws.tables["Big"].ref == "A3:G3003"
    assert ws["B4"].number_format == "#,##0.00" and ws["C4"].number_format == "yyyy-mm-dd"
    assert ws["B3"].comment.text == "help"
    with zipfile.ZipFile(books[True]) as zf:  # moved with its styles renumbered
        assert zf.testzip() is None
        styles = zf.read("xl/styles.xml").decode()
        assert styles.count('formatCode="yyyy-mm-dd"') == 1


@needs_libreoffice
def test_libreoffice_reads_a_patched_workbook_with_a_streamed_table(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    frame = _frame(3000)
    patch_workbook(path, sheets=_plan(frame).sheets)
    saved = resaved(path, tmp_path / "lo", tmp_path / "profile")
    ours = {c: (v, t) for c, v, t, *_ in _cells(path, "Big")}
    theirs = {c: (v, t) for c, v, t, *_ in _cells(saved, "Big")}
    for coordinate in ("A60", "B4", "C4", "E4", "E5", "E8", "F4", "F5", "G3003", "D3003"):
        value, kind = ours[coordinate]
        if isinstance(value, float):  # LibreOffice saves 15 significant digits
            value = pytest.approx(value, rel=1e-14)
        assert theirs.get(coordinate) == (value, kind), coordinate
    assert theirs["E4"] == ("=1+1", "s") and theirs["E10"] == ("_x0041_", "s")  # as typed
    assert openpyxl.load_workbook(saved)["Big"].tables["Big"].ref == "A3:G3003"


def test_a_table_past_excels_last_row_is_refused() -> None:
    column = Cells(np.ones(10, dtype=np.uint8), np.full(10, "1", dtype=object))
    with pytest.raises(ValueError, match="do not fit in a worksheet"):
        TableRows(1_048_570, [column])


def test_a_mark_lands_on_a_streamed_table_in_the_same_save(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _workbook(path)
    marks = {("Big", "B5"): Mark("error", "too high")}
    patch_workbook(path, sheets=_plan(_frame(3000)).sheets, marks=marks)
    ws = openpyxl.load_workbook(path)["Big"]
    assert ws["B5"].comment.text == "too high" and ws["B5"].fill.fill_type == "solid"
    assert ws["B5"].number_format == "#,##0.00" and isinstance(ws["B5"].value, float)
    assert ws["E4"].value == "=1+1" and ws["B3003"].value is not None
