"""Benchmark: age 1,000,000 invoice lines (≈300k invoices, 50k customers) and 500,000
payments. Prints the time of `age_receivables` and peak memory (ru_maxrss), the time of
`apply_payments` alone (the application pass appraisal shares for collections), and the
floor it is measured against in the same run: a plain per-row Python FIFO loop (what
one would write without vectorising) that must reach the same outstanding amount per
customer, named payments included.

Ageing is timed on the two inputs `salesdesk age` gets. A company's finance.xlsx gives
customer and invoice ids as text (`age_receivables` hashes them on entry). A company
too big for one sheet keeps its finance in the ledger, and `age` reads it with
`Ledger.counted(coded=...)`: those ids arrive as Categoricals of the snapshot's stored
codes (categories in order of first appearance), which entry takes without hashing a
row. The coded input is made here the same way — the id columns kept as a snapshot in
a scratch folder and read back — not timed (the snapshot is made when the rows are
stored); both runs must give identical tables. Everything runs as a `salesdesk`
command does, with NumPy's huge-page requests off (`addin/runtime.py`).

    .venv/bin/python benchmarks/bench_ageing.py [--lines N] [--payments N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import resource
import time
from collections import defaultdict

import numpy as np
import pandas as pd
from ledger_coded import coded

from addin.core.issues import ROW
from addin.core.receivables import AgeingResult, age_receivables, apply_payments
from addin.core.settings import Settings
from addin.jobs.age import CODED_IDS
from addin.runtime import use_small_pages

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


def fifo_loop(
    sales: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, as_of: dt.date
) -> tuple[dict[str, int], int]:
    """Outstanding cents per customer and on open invoices, row by row: the rules of
    `apply_money` for this data (invoice owner = customer of its lines; named payments
    first, the excess and everything else FIFO by due date, invoice date and id; unknown
    customers or invoices held as unapplied credit). No refunds or conflicting lines
    occur in the generated data.
    """
    cutoff = pd.Timestamp(as_of)
    terms: dict[str, float] = {}
    for cid, days in zip(customers["customer_id"], customers["payment_terms_days"], strict=True):
        terms[cid] = 0.0 if math.isnan(days) else max(days, 0.0)
    owner: dict[str, str] = {}
    invoices: dict[str, list] = {}  # id -> [customer, date, due, cents]
    for inv, day, cust, amount, due in zip(
        sales["invoice_id"],
        sales["date"],
        sales["customer_id"],
        sales["amount"],
        sales["due_date"],
        strict=True,
    ):
        owner.setdefault(inv, cust)
        if day > cutoff:
            continue
        entry = invoices.get(inv)
        if entry is None:
            entry = invoices[inv] = [cust, day, pd.NaT, 0]
        entry[3] += round(amount * 100)
        if not pd.isna(due) and (pd.isna(entry[2]) or due < entry[2]):
            entry[2] = due
    for entry in invoices.values():
        if pd.isna(entry[2]):
            entry[2] = entry[1] + pd.Timedelta(days=terms.get(entry[0], 0.0))

    owed = {inv: max(e[3], 0) for inv, e in invoices.items()}
    outstanding: dict[str, int] = defaultdict(int)
    for e in invoices.values():
        outstanding[e[0]] += e[3]
    pool: dict[str, list] = defaultdict(list)  # customer -> [(day, kind, order, cents)]
    receipts = sorted(
        zip(
            payments["date"],
            payments["_row"],
            payments["customer_id"],
            payments["invoice_id"],
            payments["amount"],
            strict=True,
        )
    )
    for order, (day, _row, cust, inv, amount) in enumerate(receipts):
        if day > cutoff:
            continue
        cents = round(amount * 100)
        outstanding[cust] -= cents
        known_invoice = inv != "" and inv in owner
        if (
            cust not in terms
            or (inv != "" and not known_invoice)
            or (known_invoice and owner[inv] != cust)
        ):
            continue  # held: stays unapplied credit
        if inv in owed and owed[inv] > 0:
            used = min(cents, owed[inv])
            owed[inv] -= used
            cents -= used
        if cents > 0:
            pool[cust].append((day, 0, order, cents))
    debts: dict[str, list] = defaultdict(list)
    for order, (inv, e) in enumerate(
        sorted(invoices.items(), key=lambda kv: (kv[1][2], kv[1][1], kv[0]))
    ):
        if e[3] < 0:
            pool[e[0]].append((e[1], 1, order, -e[3]))
        elif owed[inv] > 0:
            debts[e[0]].append(inv)
    for cust, money in pool.items():
        money.sort()
        queue = debts.get(cust, [])
        at = 0
        for _day, _kind, _order, cents in money:
            while cents > 0 and at < len(queue):
                inv = queue[at]
                used = min(cents, owed[inv])
                owed[inv] -= used
                cents -= used
                if owed[inv] == 0:
                    at += 1
    return dict(outstanding), sum(owed.values())


def same_tables(a: AgeingResult, b: AgeingResult) -> bool:
    """Whether two ageings give the same tables, issues and DSO wording."""
    for name in TABLES:
        try:
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
        except AssertionError:
            return False
    return a.issues == b.issues and a.dso_method == b.dso_method


def timed_ageing(
    label: str, sales: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame
) -> tuple[AgeingResult, float, float]:
    """Ageing of these inputs: its result, wall and CPU seconds (printed)."""
    before = peak_mb()
    t1, cpu1, use1 = time.perf_counter(), time.process_time(), usage()
    result = age_receivables(sales, payments, customers, Settings(), AS_OF)
    t2, cpu2, use2 = time.perf_counter(), time.process_time(), usage()
    print(
        f"age_receivables, {label}: {t2 - t1:.2f} s wall, {cpu2 - cpu1:.2f} s CPU "
        f"({split(use1, use2)}); peak RSS {peak_mb():,.0f} MB "
        f"(+{max(peak_mb() - before, 0):,.0f} MB)"
    )
    return result, t2 - t1, cpu2 - cpu1


#: The tables an ageing gives, compared between the text and the coded run.
TABLES = (
    "open_items",
    "ageing",
    "by_rep",
    "by_region",
    "totals",
    "dunning",
    "credit_check",
    "collections",
    "items",
    "applications",
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def usage() -> resource.struct_rusage:
    return resource.getrusage(resource.RUSAGE_SELF)


def split(before: resource.struct_rusage, after: resource.struct_rusage) -> str:
    """User and system CPU apart: the system part is mostly the kernel handing out fresh
    pages for new arrays, and it swings with the other work on the machine."""
    return (
        f"user {after.ru_utime - before.ru_utime:.2f} + sys {after.ru_stime - before.ru_stime:.2f}"
        f", {after.ru_minflt - before.ru_minflt:,} page faults"
    )


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
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
    coded_sales = coded(sales, "SalesLines", CODED_IDS)
    coded_payments = coded(payments, "Payments", CODED_IDS)
    t1 = time.perf_counter()
    print(
        f"generated {len(sales):,} lines, {args.invoices:,} invoices, "
        f"{len(customers):,} customers, {len(payments):,} payments in {t1 - t0:.1f} s; "
        f"peak RSS so far {peak_mb():,.0f} MB"
    )

    result, wall_text, cpu_text = timed_ageing("ids as text", sales, payments, customers)
    cpu = time.process_time()
    audit = len(result.items), len(result.applications)
    print(
        f"  items and applications tables (the audit trail, built when first asked for; "
        f"age and the dashboard never ask): {time.process_time() - cpu:.2f} s CPU"
    )
    print(
        f"  open items {len(result.open_items):,}, ageing rows {len(result.ageing):,}, "
        f"dunning {len(result.dunning):,}, items {audit[0]:,}, applications {audit[1]:,}, "
        f"issues {len(result.issues):,}"
    )
    total, dso = result.totals[["total", "dso"]].to_numpy(dtype="float64")[0]
    print(f"  total outstanding {total:,.2f}, DSO {dso:.1f} days ({result.dso_method})")
    from_ledger, wall_coded, cpu_coded = timed_ageing(
        "ids coded (as read from the ledger)", coded_sales, coded_payments, customers
    )
    same = same_tables(result, from_ledger)
    print(f"  every table and issue the same as from text: {'yes' if same else 'NO'}")
    wall, cpu = time.perf_counter(), time.process_time()
    apply_payments(sales, payments, customers, AS_OF).collections()
    print(
        f"  apply_payments + collections alone (the pass appraisal shares), ids as text: "
        f"{time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU"
    )

    t3, cpu3, use3 = time.perf_counter(), time.process_time(), usage()
    floor, open_loop = fifo_loop(sales, payments, customers, AS_OF)
    t4, cpu4, use4 = time.perf_counter(), time.process_time(), usage()
    items = result.items
    per_customer = (
        pd.Series(np.rint(items["outstanding"].to_numpy() * 100).astype("int64"))
        .groupby(items["customer_id"].to_numpy())
        .sum()
    )
    looped = pd.Series(floor).reindex(per_customer.index).fillna(0).astype("int64")
    extra = {k: v for k, v in floor.items() if v != 0 and k not in per_customer.index}
    same = bool((looped == per_customer).all()) and not extra
    open_c = int(
        np.rint(items.loc[items["kind"] == "invoice", "outstanding"].to_numpy() * 100).sum()
    )
    print(
        f"per-row FIFO loop: {t4 - t3:.2f} s wall, {cpu4 - cpu3:.2f} s CPU "
        f"({split(use3, use4)}); same outstanding "
        f"per customer: {'yes' if same else 'NO'} ({len(per_customer):,} customers); open "
        f"invoices {open_c / 100:,.2f} vs loop {open_loop / 100:,.2f}: "
        f"{'same' if open_c == open_loop else 'DIFFERENT'}"
    )
    for label, wall, cpu in (
        ("ids as text", wall_text, cpu_text),
        ("ids coded", wall_coded, cpu_coded),
    ):
        print(
            f"ratio loop / age_receivables, {label}: {(t4 - t3) / wall:.1f}× wall, "
            f"{(cpu4 - cpu3) / cpu:.1f}× CPU (target ≥ 20×; age ≤ 2 s)"
        )


if __name__ == "__main__":
    main()
