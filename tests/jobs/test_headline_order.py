"""The last line of a run names first the workbook whose problems stop something — a
returned rep workbook with errors is not hidden behind three that hold only warnings."""

from __future__ import annotations

from pathlib import Path

from addin.core.issues import Issue
from addin.jobs.result import JobResult


def test_the_workbook_with_errors_is_named_first() -> None:
    issues = [
        Issue(code="percent_fraction", file=name, sheet="Growth", row=2)
        for name in ("appraisal.xlsx", "masters.xlsx", "plan.xlsx")
    ]
    issues.append(Issue(code="not_my_customer", file="rep-R006-2026-03.xlsx", row=5))
    result = JobResult("demo", issues)
    assert result.headline() == (
        "demo: done, but 1 problem(s) found — see the Issues sheet of rep-R006-2026-03.xlsx, "
        "appraisal.xlsx, masters.xlsx and 1 more (3 warning(s))"
    )
    result.marked = ["returned/rep-R006-2026-03.xlsx"]  # collect names the copy to open
    assert "see the Issues sheet of returned/rep-R006-2026-03.xlsx " in result.headline()


def test_the_demo_s_reps_pick_code_and_name_and_its_last_line_names_the_returned_copy(
    tmp_path: Path,
) -> None:
    from addin.io.ledger import Ledger
    from addin.io.reader import WorkbookFile
    from addin.jobs.demo_cycle import run_demo
    from addin.schema import TABLES

    result = run_demo(tmp_path / "co")
    assert "see the Issues sheet of returned/rep-R006-2026-03.xlsx, " in result.headline()
    said = [(i.file, i.sheet, i.row, i.column, i.code, i.value) for i in result.issues]
    assert len(said) == len(set(said))
    terms = [i.where() for i in result.issues if i.code == "missing_payment_terms"]
    assert terms == ["masters.xlsx:Customers!I31"]  # read by age and by dashboard: said once
    sent = tmp_path / "co" / "archive" / "2026-03" / "rep-R001-2026-03.xlsx"
    with WorkbookFile(sent) as book:
        typed = book.read(TABLES["DailyReport"]).frame["customer_id"]
        listed = set(book.read(TABLES["MyCustomers"]).frame["listed_as"])
    assert len(typed) and set(typed) <= listed  # as Excel stores a picked entry
    with Ledger.open(tmp_path / "co" / "ledger.sqlite") as ledger:
        counted = ledger.counted("DailyReport", period="2026-03")
    mine = counted.loc[counted["rep_id"] == "R001", "customer_id"]
    assert sorted(mine) == sorted(v.split()[0] for v in typed)
