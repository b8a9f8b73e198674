"""`appraise` on the demo company: the workbook a manager opens afterwards."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.books.appraisal.scorecard import HEADER_ROW
from addin.io.company import load_masters
from addin.io.ledger import Ledger
from addin.io.reader import WorkbookFile
from addin.jobs.appraise import appraise
from addin.jobs.result import JobFailed
from addin.schema import TABLES
from tests.appraisal.helpers import scorecard_of


def sheet_rows(path: Path, sheet: str, first: int) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if any(r)]


def header(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Scorecard"]
    return [c.value for c in ws[HEADER_ROW]]


def test_the_demo_company_gets_a_scorecard_and_slips(demo_company: Path) -> None:
    job = appraise(demo_company, "2026-03")
    assert job.exit_code == 0, [i.render() for i in job.issues]
    card = scorecard_of(job)
    # Reps employed in March 2026: every rep but R009, who left in 2024.
    assert list(card["rep_id"]) == [
        "R001",
        "R002",
        "R003",
        "R004",
        "R005",
        "R006",
        "R007",
        "R008",
        "R010",
    ]
    # R003 (a regional manager) has no plan rows: listed, not ranked, no grade.
    r003 = card.set_index("rep_id").loc["R003"]
    assert not r003["ranked"] and r003["grade"] == "" and "not ranked" in r003["note"]
    ranked = card.loc[card["ranked"]]
    assert (
        sorted(ranked["rank"]) == list(range(1, len(ranked) + 1))
        or ranked["total_score"].duplicated().any()
    )
    # R006 handed in a report with errors: its valid rows count, the month is one with
    # errors. R008 sent none: every working day is missing.
    by_rep = card.set_index("rep_id")
    assert by_rep.loc["R006", "report_error_months"] == 1
    assert by_rep.loc["R006", "missing_report_days"] < 22
    assert by_rep.loc["R008", "missing_report_days"] == 22
    assert by_rep.loc["R008", "report_error_months"] == 0
    assert by_rep.drop(index="R006")["report_error_months"].sum() == 0
    assert [i.code for i in job.issues] == ["qualitative_missing"]

    book = openpyxl.load_workbook(demo_company / "appraisal.xlsx")
    ws = book["Scorecard"]
    names = header(demo_company / "appraisal.xlsx")
    first = HEADER_ROW + 1
    for column in ("Sales achievement score", "Total score", "Rank", "Grade", "Bonus"):
        value = ws.cell(row=first, column=names.index(column) + 1).value
        assert isinstance(value, str) and value.startswith("="), (column, value)
    assert "'Scheme'!" in ws.cell(row=2, column=names.index("Sales achievement score") + 1).value
    assert ws.cell(row=first, column=names.index("Sales") + 1).value == pytest.approx(
        card["sales"].iloc[0]
    )
    slips = book["Slips"]
    assert len(slips.row_breaks.brk) == len(card)
    # A slip names the rep's region as masters.xlsx does: its code and its name.
    regions = load_masters(demo_company / "masters.xlsx").regions.set_index("region_id")["name"]
    region = str(card["region_id"].iloc[0])
    assert slips["G3"].value == f"{region}  {regions[region]}"
    assert "Issues" in book.sheetnames
    # The input tables are intact and still read cleanly.
    with WorkbookFile(demo_company / "appraisal.xlsx") as reread:
        scheme = reread.read(TABLES["Scheme"])
    assert len(scheme.frame) == 12 and not scheme.issues


def test_qualitative_scores_count_once_filled(demo_company: Path) -> None:
    path = demo_company / "appraisal.xlsx"
    book = openpyxl.load_workbook(path)
    ws = book["Qualitative"]
    # the table has spare rows under its header: type into them
    for row, (rep, score) in enumerate([("R001", 90), ("R005", 60)], start=2):
        ws.cell(row=row, column=1, value=rep)
        ws.cell(row=row, column=2, value="2026-03")
        for col in (3, 4, 5):
            ws.cell(row=row, column=col, value=score)
    book.save(path)
    before = scorecard_of(appraise(demo_company, "2026-03")).set_index("rep_id")
    assert before.loc["R001", "teamwork_score"] == 90
    assert before.loc["R005", "loyalty_score"] == 60
    assert before.loc["R002", "teamwork_score"] == 0
    issue = next(
        i for i in appraise(demo_company, "2026-03").issues if i.code == "qualitative_missing"
    )
    assert "R001" not in issue.message and "R002" in issue.message


def test_a_broken_scheme_gives_issues_on_its_cells_and_no_scorecard(demo_company: Path) -> None:
    path = demo_company / "appraisal.xlsx"
    appraise(demo_company, "2026-03")
    book = openpyxl.load_workbook(path)
    book["Scheme"]["B2"] = 30  # sales_achievement 25 → 30: weights add up to 105
    book["Scheme"]["A4"] = "smiles"
    book["Grades"]["B3"] = 90  # B starts where A does
    book.save(path)
    job = appraise(demo_company, "2026-03")
    assert job.exit_code == 1
    found = {(i.cell, i.code) for i in job.issues}
    assert ("B13", "weights_not_100") in found
    assert ("A4", "unknown_kpi") in found
    assert ("B3", "grade_bands_overlap") in found
    assert all(i.file == "appraisal.xlsx" for i in job.issues)
    assert "scorecard" not in job.data
    after = openpyxl.load_workbook(path)
    # last run's slips are not left to be handed out: the sheet says why there are none
    slips = after["Slips"]
    assert slips.max_row == 1 and "scheme has problems" in slips["A1"].value
    assert sheet_rows(path, "Scorecard", 4) == []  # emptied, with a note saying why
    assert "scheme has problems" in after["Scorecard"]["A1"].value
    issues = sheet_rows(path, "Issues", 4)
    assert {r[4] for r in issues} >= {"weights_not_100", "unknown_kpi", "grade_bands_overlap"}
    assert after["Scheme"]["B13"].comment is not None  # the cell is marked


def test_a_quarter_and_a_year_with_leavers_and_joiners(demo_company: Path) -> None:
    quarter = appraise(demo_company, "2026-q1")
    card = scorecard_of(quarter)
    assert set(card["period"]) == {"2026-Q1"}
    assert (card["working_days"] > 55).all()
    # 2024: R009 left on 2024-10-14 and R010 joined on 2024-09-14, both prorated; there is
    # no 2024 plan, so nobody is ranked.
    year = scorecard_of(appraise(demo_company, "2024")).set_index("rep_id")
    notes = year["note"].astype(str)
    assert "prorated" in notes["R009"] and "left 2024-10-14" in notes["R009"]
    assert "joined 2024-09-14" in notes["R010"]
    days = year["working_days"].astype(int)
    assert days["R009"] < days["R001"]
    assert not year["ranked"].any()
    assert "R009" not in set(scorecard_of(appraise(demo_company, "2025"))["rep_id"])


def test_a_bad_period_is_refused(demo_company: Path) -> None:
    with pytest.raises(JobFailed, match="not a period"):
        appraise(demo_company, "2026-13")


def test_without_grades_table_the_scorecard_has_no_grades(demo_company: Path) -> None:
    path = demo_company / "appraisal.xlsx"
    book = openpyxl.load_workbook(path)
    del book["Grades"]
    book.save(path)
    job = appraise(demo_company, "2026-03")
    assert "table_absent" in {i.code for i in job.issues}
    assert set(scorecard_of(job)["grade"]) == {""}


def test_targets_come_from_plan_xlsx_when_the_ledger_has_no_plan(
    demo_company: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_ledger = scorecard_of(appraise(demo_company, "2026-03"))
    targets, budgets, sums = Ledger.targets, Ledger.budgets, Ledger.counted_sums
    monkeypatch.setattr(Ledger, "targets", lambda self, year, rep_id=None: targets(self, 1900))
    monkeypatch.setattr(Ledger, "budgets", lambda self, year, rep_id=None: budgets(self, 1900))
    monkeypatch.setattr(  # the plan as appraise reads it: summed per rep and month
        Ledger,
        "counted_sums",
        lambda self, *a, kind, period: sums(self, *a, kind=kind, period="1900"),
    )
    job = appraise(demo_company, "2026-03")
    assert any("plan 2026: plan.xlsx" in line for line in job.lines())
    from_workbook = scorecard_of(job)
    pd.testing.assert_series_equal(from_workbook["sales_target"], from_ledger["sales_target"])
    pd.testing.assert_series_equal(from_workbook["total_score"], from_ledger["total_score"])


def test_a_period_before_anyone_was_employed(demo_company: Path) -> None:
    job = appraise(demo_company, "2010")
    assert job.exit_code == 0 and scorecard_of(job).empty
    assert "Slips" in openpyxl.load_workbook(demo_company / "appraisal.xlsx").sheetnames


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1"])
def test_the_demo_appraisal_is_one_a_director_could_defend(demo_company: Path, period) -> None:
    """The demo's plan and history are realistic: nobody lands at several times his
    target, an unranked rep gets only what the Scheme gives unranked reps (nothing, by
    default), and months before reports began cost nobody a missing report."""
    card = scorecard_of(appraise(demo_company, period)).set_index("rep_id")
    achieved = card[["sales_achievement", "collection_achievement"]]
    assert achieved.max().max() <= 300, achieved.round(0).to_dict()
    ranked = card.loc[card["ranked"]]
    assert len(ranked) >= len(card) - 1  # only the regional manager without customers
    assert (card.loc[~card["ranked"], "bonus"] == 0).all()
    # Reports began with March: the quarter owes no January or February reports.
    assert card["missing_report_days"].max() <= 22
    assert card["report_error_months"].max() <= 1
