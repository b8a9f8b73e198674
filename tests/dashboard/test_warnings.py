"""Each warning kind: a planted case that must be caught, a clean control that must not."""

from __future__ import annotations

import pandas as pd
import pytest

from addin.core.dashboard import risk
from addin.core.dashboard import warnings as warn
from addin.core.dashboard.frames import inspection_frame
from addin.core.dashboard.pacing import pacing
from addin.core.receivables import age_receivables
from addin.core.settings import Settings
from tests.dashboard import data

AS_OF = pd.Timestamp("2026-03-31")  # a Tuesday


def one(frame: pd.DataFrame, **where: str) -> pd.Series:
    hit = frame
    for key, value in where.items():
        hit = hit.loc[hit[key] == value]
    assert len(hit) == 1, f"expected one warning where {where}, got:\n{frame}"
    return hit.iloc[0]


def test_no_report_counts_working_days_since_the_last_report() -> None:
    days: list[tuple[object, object, str, str, float]] = [
        ("R1", d, "C1", "visit", 0.0) for d in pd.bdate_range("2026-03-02", "2026-03-31")
    ]
    days += [("R2", "2026-03-25", "C2", "visit", 0.0)]  # then nothing: 26, 27, 30, 31
    found = warn.no_report(data.daily(days), data.REPS, AS_OF, Settings())
    row = one(found, rep_id="R2")
    assert row["kind"] == "no_report"
    assert row["since"] == pd.Timestamp("2026-03-26")
    assert "4 working day" in row["detail"].render("en")
    assert "R1" not in set(found["rep_id"])


@pytest.mark.parametrize(("last", "warned"), [("2026-03-26", True), ("2026-03-27", False)])
def test_no_report_threshold_is_inclusive(last: str, warned: bool) -> None:
    days = [("R1", AS_OF, "C1", "visit", 0.0), ("R2", last, "C2", "visit", 0.0)]
    found = warn.no_report(data.daily(days), data.REPS, AS_OF, Settings(no_report_days=3))
    assert ("R2" in set(found["rep_id"])) is warned


def test_no_report_skips_leavers_and_grades_severity() -> None:
    reps = data.REPS.assign(leave_date=pd.to_datetime(pd.Series([None, "2026-03-01"])))
    days = [("R1", "2026-03-16", "C1", "visit", 0.0)]  # 11 working days missed since
    found = warn.no_report(data.daily(days), reps, AS_OF, Settings(no_report_days=5))
    assert list(found["rep_id"]) == ["R1"]
    assert found["severity"].iloc[0] == "high"  # 11 >= 2 × 5


def test_a_customer_not_visited_in_person() -> None:
    days = [
        ("R1", "2026-01-05", "C3", "visit", 0.0),  # reports began
        ("R1", "2026-02-01", "C1", "visit", 0.0),
        ("R1", "2026-03-25", "C1", "phone", 0.0),  # a call is not a visit
        ("R1", "2026-03-20", "C3", "delivery", 0.0),
    ]
    a_list = pd.DataFrame(
        {"customer_id": ["C1", "C3"], "rep_id": ["R1", "R1"], "basis": ["by sales"] * 2}
    )
    found = warn.a_not_visited(data.daily(days), a_list, AS_OF, Settings(a_not_visited_days=30))
    row = one(found, customer_id="C1")
    assert row["since"] == pd.Timestamp("2026-02-01")
    assert "58 days" in row["detail"].render("en")
    assert "C3" not in set(found["customer_id"])


def test_a_customer_never_visited_counts_from_when_reports_began() -> None:
    days = [("R2", "2026-01-05", "C2", "visit", 0.0)]
    a_list = pd.DataFrame({"customer_id": ["C1"], "rep_id": ["R1"], "basis": ["strategy card"]})
    found = warn.a_not_visited(data.daily(days), a_list, AS_OF, Settings())
    assert one(found, customer_id="C1")["since"] == pd.Timestamp("2026-01-05")
    late_start = [("R2", "2026-03-10", "C2", "visit", 0.0)]  # only 21 days of reports
    assert warn.a_not_visited(data.daily(late_start), a_list, AS_OF, Settings()).empty


