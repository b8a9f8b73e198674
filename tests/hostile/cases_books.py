"""finance.xlsx, plan.xlsx and appraisal.xlsx, checked with masters.xlsx beside them
(so references resolve against the company's master data) — `salesdesk check`.

Base layout (header in row 1, data from row 2):
SalesLines A invoice_id B line C date D customer_id E product_id F rep_id G qty H amount
           I cost J due_date; INV001/1 (2), INV001/2 (3), INV002/1 (4)
Payments   A payment_id B date C customer_id D amount E invoice_id; PAY001, PAY002
CompanyTargets A measure B annual_target; sales (2), collections (3)
Seasonality A month B weight; 2026-01 … 2026-12 (rows 2-13)
Growth     A dimension B member C growth_pct; 2 rows
Locks      A rep_id B customer_id C product_id D region_id E month F measure G amount; 1 row
Budgets    A rep_id B month C expense_budget; 1 row
Scheme     A kpi B weight C rule D target E cap; sales, collections
Qualitative A rep_id B period C teamwork … H progress; R001, R002
"""

from __future__ import annotations

import datetime as dt

from tests.hostile.corpus import Case, case, located
from tests.hostile.mutate import Err

F, P, A = "finance", "plan", "appraisal"
LINE = {"C5": dt.datetime(2026, 3, 2), "D5": "C001", "E5": "P01", "F5": "R001", "H5": 10}

