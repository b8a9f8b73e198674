"""The dashboard job on the demo company: sheets, tables and charts, and the numbers
reconcile with finance.xlsx, the ledger and the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from addin.io.company import Company, load_masters
from addin.io.ledger import Ledger
from addin.io.reader import WorkbookFile
from addin.jobs.dashboard import dashboard
from addin.jobs.result import JobFailed
from addin.schema import TABLES
from tests.dashboard.workbook import DASHBOARD_TABLES, chart_titles, read_tables
from tests.libreoffice import needs_libreoffice, recalculated


def finance(root: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    with WorkbookFile(root / "finance.xlsx") as book:
        lines = book.read(TABLES["SalesLines"]).frame
        paid = book.read(TABLES["Payments"]).frame
        ageing = book.read(TABLES["Ageing"]).frame
    return lines, paid, ageing


def in_month(frame: pd.DataFrame, month: str) -> pd.DataFrame:
    return frame.loc[frame["date"].dt.strftime("%Y-%m") == month]


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_master) -> tuple[Path, dict[str, pd.DataFrame]]:
    import shutil

    root = tmp_path_factory.mktemp("dash") / "co"
    shutil.copytree(demo_master, root)
    result = dashboard(root)
    assert result.data["month"] == "2026-03" and result.data["as_of"] == "2026-03-31"
    return root, read_tables(root / "dashboard.xlsx")


def test_sheets_tables_and_charts(built) -> None:
    root, tables = built
    book = openpyxl.load_workbook(root / "dashboard.xlsx")
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible[:4] == ["Overview", "Warnings", "CustomerReview", "CustomerCard"]
    assert {
        "Pacing",
        "CustomerABC",
        "NewLostByRep",
        "CustomerMoves",
        "MarketIntel",
        "ChartData",
        "Issues",
    } <= set(visible)
    assert {ws.title for ws in book.worksheets if ws.sheet_state == "hidden"} == {
        "CardCustomers",
        "CardMonths",
        "CardVisits",
        "CardOpenItems",
    }
    assert set(DASHBOARD_TABLES) <= set(tables)
    for name in ("Warnings", "CustomerReview", "MarketIntel"):
        assert set(TABLES[name].keys) <= set(tables[name].columns), name
    titles = chart_titles(root / "dashboard.xlsx")["Overview"]
    assert len(titles) == 4
    assert any("by rep" in t for t in titles) and any("ageing" in t.lower() for t in titles)
    assert any("against target" in t for t in titles) and any("Competitor" in t for t in titles)


def test_review_reconciles_with_finance(built) -> None:
    root, tables = built
    review = tables["CustomerReview"].set_index("customer_id")
    lines, paid, ageing = finance(root)
    assert (review["month"] == "2026-03").all()
    sold = in_month(lines, "2026-03").groupby("customer_id")["amount"].sum()
    assert set(sold.index) <= set(review.index)
    np.testing.assert_allclose(review["sales"].reindex(sold.index), sold, atol=0.005)
    assert review["sales"].sum() == pytest.approx(sold.sum(), abs=0.01)
    received = in_month(paid, "2026-03").groupby("customer_id")["amount"].sum()
    np.testing.assert_allclose(review["collections"].reindex(received.index), received, atol=0.005)
    # The age job ran as of 2026-03-31 too: outstanding is finance's Ageing total.
    owed = ageing.set_index("customer_id")["total"]
    owed = owed.loc[owed != 0]
    np.testing.assert_allclose(review["outstanding"].reindex(owed.index), owed, atol=0.005)
    with Ledger.open(root / "ledger.sqlite") as ledger:
        cube = ledger.targets(2026)
    march = cube.loc[cube["month"] == "2026-03"].groupby("customer_id")["sales_target"].sum()
    np.testing.assert_allclose(review["target"].reindex(march.index), march, atol=0.005)


def test_warnings_name_the_planted_problems(built) -> None:
    root, tables = built
    warnings = tables["Warnings"]
    assert set(TABLES["Warnings"].keys) <= set(warnings.columns)
    missing = set(warnings.loc[warnings["kind"] == "no_report", "rep_id"])
    assert "R008" in missing  # never sent
    assert "R006" not in missing  # handed in with errors: the valid days count
    with Ledger.open(root / "ledger.sqlite") as ledger:
        seen = ledger.counted("MarketInspection")
    masters = load_masters(root / "masters.xlsx")
    home = masters.customers.set_index("customer_id")["region_id"]
    parents = masters.regions.set_index("region_id")["parent_id"]
    foreign = seen.loc[
        seen["territory_code"].notna()
        & (seen["territory_code"] != seen["customer_id"].map(home))
        & (seen["territory_code"] != seen["customer_id"].map(home).map(parents))
    ]
    flagged = warnings.loc[warnings["kind"] == "diversion_territory"]
    assert len(foreign) > 0
    assert set(flagged["customer_id"]) == set(foreign["customer_id"])
    review = tables["CustomerReview"].set_index("customer_id")
    assert (review.loc[list(set(foreign["customer_id"])), "diversion_flags"] > 0).all()


def test_a_month_with_sales_below_the_floor_price(demo_company) -> None:
    dashboard(demo_company, month="2026-01")
    tables = read_tables(demo_company / "dashboard.xlsx")
    lines, _, _ = finance(demo_company)
    masters = load_masters(demo_company / "masters.xlsx")
    floor = masters.products.set_index("product_id")["floor_price"]
    jan = in_month(lines, "2026-01")
    jan = jan.loc[(jan["qty"] > 0) & (jan["amount"] > 0)]
    cheap = jan.loc[jan["amount"] / jan["qty"] < jan["product_id"].map(floor) - 0.005]
    assert len(cheap) > 0
    warned = tables["Warnings"].loc[tables["Warnings"]["kind"] == "price_below_floor"]
    assert set(warned["customer_id"]) == set(cheap["customer_id"])
    review = tables["CustomerReview"].set_index("customer_id")
    assert (review["month"] == "2026-01").all()
    assert review["price_violations"].sum() == len(cheap)


def _plan(root: Path) -> pd.DataFrame:
    """A plan for 2026: last year's sales per month, customer and product, plus 10%."""
    lines, _, _ = finance(root)
    masters = load_masters(root / "masters.xlsx")
    card = masters.customers.set_index("customer_id")
    last = lines.loc[lines["date"].dt.year == 2025]
    cube = (
        last.groupby([last["date"].dt.month.rename("m"), "customer_id", "product_id"])["amount"]
        .sum()
        .reset_index()
    )
    cube = cube.loc[cube["amount"] > 0]
    return pd.DataFrame(
        {
            "month": [f"2026-{m:02d}" for m in cube["m"]],
            "region_id": cube["customer_id"].map(card["region_id"]).to_numpy(),
            "rep_id": cube["customer_id"].map(card["rep_id"]).to_numpy(),
            "customer_id": cube["customer_id"].to_numpy(),
            "product_id": cube["product_id"].to_numpy(),
            "sales_target": (cube["amount"] * 1.1).round(0).to_numpy(),
            "collection_target": (cube["amount"]).round(0).to_numpy(),
        }
    )


