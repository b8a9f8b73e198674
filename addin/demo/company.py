"""`generate_company`: the whole deterministic demo company in one call.

History runs from 1 January two years before the plan year to the end of the cut-off
month of the plan year, so last year is complete for planning and the plan year has open
receivables. Same size, seed, year and cut-off ⇒ identical frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from addin.demo.calendar import month_end, public_holidays
from addin.demo.customers import build_customers, set_credit_limits
from addin.demo.imperfections import plant_master_errors
from addin.demo.masters import build_products, build_regions, build_reps
from addin.demo.names import COMPANY_NAME
from addin.demo.payments import generate_payments
from addin.demo.planted import Planted
from addin.demo.rand import stream
from addin.demo.sales import generate_sales
from addin.demo.sizes import SIZES, SizeName
from addin.demo.strategy import build_strategy


@dataclass
class DemoCompany:
    regions: pd.DataFrame
    reps: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    strategy: pd.DataFrame
    sales_lines: pd.DataFrame
    payments: pd.DataFrame
    #: Settings keys → values for this company (company name, plan year, holidays …).
    settings_overrides: dict[str, object]
    size: str = "small"
    seed: int = 7
    year: int = 2026
    #: Last day of the data; sales and payments stop here.
    cutoff: dt.date = dt.date(2026, 3, 31)
    #: The language reps write their reports in; None: each rep their own (zh or en).
    lang: str | None = None
    #: Errors planted on purpose (only with `imperfect=True`).
    planted: list[Planted] = field(default_factory=list)

    @property
    def period(self) -> str:
        """The month of the demo's report cycle: the cut-off month."""
        return f"{self.cutoff:%Y-%m}"

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by their workbook names."""
        return {
            "Regions": self.regions,
            "Reps": self.reps,
            "Products": self.products,
            "Customers": self.customers,
            "Strategy": self.strategy,
            "SalesLines": self.sales_lines,
            "Payments": self.payments,
        }


def generate_company(
    size: SizeName = "small",
    seed: int = 7,
    year: int = 2026,
    *,
    cutoff_month: int = 3,
    imperfect: bool = False,
) -> DemoCompany:
    """A synthetic consumer-goods company selling in China, in CNY.

    `imperfect=True` plants a few typical master-data and finance errors (listed in
    `DemoCompany.planted`); without it the masters are clean.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    if not 1 <= cutoff_month <= 12:
        raise ValueError(f"cutoff_month must be 1 … 12, not {cutoff_month!r}")
    spec = SIZES[size]
    history = dt.date(year - 2, 1, 1)
    cutoff = month_end(year, cutoff_month)

    areas = build_regions(spec)
    staff = build_reps(stream(seed, "reps"), spec, areas, year, cutoff)
    catalogue = build_products(stream(seed, "products"), spec.products)
    clientele = build_customers(
        stream(seed, "customers"), spec.customers, areas, staff, history, cutoff
    )
    lines, invoices = generate_sales(
        stream(seed, "sales"), clientele, staff, catalogue, history, cutoff, spec.lines
    )
    payments = generate_payments(stream(seed, "payments"), clientele, invoices, cutoff)

    last_year = lines.loc[lines["date"].dt.year == year - 1].groupby("customer_id")["amount"].sum()
    customers = set_credit_limits(clientele.customers, last_year, stream(seed, "credit"))
    strategy = build_strategy(stream(seed, "strategy"), customers, last_year, year)
    holidays = [d for y in (year - 2, year - 1, year) for d in public_holidays(y)]
    company = DemoCompany(
        regions=areas.regions,
        reps=staff.reps,
        products=catalogue.products,
        customers=customers,
        strategy=strategy,
        sales_lines=lines,
        payments=payments,
        settings_overrides={
            "company": COMPANY_NAME,
            "currency": "CNY",
            "year": year,
            "holidays": holidays,
        },
        size=size,
        seed=seed,
        year=year,
        cutoff=cutoff,
    )
    if imperfect:
        company = plant_master_errors(company, stream(seed, "imperfections"))
    return company
