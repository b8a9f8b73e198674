"""The writer: annotations come and go, typed values never change, text stays text."""

from __future__ import annotations

import datetime as dt
import os
import zipfile

import openpyxl
import pandas as pd
import pytest

from addin.books.sheets import table_sheet
from addin.core.issues import Issue
from addin.io.atomic import FileLocked, atomic_write
from addin.io.reader import WorkbookFile
from addin.io.xlsx.book import BookPlan
from addin.io.xlsx.patch import MARK_COLORS
from addin.io.xlsx.render import render
from addin.jobs.annotate import annotate_file
from addin.schema import table

DAILY = ["Date", "Customer ID", "Start time", "End time", "Visit type", "Feedback"]
INJECTIONS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
]


def _values(path):
    book = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in book.worksheets
        if ws.title == "DailyReport"
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def test_annotations_mark_cells_and_a_clean_run_removes_them(table_book) -> None:
    path = table_book(
        "DailyReport", DAILY, [[dt.date(2026, 11, 3), "C9", dt.time(9), dt.time(10), "visit", "ok"]]
    )
    before = _values(path)
    issue = Issue(
        code="not_my_customer",
        sheet="DailyReport",
        row=2,
        column="customer_id",
        value="C9",
        cell="B2",
    )
    annotate_file(path, [issue], ["DailyReport"])
    marked = openpyxl.load_workbook(path)
    cell = marked["DailyReport"]["B2"]
    assert cell.fill.fgColor.rgb == MARK_COLORS["error"]
    assert "not_my_customer" in cell.comment.text
    issues_ws = marked["Issues"]
    assert [c.value for c in issues_ws[4]][:5] == ["DailyReport", 2, "B", "C9", "not_my_customer"]
    assert _values(path) == before  # nothing the user typed changed

    annotate_file(path, [], ["DailyReport"])
    clean = openpyxl.load_workbook(path)
    assert clean["DailyReport"]["B2"].comment is None
    assert clean["DailyReport"]["B2"].fill.fill_type is None
    assert clean["Issues"].max_row <= 4 and clean["Issues"]["A4"].value is None
    assert _values(path) == before


def test_users_own_fill_and_notes_survive_a_clean_run(table_book) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    def decorate(ws):
        ws["B2"].fill = PatternFill("solid", fgColor="FF00FF00")
        ws["B2"].comment = Comment("call first", "Li Wei")

    path = table_book(
        "DailyReport",
        DAILY,
        [[dt.date(2026, 11, 3), "C1", dt.time(9), dt.time(10), "visit", ""]],
        extra=decorate,
    )
    annotate_file(path, [], ["DailyReport"])
    cell = openpyxl.load_workbook(path)["DailyReport"]["B2"]
    assert cell.fill.fgColor.rgb == "FF00FF00" and cell.comment.text == "call first"


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path, text) -> None:
    frame = pd.DataFrame(
        {
            "kind": ["x"],
            "severity": ["info"],
            "rep_id": ["R1"],
            "customer_id": ["C1"],
            "detail": [text],
        }
    )
    path = tmp_path / "out.xlsx"
    render(BookPlan([table_sheet(table("Warnings"), frame, lang="en")]), path)
    with zipfile.ZipFile(path) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula element anywhere
    assert openpyxl.load_workbook(path)["Warnings"]["E2"].value == text
    with WorkbookFile(path) as wb:
        assert wb.read(table("Warnings"), required=True).frame.loc[0, "detail"] == text


def test_output_table_round_trips_with_types(tmp_path) -> None:
    frame = pd.DataFrame(
        {
            "invoice_id": ["INV1", "INV2"],
            "customer_id": ["C1", "C2"],
            "rep_id": ["R1", "R2"],
            "date": pd.to_datetime(["2026-01-05", "2026-02-10"]),
            "due_date": pd.to_datetime(["2026-02-04", "2026-03-12"]),
            "amount": [1000.5, 250.0],
            "paid": [0.0, 250.0],
            "credited": [0.0, 0.0],
            "outstanding": [1000.5, 0.0],
            "days_overdue": [30, 0],
            "bucket": ["d1_30", "not_due"],
            "kind": ["invoice", "invoice"],
        }
    )
    path = tmp_path / "f.xlsx"
    render(BookPlan([table_sheet(table("OpenItems"), frame, lang="en")]), path)
    with WorkbookFile(path) as wb:
        got = wb.read(table("OpenItems")).frame
    pd.testing.assert_frame_equal(
        got.drop(columns="_row").reset_index(drop=True),
        frame,
        check_dtype=False,
    )


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")

    def broken(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temp file left


def test_a_file_open_in_excel_is_not_overwritten(tmp_path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    with pytest.raises(FileLocked, match="open in Excel"):
        atomic_write(target, lambda tmp: tmp.write_bytes(b"new"))
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["plan.xlsx", "~$plan.xlsx"]


def test_saved_files_keep_their_permissions(tmp_path) -> None:
    fresh = tmp_path / "new.xlsx"
    atomic_write(fresh, lambda tmp: tmp.write_bytes(b"x"))
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    shared = tmp_path / "shared.xlsx"
    shared.write_bytes(b"old")
    shared.chmod(0o664)
    atomic_write(shared, lambda tmp: tmp.write_bytes(b"new"))
    assert shared.stat().st_mode & 0o777 == 0o664


def test_a_users_note_on_a_flagged_cell_is_kept_above_ours_and_alone_after(table_book) -> None:
    from openpyxl.comments import Comment

    from addin.core.issues import Issue

    def decorate(ws):
        ws["B2"].comment = Comment("call first", "Li Wei")

    path = table_book(
        "DailyReport",
        DAILY,
        [[dt.date(2026, 11, 3), "C9", dt.time(9), dt.time(10), "visit", ""]],
        extra=decorate,
    )
    flagged = Issue(code="not_my_customer", sheet="DailyReport", value="C9")
    flagged = flagged.located(cell="B2")
    for _ in range(2):  # a second run does not stack a second copy of our note
        annotate_file(path, [flagged], ["DailyReport"])
    note = openpyxl.load_workbook(path)["DailyReport"]["B2"].comment
    assert note.author == "Li Wei"
    assert note.text.startswith("call first\n")
    assert note.text.count("[not_my_customer]") == 1
    annotate_file(path, [], ["DailyReport"])
    note = openpyxl.load_workbook(path)["DailyReport"]["B2"].comment
    assert (note.author, note.text) == ("Li Wei", "call first")


def test_issues_name_the_sheet_as_the_user_renamed_it(table_book) -> None:
    from addin.core.issues import Issue

    path = table_book(
        "DailyReport",
        DAILY,
        [[dt.date(2026, 11, 3), "C9", dt.time(9), dt.time(10), "visit", ""]],
    )
    book = openpyxl.load_workbook(path)
    book["DailyReport"].title = "日报"
    book.save(path)
    flagged = Issue(code="not_my_customer", sheet="DailyReport", value="C9").located(cell="B2")
    annotate_file(path, [flagged], ["日报"])
    issues = openpyxl.load_workbook(path)["Issues"]
    assert issues["A4"].value == "日报"
    link = next(c for c in issues[4] if c.hyperlink is not None)
    assert link.hyperlink.location == "'日报'!B2"
