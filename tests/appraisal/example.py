"""A small company worked out by hand, appraised for March 2026.

Calendar: weekends Sat/Sun and a holiday on Mon 2026-03-09, so March has 22 weekdays
− 1 = 21 working days (Feb 2026: 20 weekdays).
Regions: CN with N, S and W under it. Reps:
- R1 in N, employed all along;
- R2 in S, joined Mon 2026-03-16: 12 working days (16–20, 23–27, 30–31) of 21;
- R3 left 2026-02-20: not appraised for March;
- R4 in S, employed, no plan rows at all.
Products: P1 floor 8, unit cost 5; P2 floor 20, unit cost 12.
Customers: C1 N/R1, C2 N/R1, C3 S/R2, C4 N/R1, C5 N/R1.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from addin.core.appraisal import AppraisalData
from addin.core.issues import ROW
from addin.core.settings import Settings


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{ROW: np.arange(2, len(frame) + 2)})


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def settings() -> Settings:
    return Settings(holidays=[dt.date(2026, 3, 9)], lost_customer_months=6)


def regions() -> pd.DataFrame:
    return _rows(
        pd.DataFrame(
            {
                "region_id": ["CN", "N", "S", "W"],
                "name": ["China", "North", "South", "West"],
                "parent_id": [None, "CN", "CN", "CN"],
            }
        )
    )


def reps() -> pd.DataFrame:
    return _rows(
        pd.DataFrame(
            {
                "rep_id": ["R1", "R2", "R3", "R4"],
                "name": ["Rep One", "Rep Two", "Rep Three", "Rep Four"],
                "region_id": ["N", "S", "N", "S"],
                "manager_id": [None, None, None, None],
                "hire_date": [
                    day("2020-01-01"),
                    day("2026-03-16"),
                    day("2019-01-01"),
                    day("2021-01-01"),
                ],
                "leave_date": [pd.NaT, pd.NaT, day("2026-02-20"), pd.NaT],
            }
        )
    )


def products() -> pd.DataFrame:
    return _rows(
        pd.DataFrame(
            {
                "product_id": ["P1", "P2"],
                "name": ["One", "Two"],
                "category": ["x", "x"],
                "unit_price": [10.0, 30.0],
                "floor_price": [8.0, 20.0],
                "unit_cost": [5.0, 12.0],
            }
        )
    )


def customers() -> pd.DataFrame:
    return _rows(
        pd.DataFrame(
            {
                "customer_id": ["C1", "C2", "C3", "C4", "C5"],
                "name": ["c1", "c2", "c3", "c4", "c5"],
                "region_id": ["N", "N", "S", "N", "N"],
                "rep_id": ["R1", "R1", "R2", "R1", "R1"],
                "type": "retailer",
                "channel": "traditional",
                "settlement_method": "credit",
                "credit_limit": 10_000.0,
                "payment_terms_days": 30.0,
                "status": "active",
            }
        )
    )


def sales_lines() -> pd.DataFrame:
    rows = [
        # invoice, line, date, customer, product, rep, qty, amount, cost
        ("H1", 1, "2025-06-10", "C2", "P1", "R1", 5, 50.0, 25.0),  # C2: before the window
        ("H2", 1, "2025-09-12", "C4", "P1", "R1", 5, 50.0, 25.0),  # C4: silent since, lost in March
        ("H3", 1, "2025-12-05", "C1", "P1", "R1", 5, 50.0, 25.0),  # C1: an old customer
        ("F1", 1, "2026-02-10", "C1", "P1", "R1", 10, 120.0, 50.0),  # February: prior sales
        ("M1", 1, "2026-03-04", "C1", "P1", "R1", 10, 100.0, 50.0),  # 10/unit ≥ floor 8
        ("M1", 2, "2026-03-04", "C1", "P1", "R1", 10, 70.0, None),  # 7/unit < 8; cost 10×5
        ("M2", 1, "2026-03-10", "C1", "P1", "R1", -2, -20.0, -10.0),  # credit note
        ("M3", 1, "2026-03-18", "C3", "P2", "R2", 5, 150.0, 60.0),  # C3's first purchase
        ("M4", 1, "2026-03-20", "C5", "P2", "R1", 1, 30.0, 12.0),  # C5's first purchase
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "invoice_id",
            "line",
            "date",
            "customer_id",
            "product_id",
            "rep_id",
            "qty",
            "amount",
            "cost",
        ],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["due_date"] = frame["date"] + pd.Timedelta(days=30)
    frame["qty"] = frame["qty"].astype(float)
    frame["cost"] = frame["cost"].astype(float)
    return _rows(frame)


def payments() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "payment_id": ["PF", "PM1", "PM3"],
            "date": pd.to_datetime(["2026-02-25", "2026-03-20", "2026-03-25"]),
            "customer_id": ["C1", "C1", "C3"],
            "amount": [120.0, 100.0, 150.0],
            "invoice_id": ["F1", "M1", "M3"],
        }
    )
    return _rows(frame)


def targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": ["2026-03", "2026-03", "2026-03", "2026-02"],
            "rep_id": ["R1", "R1", "R2", "R1"],
            "customer_id": ["C1", "C5", "C3", "C1"],
            "sales_target": [150.0, 50.0, 300.0, 100.0],
            "collection_target": [80.0, 0.0, 210.0, 100.0],
        }
    )


def budgets() -> pd.DataFrame:
    return pd.DataFrame(
        {"rep_id": ["R1", "R2"], "month": ["2026-03", "2026-03"], "expense_budget": [100.0, 42.0]}
    )


def daily() -> pd.DataFrame:
    t = dt.time
    frame = pd.DataFrame(
        {
            "rep_id": ["R1", "R1", "R1"],
            "period": "2026-03",
            "date": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-03"]),
            "customer_id": ["C1", "C2", "C1"],
            "start_time": [t(9, 0), t(10, 0), t(14, 0)],
            "end_time": [t(9, 30), t(11, 0), t(14, 5)],
            "visit_type": ["visit", "visit", "phone"],
            "order_amount": [100.0, 0.0, 0.0],
            "collection_amount": [0.0, 0.0, 0.0],
            "expense_amount": [20.0, 10.0, 0.0],
        }
    )
    return _rows(frame)


def routes() -> pd.DataFrame:
    return _rows(
        pd.DataFrame(
            {
                "rep_id": ["R1", "R1"],
                "period": "2026-03",
                "week_start": pd.to_datetime(["2026-03-02", "2026-03-02"]),
                "weekday": [1, 2],
                "seq": [1, 1],
                "customer_id": ["C1", "C1"],
            }
        )
    )


def forecasts() -> pd.DataFrame:
    # Made in the February workbook for March: C1/P1 160 (actual 150); C5/P2 not forecast
    # (actual 30). Error 10 + 30 = 40 of 180 actual.
    return _rows(
        pd.DataFrame(
            {
                "rep_id": ["R1"],
                "period": "2026-02",
                "month": ["2026-03"],
                "customer_id": ["C1"],
                "product_id": ["P1"],
                "amount": [160.0],
            }
        )
    )


def inspections() -> pd.DataFrame:
    # At C3 (region S): goods coded N (R1's territory: diversion), S (home), CN (a parent
    # region: not diversion) and W (no rep works there: reported, nobody charged).
    return _rows(
        pd.DataFrame(
            {
                "rep_id": ["R2", "R2", "R2", "R2"],
                "period": "2026-03",
                "date": pd.to_datetime(["2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"]),
                "customer_id": ["C3", "C3", "C3", "C3"],
                "product_id": ["P2"] * 4,
                "territory_code": ["N", "S", "CN", "W"],
            }
        )
    )


def qualitative() -> pd.DataFrame:
    return _rows(
        pd.DataFrame(
            {
                "rep_id": ["R1", "R1", "R2"],
                "period": ["2026-03", "2026-Q2", "March"],
                "teamwork": [80.0, 10.0, 50.0],
                "enthusiasm": [90.0, 10.0, 50.0],
                "loyalty": [np.nan, 10.0, 50.0],
                "compliance": [np.nan] * 3,
                "planning": [np.nan] * 3,
                "progress": [np.nan] * 3,
            }
        )
    )


def data(**changes: object) -> AppraisalData:
    base = {
        "reps": reps(),
        "customers": customers(),
        "products": products(),
        "sales": sales_lines(),
        "payments": payments(),
        "settings": settings(),
        "regions": regions(),
        "targets": targets(),
        "budgets": budgets(),
        "daily": daily(),
        "routes": routes(),
        "forecasts": forecasts(),
        "inspections": inspections(),
        "qualitative": qualitative(),
    }
    base.update(changes)
    return AppraisalData(**base)  # type: ignore[arg-type]
