"""Deliberate master-data and finance errors, planted only on request.

The kind of mistakes real masters carry: a customer card typed twice, a rep code that
does not exist, a misspelt type, a floor price above the list price, an ERP line for a
product nobody created, a payment naming an invoice that is not there. Each is recorded
as a `Planted` (table, 0-based row, expected issue code) so tests can see it reported.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from addin.demo.planted import Planted, set_cell
from addin.demo.rand import Rng

if TYPE_CHECKING:
    from addin.demo.company import DemoCompany


def _append_copy(frame: pd.DataFrame, row: int) -> tuple[pd.DataFrame, int]:
    out = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
    return out, len(out) - 1


def _unknown(prefix: str, example: str) -> str:
    return prefix + "9" * (len(example) - len(prefix))


def plant_master_errors(company: DemoCompany, rng: Rng) -> DemoCompany:
    planted: list[Planted] = []
    customers = company.customers.copy()
    c = [int(i) for i in rng.choice(len(customers), 5, replace=False)]
    customers, dup = _append_copy(customers, c[0])
    set_cell(customers, dup, "name", str(customers.at[dup, "name"]) + "（重复录入）")
    planted.append(Planted("Customers", dup, "duplicate_key", "customer_id", "card typed twice"))
    set_cell(customers, c[1], "rep_id", _unknown("R", str(company.reps["rep_id"].iloc[0])))
    planted.append(Planted("Customers", c[1], "unknown_rep", "rep_id", "rep code not in Reps"))
    set_cell(customers, c[2], "type", "Distributer")
    planted.append(Planted("Customers", c[2], "not_allowed", "type", "misspelt customer type"))
    set_cell(customers, c[3], "region_id", str(customers.at[c[3], "region_id"]) + "-XX")
    planted.append(Planted("Customers", c[3], "unknown_region", "region_id", "no such area"))
    set_cell(customers, c[4], "credit_limit", -50_000.0)
    planted.append(Planted("Customers", c[4], "below_min", "credit_limit", "negative limit"))

    products = company.products.copy()
    p = [int(i) for i in rng.choice(len(products), 2, replace=False)]
    set_cell(
        products,
        p[0],
        "floor_price",
        round(float(products["unit_price"].to_numpy()[p[0]]) * 1.1, 2),
    )
    planted.append(Planted("Products", p[0], "floor_above_price", "floor_price", "floor > price"))
    set_cell(products, p[1], "name", None)
    planted.append(Planted("Products", p[1], "required_blank", "name", "product without name"))

    reps = company.reps.copy()
    managed = np.flatnonzero(reps["manager_id"].notna().to_numpy())
    r = int(rng.choice(managed))
    set_cell(reps, r, "manager_id", _unknown("R", str(reps["rep_id"].iloc[0])))
    planted.append(Planted("Reps", r, "unknown_rep", "manager_id", "manager not in Reps"))

    lines = company.sales_lines.copy()
    s = [int(i) for i in rng.choice(len(lines), 3, replace=False)]
    set_cell(lines, s[0], "product_id", _unknown("P", str(products["product_id"].iloc[0])))
    planted.append(Planted("SalesLines", s[0], "unknown_product", "product_id", "no such product"))
    set_cell(lines, s[1], "customer_id", _unknown("C", str(customers["customer_id"].iloc[0])))
    planted.append(
        Planted("SalesLines", s[1], "unknown_customer", "customer_id", "no such customer")
    )
    lines, copy = _append_copy(lines, s[2])
    planted.append(Planted("SalesLines", copy, "duplicate_key", "line", "ERP line exported twice"))

    payments = company.payments.copy()
    named = np.flatnonzero(payments["invoice_id"].notna().to_numpy())
    pay = int(rng.choice(named))
    set_cell(payments, pay, "invoice_id", "INV1999-999999")
    planted.append(Planted("Payments", pay, "unknown_invoice", "invoice_id", "no such invoice"))

    strategy = company.strategy.copy()
    k = int(rng.integers(0, len(strategy)))
    set_cell(strategy, k, "class", "D")
    planted.append(Planted("Strategy", k, "not_allowed", "class", "class outside A/B/C"))

    return replace(
        company,
        customers=customers,
        products=products,
        reps=reps,
        sales_lines=lines,
        payments=payments,
        strategy=strategy,
        planted=[*company.planted, *planted],
    )
