"""Rep process measures on a hand-made March 2026.

Calendar: weekends Saturday/Sunday, holiday Tuesday 3 March. March 2026 has 22 weekdays,
so 21 working days. Mondays are 2, 9, 16, 23, 30 March.

Reps:
  R1 employed all along          -> 21 working days
  R2 hired Monday 16 March       -> 16-20, 23-27, 30-31 = 12 working days
  R3 left 27 February            -> not in the March output
  R4 employed, reports nothing   -> 21 working days, everything else zero or blank
"""

from __future__ import annotations

import datetime as dt
import math
from typing import cast

import pandas as pd
import pytest

from addin.core.reports import MEASURE_COLUMNS, rep_measures
from addin.core.reports.measures import forecast_accuracy
from addin.core.settings import Settings

T = dt.time
SETTINGS = Settings(holidays=[dt.date(2026, 3, 3)])


def frame(
    columns: str, rows: list[tuple[object, ...]], dates: tuple[str, ...] = ()
) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns.split())
    for column in dates:
        out[column] = pd.to_datetime(out[column])
    return out


REPS = frame(
    "rep_id hire_date leave_date",
    [
        ("R1", "2020-01-01", None),
        ("R2", "2026-03-16", None),
        ("R3", "2019-01-01", "2026-02-27"),
        ("R4", None, None),
    ],
    dates=("hire_date", "leave_date"),
)

DAILY = frame(
    "rep_id date customer_id start_time end_time visit_type order_amount collection_amount "
    "expense_amount",
    [
        # R1. Report days (working days with a row): 2, 4, 6 March = 3; the Saturday (7th)
        # and the holiday (3rd) do not count. In-person visits: 2nd, 3rd, 4th, 7th = 4,
        # lasting 60, 20, 30, 90 minutes -> average 50. Orders: only the visit of the 2nd
        # (the phone order does not count) -> 1 -> 25 per 100 visits.
        # Expenses 50 + 20 = 70; collections 200 + 300 = 500 (phone rows count here).
        ("R1", "2026-03-02", "C1", T(9, 0), T(10, 0), "visit", 1000.0, 0.0, 50.0),
        ("R1", "2026-03-02", "C2", T(10, 0), T(10, 10), "phone", 500.0, 200.0, 0.0),
        ("R1", "2026-03-03", "C1", T(8, 0), T(8, 20), "delivery", 0.0, 0.0, 0.0),
        ("R1", "2026-03-04", "C2", T(9, 0), T(9, 30), "visit", 0.0, 300.0, 20.0),
        ("R1", "2026-03-06", "C2", T(9, 0), T(9, 5), "phone", 0.0, 0.0, 0.0),
        ("R1", "2026-03-07", "C1", T(10, 0), T(11, 30), "visit", 0.0, 0.0, 0.0),
        ("R1", "2026-04-01", "C1", T(9, 0), T(10, 0), "visit", 9999.0, 9999.0, 9999.0),  # April
        # R2. Report days 16 and 17 March = 2 of 12. Visits 2 (40 and 60 minutes -> 50),
        # one with an order -> 50 per 100 visits.
        ("R2", "2026-03-16", "C5", T(9, 0), T(9, 40), "visit", 0.0, 0.0, 0.0),
        ("R2", "2026-03-17", "C6", T(14, 0), T(15, 0), "new_customer", 300.0, 0.0, 10.0),
    ],
    dates=("date",),
)

ROUTES = frame(
    "rep_id period week_start weekday seq customer_id",
    [
        # R1, week of 2 March: Mon C1 (visited), Tue C1 (holiday: not a stop), Wed C2
        # (visited), Thu C2 (not visited), Fri C2 (only a phone call: not visited),
        # Sat C1 (weekend: not a stop) -> 4 planned, 2 visited -> 0.5.
        ("R1", "2026-03", "2026-03-02", 1, 1, "C1"),
        ("R1", "2026-03", "2026-03-02", 2, 1, "C1"),
        ("R1", "2026-03", "2026-03-02", 3, 1, "C2"),
        ("R1", "2026-03", "2026-03-02", 4, 1, "C2"),
        ("R1", "2026-03", "2026-03-02", 5, 1, "C2"),
        ("R1", "2026-03", "2026-03-02", 6, 1, "C1"),
        # Week of 30 March, Wednesday = 1 April: outside March.
        ("R1", "2026-03", "2026-03-30", 3, 1, "C1"),
        # The April workbook repeats the week of 30 March; its Tuesday (31 March) belongs
        # to the March workbook, so it is not counted twice or from the wrong month.
        ("R1", "2026-04", "2026-03-30", 2, 1, "C2"),
        # R2: Friday 13 March is before the hire -> not a stop; Monday 16 C5 visited.
        ("R2", "2026-03", "2026-03-09", 5, 1, "C5"),
        ("R2", "2026-03", "2026-03-16", 1, 1, "C5"),
    ],
    dates=("week_start",),
)