def test_with_a_plan_targets_and_pacing_follow_it(demo_company) -> None:
    cube = _plan(demo_company)
    with Ledger.open(Company(demo_company).ledger_path) as ledger:
        ledger.replace_plan(
            2026, cube, pd.DataFrame(columns=["rep_id", "month", "expense_budget"]), "plan-for-test"
        )
    dashboard(demo_company, as_of=dt.date(2026, 3, 31))
    tables = read_tables(demo_company / "dashboard.xlsx")
    review = tables["CustomerReview"].set_index("customer_id")
    march = cube.loc[cube["month"] == "2026-03"].groupby("customer_id")["sales_target"].sum()
    np.testing.assert_allclose(review["target"].reindex(march.index), march, atol=0.005)
    pace = tables["Pacing"]
    company = pace.loc[(pace["measure"] == "sales") & (pace["dimension"] == "company")].iloc[0]
    q1 = cube.loc[cube["month"] <= "2026-03", "sales_target"].sum()
    assert company["target_to_date"] == pytest.approx(q1, abs=0.01)  # March 31 = all of Q1
    assert company["annual_target"] == pytest.approx(cube["sales_target"].sum(), abs=0.01)
    assert "no plan" not in set(pace["status"])
    behind = pace.loc[pace["status"] == "behind"]
    warned = tables["Warnings"].loc[tables["Warnings"]["kind"] == "behind_pace"]
    assert len(warned) == len(behind)


def test_a_bad_month_is_refused(demo_company) -> None:
    with pytest.raises(JobFailed):
        dashboard(demo_company, month="2026-13")


@needs_libreoffice
def test_customer_card_formulas_follow_the_dropdown(built, tmp_path) -> None:
    root, tables = built
    path = tmp_path / "dashboard.xlsx"
    book = openpyxl.load_workbook(root / "dashboard.xlsx")
    card = book["CustomerCard"]
    rules = [dv for dv in card.data_validations.dataValidation if "B3" in str(dv.sqref)]
    assert rules and "CardCustomers" in rules[0].formula1
    pick = "C00005"
    card["B3"] = pick
    book.save(path)
    values = openpyxl.load_workbook(recalculated(path, tmp_path), data_only=True)["CustomerCard"]
    cells: dict[object, object] = {}
    for r in range(1, 60):
        for c in (1, 4):  # label → the value beside it, first occurrence
            cells.setdefault(values.cell(r, c).value, values.cell(r, c + 1).value)
    review = tables["CustomerReview"].set_index("customer_id").loc[pick]
    customer = tables["CardCustomers"].set_index("customer_id").loc[pick]
    assert values["C3"].value == customer["name"]
    assert cells["Sales this month"] == pytest.approx(review["sales"], abs=0.01)
    assert cells["Outstanding"] == pytest.approx(review["outstanding"], abs=0.01)
    assert cells["Credit limit"] == pytest.approx(customer["credit_limit"], abs=0.01)
    months = tables["CardMonths"]
    mine = months.loc[months["customer_id"] == pick]
    total = next(r for r in range(1, 80) if values.cell(r, 1).value == "Total")
    assert values.cell(total, 2).value == pytest.approx(mine["sales"].sum(), abs=0.01)
    assert values.cell(total, 4).value == pytest.approx(mine["collections"].sum(), abs=0.01)
    visits = tables["CardVisits"]
    latest = visits.loc[(visits["customer_id"] == pick) & (visits["seq"] == 1)]
    shown = next(r for r in range(1, 90) if values.cell(r, 1).value == "Latest visits")
    if len(latest):
        assert values.cell(shown + 2, 2).value == latest["visit_type"].iloc[0]
