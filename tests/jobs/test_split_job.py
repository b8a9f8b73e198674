"""The split job on the demo company: outputs, ledger, and a cube too big for a sheet."""

from __future__ import annotations

import openpyxl

from addin.io.ledger import Ledger
from addin.jobs import split as split_job
from tests.golden.compare import output_table


def test_a_cube_too_big_for_a_sheet_stays_in_the_ledger(demo_company, monkeypatch) -> None:
    monkeypatch.setattr(split_job, "CUBE_SHEET_ROWS", 10)
    result = split_job.split(demo_company)
    assert result.exit_code == 0
    cells = result.data["cells"]
    assert cells > 10
    sheet = openpyxl.load_workbook(demo_company / "plan.xlsx")["TargetCube"]
    assert "in the ledger" in str(sheet["A1"].value)
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        cube = ledger.targets(2026)
    assert len(cube) == cells
    by_month = output_table(demo_company / "plan.xlsx", "TargetsByMonth")
    assert by_month["Sales target"].astype(float).sum() == cube["sales_target"].sum()


def test_bad_locks_are_marked_and_nothing_is_published(demo_company) -> None:
    plan = demo_company / "plan.xlsx"
    book = openpyxl.load_workbook(plan)
    ws = book["Locks"]
    headers = [c.value for c in ws[1]]
    row = {"Rep ID": "R001", "Measure": "sales", "Value": 10**12}
    for c, name in enumerate(headers, start=1):
        ws.cell(row=2, column=c, value=row.get(name))
    book.save(plan)
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        before = len(ledger.submissions(kind="plan"))
    result = split_job.split(demo_company)
    assert result.exit_code == 1
    assert any(i.sheet == "Locks" and i.row == 2 for i in result.issues), result.issues
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        assert len(ledger.submissions(kind="plan")) == before
    marked = openpyxl.load_workbook(plan)["Locks"]
    assert any(c.comment is not None for c in marked[2])


def _errors_after_split(company, edit) -> set[tuple[str, str, str]]:
    """Split after `edit(book)`; the errors as the user reads them on the Issues sheet."""
    plan = company / "plan.xlsx"
    book = openpyxl.load_workbook(plan)
    edit(book)
    book.save(plan)
    result = split_job.split(company)
    assert result.exit_code == 1
    listed = output_table(plan, "Issues")
    errors = listed.loc[listed["Severity"] == "error"]
    return {
        (code, sheet, f"{column}{int(row)}")
        for code, sheet, column, row in zip(
            errors["Code"], errors["Sheet"], errors["Column"], errors["Row"], strict=True
        )
    }


def test_a_value_below_its_column_minimum_is_one_message_in_the_plan(demo_company) -> None:
    """Negative weights, growth below -100 %, negative locks and budgets, a blank rep: the
    reader tells each at its cell, and no plan rule says it a second time."""

    def mistakes(book) -> None:
        season = book["Seasonality"]
        for month in range(1, 13):
            season.cell(row=month + 1, column=1, value=f"2026-{month:02d}")
            season.cell(row=month + 1, column=2, value=1)
        season["B4"] = -1
        book["Growth"]["C2"] = -150
        locks = book["Locks"]
        locks["A2"], locks["F2"], locks["G2"] = "R001", "sales", -3
        budgets = book["Budgets"]
        budgets["A2"], budgets["B2"], budgets["C2"] = "R001", "2026-03", -5
        budgets["B3"], budgets["C3"] = "2026-04", 100  # no rep

    assert _errors_after_split(demo_company, mistakes) == {
        ("below_min", "Seasonality", "B4"),
        ("below_min", "Growth", "C2"),
        ("below_min", "Locks", "G2"),
        ("below_min", "Budgets", "C2"),
        ("required_blank", "Budgets", "A3"),
    }


def test_an_unusable_company_target_is_told_once_not_as_its_consequences(demo_company) -> None:
    """A negative sales target and a measure outside the list: their cells, and nothing
    about growth or locks measured against a target of 0."""

    def mistakes(book) -> None:
        book["CompanyTargets"]["B2"] = -1
        book["Growth"]["A3"] = "planet"

    assert _errors_after_split(demo_company, mistakes) == {
        ("below_min", "CompanyTargets", "B2"),
        ("not_allowed", "Growth", "A3"),
    }
