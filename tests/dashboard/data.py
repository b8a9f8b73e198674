"""Small hand-made company frames for the dashboard's core tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from addin.core.dashboard.frames import Window, customer_frame, daily_frame, sales_frame

REGIONS = pd.DataFrame(
    {
        "region_id": ["CN", "NORTH", "NORTH-TJ", "EAST"],
        "name": ["China", "North", "Tianjin", "East"],
        "parent_id": [None, "CN", "NORTH", "CN"],
    }
)
REPS = pd.DataFrame(
    {
        "rep_id": ["R1", "R2"],
        "name": ["Ann", "Bob"],
        "region_id": ["NORTH-TJ", "EAST"],
        "hire_date": pd.to_datetime(["2020-01-01", "2020-01-01"]),
        "leave_date": pd.Series([pd.NaT, pd.NaT], dtype="datetime64[ns]"),
    }
)
PRODUCTS = pd.DataFrame(
    {
        "product_id": ["P1", "P2"],
        "name": ["Acme Soap 100g", "Acme Tea 250ml"],
        "unit_price": [10.0, 20.0],
        "floor_price": [9.0, 18.0],
        "unit_cost": [6.0, 12.0],
    }
)
CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["C1", "C2", "C3"],
        "name": ["Big Store", "Small Shop", "Corner"],
        "region_id": ["NORTH-TJ", "EAST", "NORTH-TJ"],
        "rep_id": ["R1", "R2", "R1"],
        "credit_limit": [1000.0, 500.0, 0.0],
        "payment_terms_days": [30, 30, 0],
        "status": ["active", "active", "active"],
    }
)


def lines(rows: list[tuple[str, str, str, str, float, float]]) -> pd.DataFrame:
    """(date, customer, product, rep, qty, amount) → SalesLines."""
    frame = pd.DataFrame(
        rows, columns=["date", "customer_id", "product_id", "rep_id", "qty", "amount"]
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame.insert(0, "invoice_id", [f"I{i}" for i in range(len(frame))])
    frame.insert(1, "line", 1)
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def daily(rows: Sequence[tuple[object, object, str, str, float]]) -> pd.DataFrame:
    """(rep, date, customer, visit_type, expense) → counted DailyReport rows, cleaned."""
    frame = pd.DataFrame(
        rows, columns=["rep_id", "date", "customer_id", "visit_type", "expense_amount"]
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame = frame.assign(
        start_time=pd.Series([dt.time(9, 0)] * len(frame), dtype=object),
        end_time=pd.Series([dt.time(9, 30)] * len(frame), dtype=object),
    )
    return daily_frame(frame)


def window(month: str = "2026-03", as_of: str = "2026-03-31") -> Window:
    return Window(month, pd.Timestamp(as_of))


def card() -> pd.DataFrame:
    return customer_frame(CUSTOMERS, REPS)


def sales(rows: list[tuple[str, str, str, str, float, float]]) -> pd.DataFrame:
    return sales_frame(lines(rows))
