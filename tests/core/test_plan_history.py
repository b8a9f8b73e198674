"""Last year's history: re-keyed to today's masters, collections spread over products."""

from __future__ import annotations

import pandas as pd
import pytest

from addin.core.issues import ROW
from addin.core.plan import history_cube


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame[ROW] = range(2, len(frame) + 2)
    return frame


@pytest.fixture
def masters() -> dict[str, pd.DataFrame]:
    reps = _frame(
        [
            {"rep_id": "R1", "name": "Ann", "region_id": "E", "leave_date": pd.NaT},
            {"rep_id": "R2", "name": "Bo", "region_id": "W", "leave_date": pd.NaT},
            {
                "rep_id": "R3",
                "name": "Cy",
                "region_id": "E",
                "leave_date": pd.Timestamp("2025-05-31"),
            },
        ]
    )
    customers = _frame(
        [
            {
                "customer_id": "C1",
                "rep_id": "R2",
                "region_id": "W",
                "channel": "online",
                "settlement_method": "cash",
                "status": "active",
            },
            {
                "customer_id": "C2",
                "rep_id": "R1",
                "region_id": "E",
                "channel": "direct",
                "settlement_method": "credit",
                "status": "closed",
            },
            {
                "customer_id": "C3",
                "rep_id": "R3",
                "region_id": "E",
                "channel": "direct",
                "settlement_method": "credit",
                "status": "active",
            },
        ]
    )
    products = _frame([{"product_id": "P1", "name": "A"}, {"product_id": "P2", "name": "B"}])
    return {"reps": reps, "customers": customers, "products": products}


def _sale(day: str, customer: str, product: str, amount: float, rep: str = "R1") -> dict:
    return {
        "date": pd.Timestamp(day),
        "customer_id": customer,
        "product_id": product,
        "rep_id": rep,
        "amount": amount,
    }


def _pay(day: str, customer: str, amount: float) -> dict:
    return {"date": pd.Timestamp(day), "customer_id": customer, "amount": amount}


def _cube(masters: dict, sales: list[dict], payments: list[dict], year: int = 2026):
    return history_cube(
        _frame(sales),
        _frame(payments),
        masters["customers"],
        masters["reps"],
        masters["products"],
        year,
    )


def _cell(cells: pd.DataFrame, month: int, customer: str, product: str) -> pd.Series:
    hit = cells[
        (cells["month"] == month)
        & (cells["customer_id"] == customer)
        & (cells["product_id"] == product)
    ]
    assert len(hit) == 1
    return hit.iloc[0]


def test_history_follows_the_customer_to_its_current_rep(masters: dict) -> None:
    # The invoice says rep R1, but C1 now belongs to R2 in the West.
    h = _cube(masters, [_sale("2025-03-05", "C1", "P1", 100.0, rep="R1")], [])
    cell = _cell(h.cells, 3, "C1", "P1")
    assert (cell["rep_id"], cell["region_id"], cell["channel"]) == ("R2", "W", "online")
    assert cell["settlement_method"] == "cash"
    assert cell["last_year_sales"] == 100.0
    assert cell["reason"] == ""
    assert h.year == 2025


def test_collections_follow_the_month_sales_mix(masters: dict) -> None:
    sales = [_sale("2025-03-01", "C1", "P1", 300.0), _sale("2025-03-09", "C1", "P2", 100.0)]
    h = _cube(masters, sales, [_pay("2025-03-15", "C1", 80.0)])
    assert _cell(h.cells, 3, "C1", "P1")["last_year_collections"] == pytest.approx(60.0)
    assert _cell(h.cells, 3, "C1", "P2")["last_year_collections"] == pytest.approx(20.0)


def test_a_month_without_sales_uses_the_year_mix(masters: dict) -> None:
    sales = [_sale("2025-01-10", "C1", "P1", 100.0), _sale("2025-02-10", "C1", "P2", 300.0)]
    h = _cube(masters, sales, [_pay("2025-06-30", "C1", 40.0)])
    assert _cell(h.cells, 6, "C1", "P1")["last_year_collections"] == pytest.approx(10.0)
    assert _cell(h.cells, 6, "C1", "P2")["last_year_collections"] == pytest.approx(30.0)
    assert _cell(h.cells, 6, "C1", "P1")["last_year_sales"] == 0.0


def test_payments_of_a_customer_without_sales_stay_on_blank_product(masters: dict) -> None:
    h = _cube(masters, [_sale("2025-01-10", "C1", "P1", 100.0)], [_pay("2025-04-01", "C3", 55.0)])
    assert _cell(h.cells, 4, "C3", "")["last_year_collections"] == 55.0


def test_credit_notes_net_off_and_other_years_are_ignored(masters: dict) -> None:
    sales = [
        _sale("2025-05-01", "C1", "P1", 500.0),
        _sale("2025-05-20", "C1", "P1", -200.0),
        _sale("2024-05-01", "C1", "P1", 999.0),
        _sale("2026-01-02", "C1", "P1", 999.0),
    ]
    h = _cube(masters, sales, [])
    assert h.cells["last_year_sales"].sum() == 300.0


def test_no_target_reasons_come_from_the_masters(masters: dict) -> None:
    sales = [
        _sale("2025-01-10", "C2", "P1", 10.0),
        _sale("2025-01-10", "C3", "P1", 10.0),
        _sale("2025-01-10", "C1", "P9", 10.0),
        _sale("2025-01-10", "C9", "P1", 10.0, "R2"),
    ]
    h = _cube(masters, sales, [])
    reason = dict(
        zip(h.cells["customer_id"] + "/" + h.cells["product_id"], h.cells["reason"], strict=True)
    )
    assert reason == {
        "C2/P1": "customer_closed",
        "C3/P1": "rep_left",
        "C1/P9": "unknown_product",
        "C9/P1": "unknown_customer",
    }
    # An unknown customer stays under the rep of its latest invoice.
    assert _cell(h.cells, 1, "C9", "P1")["rep_id"] == "R2"
    found = {(i.code, i.sheet, i.row, i.column) for i in h.issues}
    assert found == {
        ("history_unknown_customer", "SalesLines", 5, "customer_id"),
        ("history_unknown_product", "SalesLines", 4, "product_id"),
        ("rep_left_with_customers", "Reps", 4, "leave_date"),
    }


def test_falls_back_to_the_latest_year_with_data(masters: dict) -> None:
    h = _cube(masters, [_sale("2023-07-01", "C1", "P1", 10.0)], [], year=2026)
    assert h.year == 2023
    assert [(i.code, i.severity) for i in h.issues] == [("history_year_fallback", "info")]


def test_no_history_at_all_is_a_warning_not_a_crash(masters: dict) -> None:
    h = _cube(masters, [], [])
    assert h.year is None and h.cells.empty
    assert [i.code for i in h.issues] == ["no_history"]