FORECASTS = frame(
    "rep_id period month customer_id product_id amount",
    [
        # R1 for March: the January forecast is superseded by February's, the one made in
        # March itself is too late to count.
        ("R1", "2026-01", "2026-03", "C1", "P1", 1000.0),
        ("R1", "2026-02", "2026-03", "C1", "P1", 800.0),
        ("R1", "2026-02", "2026-03", "C2", "P1", 400.0),
        ("R1", "2026-03", "2026-03", "C1", "P1", 5000.0),
        # R4 forecast far too much -> clamped to 0.
        ("R4", "2026-02", "2026-03", "C9", "P1", 5000.0),
    ],
)

SALES = frame(
    "invoice_id line date customer_id product_id rep_id qty amount",
    [
        # R1 March actuals: C1/P1 1100 - 100 credit = 1000; C2/P2 300 (not forecast).
        # |800 - 1000| + |400 - 0| + |0 - 300| = 900 over actuals 1300
        # -> accuracy 1 - 900/1300 = 400/1300.
        ("I1", 1, "2026-03-05", "C1", "P1", "R1", 1.0, 1100.0),
        ("I2", 1, "2026-03-20", "C1", "P1", "R1", -1.0, -100.0),
        ("I3", 1, "2026-03-21", "C2", "P2", "R1", 1.0, 300.0),
        ("I0", 1, "2026-02-10", "C1", "P1", "R1", 1.0, 7777.0),  # February: ignored
        # R2 has actuals but no forecast -> blank.
        ("I4", 1, "2026-03-18", "C5", "P1", "R2", 1.0, 500.0),
        # R4: |5000 - 1000| / 1000 = 4 -> 1 - 4 < 0 -> 0.
        ("I5", 1, "2026-03-18", "C9", "P1", "R4", 1.0, 1000.0),
    ],
    dates=("date",),
)


def measures(period: str = "2026-03") -> pd.DataFrame:
    return rep_measures(
        period,
        reps=REPS,
        daily=DAILY,
        routes=ROUTES,
        forecasts=FORECASTS,
        sales=SALES,
        settings=SETTINGS,
    ).set_index("rep_id")


def test_columns_and_reps_employed_in_the_period() -> None:
    out = rep_measures(
        "2026-03",
        reps=REPS,
        daily=DAILY,
        routes=ROUTES,
        forecasts=FORECASTS,
        sales=SALES,
        settings=SETTINGS,
    )
    assert tuple(out.columns) == MEASURE_COLUMNS
    assert out["rep_id"].tolist() == ["R1", "R2", "R4"]
    assert (out["period"] == "2026-03").all()


def test_full_month_rep() -> None:
    r1 = measures().loc["R1"]
    assert r1["working_days"] == 21
    assert r1["report_days"] == 3
    assert r1["report_compliance"] == pytest.approx(3 / 21)
    assert (r1["planned_stops"], r1["visited_stops"]) == (4, 2)
    assert r1["route_adherence"] == pytest.approx(0.5)
    assert r1["forecast_accuracy"] == pytest.approx(400 / 1300)
    assert r1["visits"] == 4
    assert r1["visits_per_day"] == pytest.approx(4 / 21)
    assert r1["avg_visit_minutes"] == pytest.approx(50.0)
    assert r1["orders"] == 1
    assert r1["orders_per_100_visits"] == pytest.approx(25.0)
    assert r1["expenses"] == pytest.approx(70.0)
    assert r1["reported_collections"] == pytest.approx(500.0)