@pytest.fixture
def aged() -> tuple[pd.DataFrame, pd.DataFrame]:
    sold = data.lines(
        [
            ("2026-01-10", "C1", "P1", "R1", 60, 600.0),
            ("2026-02-10", "C1", "P1", "R1", 30, 300.0),
            ("2026-03-10", "C1", "P1", "R1", 40, 400.0),  # 1,300 against a limit of 1,000
            ("2026-03-01", "C2", "P1", "R2", 40, 400.0),  # within 500
            ("2026-01-15", "C2", "P1", "R2", 5, 50.0),  # 45 days overdue: within policy
            ("2025-11-01", "C3", "P1", "R1", 20, 200.0),  # cash terms: 150 days overdue
        ]
    )
    paid = pd.DataFrame(columns=["payment_id", "date", "customer_id", "amount", "invoice_id"])
    result = age_receivables(sold, paid, data.CUSTOMERS, Settings(), AS_OF.date())
    return result.ageing, result.open_items


def test_over_credit_limit_since_the_invoice_that_crossed_it(aged) -> None:
    ageing, items = aged
    found = risk.over_credit_limit(ageing, items)
    row = one(found, customer_id="C1")
    assert row["since"] == pd.Timestamp("2026-03-10")
    assert "1,300.00" in row["detail"].render("en") and "1,000.00" in row["detail"].render("en")
    assert "C2" not in set(found["customer_id"])


def test_overdue_beyond_policy(aged) -> None:
    ageing, items = aged
    found = risk.overdue_beyond_policy(ageing, items, Settings(overdue_policy_days=90))
    row = one(found, customer_id="C3")
    assert row["since"] == pd.Timestamp("2025-11-01") + pd.Timedelta(days=91)
    assert row["rep_id"] == "R1"
    assert "C2" not in set(found["customer_id"])
    assert "C1" not in set(found["customer_id"])


def test_price_below_floor() -> None:
    sold = data.sales(
        [
            ("2026-03-05", "C1", "P1", "R1", 10, 85.0),  # 8.50 < floor 9.00
            ("2026-03-06", "C2", "P1", "R2", 10, 90.0),  # exactly the floor: fine
            ("2026-03-07", "C2", "P2", "R2", -1, -10.0),  # a credit note
            ("2026-02-05", "C2", "P1", "R2", 10, 50.0),  # last month: not this review
        ]
    )
    cheap = risk.price_lines(sold, data.PRODUCTS, data.window())
    found = risk.price_below_floor(cheap)
    row = one(found, customer_id="C1")
    assert (row["rep_id"], row["severity"]) == ("R1", "high")
    assert "8.50" in row["detail"].render("en") and "9.00" in row["detail"].render("en")
    assert len(found) == 1


