"""Book plans written by XlsxWriter read back as written: typed values, text that stays
text, our formulas live without a cached result, properties, and atomic replacement."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.books.sheets import issues_sheet, table_sheet
from addin.core.issues import Issue
from addin.io.identity import RepIdentity, properties, read_identity
from addin.io.reader import WorkbookFile
from addin.io.xlsx.book import BookPlan, Cell, SheetPlan
from addin.io.xlsx.render import OPTIONS, render
from addin.schema import TABLES

HOSTILE = ['=HYPERLINK("http://x")', "+SUM(A1)", "@cmd", "-2+3", "bell\x07"]


def _payments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "payment_id": HOSTILE,
            "date": pd.to_datetime(["2026-01-05", None, "2024-02-29", "2026-12-31", "2026-03-01"]),
            "customer_id": ["C1", "C2", "", None, "007"],
            "amount": [1000.5, float("nan"), -2.25, 0.0, 123456789.12],
            "invoice_id": ["I1", "I2", "I3", "I4", "I5"],
        }
    )


def test_a_table_reads_back_typed_and_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    render(BookPlan([table_sheet(TABLES["Payments"], _payments(), lang="en")]), path)
    ws = openpyxl.load_workbook(path)["Payments"]
    header = ws["A1"]
    assert (header.value, header.font.b) == ("Payment ID", True)
    assert header.fill.fgColor.rgb == "FF1F4E78"
    assert ws.tables["Payments"].ref == "A1:E6" and ws.freeze_panes == "A2"
    ids = [ws.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in ids] == [*HOSTILE[:4], "bell\\x07"]
    assert {c.data_type for c in ids} == {"s"}  # never a formula
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == [
        dt.datetime(2026, 1, 5),
        None,
        dt.datetime(2024, 2, 29),
        dt.datetime(2026, 12, 31),
        dt.datetime(2026, 3, 1),
    ]
    assert ws.cell(row=2, column=2).number_format == "yyyy-mm-dd"
    assert [ws.cell(row=r, column=4).value for r in range(2, 7)] == [
        1000.5,
        None,
        -2.25,
        0,
        123456789.12,
    ]
    assert ws.cell(row=6, column=3).value == "007"  # an id stays text, zeros kept
    with WorkbookFile(path) as book:
        read = book.read(TABLES["Payments"])
    assert read.found and list(read.frame["payment_id"])[:4] == HOSTILE[:4]


def test_our_formulas_are_live_without_a_cached_result(tmp_path: Path) -> None:
    sheet = table_sheet(TABLES["MyTotals"], pd.DataFrame({"kpi": ["Orders"]}), lang="en")
    sheet.cells.append(Cell(2, 2, "=SUM(1,2)", formula=True))
    path = tmp_path / "totals.xlsx"
    render(BookPlan([sheet]), path)
    assert openpyxl.load_workbook(path)["MyTotals"]["B2"].value == "=SUM(1,2)"
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>SUM(1,2)</f><v></v>" in xml


def test_identity_properties_and_issue_links(tmp_path: Path) -> None:
    who = RepIdentity("R007", "2026-11", "Acme")
    issue = Issue(sheet="Payments", row=3, cell="B3", value="x", code="bad_date")
    plan = BookPlan(
        [table_sheet(TABLES["Payments"], _payments(), lang="en"), issues_sheet([issue], lang="en")],
        custom=properties(who),
    )
    path = tmp_path / "rep.xlsx"
    render(plan, path)
    assert read_identity(path) == who
    ws = openpyxl.load_workbook(path)["Issues"]
    assert ws["G4"].value == issue.text("en")
    assert "x" in ws["G4"].value
    assert ws["G4"].hyperlink.location == "'Payments'!B3"


def test_a_failed_render_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    render(BookPlan([table_sheet(TABLES["Payments"], _payments(), lang="en")]), path)
    before = path.read_bytes()
    sheet = table_sheet(TABLES["Payments"], _payments(), lang="en")
    assert sheet.table is not None
    too_long = {"validate": "list", "source": ["x" * 200, "y" * 200]}  # over Excel's 255
    sheet.table.validations.append((0, too_long, 10))
    with pytest.raises(ValueError, match="data validation"):
        render(BookPlan([sheet]), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


#: Formulas of our layouts, and ones XlsxWriter must rewrite (a dynamic-array function,
#: an array formula): the fast path must store each exactly as `write_formula` does.
FORMULAS = [
    "=IF(ISNUMBER('Scorecard'!$N$10),'Scorecard'!$N$10,\"\")",
    '=SUMPRODUCT(($D$10:$D$20>D10)*($C$10:$C$20="是"))+1',
    "=ROUND(MAX(0,AD10-AE10),2)",
    "=IFERROR(INDEX('Deductions'!$B$2:$B$9,MATCH(\"diversion\",'Deductions'!$A$2:$A$9,0)),0)",
    "=SORT(A1:A9)",
    "=XLOOKUP(A1,B1:B9,C1:C9)",
    "{=SUM(A1:A9*B1:B9)}",
]


def test_formulas_are_stored_as_xlsxwriter_stores_them(tmp_path: Path) -> None:
    import xlsxwriter

    ours = tmp_path / "ours.xlsx"
    render(
        BookPlan(
            [SheetPlan("S", cells=[Cell(r, 1, f, formula=True) for r, f in enumerate(FORMULAS, 1)])]
        ),
        ours,
    )
    theirs = tmp_path / "theirs.xlsx"
    book = xlsxwriter.Workbook(str(theirs), OPTIONS)
    ws = book.add_worksheet("S")
    for r, f in enumerate(FORMULAS):
        ws.write_formula(r, 0, f, None, "")
    book.close()
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        sheet = "xl/worksheets/sheet1.xml"
        assert a.read(sheet) == b.read(sheet)
        assert b"_xlfn._xlws.SORT" in a.read(sheet)  # rewritten where Excel needs it
