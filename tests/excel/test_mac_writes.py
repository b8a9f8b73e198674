"""Every area of every write reaches Excel for Mac: xlwings' real `_xlmac` code, recorded.

The file-backed engine splits addresses on commas itself, so it cannot see what xlwings
does with them on a Mac; here the events xlwings' own Mac engine would send are recorded
(tests/excel/apple_events.py) and read back cell by cell.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest

import addin.excel.cells as cells
from addin.core.issues import Issue
from addin.excel.writeback import MARK_RGB, Report, is_output_sheet, sync_styles, write_marks
from addin.jobs.age import age
from tests.excel.apple_events import Keyword, Recorder, cells_of, mac_book, mac_engine


@pytest.fixture
def mac() -> Iterator[Any]:
    with mac_engine() as module:
        yield module


def test_xlwings_for_mac_keeps_only_the_start_of_a_multi_area_address(mac):
    """Why the Mac path sends one area per call: `_xlmac.Sheet.range` cuts at the first
    colon. Should a later xlwings keep every area, this fails and says so."""
    recorder = Recorder()
    sheet = mac_book(mac, recorder, "finance.xlsx").sheets["OpenItems"]
    sheet.range("D4:D9,F4:F9").number_format = "yyyy-mm-dd"
    [event] = recorder.sets("number_format")
    assert event.element("cells") == "D4"


def received(recorder: Recorder, prop: str, sheet: str) -> dict[tuple[int, int], Any]:
    """(row, column) → the last value Excel was sent for `prop`, from the events."""
    out: dict[tuple[int, int], Any] = {}
    for event in recorder.sets(prop):
        if event.element("worksheets") == sheet:
            for cell in cells_of(event.element("cells")):
                out[cell] = event.args[0]
    return out


def _changed(want: dict, had: dict, default: Any) -> dict:
    return {cell: value for cell, value in want.items() if had.get(cell, default) != value}


def test_every_style_of_an_age_run_reaches_every_cell_on_a_mac(company, mac):
    before_path = company.parent / "finance-before.xlsx"
    shutil.copyfile(company / "finance.xlsx", before_path)
    age(company, dt.date(2026, 4, 15))
    before = openpyxl.load_workbook(before_path)
    after = openpyxl.load_workbook(company / "finance.xlsx")
    recorder = Recorder()
    book = mac_book(mac, recorder, "finance.xlsx")
    calls = groups = 0
    checked = 0
    for ws in after.worksheets:
        if not is_output_sheet(ws):
            continue
        old = before[ws.title] if ws.title in before.sheetnames else None
        start = len(recorder.events)
        sync_styles(book.sheets[ws.title], ws, old, ws.max_row, ws.max_column)
        calls += sum(1 for e in recorder.events[start:] if e.command == "set")
        want_formats = _style_map(ws, "number_format")
        had_formats = _style_map(old, "number_format") if old is not None else {}
        expected = _changed(want_formats, had_formats, "General")
        got = received(recorder, "number_format", ws.title)
        assert {c: got.get(c) for c in expected} == expected, ws.title
        groups += len(set(expected.values()))
        want_bold = {c: v for c, v in _style_map(ws, "bold").items()}
        had_bold = _style_map(old, "bold") if old is not None else {}
        bold = _changed(want_bold, had_bold, False)
        got_bold = received(recorder, "font_object.bold", ws.title)
        assert {c: got_bold.get(c) for c in bold} == bold, ws.title
        checked += len(expected) + len(bold)
    assert checked > 100  # the run really formats many cells…
    assert calls > groups  # …in groups of several areas, each sent on its own


def _style_map(ws: Any, attr: str) -> dict[tuple[int, int], Any]:
    out = {}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in row:
            if attr == "number_format":
                out[(cell.row, cell.column)] = cell.number_format or "General"
            else:
                out[(cell.row, cell.column)] = bool(cell.font.b)
    return out


def test_marks_on_scattered_cells_all_reach_excel_for_mac(mac, tmp_path):
    saved = openpyxl.Workbook()
    saved.active.title = "Customers"
    saved.save(tmp_path / "masters.xlsx")
    issues = [
        Issue(
            code="unknown_region",
            args={"table": "Regions", "effect": ""},
            sheet="Customers",
            cell=cell,
        )
        for cell in ("C5", "C7", "C8", "C9", "E5", "E12", "AB40")
    ]
    recorder = Recorder()
    book = mac_book(mac, recorder, "masters.xlsx")
    report = Report()
    write_marks(
        book, openpyxl.load_workbook(tmp_path / "masters.xlsx"), issues, ["Customers"], report
    )
    colors = received(recorder, "interior_object.color", "Customers")
    wanted = {cells_of(i.cell).pop() for i in issues}
    assert set(colors) == wanted
    assert set(colors.values()) == {MARK_RGB["error"]}
    notes = [e for e in recorder.events if e.command == "add_comment"]
    assert sorted(e.element("cells") for e in notes) == sorted(i.cell for i in issues)


def test_a_big_table_goes_to_excel_for_mac_in_chunks_with_the_timeout_lifted(mac, monkeypatch):
    monkeypatch.setattr(cells, "CHUNK_CELLS", 9)  # 3 rows of 3 columns per call
    matrix = [[f"r{r}", r, dt.datetime(2026, 1, r + 1)] for r in range(7)]
    matrix[2][1] = None
    recorder = Recorder()
    sheet = mac_book(mac, recorder, "finance.xlsx").sheets["Ageing"]
    assert cells.write_values(sheet, matrix) == 3
    writes = recorder.sets("value")
    assert [e.element("cells") for e in writes] == ["$A$1:$C$3", "$A$4:$C$6", "$A$7:$C$7"]
    assert all(e.kwargs == {"timeout": cells.MAC_TIMEOUT} for e in writes)
    rows = [row for e in writes for row in e.args[0]]
    # what xlwings' Mac engine sends: integers as floats, empty cells as ""
    assert rows[2] == ["r2", "", dt.datetime(2026, 1, 3)]
    assert rows[6] == ["r6", 6.0, dt.datetime(2026, 1, 7)]
    assert len(rows) == len(matrix)


def test_the_recorder_answers_sizes_as_excel_does(mac):
    recorder = Recorder()
    sheet = mac_book(mac, recorder, "finance.xlsx").sheets["Ageing"]
    assert sheet.range((2, 3), (11, 5)).shape == (10, 3)
    assert any(e.kwargs.get("each") == Keyword("row") for e in recorder.events)
