"""The Scorecard's live formulas, recalculated by a real spreadsheet engine (LibreOffice),
equal what Python computed — as written, and after a manager's what-if on the scheme.
The slips print one page per rep."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.books.appraisal.scorecard import HEADER_ROW
from addin.core.appraisal import appraise_reps, read_scheme
from addin.core.appraisal.scorecard import RESULT_COLUMNS
from addin.io.reader import WorkbookFile
from addin.jobs.appraisal_data import load_appraisal_data
from addin.jobs.appraise import appraise
from addin.jobs.common import open_company
from addin.jobs.ledger_access import open_ledger
from addin.schema import TABLES
from tests.appraisal.helpers import scorecard_of
from tests.libreoffice import needs_libreoffice, printed, recalculated

pytestmark = [pytest.mark.libreoffice, needs_libreoffice]
FORMULA_COLUMNS = [c for c in RESULT_COLUMNS if c != "coaching"]


def fill_qualitative(path: Path) -> None:
    book = openpyxl.load_workbook(path)
    ws = book["Qualitative"]
    for row, (rep, score) in enumerate([("R001", 85), ("R005", 70), ("R010", 95)], start=2):
        ws.cell(row=row, column=1, value=rep)
        ws.cell(row=row, column=2, value="2026-03")
        for col in (3, 4, 5):
            ws.cell(row=row, column=col, value=score - col)
    book.save(path)


def engine_scorecard(book: Path, work: Path) -> pd.DataFrame:
    """The Scorecard table's values after LibreOffice recalculated every formula."""
    ws = openpyxl.load_workbook(recalculated(book, work), data_only=True)["Scorecard"]
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def python_scorecard(root: Path) -> pd.DataFrame:
    """The core's scorecard for the scheme now in appraisal.xlsx."""
    company, masters = open_company(root)
    with WorkbookFile(company.book("appraisal")) as book:
        frames = {
            n: book.read(TABLES[n]).frame
            for n in ("Scheme", "Grades", "BonusRules", "Deductions", "Qualitative")
        }
    scheme, issues = read_scheme(
        frames["Scheme"], frames["Grades"], frames["BonusRules"], frames["Deductions"]
    )
    assert scheme is not None, issues
    with open_ledger(company, masters) as ledger:
        data, _ = load_appraisal_data(company, masters, ledger, "2026-03", frames["Qualitative"])
    return appraise_reps("2026-03", data, scheme).scorecard


def assert_same(engine: pd.DataFrame, python: pd.DataFrame, labels: dict[str, str]) -> None:
    assert list(engine["Rep ID"]) == list(python["rep_id"])
    score_columns = [c for c in python.columns if c.endswith("_score") and c != "total_score"]
    for column in [*score_columns, *FORMULA_COLUMNS]:
        got = engine[labels[column]].tolist()
        want = python[column].tolist()
        for rep, g, w in zip(python["rep_id"], got, want, strict=True):
            if w is pd.NA or w is None or w == "" or (isinstance(w, float) and math.isnan(w)):
                assert g in (None, ""), (column, rep, g)
            elif isinstance(w, str):
                assert g == w, (column, rep, g, w)
            else:
                assert g == pytest.approx(float(w), abs=1e-9), (column, rep, g, w)


def labels_of(path: Path, python: pd.DataFrame) -> dict[str, str]:
    """Column key → header text: the sheet's columns are the scorecard's, in order."""
    headers = [c.value for c in openpyxl.load_workbook(path)["Scorecard"][HEADER_ROW]]
    return dict(zip(python.columns, headers, strict=True))


def test_the_engine_agrees_with_python_before_and_after_a_what_if(
    demo_company: Path, tmp_path: Path
) -> None:
    path = demo_company / "appraisal.xlsx"
    fill_qualitative(path)
    job = appraise(demo_company, "2026-03")
    python = scorecard_of(job)
    labels = labels_of(path, python)
    engine = engine_scorecard(path, tmp_path / "first")
    assert engine["Total score"].notna().all()
    assert_same(engine, python, labels)
    assert python["ranked"].sum() >= 5 and (python["bonus"] > 0).any()  # a test with teeth

    # The manager tries another scheme in the workbook, without running Python.
    book = openpyxl.load_workbook(path)
    scheme = book["Scheme"]
    scheme["B2"] = 35  # sales_achievement 25 → 35
    scheme["B5"] = 0  # visits_per_day 10 → 0
    scheme["C10"] = "达标"  # new_customers: threshold, spelt in Chinese
    scheme["C6"] = "lower_better"  # orders_per_100_visits, scored the other way
    scheme["E2"] = None  # no cap: 100
    rules = book["BonusRules"]
    rules["D2"] = 4.5  # first sales tier 3 % → 4.5 %
    rules["A4"] = "回款"  # the collections tier, spelt in Chinese
    rules["B5"] = 50  # min_score 60 → 50
    book["Deductions"]["B4"] = 0.25  # missing_report 1 → 0.25 points a day
    book["Grades"]["B3"] = 70  # B from 75 → 70
    book.save(path)
    engine = engine_scorecard(path, tmp_path / "what-if")
    changed = python_scorecard(demo_company)
    assert not changed["total_score"].equals(python["total_score"])
    assert_same(engine, changed, labels)


def test_the_slips_print_one_page_per_rep(demo_company: Path, tmp_path: Path) -> None:
    job = appraise(demo_company, "2026-03")
    card = scorecard_of(job)
    pages, texts = printed(demo_company / "appraisal.xlsx", "Slips", tmp_path)
    assert pages == len(card)
    first = card.iloc[0]
    assert first["rep_id"] in texts[0] and "Appraisal slip" in texts[0]
    assert f"{first['total_score']:.2f}" in texts[0]  # the formula's value, printed
