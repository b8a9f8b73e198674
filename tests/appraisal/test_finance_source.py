"""Appraisal scores the finance export every other job reads: finance.xlsx, and the
ledger's copy only when the workbook holds no SalesLines (a company too big for one
sheet). An export finance pasted after the ledger recorded the last one is the one the
collections — and so the scores and bonuses — are worked out from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import range_boundaries

from addin.io.reader import WorkbookFile
from addin.jobs.age import age
from addin.jobs.appraise import appraise
from addin.schema import TABLES
from tests.appraisal.helpers import scorecard_of

PERIOD, AS_OF = "2026-03", dt.date(2026, 3, 31)


def double_payments(finance: Path) -> int:
    """Every payment amount in finance.xlsx's Payments table doubled, as a new export
    pasted over the old one would change them; returns how many."""
    book = openpyxl.load_workbook(finance)
    sheet = book["Payments"]
    first_col, header_row, last_col, last_row = range_boundaries(sheet.tables["Payments"].ref)
    labels = [str(sheet.cell(header_row, c).value).lower() for c in range(first_col, last_col + 1)]
    column = first_col + labels.index("amount")
    changed = 0
    for row in range(header_row + 1, last_row + 1):
        cell = sheet.cell(row, column)
        if isinstance(cell.value, int | float):
            cell.value *= 2
            changed += 1
    book.save(finance)
    return changed


def collections_by_rep(root: Path) -> pd.Series:
    """What `age` wrote into finance.xlsx's Collections for the period, per rep."""
    with WorkbookFile(root / "finance.xlsx") as book:
        frame = book.read(TABLES["Collections"]).frame
    month = frame[frame["month"] == PERIOD]
    return month.set_index("rep_id")["collected"].sort_index()


def test_appraise_scores_the_export_pasted_since_the_ledger_recorded_one(
    demo_company: Path,
) -> None:
    # The demo's cycle recorded finance.xlsx in the ledger (split records each clean read).
    before = appraise(demo_company, PERIOD)
    assert "finance: finance.xlsx" in before.lines()[0]
    assert double_payments(demo_company / "finance.xlsx") > 100

    after = appraise(demo_company, PERIOD)
    assert after.exit_code == 0
    assert "finance: finance.xlsx" in after.lines()[0]
    scored = scorecard_of(after).set_index("rep_id")["collections"]
    assert scored.sum() > scorecard_of(before)["collections"].sum()
    # age reads the same export: the two jobs credit every rep the same collections
    assert age(demo_company, AS_OF).exit_code == 0
    aged = collections_by_rep(demo_company)
    assert len(aged) >= 5
    pd.testing.assert_series_equal(
        scored[scored != 0].sort_index(), aged, check_names=False, check_index_type=False
    )
