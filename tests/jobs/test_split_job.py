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
