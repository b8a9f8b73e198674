"""The vectorised application of payments settles exactly what a plain, one-payment-
at-a-time loop over the same rules settles, on small random ledgers.

The loop below is written from the rules in `addin/core/receivables/apply.py`, not
from its code: named payments first (several on one invoice by date, then row), the
excess and every other payment and credit note first-in-first-out by due date, invoice
date and invoice id, refunds taking money back off what is available, unknown
customers and foreign or unknown invoices held as unapplied credit. Every invoice's
paid/credited/outstanding, every credit note's unused credit, every customer's
unapplied balance and every (invoice, source) application must match to the cent.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import example, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.issues import ROW
from addin.core.receivables import UNAPPLIED, age_receivables
from addin.core.settings import Settings
from tests.core.receivables_frames import START, ledger_tables

TERMS = {"C1": 30.0, "C2": math.nan, "C3": 7.0}  # C9 is not in Customers
CUSTOMERS = pd.DataFrame(
    {
        "customer_id": list(TERMS),
        "name": ["A", "B", "C"],
        "rep_id": ["R1", "R2", "R1"],
        "payment_terms_days": list(TERMS.values()),
        ROW: [2, 3, 4],
    }
)

day = st.integers(0, 60)
invoice = st.tuples(
    st.sampled_from(["C1", "C2", "C3", "C9"]),
    day,
    # a credit note is an invoice whose lines add up below zero
    st.lists(st.integers(-30_000, 90_000), min_size=1, max_size=3),
    st.one_of(st.none(), day),
)
payment = st.tuples(
    st.sampled_from(["C1", "C2", "C3", "C9"]),
    day,
    st.one_of(st.integers(1, 120_000), st.integers(-20_000, -1)),
    st.integers(-2, 9),  # the invoice named: −1 none, −2 one that does not exist
)


def by_hand(
    invoices: list[tuple[Any, ...]], payments: list[tuple[Any, ...]], as_of: int
) -> tuple[dict[str, tuple[int, int, int]], dict[str, int], dict[tuple[str, str, str], int]]:
    """(invoice id → (amount, paid, credited), customer → unapplied cents,
    (invoice id, source id, how) → cents), one payment at a time."""
    owner = {f"I{n}": inv[0] for n, inv in enumerate(invoices)}
    book: dict[str, dict[str, Any]] = {}
    for n, (cust, d, amounts, due) in enumerate(invoices):
        if d > as_of:
            continue
        terms = TERMS.get(cust, math.nan)
        by_terms = d + (0 if math.isnan(terms) else int(max(terms, 0)))
        book[f"I{n}"] = {
            "cust": cust,
            "day": d,
            "due": by_terms if due is None else due,
            "amount": sum(amounts),
            "paid": 0,
            "credited": 0,
        }
    fifo = sorted(book, key=lambda i: (book[i]["due"], book[i]["day"], i))
    received = sorted(
        (d, n, cust, cents, ref) for n, (cust, d, cents, ref) in enumerate(payments) if d <= as_of
    )
    pairs: dict[tuple[str, str, str], int] = defaultdict(int)
    # (day, 0 payment / 1 credit note, order, cents, source id) per customer
    pool: dict[str, list[tuple[int, int, int, int, str]]] = defaultdict(list)
    unapplied: dict[str, int] = defaultdict(int)
    named_first = sorted(
        (p for p in received if p[3] > 0 and f"I{p[4]}" in book and book[f"I{p[4]}"]["amount"] > 0),
        key=lambda p: (p[4], received.index(p)),
    )
    for order, (d, n, cust, cents, ref) in enumerate(received):
        unapplied[cust] += cents
        name = "X404" if ref == -2 else f"I{ref}" if 0 <= ref < len(invoices) else ""
        held = cust not in TERMS or (name and name not in owner) or owner.get(name, cust) != cust
        if held:
            continue
        if (d, n, cust, cents, ref) in named_first:
            continue  # settled below, in the order of the invoices they name
        pool[cust].append((d, 0, order, cents, f"P{n}"))
    for d, n, cust, cents, ref in named_first:
        name = f"I{ref}"
        if cust not in TERMS or owner[name] != cust:
            continue  # held (unknown customer or another customer's invoice)
        inv = book[name]
        take = min(cents, max(inv["amount"], 0) - inv["paid"])
        if take > 0:
            inv["paid"] += take
            unapplied[cust] -= take
            pairs[(name, f"P{n}", "named")] += take
        if cents - take > 0:
            pool[cust].append(
                (d, 0, received.index((d, n, cust, cents, ref)), cents - take, f"P{n}")
            )
    for position, name in enumerate(fifo):
        inv = book[name]
        if inv["amount"] < 0:
            pool[inv["cust"]].append((inv["day"], 1, position, -inv["amount"], name))
    for cust, money in pool.items():
        available = max(sum(m[3] for m in money), 0)  # refunds take money back
        queue = [i for i in fifo if book[i]["cust"] == cust and book[i]["amount"] > 0]
        for _day, kind, _order, offered, source in sorted(m for m in money if m[3] > 0):
            cents = min(offered, available)
            available -= cents
            for name in queue:
                inv = book[name]
                take = min(cents, inv["amount"] - inv["paid"] - inv["credited"])
                if take <= 0:
                    continue
                cents -= take
                if kind == 0:
                    inv["paid"] += take
                    unapplied[cust] -= take
                else:
                    inv["credited"] += take
                    book[source]["credited"] -= take
                pairs[(name, source, "fifo")] += take
    amounts = {i: (b["amount"], b["paid"], b["credited"]) for i, b in book.items()}
    return amounts, {c: v for c, v in unapplied.items() if v != 0}, dict(pairs)


def cents(values: pd.Series) -> list[int]:
    return np.rint(values.to_numpy(dtype="float64") * 100).astype("int64").tolist()


@hyp_settings(max_examples=200, deadline=None)
# Issued later but due earlier: settled first (FIFO is by due date, then date).
@example(
    invoices=[("C1", 0, [10_000], 40), ("C1", 5, [10_000], None)],
    payments=[("C1", 10, 5_000, -1)],
    as_of=60,
)
@given(
    invoices=st.lists(invoice, max_size=8),
    payments=st.lists(payment, max_size=10),
    as_of=st.integers(0, 70),
)
def test_vectorised_application_settles_what_a_plain_loop_settles(
    invoices: list[tuple[Any, ...]], payments: list[tuple[Any, ...]], as_of: int
) -> None:
    sales, money = ledger_tables(invoices, payments)
    when = (START + pd.Timedelta(days=as_of)).date()
    result = age_receivables(sales, money, CUSTOMERS, Settings(), when)
    amounts, unapplied, pairs = by_hand(invoices, payments, as_of)

    items = result.items
    is_invoice = items["kind"] != "unapplied"
    got = dict(
        zip(
            items.loc[is_invoice, "invoice_id"],
            zip(
                cents(items.loc[is_invoice, "amount"]),
                cents(items.loc[is_invoice, "paid"]),
                cents(items.loc[is_invoice, "credited"]),
                strict=True,
            ),
            strict=True,
        )
    )
    assert got == amounts
    left = items.loc[~is_invoice]
    assert (left["invoice_id"] == UNAPPLIED).all()
    assert dict(zip(left["customer_id"], cents(left["paid"]), strict=True)) == unapplied
    applications = result.applications
    applied: dict[tuple[str, str, str], int] = defaultdict(int)
    for key, c in zip(
        zip(
            applications["invoice_id"],
            applications["source_id"],
            applications["how"],
            strict=True,
        ),
        cents(applications["amount"]),
        strict=True,
    ):
        applied[key] += c
    # A payment naming an invoice already settled gets a 0.00 "named" row (kept as it
    # was); it settles nothing, so the comparison leaves it out.
    assert {k: v for k, v in applied.items() if v} == pairs


def test_the_loop_is_not_trivially_agreeing() -> None:
    """The reference sees the rules: a named payment skips the oldest invoice."""
    invoices = [("C1", 0, [10_000], None), ("C1", 5, [20_000], None)]
    payments = [("C1", 10, 20_000, 1), ("C1", 11, 5_000, -1)]
    amounts, unapplied, pairs = by_hand(invoices, payments, 30)
    assert amounts == {"I0": (10_000, 5_000, 0), "I1": (20_000, 20_000, 0)}
    assert unapplied == {}
    assert pairs == {("I1", "P0", "named"): 20_000, ("I0", "P1", "fifo"): 5_000}
    sales, money = ledger_tables(invoices, payments)
    result = age_receivables(sales, money, CUSTOMERS, Settings(), dt.date(2026, 1, 31))
    assert cents(result.items["outstanding"]) == [5_000, 0]
