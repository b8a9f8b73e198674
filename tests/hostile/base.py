"""A small, clean company to mutate: every workbook passes `salesdesk check` as built.

Each hostile case starts from a copy of one of these files and changes one thing, so
the outcome it states (an issue code at a cell, or a refusal) is caused by that change
alone. Built from the product's own template builder and issue job, as a user gets them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from addin.books.templates.builder import build_workbook, write_workbook
from addin.core.settings import Settings, settings_rows
from addin.io.fill import fill_tables
from addin.jobs.issue import issue_workbooks

PERIOD = "2026-03"
REP = "R001"
D = dt.date


#: The Settings rows of the base company (row 2 down); every other setting is its default.
SETTINGS = ("company", "currency", "year", "lang", "max_file_mb", "max_rows", "accept_partial")


def masters_data() -> dict[str, pd.DataFrame]:
    defaults = {key: value for key, value, _ in settings_rows(Settings())}
    return {
        "Settings": pd.DataFrame({"key": SETTINGS, "value": [defaults[k] for k in SETTINGS]}),
        "Regions": pd.DataFrame(
            {"region_id": ["N", "S"], "name": ["North", "South"], "parent_id": [None, None]}
        ),
        "Reps": pd.DataFrame(
            {
                "rep_id": ["R001", "R002"],
                "name": ["Wang Lei", "Li Na"],
                "region_id": ["N", "S"],
                "manager_id": [None, "R001"],
                "hire_date": pd.to_datetime(["2020-01-06", "2021-03-01"]),
                "leave_date": pd.Series([pd.NaT, pd.NaT], dtype="datetime64[ns]"),
                "phone": ["138001", "138002"],
            }
        ),
        "Products": pd.DataFrame(
            {
                "product_id": ["P01", "P02"],
                "name": ["Green tea", "Black tea"],
                "category": ["tea", "tea"],
                "unit_price": [100.0, 200.0],
                "floor_price": [80.0, 150.0],
                "unit_cost": [50.0, 90.0],
            }
        ),
        "Customers": pd.DataFrame(
            {
                "customer_id": ["C001", "C002", "C003"],
                "name": ["Harbour Foods", "Hilltop Mart", "Southern Trading"],
                "type": ["distributor", "retailer", "wholesaler"],
                "channel": ["traditional", "modern_trade", "traditional"],
                "region_id": ["N", "N", "S"],
                "rep_id": ["R001", "R001", "R002"],
                "settlement_method": ["credit", "cash", "bank_transfer"],
                "credit_limit": [50000.0, 0.0, 80000.0],
                "payment_terms_days": [30, 0, 60],
                "since": pd.to_datetime(["2019-05-01", "2022-01-10", "2018-07-15"]),
                "status": ["active", "active", "active"],
                "contact": ["Zhao", "Qian", "Sun"],
                "phone": ["0571-1", "0571-2", "020-3"],
                "address": ["1 Quay", "2 Hill", "3 South"],
            }
        ),
        "Strategy": pd.DataFrame(
            {
                "customer_id": ["C001", "C003"],
                "year": [2026, 2026],
                "class": ["A", "B"],
                "sales_goal": [120000.0, 90000.0],
                "collection_goal": [110000.0, 85000.0],
                "support_policy": ["shelf fee", ""],
                "key_actions": ["monthly visit", ""],
            }
        ),
    }


def finance_data() -> dict[str, pd.DataFrame]:
    return {
        "SalesLines": pd.DataFrame(
            {
                "invoice_id": ["INV001", "INV001", "INV002"],
                "line": [1, 2, 1],
                "date": pd.to_datetime(["2026-01-12", "2026-01-12", "2026-02-03"]),
                "customer_id": ["C001", "C001", "C003"],
                "product_id": ["P01", "P02", "P01"],
                "rep_id": ["R001", "R001", "R002"],
                "qty": [10.0, 5.0, 20.0],
                "amount": [1000.0, 1000.0, 2000.0],
                "cost": [500.0, 450.0, 1000.0],
                "due_date": pd.to_datetime(["2026-02-11", "2026-02-11", "2026-04-04"]),
            }
        ),
        "Payments": pd.DataFrame(
            {
                "payment_id": ["PAY001", "PAY002"],
                "date": pd.to_datetime(["2026-02-10", "2026-03-01"]),
                "customer_id": ["C001", "C003"],
                "amount": [1500.0, 2000.0],
                "invoice_id": ["INV001", None],
            }
        ),
    }


def plan_data() -> dict[str, pd.DataFrame]:
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    return {
        "CompanyTargets": pd.DataFrame(
            {"measure": ["sales", "collections"], "annual_target": [1_000_000.0, 900_000.0]}
        ),
        "Seasonality": pd.DataFrame({"month": months, "weight": [1.0] * 12}),
        "Growth": pd.DataFrame(
            {
                "dimension": ["channel", "region"],
                "member": ["traditional", "N"],
                "growth_pct": [5.0, 8.0],
            }
        ),
        "Locks": pd.DataFrame(
            {
                "rep_id": ["R001"],
                "customer_id": [None],
                "product_id": [None],
                "region_id": [None],
                "month": ["2026-03"],
                "measure": ["sales"],
                "amount": [5000.0],
            }
        ),
        "Budgets": pd.DataFrame(
            {"rep_id": ["R001"], "month": ["2026-03"], "expense_budget": [1200.0]}
        ),
    }


def appraisal_data() -> dict[str, pd.DataFrame]:
    return {
        "Scheme": pd.DataFrame(
            {
                "kpi": ["sales", "collections"],
                "weight": [60.0, 40.0],
                "rule": ["linear", "threshold"],
                "target": [100000.0, 90000.0],
                "cap": [120.0, 100.0],
            }
        ),
        "Qualitative": pd.DataFrame(
            {
                "rep_id": ["R001", "R002"],
                "period": ["2026-03", "2026-03"],
                "teamwork": [80.0, 70.0],
                "enthusiasm": [90.0, 75.0],
                "loyalty": [85.0, 80.0],
                "compliance": [95.0, 90.0],
                "planning": [70.0, 65.0],
                "progress": [75.0, 85.0],
            }
        ),
    }


def report_data() -> dict[str, pd.DataFrame]:
    """R001's March report: visits on weekdays, in the period, no overlaps."""
    t = dt.time
    return {
        "DailyReport": pd.DataFrame(
            {
                "date": pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-03"]),
                "customer_id": ["C001", "C002", "C001"],
                "start_time": [t(9, 0), t(11, 0), t(9, 30)],
                "end_time": [t(10, 0), t(11, 45), t(10, 30)],
                "visit_type": ["visit", "visit", "collection"],
                "order_amount": [1200.0, 300.0, 0.0],
                "collection_amount": [0.0, 0.0, 1500.0],
                "expense_amount": [50.0, 20.0, 30.0],
                "feedback": ["wants new flavours", "shelf moved", "paid in full"],
            }
        ),
        "WeeklyRoute": pd.DataFrame(
            {
                "week_start": pd.to_datetime(["2026-03-02", "2026-03-02"]),
                "weekday": [1, 2],
                "seq": [1, 1],
                "customer_id": ["C001", "C002"],
                "objective": ["order", "shelf"],
            }
        ),
        "MonthlyPlan": pd.DataFrame(
            {
                "month": ["2026-03", "2026-03"],
                "customer_id": ["C001", "C002"],
                "sales_plan": [5000.0, 1000.0],
                "collection_plan": [4000.0, 1000.0],
                "actions": ["promote P02", "new shelf"],
            }
        ),
        "MonthlySummary": pd.DataFrame(
            {
                "month": ["2026-03"],
                "achievements": ["two new listings"],
                "problems": ["late payment"],
                "next_month_focus": ["collections"],
            }
        ),
        "Forecast": pd.DataFrame(
            {
                "month": ["2026-04", "2026-04"],
                "customer_id": ["C001", "C002"],
                "product_id": ["P01", "P02"],
                "amount": [5000.0, 800.0],
            }
        ),
        "Competitors": pd.DataFrame(
            {
                "date": pd.to_datetime(["2026-03-03"]),
                "competitor": ["Acme"],
                "product": ["Acme green"],
                "wholesale_price": [90.0],
                "retail_price": [120.0],
                "quality": ["worse"],
                "promotion": ["buy 2 get 1"],
                "customer_id": ["C001"],
            }
        ),
        "MarketInspection": pd.DataFrame(
            {
                "date": pd.to_datetime(["2026-03-03"]),
                "customer_id": ["C001"],
                "product_id": ["P01"],
                "on_shelf": ["yes"],
                "retail_price": [110.0],
                "stock_qty": [20.0],
                "territory_code": ["N"],
            }
        ),
    }


@dataclass(frozen=True, slots=True)
class Base:
    """Where the clean files are; `company` is a complete company folder."""

    company: Path

    def book(self, kind: str) -> Path:
        if kind == "rep":
            return self.company / "inbox" / f"rep-{REP}-{PERIOD}.xlsx"
        return self.company / f"{kind}.xlsx"


def build_base(root: Path) -> Base:
    """A clean company folder with R001's filled report waiting in inbox/."""
    company = root / "co"
    (company / "inbox").mkdir(parents=True)
    (company / "reps").mkdir()
    for stem, data in (
        ("masters", masters_data()),
        ("finance", finance_data()),
        ("plan", plan_data()),
        ("appraisal", appraisal_data()),
        ("dashboard", None),
    ):
        write_workbook(company / f"{stem}.xlsx", build_workbook(stem, data=data))
    issue_workbooks(company, PERIOD)
    issued = company / "reps" / f"rep-{REP}-{PERIOD}.xlsx"
    fill_tables(issued, company / "inbox" / issued.name, report_data())
    return Base(company)
