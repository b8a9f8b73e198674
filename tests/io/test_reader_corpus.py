"""Hand-made bad workbooks: each must give exactly the issue code at exactly the cell."""

from __future__ import annotations

import datetime as dt

import pytest

from addin.io.reader import WorkbookFile
from addin.schema import table

DAILY = ["Date", "Customer ID", "Start time", "End time", "Visit type", "Order amount"]
MINE = {"MyCustomers.customer_id": {"C1", "C2"}}


def read(path, name="DailyReport", lookups=MINE):
    with WorkbookFile(path) as book:
        return book.read(table(name), lookups)


def codes_at(result):
    return {(i.code, i.cell) for i in result.issues}


GOOD = [dt.date(2026, 11, 3), "C1", dt.time(9), dt.time(10), "visit", 100]


@pytest.mark.parametrize(
    ("bad_row", "code", "cell"),
    [
        (["2026-13-45", "C1", dt.time(9), dt.time(10), "visit", 1], "bad_date", "A3"),
        (["next tuesday", "C1", dt.time(9), dt.time(10), "visit", 1], "bad_date", "A3"),
        (
            [dt.date(2026, 11, 3), "C9", dt.time(9), dt.time(10), "visit", 1],
            "not_my_customer",
            "B3",
        ),
        ([dt.date(2026, 11, 3), None, dt.time(9), dt.time(10), "visit", 1], "required_blank", "B3"),
        ([dt.date(2026, 11, 3), "C1", "nine", dt.time(10), "visit", 1], "bad_time", "C3"),
        ([dt.date(2026, 11, 3), "C1", "25:00", dt.time(10), "visit", 1], "bad_time", "C3"),
        ([dt.date(2026, 11, 3), "C1", dt.time(9), dt.time(10), "party", 1], "not_allowed", "E3"),
        (
            [dt.date(2026, 11, 3), "C1", dt.time(9), dt.time(10), "visit", "lots"],
            "bad_number",
            "F3",
        ),
        ([dt.date(2026, 11, 3), "C1", dt.time(9), dt.time(10), "visit", -5], "below_min", "F3"),
        (
            [dt.date(2026, 11, 3), "C1", dt.time(9), dt.time(10), "visit", "1.2.3"],
            "bad_number",
            "F3",
        ),
        ([12, "C1", dt.time(9), dt.time(10), "visit", 1], "bad_date", "A3"),
    ],
)
def test_each_bad_cell_is_caught_and_located(table_book, bad_row, code, cell) -> None:
    path = table_book("DailyReport", DAILY, [GOOD, bad_row])
    result = read(path)
    assert (code, cell) in codes_at(result)
    assert all(i.file == "DailyReport.xlsx" for i in result.issues)
    # the good row is untouched by any issue
    assert not [i for i in result.issues if i.row == 2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("2026/11/3", dt.date(2026, 11, 3)),
        ("2026年11月3日", dt.date(2026, 11, 3)),
        ("２０２６/１１/３", dt.date(2026, 11, 3)),
        (46329, dt.date(2026, 11, 3)),
        (dt.datetime(2026, 11, 3), dt.date(2026, 11, 3)),
    ],
)
def test_accepted_date_forms(table_book, value, expected) -> None:
    path = table_book("DailyReport", DAILY, [[value, "C1", dt.time(9), dt.time(10), "visit", 1]])
    result = read(path)
    assert not result.issues
    assert result.frame.loc[0, "date"].date() == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,234.50", 1234.5), ("１２３４", 1234.0), ("¥1,234", 1234.0), ("￥ 99", 99.0), (12.5, 12.5)],
)
def test_accepted_number_forms(table_book, value, expected) -> None:
    path = table_book("DailyReport", DAILY, [[*GOOD[:5], value]])
    result = read(path)
    assert not result.issues
    assert result.frame.loc[0, "order_amount"] == expected


def test_headers_match_by_key_english_or_chinese_in_any_order(table_book) -> None:
    header = ["visit_type", "客户编号", "DATE", "end  time", "开始时间" if False else "Start_Time"]
    row = ["拜访", "C2", "2026/11/4", "10:30", "9:15"]
    path = table_book("DailyReport", header, [row])
    result = read(path)
    assert not [i for i in result.issues if i.severity == "error"], result.issues
    got = result.frame.iloc[0]
    assert (got["customer_id"], got["visit_type"]) == ("C2", "visit")
    assert got["start_time"] == dt.time(9, 15) and got["end_time"] == dt.time(10, 30)


def test_missing_required_column_is_named(table_book) -> None:
    path = table_book(
        "DailyReport",
        ["Date", "Customer ID", "Start time", "Visit type"],
        [[dt.date(2026, 11, 3), "C1", dt.time(9), "visit"]],
    )
    result = read(path)
    assert ("missing_column", "A1") in codes_at(result)
    assert any("End time" in i.message for i in result.issues)


def test_extra_column_is_reported_not_read(table_book) -> None:
    path = table_book("DailyReport", [*DAILY, "Mood"], [[*GOOD, "happy"]])
    result = read(path)
    assert ("extra_column", "G1") in codes_at(result)
    assert "Mood" not in result.frame.columns


def test_rows_typed_under_a_table_are_read_and_reported(table_book) -> None:
    second = [dt.date(2026, 11, 4), "C2", dt.time(9), dt.time(10), "phone", 5]
    path = table_book("DailyReport", DAILY, [GOOD, second], table_rows=1)
    result = read(path)
    assert len(result.frame) == 2
    assert result.frame["_row"].tolist() == [2, 3]
    assert ("rows_under_table", "A3") in codes_at(result)


def test_error_values_are_reported(table_book) -> None:
    def plant(ws):
        ws["F2"].value = "#DIV/0!"
        ws["F2"].data_type = "e"

    path = table_book("DailyReport", DAILY, [GOOD], extra=plant)
    result = read(path)
    assert ("error_value", "F2") in codes_at(result)


def test_merged_cells_over_data_are_reported(table_book) -> None:
    path = table_book(
        "DailyReport", DAILY, [GOOD, GOOD[:]], extra=lambda ws: ws.merge_cells("A2:A3")
    )
    result = read(path)
    assert ("merged_cells", "A2") in codes_at(result)


def test_duplicate_keys_name_the_first_row(table_book) -> None:
    header = ["Week start", "Weekday", "Seq", "Customer ID"]
    row = [dt.date(2026, 11, 2), 1, 1, "C1"]
    path = table_book("WeeklyRoute", header, [row, row])
    result = read(path, "WeeklyRoute")
    dup = [i for i in result.issues if i.code == "duplicate_key"]
    assert len(dup) == 1 and dup[0].row == 3 and "row 2" in dup[0].message


def test_table_with_offset_start_keeps_excel_rows(table_book) -> None:
    path = table_book("DailyReport", DAILY, [GOOD, ["x", *GOOD[1:]]], start="C5")
    result = read(path)
    assert result.frame["_row"].tolist() == [6, 7]
    assert ("bad_date", "C7") in codes_at(result)


def test_sheet_without_table_is_read_from_its_header_with_a_warning(tmp_path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "DailyReport"
    ws.append(DAILY)
    ws.append(GOOD)
    book.save(tmp_path / "plain.xlsx")
    result = read(tmp_path / "plain.xlsx")
    assert ("table_missing", "A1") in codes_at(result)
    assert len(result.frame) == 1 and result.frame.loc[0, "customer_id"] == "C1"


def test_missing_table_and_sheet(table_book) -> None:
    path = table_book("Other", ["a"], [[1]])
    result = read(path)
    assert [i.code for i in result.issues] == ["missing_table"]
    assert result.frame.empty
