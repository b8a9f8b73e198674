"""What the reader learns from the sheet XML beyond the values: percent formats, formulas
without a saved result, a table's Total Row, date cells carrying a time of day — in
files written as Excel writes them and as LibreOffice re-saves them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table as XlTable

from addin.core.settings import Settings
from addin.io.company import read_settings
from addin.io.reader import WorkbookFile
from addin.schema import TABLES
from tests.conftest import make_table_book
from tests.libreoffice import resaved

GROWTH = ["dimension", "member", "growth_pct"]
DAILY = ["date", "customer_id", "start_time", "end_time", "visit_type", "order_amount"]


def codes(read) -> list[tuple[str, str]]:
    return sorted((i.code, i.cell) for i in read.issues if i.severity != "info")


def percent_format(cells: str, code: str = "0%"):
    def extra(ws) -> None:
        for ref in cells.split():
            ws[ref].number_format = code

    return extra


def resaved_by_libreoffice(path: Path, work: Path) -> Path:
    return resaved(path, work / "lo", work / "lo-profile")


def read(path: Path, name: str, **kw):
    with WorkbookFile(path) as book:
        return book.read(TABLES[name], **kw)


def test_a_percent_typed_in_excel_is_read_as_percent(tmp_path: Path) -> None:
    rows = [
        ["rep", "R001", 0.3],
        ["rep", "R002", 0.085],
        ["rep", "R003", "12%"],
        ["rep", "R004", 7],
    ]
    path = make_table_book(
        tmp_path / "plan.xlsx", "Growth", GROWTH, rows, extra=percent_format("C2 C3", "0.0%")
    )
    got = read(path, "Growth")
    assert got.frame["growth_pct"].tolist() == [30.0, 8.5, 12.0, 7.0]
    assert codes(got) == []


def test_a_bare_fraction_in_a_percent_column_is_a_located_question(tmp_path: Path) -> None:
    path = make_table_book(
        tmp_path / "plan.xlsx", "Growth", GROWTH, [["rep", "R001", 0.3], ["rep", "R002", 0]]
    )
    got = read(path, "Growth")
    assert got.frame["growth_pct"].tolist() == [0.3, 0.0]  # as typed: never a guess
    (issue,) = got.issues
    assert (issue.code, issue.cell, issue.severity) == ("percent_fraction", "C2", "warning")
    assert "0.3" in issue.message and "30%" in issue.message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_percent_cells_survive_a_libreoffice_resave(tmp_path: Path) -> None:
    path = make_table_book(
        tmp_path / "plan.xlsx",
        "Growth",
        GROWTH,
        [["rep", "R001", 0.3], ["rep", "R002", 0.25]],
        extra=percent_format("C2"),
    )
    got = read(resaved_by_libreoffice(path, tmp_path), "Growth")
    assert got.frame["growth_pct"].tolist() == [30.0, 0.25]
    assert codes(got) == [("percent_fraction", "C3")]


def test_a_percent_setting_typed_in_excel(tmp_path: Path) -> None:
    rows = [["expense_ratio_pct", 0.08], ["growth_high_pct", 0.25], ["abc_a_pct", "75%"]]
    path = make_table_book(
        tmp_path / "masters.xlsx", "Settings", ["key", "value"], rows, extra=percent_format("B2")
    )
    with WorkbookFile(path) as book:
        settings, got = read_settings(book)
    assert settings.expense_ratio_pct == 8.0
    assert settings.abc_a_pct == 75.0
    assert settings.growth_high_pct == 0.25  # unformatted: as typed, and asked about
    assert [(i.code, i.cell) for i in got.issues] == [("percent_fraction", "B3")]
    assert Settings().growth_high_pct != 0.25


def test_a_formula_without_saved_result_is_its_own_issue_not_a_blank(tmp_path: Path) -> None:
    rows = [[dt.date(2026, 3, 2), "C1", dt.time(9), dt.time(10), "visit", "=100*12"]]
    path = make_table_book(tmp_path / "rep.xlsx", "DailyReport", DAILY, rows)
    got = read(path, "DailyReport")
    assert codes(got) == [("formula_no_result", "F2")]
    assert "open and save the file in Excel, or type the value" in got.issues[0].message


def test_a_formula_with_its_saved_result_is_read(tmp_path: Path) -> None:
    rows = [[dt.date(2026, 3, 2), "C1", dt.time(9), dt.time(10), "visit", "=100*12"]]
    path = make_table_book(tmp_path / "rep.xlsx", "DailyReport", DAILY, rows)
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    got = read(resaved_by_libreoffice(path, tmp_path), "DailyReport")
    assert got.frame["order_amount"].tolist() == [1200.0]
    assert codes(got) == []


def _with_total_row(path: Path) -> Path:
    """The table's Total Row switched on, as Excel's Table Design ▸ Total Row does."""
    book = openpyxl.load_workbook(path)
    ws = book.active
    table: XlTable = next(iter(ws.tables.values()))
    last = ws.max_row + 1
    ws.cell(row=last, column=1, value="Total")
    ws.cell(row=last, column=6, value=f"=SUBTOTAL(109,F2:F{last - 1})")
    table.ref = f"A1:F{last}"
    table.totalsRowCount = 1
    table.autoFilter.ref = f"A1:F{last - 1}"
    table.tableColumns[0].totalsRowLabel = "Total"
    table.tableColumns[5].totalsRowFunction = "sum"
    book.save(path)
    return path


def test_the_total_row_of_a_table_is_not_data(tmp_path: Path) -> None:
    rows = [
        [dt.date(2026, 3, 2), "C1", dt.time(9), dt.time(10), "visit", 100.0],
        [dt.date(2026, 3, 3), "C2", dt.time(9), dt.time(10), "visit", 50.0],
    ]
    path = _with_total_row(make_table_book(tmp_path / "rep.xlsx", "DailyReport", DAILY, rows))
    got = read(path, "DailyReport")
    assert got.frame["order_amount"].tolist() == [100.0, 50.0]
    assert codes(got) == []
    if shutil.which("soffice") is not None:
        again = read(resaved_by_libreoffice(path, tmp_path), "DailyReport")
        assert again.frame["order_amount"].tolist() == [100.0, 50.0]
        assert codes(again) == []


def test_a_date_column_whose_cells_carry_a_time_is_read_as_dates(tmp_path: Path) -> None:
    rows = [
        [dt.datetime(2026, 3, 2, 9, 30), "C1", dt.time(9), dt.time(10), "visit", 1.0],
        [dt.datetime(2026, 3, 3, 14, 0), "C2", dt.time(9), dt.time(10), "visit", 1.0],
    ]
    path = make_table_book(tmp_path / "rep.xlsx", "DailyReport", DAILY, rows)
    got = read(path, "DailyReport")
    assert [d.date() for d in got.frame["date"]] == [dt.date(2026, 3, 2), dt.date(2026, 3, 3)]
    assert codes(got) == []


def test_a_negative_amount_is_one_issue(tmp_path: Path) -> None:
    rows = [[dt.date(2026, 3, 2), "C1", dt.time(9), dt.time(10), "visit", -5.0]]
    path = make_table_book(tmp_path / "rep.xlsx", "DailyReport", DAILY, rows)
    assert codes(read(path, "DailyReport")) == [("below_min", "F2")]
