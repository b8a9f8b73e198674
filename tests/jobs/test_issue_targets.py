"""`issue` reads only the plan cells a workbook shows: the month asked for, and for a few
reps named with `--rep` only theirs. What reaches each rep is the same as from the
whole year's cube, and "no plan" is said only when the year has none."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from addin.books.rep import issued_lists
from addin.io.company import Company, load_masters
from addin.jobs.init import init_company
from addin.jobs.issue import FEW_REPS, active_reps, issue_workbooks, month_targets
from addin.jobs.ledger_access import open_ledger
from addin.schema import TABLES

PERIOD = "2026-03"


def _said(result: object) -> str:
    return "\n".join(result.lines())  # type: ignore[attr-defined]


def test_a_months_targets_are_those_of_the_whole_years_cube(demo_company: Path) -> None:
    company = Company(demo_company)
    masters = load_masters(company.book("masters"))
    reps = sorted(active_reps(masters, PERIOD)["rep_id"].astype(str))
    with open_ledger(company, masters) as ledger:
        year = ledger.targets(int(PERIOD[:4]))
        whole = month_targets(ledger, PERIOD, None)
        few = month_targets(ledger, PERIOD, reps[:2])
    assert whole.year_planned and few.year_planned
    assert set(whole.cells["month"]) == {PERIOD}
    assert list(whole.cells.columns) == ["rep_id", *TABLES["MyTargets"].keys]
    expected = issued_lists(masters, year, PERIOD)
    for cells, asked in ((whole.cells, set(reps)), (few.cells, set(reps[:2]))):
        got = issued_lists(masters, cells, PERIOD, asked)
        assert set(got.targets) == {r for r in expected.targets if r in asked}
        assert set(got.customers) == {r for r in expected.customers if r in asked}
        for rep in got.targets:
            pd.testing.assert_frame_equal(got.targets[rep], expected.targets[rep])
            pd.testing.assert_frame_equal(got.customers[rep], expected.customers[rep])
    # sums are kept exactly: the month's targets of the two reps, cent for cent
    mine = year.loc[(year["month"] == PERIOD) & year["rep_id"].isin(reps[:2])]
    assert few.cells["sales_target"].sum() == mine["sales_target"].sum()


def test_no_plan_is_said_only_when_the_year_has_none(demo_company: Path, tmp_path: Path) -> None:
    company = Company(demo_company)
    masters = load_masters(company.book("masters"))
    reps = sorted(active_reps(masters, PERIOD)["rep_id"].astype(str))
    with open_ledger(company, masters) as ledger:
        cube = ledger.targets(int(PERIOD[:4]))
    planned = set(cube.loc[cube["month"] == PERIOD, "rep_id"])
    # The demo has a rep at work in March with no target that month (hired late).
    without = [r for r in reps if r not in planned]
    assert without and FEW_REPS >= 1

    for only in ([sorted(planned)[0]], without[:1], None):
        assert "no plan" not in _said(issue_workbooks(demo_company, PERIOD, only=only)), only

    fresh = tmp_path / "fresh"
    init_company(fresh, demo=True)  # masters and finance, no split yet
    for only in (reps[:1], None):
        unplanned = issue_workbooks(fresh, PERIOD, only=only)
        assert "no plan for 2026" in _said(unplanned), only
        assert unplanned.written, "the workbooks are still issued, without targets"