def test_diversion_territory_code_of_another_region() -> None:
    seen = inspection_frame(
        pd.DataFrame(
            {
                "rep_id": ["R1", "R1", "R1", "R1"],
                "date": pd.to_datetime(["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]),
                "customer_id": ["C1", "C1", "C3", "C3"],
                "product_id": ["P1", "P2", "P1", "P2"],
                "territory_code": ["EAST", "NORTH-TJ", "NORTH", None],
            }
        )
    )
    found = risk.diversion_territory(seen, data.card(), data.REGIONS, data.window())
    row = one(found, customer_id="C1")
    assert "EAST" in row["detail"].render("en") and "P1" in row["detail"].render("en")
    assert row["since"] == pd.Timestamp("2026-03-03")
    assert len(found) == 1  # own code, a parent region's code and no code are fine


def _history(customer: str, months: int, amount: float) -> list[tuple]:
    start = pd.Period("2026-03", "M") - months
    return [
        ((start + i).to_timestamp() + pd.Timedelta(days=9), customer, "P1", "R1", 1, amount)
        for i in range(months)
    ]


def test_purchase_jump_beyond_the_customers_own_history() -> None:
    rows = _history("C1", 12, 100.0) + _history("C2", 12, 100.0) + _history("C3", 2, 100.0)
    rows += [
        ("2026-03-02", "C1", "P1", "R1", 1, 200.0),
        ("2026-03-09", "C1", "P1", "R1", 1, 300.0),  # 500 > 3 × 100, passed on the 9th
        ("2026-03-03", "C2", "P1", "R2", 1, 250.0),  # 2.5 × its average
        ("2026-03-03", "C3", "P1", "R1", 1, 900.0),  # only 2 months of history
    ]
    found = risk.purchase_jump(data.sales(rows), data.card(), data.window(), Settings())
    row = one(found, customer_id="C1")
    assert row["since"] == pd.Timestamp("2026-03-09")
    assert "5.0×" in row["detail"].render("en")
    assert set(found["customer_id"]) == {"C1"}


def test_forecast_miss_of_the_last_closed_month() -> None:
    forecasts = pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R2"],
            "period": ["2026-02", "2026-02", "2026-03"],  # R2's March copy came too late
            "month": ["2026-03", "2026-03", "2026-03"],
            "customer_id": ["C1", "C2", "C2"],
            "product_id": ["P1", "P1", "P1"],
            "amount": [1000.0, 1000.0, 5000.0],
        }
    )
    sold = data.sales(
        [("2026-03-10", "C1", "P1", "R1", 60, 600.0), ("2026-03-10", "C2", "P1", "R2", 90, 900.0)]
    )
    found = warn.forecast_miss(forecasts, sold, AS_OF, Settings(forecast_miss_pct=30))
    row = one(found, rep_id="R1")
    assert "67% above" in row["detail"].render("en")  # |1000 − 600| ÷ 600
    assert row["since"] == pd.Timestamp("2026-03-01")
    assert "R2" not in set(found["rep_id"])
    mid_month = warn.forecast_miss(forecasts, sold, pd.Timestamp("2026-03-20"), Settings())
    assert mid_month.empty  # March is not over: February is judged, and has no forecast


def test_selling_cost_above_policy() -> None:
    days = data.daily(
        [
            ("R1", "2026-03-03", "C1", "visit", 60.0),
            ("R1", "2026-03-04", "C1", "visit", 40.0),
            ("R2", "2026-03-03", "C2", "visit", 50.0),
        ]
    )
    sold = data.sales(
        [
            ("2026-03-10", "C1", "P1", "R1", 100, 1000.0),
            ("2026-03-10", "C2", "P1", "R2", 100, 1000.0),
        ]
    )
    found = warn.selling_cost(days, sold, data.window(), Settings(selling_cost_max_pct=8))
    row = one(found, rep_id="R1")
    assert "10.0% of sales" in row["detail"].render("en")
    assert "R2" not in set(found["rep_id"])


def test_behind_pace() -> None:
    cube = pd.DataFrame(
        {
            "month": ["2026-01", "2026-02", "2026-03"] * 2,
            "rep_id": ["R1"] * 3 + ["R2"] * 3,
            "region_id": ["NORTH-TJ"] * 3 + ["EAST"] * 3,
            "product_id": ["P1"] * 6,
            "sales_target": [1000.0] * 6,
            "collection_target": [0.0] * 6,
        }
    )
    done = pd.DataFrame(
        {
            "member": ["R1", "R1", "R1", "R2", "R2", "R2"],
            "date": pd.to_datetime(["2026-01-10", "2026-02-10", "2026-03-10"] * 2),
            "amount": [1000.0, 500.0, 400.0, 1000.0, 1000.0, 950.0],
        }
    )
    pace = pacing(cube, {("sales", "rep"): done}, {"rep": data.REPS}, AS_OF, Settings())
    found = warn.behind_pace(pace, Settings(pace_behind_pct=10))
    row = one(found, rep_id="R1")
    assert row["since"] == pd.Timestamp("2026-02-01")  # behind since February's end
    assert "63% of pace" in row["detail"].render("en")
    assert "R2" not in set(found["rep_id"])
