"""masters.xlsx: Settings, Regions, Reps, Products, Customers, Strategy — `salesdesk check`.

Base layout (header in row 1, data from row 2):
Settings  A key B value; rows 2-8: company, currency, year, lang, max_file_mb, max_rows,
          accept_partial
Regions   A region_id B name C parent_id; N (2), S (3)
Reps      A rep_id B name C region_id D manager_id E hire_date F leave_date G phone;
          R001 (2), R002 (3, manager R001)
Products  A product_id B name C category D unit_price E floor_price F unit_cost; P01, P02
Customers A customer_id B name C type D channel E region_id F rep_id G settlement_method
          H credit_limit I payment_terms_days J since K status L contact M phone N address;
          C001 (2, R001), C002 (3, R001), C003 (4, R002)
Strategy  A customer_id B year C class D sales_goal E collection_goal ...; C001, C003
"""

from __future__ import annotations

import datetime as dt

from tests.hostile.corpus import Case, case, located
from tests.hostile.mutate import Err

M = "masters"

CASES: list[Case] = [
    # --- Settings
    case(
        "settings-year-not-a-number",
        M,
        "Settings",
        {"B4": "twenty"},
        located(("bad_setting", "Settings!B4")),
    ),
    case(
        "settings-max-rows-negative",
        M,
        "Settings",
        {"B7": -5},
        located(("bad_setting", "Settings!B7")),
    ),
    case(
        "settings-lang-unknown",
        M,
        "Settings",
        {"B5": "fr"},
        located(("bad_setting", "Settings!B5")),
    ),
    case(
        "settings-unknown-key",
        M,
        "Settings",
        {"A9": "yeer", "B9": 2027},
        located(("unknown_setting", "Settings!A9")),
    ),
    case(
        "settings-value-without-key",
        M,
        "Settings",
        {"B9": 2027},
        located(("required_blank", "Settings!A9")),
    ),
    case(
        "settings-duplicate-key",
        M,
        "Settings",
        {"A9": "year", "B9": 2027},
        located(("duplicate_key", "Settings!A9")),
    ),
    case(
        "settings-error-value",
        M,
        "Settings",
        {"B4": Err("#REF!")},
        located(("error_value", "Settings!B4")),
    ),
    # --- Regions
    case(
        "regions-blank-name", M, "Regions", {"B3": None}, located(("required_blank", "Regions!B3"))
    ),
    case(
        "regions-unknown-parent",
        M,
        "Regions",
        {"C2": "X"},
        located(("unknown_region", "Regions!C2")),
    ),
    case(
        "regions-duplicate-id",
        M,
        "Regions",
        {"A4": "N", "B4": "North again"},
        located(("duplicate_key", "Regions!A4")),
    ),
    case(
        "regions-error-value",
        M,
        "Regions",
        {"B2": Err("#N/A")},
        located(("error_value", "Regions!B2")),
    ),
    # --- Reps
    case(
        "reps-hire-date-impossible",
        M,
        "Reps",
        {"E2": "2020-13-45"},
        located(("bad_date", "Reps!E2")),
    ),
    case("reps-unknown-region", M, "Reps", {"C2": "W"}, located(("unknown_region", "Reps!C2"))),
    case("reps-unknown-manager", M, "Reps", {"D3": "R999"}, located(("unknown_rep", "Reps!D3"))),
    case(
        "reps-leave-before-hire",
        M,
        "Reps",
        {"F2": dt.datetime(2019, 1, 1)},
        located(("leave_before_hire", "Reps!F2")),
    ),
    # R002 loses its id: C003 now names a rep who is not in Reps
    case(
        "reps-blank-id",
        M,
        "Reps",
        {"A3": None},
        located(("required_blank", "Reps!A3"), ("unknown_rep", "Customers!F4")),
        tables=("Reps", "Customers"),
    ),
    case(
        "reps-duplicate-id",
        M,
        "Reps",
        {"A4": "R001", "B4": "Wang again", "C4": "N"},
        located(("duplicate_key", "Reps!A4")),
    ),
    case(
        "reps-error-value", M, "Reps", {"E3": Err("#DIV/0!")}, located(("error_value", "Reps!E3"))
    ),
    # --- Products
    case(
        "products-price-not-a-number",
        M,
        "Products",
        {"D2": "cheap"},
        located(("bad_number", "Products!D2")),
    ),
    case(
        "products-price-negative",
        M,
        "Products",
        {"D2": -5},
        located(("below_min", "Products!D2"), ("floor_above_price", "Products!E2")),
    ),
    case(
        "products-floor-above-price",
        M,
        "Products",
        {"E3": 300},
        located(("floor_above_price", "Products!E3")),
    ),
    case(
        "products-duplicate-id",
        M,
        "Products",
        {"A4": "P01", "B4": "Tea again", "D4": 10},
        located(("duplicate_key", "Products!A4")),
    ),
    case(
        "products-blank-price",
        M,
        "Products",
        {"D3": None},
        located(("required_blank", "Products!D3")),
    ),
    case(
        "products-error-value",
        M,
        "Products",
        {"F2": Err("#VALUE!")},
        located(("error_value", "Products!F2")),
    ),
    # --- Customers
    case(
        "customers-type-not-allowed",
        M,
        "Customers",
        {"C3": "reseller"},
        located(("not_allowed", "Customers!C3")),
    ),
    case(
        "customers-settlement-not-allowed",
        M,
        "Customers",
        {"G4": "barter"},
        located(("not_allowed", "Customers!G4")),
    ),
    case(
        "customers-unknown-region",
        M,
        "Customers",
        {"E2": "W"},
        located(("unknown_region", "Customers!E2")),
    ),
    case(
        "customers-unknown-rep",
        M,
        "Customers",
        {"F2": "R009"},
        located(("unknown_rep", "Customers!F2")),
    ),
    case(
        "customers-terms-above-max",
        M,
        "Customers",
        {"I2": 4000},
        located(("above_max", "Customers!I2")),
    ),
    case(
        "customers-terms-not-whole",
        M,
        "Customers",
        {"I2": 30.5},
        located(("bad_integer", "Customers!I2")),
    ),
    case(
        "customers-credit-negative",
        M,
        "Customers",
        {"H2": -1},
        located(("below_min", "Customers!H2")),
    ),
    case(
        "customers-since-not-a-date",
        M,
        "Customers",
        {"J2": "yesterday"},
        located(("bad_date", "Customers!J2")),
    ),
    case(
        "customers-blank-status",
        M,
        "Customers",
        {"K3": None},
        located(("required_blank", "Customers!K3")),
    ),
    case(
        "customers-duplicate-id",
        M,
        "Customers",
        {
            "A5": "C001",
            "B5": "Copy",
            "C5": "retailer",
            "D5": "online",
            "E5": "N",
            "F5": "R001",
            "G5": "cash",
            "K5": "active",
        },
        located(("duplicate_key", "Customers!A5")),
    ),
    case(
        "customers-error-value",
        M,
        "Customers",
        {"B2": Err("#NAME?")},
        located(("error_value", "Customers!B2")),
    ),
    # --- Strategy
    case(
        "strategy-unknown-customer",
        M,
        "Strategy",
        {"A2": "C999"},
        located(("unknown_customer", "Strategy!A2")),
    ),
    case(
        "strategy-class-not-allowed",
        M,
        "Strategy",
        {"C2": "D"},
        located(("not_allowed", "Strategy!C2")),
    ),
    case(
        "strategy-year-below-min",
        M,
        "Strategy",
        {"B2": 1800},
        located(("below_min", "Strategy!B2")),
    ),
    case(
        "strategy-duplicate-key",
        M,
        "Strategy",
        {"A4": "C001", "B4": 2026, "C4": "B"},
        located(("duplicate_key", "Strategy!B4")),
    ),
    case(
        "strategy-blank-year",
        M,
        "Strategy",
        {"B3": None},
        located(("required_blank", "Strategy!B3")),
    ),
    case(
        "strategy-goal-not-a-number",
        M,
        "Strategy",
        {"D2": "1.2.3"},
        located(("bad_number", "Strategy!D2")),
    ),
    case(
        "strategy-error-value",
        M,
        "Strategy",
        {"E3": Err("#REF!")},
        located(("error_value", "Strategy!E3")),
    ),
]
