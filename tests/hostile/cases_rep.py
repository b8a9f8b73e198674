"""A rep's returned workbook (rep-R001.xlsx, period 2026-03) through `salesdesk collect DIR
FILE` — the door reps' files really take — and a few through `salesdesk check`.

Base layout (header in row 1, data from row 2):
DailyReport A date B customer_id C start_time D end_time E visit_type F order_amount
            G collection_amount H expense_amount I feedback;
            2: 2026-03-02 C001 09:00-10:00 visit, 3: 2026-03-02 C002 11:00-11:45 visit,
            4: 2026-03-03 C001 09:30-10:30 collection
WeeklyRoute A week_start B weekday C seq D customer_id E objective; (03-02, 1, 1, C001),
            (03-02, 2, 1, C002)
MonthlyPlan A month B customer_id C sales_plan D collection_plan E actions; C001, C002
MonthlySummary A month B achievements C problems D next_month_focus; one row
Forecast    A month B customer_id C product_id D amount; (2026-04 C001 P01), (2026-04 C002 P02)
Competitors A date B competitor C product D wholesale_price E retail_price F quality
            G promotion H customer_id; one row
MarketInspection A date B customer_id C product_id D on_shelf E retail_price F stock_qty
            G territory_code; one row
R001's customers are C001 and C002; C003 belongs to R002.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.hostile.corpus import Case, case, located, refused
from tests.hostile.mutate import Err, read_part, rewrite_parts

R = "rep"
C = "collect"
D = dt.datetime
T = dt.time


def _identity(rep_id: str):  # type: ignore[no-untyped-def]
    def make(path: Path) -> Path:
        props = read_part(path, "docProps/custom.xml").replace(b">R001<", f">{rep_id}<".encode())
        return rewrite_parts(path, path, {"docProps/custom.xml": props})

    return make


def _unchanged(path: Path) -> Path:
    return path


CASES: list[Case] = [
    # --- DailyReport
    case(
        "daily-date-impossible",
        R,
        "DailyReport",
        {"A2": "2026-13-45"},
        located(("bad_date", "DailyReport!A2")),
        door=C,
    ),
    case(
        "daily-not-my-customer",
        R,
        "DailyReport",
        {"B2": "C003"},
        located(("not_my_customer", "DailyReport!B2")),
        door=C,
    ),
    case(
        "daily-start-time-word",
        R,
        "DailyReport",
        {"C3": "nine"},
        located(("bad_time", "DailyReport!C3")),
        door=C,
    ),
    case(
        "daily-end-before-start",
        R,
        "DailyReport",
        {"D2": T(8, 0)},
        located(("end_before_start", "DailyReport!D2")),
        door=C,
    ),
    case(
        "daily-visit-type-unknown",
        R,
        "DailyReport",
        {"E2": "party"},
        located(("not_allowed", "DailyReport!E2")),
        door=C,
    ),
    case(
        "daily-negative-order",
        R,
        "DailyReport",
        {"F2": -5},
        located(("below_min", "DailyReport!F2")),
        door=C,
    ),
    case(
        "daily-blank-customer",
        R,
        "DailyReport",
        {"B3": None},
        located(("required_blank", "DailyReport!B3")),
        door=C,
    ),
    case(
        "daily-error-value",
        R,
        "DailyReport",
        {"F2": Err("#VALUE!")},
        located(("error_value", "DailyReport!F2")),
        door=C,
    ),
    case(
        "daily-date-outside-period",
        R,
        "DailyReport",
        {"A2": D(2026, 2, 27)},
        located(("date_outside_period", "DailyReport!A2")),
        door=C,
    ),
    case(
        "daily-weekend-visit",
        R,
        "DailyReport",
        {"A4": D(2026, 3, 7)},
        located(("weekend_visit", "DailyReport!A4"), exit=0),
        door=C,
    ),  # a warning
    case(
        "daily-overlapping-visits",
        R,
        "DailyReport",
        {"C3": T(9, 30)},
        located(("overlapping_visit", "DailyReport!C3")),
        door=C,
    ),
    # --- WeeklyRoute
    case(
        "route-weekday-8",
        R,
        "WeeklyRoute",
        {"B2": 8},
        located(("above_max", "WeeklyRoute!B2")),
        door=C,
    ),
    case(
        "route-not-monday",
        R,
        "WeeklyRoute",
        {"A2": D(2026, 3, 3)},
        located(("not_monday", "WeeklyRoute!A2")),
        door=C,
    ),
    case(
        "route-duplicate-stop",
        R,
        "WeeklyRoute",
        {"A4": D(2026, 3, 2), "B4": 1, "C4": 1, "D4": "C002"},
        located(("duplicate_key", "WeeklyRoute!C4")),
        door=C,
    ),
    case(
        "route-not-my-customer",
        R,
        "WeeklyRoute",
        {"D2": "C003"},
        located(("not_my_customer", "WeeklyRoute!D2")),
        door=C,
    ),
    # --- MonthlyPlan
    case(
        "plan-month-mismatch",
        R,
        "MonthlyPlan",
        {"A2": "2026-04"},
        located(("month_mismatch", "MonthlyPlan!A2")),
        door=C,
    ),
    case(
        "plan-duplicate-customer",
        R,
        "MonthlyPlan",
        {"A4": "2026-03", "B4": "C001"},
        located(("duplicate_key", "MonthlyPlan!B4")),
        door=C,
    ),
    case(
        "plan-sales-text",
        R,
        "MonthlyPlan",
        {"C2": "abc"},
        located(("bad_number", "MonthlyPlan!C2")),
        door=C,
    ),
    # --- MonthlySummary
    case(
        "summary-blank-month",
        R,
        "MonthlySummary",
        {"A2": None},
        located(("required_blank", "MonthlySummary!A2")),
        door=C,
    ),
    case(
        "summary-month-word",
        R,
        "MonthlySummary",
        {"A2": "Mar"},
        located(("bad_month", "MonthlySummary!A2")),
        door=C,
    ),
    # --- Forecast
    case(
        "forecast-unknown-product",
        R,
        "Forecast",
        {"C2": "P99"},
        located(("unknown_product", "Forecast!C2")),
        door=C,
    ),
    case(
        "forecast-negative",
        R,
        "Forecast",
        {"D2": -1},
        located(("below_min", "Forecast!D2")),
        door=C,
    ),
    case(
        "forecast-not-ahead",
        R,
        "Forecast",
        {"A2": "2026-03"},
        located(("forecast_not_ahead", "Forecast!A2")),
        door=C,
    ),
    case(
        "forecast-too-far",
        R,
        "Forecast",
        {"A3": "2028-04"},
        located(("forecast_too_far", "Forecast!A3")),
        door=C,
    ),
    case(
        "forecast-duplicate",
        R,
        "Forecast",
        {"A4": "2026-04", "B4": "C001", "C4": "P01", "D4": 10},
        located(("duplicate_key", "Forecast!C4")),
        door=C,
    ),
    # --- Competitors
    case(
        "competitors-quality-unknown",
        R,
        "Competitors",
        {"F2": "great"},
        located(("not_allowed", "Competitors!F2")),
        door=C,
    ),
    case(
        "competitors-retail-below-wholesale",
        R,
        "Competitors",
        {"E2": 50},
        located(("retail_below_wholesale", "Competitors!E2"), exit=0),
        door=C,
    ),  # a warning
    case(
        "competitors-blank-competitor",
        R,
        "Competitors",
        {"B2": None},
        located(("required_blank", "Competitors!B2")),
        door=C,
    ),
    # --- MarketInspection
    case(
        "inspection-on-shelf-unknown",
        R,
        "MarketInspection",
        {"D2": "maybe"},
        located(("not_allowed", "MarketInspection!D2")),
        door=C,
    ),
    case(
        "inspection-negative-stock",
        R,
        "MarketInspection",
        {"F2": -3},
        located(("below_min", "MarketInspection!F2")),
        door=C,
    ),
    case(
        "inspection-unknown-product",
        R,
        "MarketInspection",
        {"C2": "P99"},
        located(("unknown_product", "MarketInspection!C2")),
        door=C,
    ),
    case(
        "inspection-date-impossible",
        R,
        "MarketInspection",
        {"A2": "2026/3/33"},
        located(("bad_date", "MarketInspection!A2")),
        door=C,
    ),
    # --- the same workbook through `check` (no company needed)
    case(
        "rep-check-not-my-customer",
        R,
        "DailyReport",
        {"B2": "C003"},
        located(("not_my_customer", "DailyReport!B2")),
    ),
    case(
        "rep-check-unknown-product",
        R,
        "Forecast",
        {"C2": "P99"},
        located(("unknown_product", "Forecast!C2")),
    ),
    # --- who sent it
    Case(
        "collect-masters-instead-of-report",
        "masters",
        ("DailyReport",),
        _unchanged,
        refused("not a SalesDesk rep workbook", door=C),
        door=C,
    ),
    Case(
        "collect-rep-not-in-masters",
        R,
        ("DailyReport",),
        _identity("R999"),
        refused("rep R999 is not in masters.xlsx", door=C),
        door=C,
    ),
]