def test_mid_month_hire_is_measured_on_the_employed_days() -> None:
    r2 = measures().loc["R2"]
    assert r2["working_days"] == 12
    assert r2["report_days"] == 2
    assert r2["report_compliance"] == pytest.approx(2 / 12)
    assert (r2["planned_stops"], r2["visited_stops"]) == (1, 1)
    assert r2["route_adherence"] == pytest.approx(1.0)
    assert math.isnan(cast(float, r2["forecast_accuracy"]))  # actuals but no forecast
    assert r2["visits"] == 2
    assert r2["visits_per_day"] == pytest.approx(2 / 12)
    assert r2["avg_visit_minutes"] == pytest.approx(50.0)
    assert r2["orders_per_100_visits"] == pytest.approx(50.0)
    assert r2["expenses"] == pytest.approx(10.0)


def test_silent_rep_gets_zeros_and_blanks_not_errors() -> None:
    r4 = measures().loc["R4"]
    assert (r4["working_days"], r4["report_days"], r4["visits"], r4["orders"]) == (21, 0, 0, 0)
    assert r4["report_compliance"] == 0.0
    assert r4["visits_per_day"] == 0.0
    assert r4["planned_stops"] == 0
    assert math.isnan(cast(float, r4["route_adherence"]))
    assert math.isnan(cast(float, r4["avg_visit_minutes"]))
    assert math.isnan(cast(float, r4["orders_per_100_visits"]))
    assert r4["forecast_accuracy"] == 0.0  # 1 - 4000/1000 clamped
    assert r4["expenses"] == 0.0


def test_quarter_adds_up_the_months() -> None:
    q1 = measures("2026-Q1")
    # January 22 + February 20 + March 21 working days for R1; R3 worked until 27 Feb:
    # January 22 + February 2-6, 9-13, 16-20, 23-27 = 20.
    assert q1.loc["R1", "working_days"] == 63
    assert q1.loc["R3", "working_days"] == 42
    assert q1.loc["R2", "working_days"] == 12
    assert q1.loc["R1", "visits"] == 4  # the April visit stays out
    assert q1.loc["R1", "planned_stops"] == 4
    assert q1.loc["R1", "forecast_accuracy"] == pytest.approx(400 / 1300)


def test_forecast_accuracy_per_month_uses_only_months_with_both() -> None:
    forecasts = frame(
        "rep_id period month customer_id product_id amount",
        [
            ("R1", "2026-01", "2026-02", "C1", "P1", 100.0),  # Feb: actual 120 -> miss 20
            ("R1", "2026-01", "2026-03", "C1", "P1", 100.0),  # Mar: actual 80 -> miss 20
            ("R1", "2026-02", "2026-03", "C1", "P1", 90.0),  # ...superseded: miss 10
            ("R1", "2026-02", "2026-04", "C1", "P1", 500.0),  # no April actuals: ignored
        ],
    )
    sales = frame(
        "date rep_id customer_id product_id amount",
        [
            ("2026-02-10", "R1", "C1", "P1", 120.0),
            ("2026-03-10", "R1", "C1", "P1", 80.0),
            ("2026-01-10", "R1", "C1", "P1", 999.0),  # January: no forecast -> ignored
        ],
        dates=("date",),
    )
    out = forecast_accuracy(forecasts, sales, "2026").set_index("rep_id")
    # (20 + 10) / (120 + 80) = 0.15 -> 0.85
    assert out.loc["R1", "forecast_accuracy"] == pytest.approx(0.85)


def test_no_rows_at_all() -> None:
    empty = measures_from(DAILY.iloc[0:0], ROUTES.iloc[0:0], FORECASTS.iloc[0:0], SALES.iloc[0:0])
    assert empty["working_days"].tolist() == [21, 12, 21]
    assert empty["visits"].tolist() == [0, 0, 0]
    assert empty["forecast_accuracy"].isna().all()


def measures_from(
    daily: pd.DataFrame, routes: pd.DataFrame, forecasts: pd.DataFrame, sales: pd.DataFrame
) -> pd.DataFrame:
    return rep_measures(
        "2026-03",
        reps=REPS,
        daily=daily,
        routes=routes,
        forecasts=forecasts,
        sales=sales,
        settings=SETTINGS,
    )
