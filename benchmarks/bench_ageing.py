"""Benchmark: age 1,000,000 invoice lines (≈300k invoices, 50k customers) and 500,000
payments. Prints the time of `age_receivables` and peak memory (ru_maxrss).

    /work/venv/bin/python benchmarks/bench_ageing.py [--lines N] [--payments N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.receivables import age_receivables
from addin.core.settings import Settings

START = np.datetime64("2025-01-01")
AS_OF = dt.date(2026, 6, 30)


def ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    return prefix + pd.Series(numbers).astype(str).str.zfill(width)


def generate(
    n_lines: int, n_invoices: int, n_customers: int, n_payments: int, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    days = int((np.datetime64(AS_OF) - START).astype(int)) + 30  # some after as_of
    customers = pd.DataFrame(
        {
            "customer_id": ids("C", np.arange(n_customers), 6),
            "name": ids("Customer ", np.arange(n_customers), 6),
            "region_id": ids("G", rng.integers(0, 12, n_customers), 2),
            "rep_id": ids("R", rng.integers(0, 250, n_customers), 3),
            "credit_limit": np.where(
                rng.random(n_customers) < 0.2, np.nan, rng.integers(1, 50, n_customers) * 10_000.0
            ),
            "payment_terms_days": rng.choice(
                [0.0, 30.0, 60.0, 90.0, np.nan], n_customers, p=[0.1, 0.5, 0.25, 0.14, 0.01]
            ),
            "contact": "Contact",
            "phone": "555",
        }
    )
    customers[ROW] = np.arange(2, n_customers + 2)

    inv_customer = rng.integers(0, n_customers, n_invoices)
    inv_day = rng.integers(0, days, n_invoices)
    credit_note = rng.random(n_invoices) < 0.02
    line_inv = np.sort(
        np.concatenate([np.arange(n_invoices), rng.integers(0, n_invoices, n_lines - n_invoices)])
    )
    line_no = np.arange(n_lines) - np.searchsorted(line_inv, line_inv, side="left") + 1
    amount = np.round(rng.lognormal(7, 1, n_lines), 2)
    amount = np.where(credit_note[line_inv], -amount, amount)
    due = START + inv_day[line_inv] + rng.integers(15, 120, n_lines)
    sales = pd.DataFrame(
        {
            "invoice_id": ids("I", line_inv, 7),
            "line": line_no,
            "date": (START + inv_day[line_inv]).astype("datetime64[ns]"),
            "customer_id": customers["customer_id"].to_numpy()[inv_customer[line_inv]],
            "product_id": ids("P", rng.integers(0, 500, n_lines), 3),
            "rep_id": customers["rep_id"].to_numpy()[inv_customer[line_inv]],
            "qty": rng.integers(1, 20, n_lines).astype(float),
            "amount": amount,
            "cost": np.round(amount * 0.7, 2),
            "due_date": pd.Series(due.astype("datetime64[ns]")).where(rng.random(n_lines) < 0.1),
        }
    )
    sales[ROW] = np.arange(2, n_lines + 2)

    pay_inv = rng.integers(0, n_invoices, n_payments)
    pay_customer = inv_customer[pay_inv]
    named = rng.random(n_payments) < 0.3
    pay_amount = np.round(rng.lognormal(7.6, 1, n_payments), 2)
    invoice_ref = np.where(named, ids("I", pay_inv, 7).to_numpy(), "")
    unknown_invoice = rng.random(n_payments) < 0.005
    invoice_ref = np.where(unknown_invoice, "X404", invoice_ref)
    customer_ids = customers["customer_id"].to_numpy()[pay_customer]
    customer_ids = np.where(rng.random(n_payments) < 0.001, "C-UNKNOWN", customer_ids)
    payments = pd.DataFrame(
        {
            "payment_id": ids("PAY", np.arange(n_payments), 7),
            "date": (
                START + np.minimum(inv_day[pay_inv] + rng.integers(0, 150, n_payments), days)
            ).astype("datetime64[ns]"),
            "customer_id": customer_ids,
            "amount": pay_amount,
            "invoice_id": invoice_ref,
        }
    )
    payments[ROW] = np.arange(2, n_payments + 2)
    return sales, payments, customers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--invoices", type=int, default=300_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--payments", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    sales, payments, customers = generate(
        args.lines, args.invoices, args.customers, args.payments, args.seed
    )
    t1 = time.perf_counter()
    before = peak_mb()
    print(
        f"generated {len(sales):,} lines, {args.invoices:,} invoices, "
        f"{len(customers):,} customers, {len(payments):,} payments in {t1 - t0:.1f} s; "
        f"peak RSS so far {before:,.0f} MB"
    )

    t1, cpu1 = time.perf_counter(), time.process_time()
    result = age_receivables(sales, payments, customers, Settings(), AS_OF)
    t2, cpu2 = time.perf_counter(), time.process_time()
    print(
        f"age_receivables: {t2 - t1:.2f} s wall, {cpu2 - cpu1:.2f} s CPU; "
        f"peak RSS {peak_mb():,.0f} MB "
        f"(+{peak_mb() - before:,.0f} MB over the inputs)"
    )
    print(
        f"  open items {len(result.open_items):,}, ageing rows {len(result.ageing):,}, "
        f"dunning {len(result.dunning):,}, applications {len(result.applications):,}, "
        f"issues {len(result.issues):,}"
    )
    total, dso = result.totals[["total", "dso"]].to_numpy(dtype="float64")[0]
    print(f"  total outstanding {total:,.2f}, DSO {dso:.1f} days ({result.dso_method})")


if __name__ == "__main__":
    main()
