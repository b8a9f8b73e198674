"""Payment frames for the receivables tests, in the shape the reader delivers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from addin.core.issues import ROW

D = pd.Timestamp


def pays(*rows: tuple[Any, ...]) -> pd.DataFrame:
    """(payment_id, date, customer_id, amount[, invoice_id]) per payment."""
    frame = pd.DataFrame(
        [
            {
                "payment_id": r[0],
                "date": D(r[1]),
                "customer_id": r[2],
                "amount": float(r[3]),
                "invoice_id": r[4] if len(r) > 4 else "",
            }
            for r in rows
        ],
        columns=["payment_id", "date", "customer_id", "amount", "invoice_id"],
    )
    frame[ROW] = range(2, len(frame) + 2)
    return frame


#: Day 0 of the generated ledgers.
START = pd.Timestamp("2026-01-01")


def ledger_tables(
    invoices: list[tuple[Any, ...]], payments: list[tuple[Any, ...]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SalesLines and Payments from generated tuples: an invoice is (customer, day,
    [line cents…], due day or None[, rep]); a payment (customer, day, cents, index of the
    invoice it names: -1 none, -2 an unknown one). Days count from START."""
    lines = [
        {
            "invoice_id": f"I{n}",
            "line": k + 1,
            "date": START + pd.Timedelta(days=d),
            "customer_id": cust,
            "rep_id": rest[0] if rest else "R1",
            "amount": c / 100,
            "due_date": pd.NaT if due is None else START + pd.Timedelta(days=due),
        }
        for n, (cust, d, amounts, due, *rest) in enumerate(invoices)
        for k, c in enumerate(amounts)
    ]
    pay = [
        {
            "payment_id": f"P{n}",
            "date": START + pd.Timedelta(days=d),
            "customer_id": cust,
            "amount": c / 100,
            "invoice_id": "X404" if ref == -2 else f"I{ref}" if 0 <= ref < len(invoices) else "",
        }
        for n, (cust, d, c, ref) in enumerate(payments)
    ]
    sales = pd.DataFrame(
        lines, columns=["invoice_id", "line", "date", "customer_id", "rep_id", "amount", "due_date"]
    )
    money = pd.DataFrame(pay, columns=["payment_id", "date", "customer_id", "amount", "invoice_id"])
    sales[ROW] = range(2, len(sales) + 2)
    money[ROW] = range(2, len(money) + 2)
    return sales, money
