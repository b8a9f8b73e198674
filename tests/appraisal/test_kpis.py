"""KPI values of the hand-made company in `example` (numbers worked out in comments)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from addin.core.appraisal import appraisal_kpis, normalise_period, prior_period
from addin.core.appraisal.periods import months_before
from tests.appraisal import example


@pytest.fixture(scope="module")
def tables():
    return appraisal_kpis("2026-03", example.data())


@pytest.fixture(scope="module")
def march(tables) -> pd.DataFrame:
    return tables.current.set_index("rep_id")


def test_reps_employed_in_the_period_are_listed_and_the_leaver_is_not(march) -> None:
    assert list(march.index) == ["R1", "R2", "R4"]  # R3 left on 2026-02-20


def test_working_days_follow_weekends_holidays_and_the_hire_date(march) -> None:
    # 22 weekdays in March 2026 less the holiday on the 9th; R2 from the 16th: 12 days.
    assert march.loc["R1", "working_days"] == 21
    assert march.loc["R2", "working_days"] == 12
    assert march.loc["R2", "period_working_days"] == 21
    assert bool(march.loc["R2", "prorated"]) and not bool(march.loc["R1", "prorated"])


def test_sales_gross_profit_and_price_violations(march) -> None:
    r1 = march.loc["R1"]
    # 100 + 70 − 20 (credit note) + 30 = 180
    assert r1["sales"] == pytest.approx(180.0)
    # (100−50) + (70 − 10×5 estimated cost) + (−20+10) + (30−12) = 50 + 20 − 10 + 18 = 78
    assert r1["gross_profit"] == pytest.approx(78.0)
    assert r1["gross_margin_pct"] == pytest.approx(78 / 180 * 100)
    # M1 line 2: 70 for 10 units = 7 each, below the floor of 8
    assert r1["price_violations"] == 1
    assert march.loc["R2", "sales"] == pytest.approx(150.0)
    assert march.loc["R2", "price_violations"] == 0  # 150/5 = 30 ≥ 20


def test_targets_are_summed_and_prorated_by_working_days(march) -> None:
    assert march.loc["R1", "sales_target"] == pytest.approx(200.0)  # 150 + 50
    assert march.loc["R1", "sales_achievement"] == pytest.approx(90.0)  # 180 / 200
    # R2's month target 300 × 12/21; collection 210 × 12/21 = 120; budget 42 × 12/21 = 24
    assert march.loc["R2", "sales_target"] == pytest.approx(300 * 12 / 21)
    assert march.loc["R2", "sales_achievement"] == pytest.approx(150 / (300 * 12 / 21) * 100)
    assert march.loc["R2", "collection_target"] == pytest.approx(120.0)
    assert march.loc["R2", "expense_budget"] == pytest.approx(24.0)


def test_a_rep_without_plan_rows_has_blank_targets_and_achievement(march) -> None:
    r4 = march.loc["R4"]
    assert math.isnan(r4["sales_target"]) and math.isnan(r4["sales_achievement"])
    assert math.isnan(r4["collection_achievement"])


def test_collections_credit_the_rep_of_the_invoice_settled(march, tables) -> None:
    assert march.loc["R1", "collections"] == pytest.approx(100.0)  # PM1 on M1
    assert march.loc["R1", "collection_achievement"] == pytest.approx(125.0)  # 100 / 80
    assert march.loc["R2", "collections"] == pytest.approx(150.0)  # PM3 on M3
    prior = tables.prior.set_index("rep_id")
    assert prior.loc["R1", "collections"] == pytest.approx(120.0)  # PF on F1, in February


def test_customers_active_new_and_lost(march) -> None:
    r1 = march.loc["R1"]
    assert r1["active_customers"] == 2  # C1 (net 150) and C5
    assert r1["new_customers"] == 1  # C5; C1 bought in December
    # C4 bought once, in September: March completes its 6 silent months. C2 last bought
    # in June 2025 and was lost in December, before the period.
    assert r1["lost_customers"] == 1
    assert march.loc["R2", "new_customers"] == 1  # C3
    assert march.loc["R2", "lost_customers"] == 0


def test_activity_from_the_daily_report(march) -> None:
    r1 = march.loc["R1"]
    assert r1["visits"] == 2  # the phone call is not a visit
    assert r1["visits_per_day"] == pytest.approx(2 / 21)
    assert r1["avg_visit_minutes"] == pytest.approx(45.0)  # 30 and 60 minutes
    assert r1["orders_per_100_visits"] == pytest.approx(50.0)  # 1 order in 2 visits
    assert r1["revenue_per_visit"] == pytest.approx(90.0)  # 180 / 2
    assert r1["selling_cost"] == pytest.approx(30.0)  # 20 + 10 + 0
    assert r1["cost_per_visit"] == pytest.approx(15.0)
    assert r1["selling_cost_pct"] == pytest.approx(30 / 180 * 100)
    assert r1["budget_use_pct"] == pytest.approx(30.0)  # 30 of 100
    assert r1["report_compliance"] == pytest.approx(2 / 21 * 100)  # 2 days reported
    assert r1["missing_report_days"] == 19
    # Route: Mon C1 visited, Tue C1 only phoned → 1 of 2 stops
    assert r1["route_adherence"] == pytest.approx(50.0)
    # Forecast 160 for C1/P1 (actual 150), none for C5/P2 (actual 30): 1 − 40/180
    assert r1["forecast_accuracy"] == pytest.approx((1 - 40 / 180) * 100)


def test_a_rep_who_sent_no_reports_has_blank_costs_not_zero(march) -> None:
    r2 = march.loc["R2"]
    assert r2["visits"] == 0 and r2["report_compliance"] == 0
    assert r2["missing_report_days"] == 12  # only the days employed are owed
    assert math.isnan(r2["selling_cost"]) and math.isnan(r2["selling_cost_pct"])


def test_diversion_counts_against_the_territory_the_goods_came_from(march, tables) -> None:
    # Goods coded N at C3 (in S): R1 works N. Codes S (home) and CN (a parent) are fine.
    assert march.loc["R1", "diversion_flags"] == 1
    assert march.loc["R2", "diversion_flags"] == 0  # R2 only reported it
    orphan = [i for i in tables.issues if i.code == "diversion_unattributed"]
    assert len(orphan) == 1 and orphan[0].value == "W" and orphan[0].severity == "warning"


def test_qualitative_scores_of_the_period_only(march, tables) -> None:
    assert march.loc["R1", "teamwork"] == 80  # the 2026-Q2 row is another period
    assert math.isnan(march.loc["R1", "loyalty"])
    bad = [i for i in tables.issues if i.code == "bad_period"]
    assert [(i.sheet, i.row, i.column, i.value) for i in bad] == [
        ("Qualitative", 4, "period", "March")
    ]
    assert math.isnan(march.loc["R2", "teamwork"])


def test_prior_period_values_and_growth(tables, march) -> None:
    assert tables.prior_period == "2026-02"
    prior = tables.prior.set_index("rep_id")
    assert prior.loc["R1", "sales"] == pytest.approx(120.0)
    assert prior.loc["R1", "sales_target"] == pytest.approx(100.0)
    assert march.loc["R1", "sales_growth_pct"] == pytest.approx(50.0)  # 180 vs 120
    assert "R3" in prior.index and "R2" not in prior.index  # R3 still there in February


def test_a_quarter_sums_its_months() -> None:
    q1 = appraisal_kpis("2026-Q1", example.data()).current.set_index("rep_id")
    # Q1 sales of R1: February 120 + March 180; target February 100 + March 200
    assert q1.loc["R1", "sales"] == pytest.approx(300.0)
    assert q1.loc["R1", "sales_target"] == pytest.approx(300.0)
    # Working days: January 22 weekdays + February 20 + March 21 (this calendar's only
    # holiday is 2026-03-09) = 63.
    assert q1.loc["R1", "working_days"] == 63


@pytest.mark.parametrize(
    ("period", "canon", "prior"),
    [
        ("2026-3", "2026-03", "2026-02"),
        ("2026-01", "2026-01", "2025-12"),
        ("2026-q1", "2026-Q1", "2025-Q4"),
        ("2026-Q3", "2026-Q3", "2026-Q2"),
        ("2026", "2026", "2025"),
    ],
)
def test_periods(period: str, canon: str, prior: str) -> None:
    assert normalise_period(period) == canon
    assert prior_period(period) == prior


def test_not_a_period() -> None:
    assert normalise_period("2026-13") is None
    assert normalise_period("March") is None
    assert months_before("2026-03", 2) == ["2026-01", "2026-02"]
