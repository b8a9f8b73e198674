"""An output table longer than a worksheet is cut at the sheet's end with a note that
says so, instead of failing the whole job."""

from __future__ import annotations

import openpyxl

from addin.jobs import common
from addin.jobs import split as split_job
from tests.golden.compare import output_table


def test_a_table_longer_than_a_sheet_is_cut_and_says_so(demo_company, monkeypatch) -> None:
    monkeypatch.setattr(common, "SHEET_ROWS", 7)
    result = split_job.split(demo_company)
    assert result.exit_code == 0
    check = output_table(demo_company / "plan.xlsx", "TargetCheck")
    assert len(check) == 7
    note = str(openpyxl.load_workbook(demo_company / "plan.xlsx")["TargetCheck"]["A1"].value)
    assert "first 7 of" in note and "rows" in note
    by_month = output_table(demo_company / "plan.xlsx", "TargetsByMonth")
    assert len(by_month) == 7  # 12 months, cut as well; the ledger keeps the whole plan