CASES: list[Case] = [
    # --- SalesLines
    case(
        "sales-date-day-first",
        F,
        "SalesLines",
        {"C2": "31/01/2026"},
        located(("bad_date", "SalesLines!C2")),
    ),
    case(
        "sales-date-serial-out-of-range",
        F,
        "SalesLines",
        {"C3": 12},
        located(("bad_date", "SalesLines!C3")),
    ),
    case(
        "sales-due-date-feb-30",
        F,
        "SalesLines",
        {"J2": "2026-02-30"},
        located(("bad_date", "SalesLines!J2")),
    ),
    case(
        "sales-unknown-customer",
        F,
        "SalesLines",
        {"D3": "C999"},
        located(("unknown_customer", "SalesLines!D3")),
    ),
    case(
        "sales-unknown-product",
        F,
        "SalesLines",
        {"E2": "P99"},
        located(("unknown_product", "SalesLines!E2")),
    ),
    case(
        "sales-unknown-rep",
        F,
        "SalesLines",
        {"F2": "R999"},
        located(("unknown_rep", "SalesLines!F2")),
    ),
    case(
        "sales-blank-amount",
        F,
        "SalesLines",
        {"H3": None},
        located(("required_blank", "SalesLines!H3")),
    ),
    case(
        "sales-amount-european-decimal",
        F,
        "SalesLines",
        {"H2": "1.234,50"},
        located(("bad_number", "SalesLines!H2")),
    ),
    case(
        "sales-amount-infinite",
        F,
        "SalesLines",
        {"H2": "inf"},
        located(("bad_number", "SalesLines!H2")),
    ),
    case(
        "sales-amount-overflow",
        F,
        "SalesLines",
        {"H4": "1e400"},
        located(("bad_number", "SalesLines!H4")),
    ),
    case("sales-line-zero", F, "SalesLines", {"B2": 0}, located(("below_min", "SalesLines!B2"))),
    case(
        "sales-line-fraction",
        F,
        "SalesLines",
        {"B2": 1.5},
        located(("bad_integer", "SalesLines!B2")),
    ),
    case(
        "sales-duplicate-line",
        F,
        "SalesLines",
        {"A5": "INV001", "B5": 1, **LINE},
        located(("duplicate_key", "SalesLines!B5")),
    ),
    case(
        "sales-error-value",
        F,
        "SalesLines",
        {"I2": Err("#DIV/0!")},
        located(("error_value", "SalesLines!I2")),
    ),
    # --- Payments
    case(
        "payments-blank-date",
        F,
        "Payments",
        {"B2": None},
        located(("required_blank", "Payments!B2")),
    ),
    case(
        "payments-amount-text", F, "Payments", {"D3": "abc"}, located(("bad_number", "Payments!D3"))
    ),
    case(
        "payments-duplicate-id",
        F,
        "Payments",
        {"A4": "PAY001", "B4": dt.datetime(2026, 3, 5), "C4": "C001", "D4": 10},
        located(("duplicate_key", "Payments!A4")),
    ),
    case(
        "payments-error-value",
        F,
        "Payments",
        {"C2": Err("#N/A")},
        located(("error_value", "Payments!C2")),
    ),
    # --- CompanyTargets
    case(
        "targets-measure-unknown",
        P,
        "CompanyTargets",
        {"A2": "profit"},
        located(("not_allowed", "CompanyTargets!A2")),
    ),
    case(
        "targets-negative",
        P,
        "CompanyTargets",
        {"B2": -1},
        located(("below_min", "CompanyTargets!B2")),
    ),
    case(
        "targets-text",
        P,
        "CompanyTargets",
        {"B3": "lots"},
        located(("bad_number", "CompanyTargets!B3")),
    ),
    case(
        "targets-duplicate-measure",
        P,
        "CompanyTargets",
        {"A4": "sales", "B4": 5},
        located(("duplicate_key", "CompanyTargets!A4")),
    ),
    # --- Seasonality
    case(
        "seasonality-month-13",
        P,
        "Seasonality",
        {"A2": "2026-13"},
        located(("bad_month", "Seasonality!A2")),
    ),
    case(
        "seasonality-month-word",
        P,
        "Seasonality",
        {"A3": "March"},
        located(("bad_month", "Seasonality!A3")),
    ),
    case(
        "seasonality-weight-negative",
        P,
        "Seasonality",
        {"B3": -1},
        located(("below_min", "Seasonality!B3")),
    ),
    case(
        "seasonality-duplicate-month",
        P,
        "Seasonality",
        {"A14": "2026-01", "B14": 1},
        located(("duplicate_key", "Seasonality!A14")),
    ),
    # --- Growth
    case(
        "growth-dimension-unknown",
        P,
        "Growth",
        {"A2": "planet"},
        located(("not_allowed", "Growth!A2")),
    ),
    case("growth-below-minus-100", P, "Growth", {"C2": -150}, located(("below_min", "Growth!C2"))),
    case(
        "growth-error-value",
        P,
        "Growth",
        {"B2": Err("#REF!")},
        located(("error_value", "Growth!B2")),
    ),
    # --- Locks
    case("locks-unknown-rep", P, "Locks", {"A2": "R999"}, located(("unknown_rep", "Locks!A2"))),
    case(
        "locks-unknown-customer",
        P,
        "Locks",
        {"B2": "C999"},
        located(("unknown_customer", "Locks!B2")),
    ),
    case("locks-blank-amount", P, "Locks", {"G2": None}, located(("required_blank", "Locks!G2"))),
    case("locks-blank-measure", P, "Locks", {"F2": None}, located(("required_blank", "Locks!F2"))),
    # --- Budgets
    case(
        "budgets-unknown-rep", P, "Budgets", {"A2": "R999"}, located(("unknown_rep", "Budgets!A2"))
    ),
    case("budgets-month-13", P, "Budgets", {"B2": "2026/13"}, located(("bad_month", "Budgets!B2"))),
    case("budgets-negative", P, "Budgets", {"C2": -5}, located(("below_min", "Budgets!C2"))),
    # --- Scheme
    case("scheme-weight-above-max", A, "Scheme", {"B2": 150}, located(("above_max", "Scheme!B2"))),
    case("scheme-rule-unknown", A, "Scheme", {"C2": "log"}, located(("not_allowed", "Scheme!C2"))),
    case(
        "scheme-duplicate-kpi",
        A,
        "Scheme",
        {"A4": "sales", "B4": 10, "C4": "linear"},
        located(("duplicate_key", "Scheme!A4")),
    ),
    case("scheme-cap-text", A, "Scheme", {"E2": "max"}, located(("bad_number", "Scheme!E2"))),
    # --- Qualitative
    case(
        "qualitative-unknown-rep",
        A,
        "Qualitative",
        {"A2": "R999"},
        located(("unknown_rep", "Qualitative!A2")),
    ),
    case(
        "qualitative-score-above-max",
        A,
        "Qualitative",
        {"C2": 120},
        located(("above_max", "Qualitative!C2")),
    ),
    case(
        "qualitative-duplicate",
        A,
        "Qualitative",
        {"A4": "R001", "B4": "2026-03"},
        located(("duplicate_key", "Qualitative!B4")),
    ),
    case(
        "qualitative-blank-period",
        A,
        "Qualitative",
        {"B3": None},
        located(("required_blank", "Qualitative!B3")),
    ),
    case(
        "qualitative-error-value",
        A,
        "Qualitative",
        {"E2": Err("#N/A")},
        located(("error_value", "Qualitative!E2")),
    ),
]
