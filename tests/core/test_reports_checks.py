"""Domain checks of one rep's March 2026 submission.

March 2026: the 1st is a Sunday; Mondays are the 2nd, 9th, 16th, 23rd and 30th.
Each planted case changes one thing in an otherwise clean report and expects exactly
the issues it should cause — nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.issues import ROW, Issue
from addin.core.reports import check_report
from addin.core.settings import Settings

PERIOD = "2026-03"
TODAY = dt.date(2026, 4, 5)
CUSTOMERS = {"C1", "C2"}
PRODUCTS = {"P1", "P2"}

T = dt.time
D = pd.Timestamp


def table(rows: list[dict[str, object]], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    frame[ROW] = range(2, len(frame) + 2)
    return frame


def times(*values: dt.time) -> pd.Series:
    return pd.Series(values, dtype=object)


def clean() -> dict[str, pd.DataFrame]:
    day = {
        "visit_type": "visit",
        "order_amount": 0.0,
        "collection_amount": 0.0,
        "expense_amount": 0.0,
        "feedback": "",
    }
    return {
        "DailyReport": table(
            [
                {
                    **day,
                    "date": "2026-03-02",
                    "customer_id": "C1",
                    "start_time": T(9, 0),
                    "end_time": T(10, 0),
                    "order_amount": 1000.0,
                    "expense_amount": 50.0,
                },
                {
                    **day,
                    "date": "2026-03-02",
                    "customer_id": "C2",
                    "start_time": T(10, 30),
                    "end_time": T(11, 30),
                    "visit_type": "delivery",
                },
                {
                    **day,
                    "date": "2026-03-03",
                    "customer_id": "C1",
                    "start_time": T(9, 0),
                    "end_time": T(9, 45),
                    "visit_type": "phone",
                    "collection_amount": 200.0,
                },
            ],
            dates=("date",),
        ),
        "WeeklyRoute": table(
            [
                {
                    "week_start": "2026-03-02",
                    "weekday": 1,
                    "seq": 1,
                    "customer_id": "C1",
                    "objective": "order",
                },
                {
                    "week_start": "2026-03-02",
                    "weekday": 2,
                    "seq": 1,
                    "customer_id": "C2",
                    "objective": "collect",
                },
            ],
            dates=("week_start",),
        ),
        "MonthlyPlan": table(
            [
                {
                    "month": "2026-03",
                    "customer_id": "C1",
                    "sales_plan": 5000.0,
                    "collection_plan": 3000.0,
                    "actions": "promo",
                }
            ]
        ),
        "MonthlySummary": table(
            [{"month": "2026-03", "achievements": "a", "problems": "b", "next_month_focus": "c"}]
        ),
        "Forecast": table(
            [
                {"month": "2026-04", "customer_id": "C1", "product_id": "P1", "amount": 2000.0},
                {"month": "2026-05", "customer_id": "C2", "product_id": "P2", "amount": 1000.0},
            ]
        ),
        "Competitors": table(
            [
                {
                    "date": "2026-03-05",
                    "competitor": "Acme",
                    "product": "Widget",
                    "wholesale_price": 10.0,
                    "retail_price": 12.0,
                    "quality": "good",
                    "promotion": "",
                    "customer_id": "C1",
                }
            ],
            dates=("date",),
        ),
        "MarketInspection": table(
            [
                {
                    "date": "2026-03-06",
                    "customer_id": "C1",
                    "product_id": "P1",
                    "on_shelf": True,
                    "retail_price": 15.0,
                    "stock_qty": 20.0,
                    "territory_code": "R1",
                }
            ],
            dates=("date",),
        ),
    }


def run(
    tables: dict[str, pd.DataFrame],
    *,
    today: dt.date = TODAY,
    period: str = PERIOD,
    settings: Settings | None = None,
) -> list[Issue]:
    return check_report(
        tables,
        period=period,
        customers=CUSTOMERS,
        products=PRODUCTS,
        today=today,
        settings=settings,
    ).issues


def found(issues: list[Issue]) -> list[tuple[str, str, int | None, str, str]]:
    return [(i.code, i.sheet, i.row, i.column, i.severity) for i in issues]


def put(sheet: str, row: int, column: str, value: object) -> Callable[[dict], None]:
    def change(tables: dict[str, pd.DataFrame]) -> None:
        frame = tables[sheet]
        cell: object = pd.Timestamp(str(value)) if column in ("date", "week_start") else value
        cast(Any, frame.loc)[frame[ROW] == row, column] = cell

    return change


def test_clean_report_has_no_issues_and_every_row_is_valid() -> None:
    tables = clean()
    result = check_report(
        tables, period=PERIOD, customers=CUSTOMERS, products=PRODUCTS, today=TODAY
    )
    assert result.issues == []
    assert result.ok
    assert set(result.valid) == set(tables)
    for sheet, frame in tables.items():
        assert result.valid[sheet].tolist() == [True] * len(frame), sheet


E, W = "error", "warning"

PLANTED = [
    # not_my_customer in every table that has customer_id
    ("DailyReport", 3, "customer_id", "C9", [("not_my_customer", 3, "customer_id", E)]),
    ("WeeklyRoute", 2, "customer_id", "C9", [("not_my_customer", 2, "customer_id", E)]),
    ("MonthlyPlan", 2, "customer_id", "C9", [("not_my_customer", 2, "customer_id", E)]),
    ("Forecast", 3, "customer_id", "C9", [("not_my_customer", 3, "customer_id", E)]),
    ("Competitors", 2, "customer_id", "C9", [("not_my_customer", 2, "customer_id", E)]),
    ("MarketInspection", 2, "customer_id", "C9", [("not_my_customer", 2, "customer_id", E)]),
    # unknown_product
    ("Forecast", 2, "product_id", "P9", [("unknown_product", 2, "product_id", E)]),
    ("MarketInspection", 2, "product_id", "P9", [("unknown_product", 2, "product_id", E)]),
    # dates outside the period (1 April is a Wednesday, 27 February a Friday)
    ("DailyReport", 4, "date", "2026-04-01", [("date_outside_period", 4, "date", E)]),
    ("Competitors", 2, "date", "2026-02-27", [("date_outside_period", 2, "date", E)]),
    ("MarketInspection", 2, "date", "2026-02-27", [("date_outside_period", 2, "date", E)]),
    # route weeks
    ("WeeklyRoute", 2, "week_start", "2026-03-03", [("not_monday", 2, "week_start", E)]),
    ("WeeklyRoute", 2, "week_start", "2026-04-06", [("date_outside_period", 2, "week_start", E)]),
    ("WeeklyRoute", 2, "week_start", "2026-02-16", [("date_outside_period", 2, "week_start", E)]),
    ("WeeklyRoute", 2, "week_start", "2026-02-23", []),  # its Sunday is 1 March
    ("WeeklyRoute", 2, "week_start", "2026-03-30", []),  # its Monday is 30 March
    # months
    ("MonthlyPlan", 2, "month", "2026-04", [("month_mismatch", 2, "month", E)]),
    ("MonthlySummary", 2, "month", "2026-02", [("month_mismatch", 2, "month", E)]),
    ("Forecast", 2, "month", "2026-03", [("forecast_not_ahead", 2, "month", E)]),
    ("Forecast", 2, "month", "2025-12", [("forecast_not_ahead", 2, "month", E)]),
    ("Forecast", 2, "month", "2027-04", [("forecast_too_far", 2, "month", E)]),
    ("Forecast", 2, "month", "2027-03", []),  # exactly 12 months ahead
    # visit times
    ("DailyReport", 2, "end_time", T(9, 0), [("end_before_start", 2, "end_time", E)]),
    ("DailyReport", 2, "end_time", T(8, 0), [("end_before_start", 2, "end_time", E)]),
    ("DailyReport", 3, "end_time", T(19, 0), [("visit_too_long", 3, "end_time", W)]),
    ("DailyReport", 3, "end_time", T(18, 30), []),  # exactly 480 minutes
    ("DailyReport", 2, "end_time", T(9, 3), [("visit_too_short", 2, "end_time", W)]),
    ("DailyReport", 4, "end_time", T(9, 2), []),  # a short phone call is fine
    ("DailyReport", 3, "start_time", T(9, 30), [("overlapping_visit", 3, "start_time", E)]),
    ("DailyReport", 3, "start_time", T(10, 0), []),  # starts as the other one ends
    ("DailyReport", 4, "date", "2026-03-02", []),  # a phone call during a visit
    # a negative amount is the reader's below_min (declared min=0), never a second issue here
    ("DailyReport", 2, "order_amount", -1.0, []),
    ("MarketInspection", 2, "stock_qty", -1.0, []),
    ("Competitors", 2, "retail_price", -1.0, [("retail_below_wholesale", 2, "retail_price", W)]),
    # days off, competitor prices
    ("DailyReport", 4, "date", "2026-03-07", [("weekend_visit", 4, "date", W)]),  # Saturday
    ("Competitors", 2, "retail_price", 9.0, [("retail_below_wholesale", 2, "retail_price", W)]),
    ("Competitors", 2, "retail_price", 10.0, []),
]


@pytest.mark.parametrize(("sheet", "row", "column", "value", "expected"), PLANTED)
def test_planted_problem_is_reported_exactly(
    sheet: str, row: int, column: str, value: object, expected: list[tuple[str, int, str, str]]
) -> None:
    tables = clean()
    put(sheet, row, column, value)(tables)
    issues = run(tables)
    assert found(issues) == [(code, sheet, r, c, sev) for code, r, c, sev in expected]


def test_issue_names_the_offending_value_and_a_readable_message() -> None:
    tables = clean()
    put("DailyReport", 3, "customer_id", "C9")(tables)
    (issue,) = run(tables)
    assert issue.value == "C9"
    assert "C9" in issue.message and "not one of your customers" in issue.message


def test_overlap_flags_the_later_visit_even_when_typed_first() -> None:
    tables = clean()
    daily = tables["DailyReport"]
    early = daily.iloc[[0]].assign(customer_id="C2")
    early["start_time"] = times(T(8, 0))
    early["end_time"] = times(T(9, 30))
    early[ROW] = 5
    tables["DailyReport"] = pd.concat([daily, early], ignore_index=True)
    (issue,) = run(tables)
    # Row 2 (09:00) starts inside row 5 (08:00-09:30) although it was typed above it.
    assert (issue.code, issue.row, issue.column) == ("overlapping_visit", 2, "start_time")
    assert "row 5" in issue.message


def test_overlap_names_the_visit_that_reaches_furthest() -> None:
    tables = clean()
    daily = tables["DailyReport"]
    # Row 2 09:00-10:00, row 3 10:30-11:30; a long row 5 09:05-12:00 and row 6 at 11:45:
    # row 6 only collides with row 5, which ends last.
    extra = daily.iloc[[0, 0]].reset_index(drop=True).assign(customer_id="C2")
    extra["start_time"] = times(T(9, 5), T(11, 45))
    extra["end_time"] = times(T(12, 0), T(12, 30))
    extra[ROW] = [5, 6]
    tables["DailyReport"] = pd.concat([daily, extra], ignore_index=True)
    issues = run(tables)
    assert [(i.code, i.row) for i in issues] == [
        ("overlapping_visit", 3),
        ("overlapping_visit", 5),
        ("overlapping_visit", 6),
    ]
    assert "row 5" in issues[0].message  # row 3 at 10:30 is inside row 5's 09:05-12:00
    assert "row 2" in issues[1].message
    assert "row 5" in issues[2].message


def test_duplicate_row_flags_later_copies_only_once() -> None:
    tables = clean()
    for sheet in ("DailyReport", "Competitors", "MonthlySummary"):
        frame = tables[sheet]
        copies = pd.concat([frame.iloc[[0]], frame.iloc[[0]]], ignore_index=True)
        copies[ROW] = [len(frame) + 2, len(frame) + 3]
        tables[sheet] = pd.concat([frame, copies], ignore_index=True)
    issues = run(tables)
    assert [(i.code, i.sheet, i.row) for i in issues] == [
        ("duplicate_row", "DailyReport", 5),
        ("duplicate_row", "DailyReport", 6),
        ("duplicate_row", "MonthlySummary", 3),
        ("duplicate_row", "MonthlySummary", 4),
        ("duplicate_row", "Competitors", 3),
        ("duplicate_row", "Competitors", 4),
    ]
    assert all("row 2" in i.message for i in issues)


def test_rows_that_differ_in_one_cell_are_not_duplicates() -> None:
    tables = clean()
    frame = tables["Competitors"]
    other = frame.assign(retail_price=13.0)
    other[ROW] = 3
    tables["Competitors"] = pd.concat([frame, other], ignore_index=True)
    assert run(tables) == []


def test_holiday_visit_is_a_warning() -> None:
    holiday = Settings(holidays=[dt.date(2026, 3, 3)])
    issues = run(clean(), settings=holiday)
    assert found(issues) == [("weekend_visit", "DailyReport", 4, "date", W)]


def test_weekend_follows_settings() -> None:
    # With Tuesday (1) as the only day off, the call on Tuesday 3 March is flagged.
    issues = run(clean(), settings=Settings(weekend_days=[1]))
    assert found(issues) == [("weekend_visit", "DailyReport", 4, "date", W)]


def test_dates_after_today_are_warnings() -> None:
    issues = run(clean(), today=dt.date(2026, 3, 5))
    # Only the inspection of 6 March lies after 5 March.
    assert found(issues) == [("future_date", "MarketInspection", 2, "date", W)]


def test_visit_limits_follow_settings() -> None:
    issues = run(clean(), settings=Settings(visit_max_minutes=50, visit_min_minutes=0))
    assert found(issues) == [
        ("visit_too_long", "DailyReport", 2, "end_time", W),
        ("visit_too_long", "DailyReport", 3, "end_time", W),
    ]


def test_forecast_horizon_follows_settings() -> None:
    issues = run(clean(), settings=Settings(forecast_horizon_months=1))
    assert found(issues) == [("forecast_too_far", "Forecast", 3, "month", E)]


def test_valid_rows_drop_errors_but_keep_warnings() -> None:
    tables = clean()
    put("DailyReport", 3, "customer_id", "C9")(tables)  # error
    put("DailyReport", 4, "date", "2026-03-07")(tables)  # warning only
    put("Forecast", 3, "month", "2026-02")(tables)  # error
    daily = tables["DailyReport"]
    daily.index = [10, 11, 12]  # the caller's own index is kept
    result = check_report(
        tables, period=PERIOD, customers=CUSTOMERS, products=PRODUCTS, today=TODAY
    )
    assert not result.ok
    assert result.valid["DailyReport"].to_dict() == {10: True, 11: False, 12: True}
    assert result.valid["Forecast"].tolist() == [True, False]
    assert result.valid["WeeklyRoute"].tolist() == [True, True]
    accepted = daily[result.valid["DailyReport"]]
    assert accepted[ROW].tolist() == [2, 4]


def test_all_problems_are_collected_at_once() -> None:
    tables = clean()
    put("DailyReport", 2, "customer_id", "C9")(tables)
    put("Forecast", 2, "product_id", "P9")(tables)
    put("MonthlySummary", 2, "month", "2026-01")(tables)
    assert [i.code for i in run(tables)] == [
        "not_my_customer",
        "month_mismatch",
        "unknown_product",
    ]


@pytest.mark.parametrize("period", ["March", "2026-Q1", "2026", "2026-13"])
def test_bad_period_is_an_issue_not_a_crash(period: str) -> None:
    issues = run(clean(), period=period)
    assert [i.code for i in issues] == ["bad_period"]


def test_missing_and_empty_tables_are_fine() -> None:
    tables = clean()
    empty = {"DailyReport": tables["DailyReport"].iloc[0:0], "Forecast": tables["Forecast"]}
    result = check_report(empty, period=PERIOD, customers=CUSTOMERS, products=PRODUCTS, today=TODAY)
    assert result.issues == []
    assert result.valid["DailyReport"].empty


def test_blank_times_are_left_to_the_generic_reader() -> None:
    tables = clean()
    put("DailyReport", 2, "end_time", None)(tables)
    assert run(tables) == []


@hyp_settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 40), st.integers(1, 15)),
        min_size=1,
        max_size=25,
    )
)
def test_overlaps_match_the_pairwise_definition(visits: list[tuple[int, int, int]]) -> None:
    """A visit is flagged iff some visit on the same day that starts earlier (or at the
    same time but higher in the sheet) is still going on when it starts."""
    rows = [
        {
            "date": D(2026, 3, 2 + day),
            "customer_id": "C1",
            "start_time": T(8, start),
            "end_time": T(8 + (start + length) // 60, (start + length) % 60),
            "visit_type": "visit",
            "order_amount": float(n),
        }  # n keeps rows distinct
        for n, (day, start, length) in enumerate(visits)
    ]
    frame = pd.DataFrame(rows)
    frame[ROW] = range(2, len(frame) + 2)
    issues = run({"DailyReport": frame})
    flagged = {i.row for i in issues if i.code == "overlapping_visit"}
    expected = {
        j + 2
        for j, (dj, sj, _) in enumerate(visits)
        if any(
            di == dj and (si, i) < (sj, j) and si + li > sj for i, (di, si, li) in enumerate(visits)
        )
    }
    assert flagged == expected
