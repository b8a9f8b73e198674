"""The rep's running totals are live formulas that a real spreadsheet engine computes
to the same figures Python reads from the rep's rows."""

from __future__ import annotations

import openpyxl
import pytest

from addin.io.reader import WorkbookFile
from addin.schema import TABLES
from tests.libreoffice import needs_libreoffice, recalculated


@needs_libreoffice
def test_my_totals_equal_the_reps_own_rows(demo_master, tmp_path) -> None:
    filled = sorted((demo_master / "archive").glob("*/rep-*.xlsx"))[0]
    with WorkbookFile(filled) as book:
        daily = book.read(TABLES["DailyReport"]).frame
        targets = book.read(TABLES["MyTargets"]).frame
    values = {
        row[0]: row[1:]
        for row in openpyxl.load_workbook(recalculated(filled, tmp_path), data_only=True)[
            "MyTotals"
        ].iter_rows(min_row=2, max_row=6, values_only=True)
    }
    assert values["Visits"][0] == len(daily)
    assert values["Orders"][0] == pytest.approx(daily["order_amount"].sum())
    assert values["Orders"][1] == pytest.approx(targets["sales_target"].sum())
    assert values["Collections"][0] == pytest.approx(daily["collection_amount"].sum())
    assert values["Expenses"][0] == pytest.approx(daily["expense_amount"].sum())
    assert values["Days reported"][0] == pytest.approx(daily["date"].nunique())
