"""Strategy-card goals the split cannot honour are said where they were typed, and a
customer who drops to no target says why wherever its move is named."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from addin.jobs import split as split_job
from tests.golden.compare import output_table


def _header_columns(ws) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def _set_status(company: Path, customer: str, status: str) -> None:
    path = company / "masters.xlsx"
    book = openpyxl.load_workbook(path)
    ws = book["Customers"]
    cols = _header_columns(ws)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, cols["Customer ID"]).value == customer:
            ws.cell(row, cols["Status"]).value = status
    book.save(path)


def _goal_rows(company: Path, year: int) -> dict[str, int]:
    """Customer → Strategy row of the cards with a sales goal for `year`, largest goal first."""
    ws = openpyxl.load_workbook(company / "masters.xlsx")["Strategy"]
    cols = _header_columns(ws)
    rows = {
        str(ws.cell(r, cols["Customer ID"]).value): r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, cols["Year"]).value == year
        and (ws.cell(r, cols["Sales goal"]).value or 0) > 0
    }
    goal = {c: ws.cell(r, cols["Sales goal"]).value for c, r in rows.items()}
    return dict(sorted(rows.items(), key=lambda item: -goal[item[0]]))


def test_a_goal_for_a_customer_without_target_is_a_located_warning(demo_company: Path) -> None:
    goals = _goal_rows(demo_company, 2026)
    active = sorted(goals)[-1]  # a customer with a goal, made dormant here
    _set_status(demo_company, active, "dormant")
    result = split_job.split(demo_company)
    found = {(i.row, i.column): i for i in result.issues if i.code == "goal_without_target"}
    assert (goals[active], "sales_goal") in found
    assert (goals[active], "collection_goal") in found
    said = found[(goals[active], "sales_goal")].text("en")
    assert active in said and "dormant" in said and "no target" in said
    assert all(i.sheet == "Strategy" for i in found.values())
    # Only cards of customers without a target are named.
    active_cards = output_table(demo_company / "plan.xlsx", "TargetsByCustomer")
    targeted = set(active_cards.iloc[:, 0].astype(str))
    named = {r for r, _ in found}
    assert not any(goals[c] in named for c in targeted if c in goals)


def test_an_active_customer_with_a_goal_is_not_named(demo_company: Path) -> None:
    goals = _goal_rows(demo_company, 2026)
    customer = sorted(goals)[-1]
    _set_status(demo_company, customer, "active")
    result = split_job.split(demo_company)
    assert not any(
        i.code == "goal_without_target" and i.row == goals[customer] for i in result.issues
    )


def test_a_customer_move_to_no_target_says_why_on_its_reps_row(demo_company: Path) -> None:
    goals = _goal_rows(demo_company, 2026)
    customer = next(iter(goals))  # the largest: its drop is its rep's largest move
    _set_status(demo_company, customer, "closed")
    split_job.split(demo_company)
    check = output_table(demo_company / "plan.xlsx", "TargetCheck")
    reasons = check.filter(like="source").iloc[:, 0].astype(str)
    assert reasons.str.contains(f"{customer} [-+][0-9,]+ \\(no target: customer closed\\)").any()


def test_many_goals_without_target_name_the_largest_and_count_the_rest() -> None:
    import numpy as np
    import pandas as pd

    from addin.core.plan.goals import MAX_PER_MEASURE, goals_without_target
    from addin.core.plan.members import plan_members

    n = 3000
    customers = pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in range(n)],
            "rep_id": "R1",
            "status": np.where(np.arange(n) % 10 == 0, "dormant", "active"),
            "name": "x",
            "_row": np.arange(n) + 2,
        }
    )
    reps = pd.DataFrame({"rep_id": ["R1"], "region_id": ["E"], "name": ["r"], "_row": [2]})
    products = pd.DataFrame({"product_id": ["P1"], "name": ["p"], "_row": [2]})
    members = plan_members(customers, reps, products, None, 2026)
    cards = pd.DataFrame(
        {
            "customer_id": customers["customer_id"],
            "year": 2026,
            "sales_goal": np.arange(n) * 10.0 + 10,
            "collection_goal": 0.0,
            "_row": np.arange(n) + 2,
        }
    )
    issues = goals_without_target(cards, members)
    named = [i for i in issues if i.code == "goal_without_target"]
    assert len(named) == MAX_PER_MEASURE
    assert [i.row for i in named] == [2 + k for k in range(n - 10, -1, -10)][:MAX_PER_MEASURE]
    (more,) = [i for i in issues if i.code == "goal_without_target_more"]
    assert more.args["count"] == n // 10 - MAX_PER_MEASURE
