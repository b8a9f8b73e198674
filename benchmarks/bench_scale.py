"""Scale past one process's memory: a company on a PostgreSQL ledger, streamed.

    eval "$(bash .ci/postgres.sh)"
    .venv/bin/python benchmarks/bench_scale.py [--reps 10000] [--lines 10000000] [--shards 20]

What it does, each step timed with the peak resident memory of this process so far:
1. ingest: a year of SalesLines (`--lines`, ≈3 lines an invoice, `--reps` × 50 customers)
   and Payments (half as many), generated and stored month by month as one finance
   submission per month: no step ever holds more than one month. `--ingest submit`
   (default) goes through `Ledger.submit` (the ledger's own chunked INSERTs);
   `--ingest copy` writes the same submission and rows with PostgreSQL's COPY, for
   sizes where the INSERT path takes hours;
2. sales per rep and month: one GROUP BY in the database (nothing comes back but the
   result);
3. receivables: payment application is per customer, so customers are split into
   `--shards` groups by a hash of their id; each group's lines and payments are read
   back, aged (`age_receivables`) and reduced to totals, then dropped. Peak memory is
   one shard's, whatever the company's size;
4. collections per rep and month (what appraisal needs): the application pass alone
   (`collections_as_of`) per shard, summed.
The floor printed is the bare read: the same rows fetched from PostgreSQL per shard
without any computing, so each step's ratio says what the computing adds to the I/O.
The schema it creates is dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import time
import uuid

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from addin.core.issues import ROW
from addin.core.receivables import age_receivables, collections_as_of
from addin.core.settings import Settings
from addin.io.ledger import Ledger
from addin.runtime import use_small_pages

YEAR = 2025
AS_OF = dt.date(YEAR, 12, 31)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(label: str, seconds: float, extra: str = "") -> None:
    print(f"{label:<44} {seconds:8.1f} s  peak {peak_mib():7,.0f} MiB  {extra}")


def ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width)).astype(object)


def customers_frame(n_reps: int, n_customers: int, rng: np.random.Generator) -> pd.DataFrame:
    rep = rng.integers(0, n_reps, n_customers)
    return pd.DataFrame(
        {
            "customer_id": ids("C", np.arange(n_customers), 7),
            "name": ids("Customer ", np.arange(n_customers), 7),
            "rep_id": ids("R", rep, 5),
            "region_id": ids("G", rep % 40, 2),
            "credit_limit": 200_000.0,
            "payment_terms_days": rng.choice([0.0, 30.0, 60.0], n_customers),
            ROW: np.arange(2, n_customers + 2),
        }
    )


def month_of_finance(
    month: int, lines: int, customers: pd.DataFrame, first_invoice: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One month of SalesLines (invoices of 1–5 lines, one customer each) and Payments."""
    n_inv = max(lines // 3, 1)
    sizes = rng.integers(1, 6, n_inv)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), lines) + 1]
    n_inv = sizes.size
    inv = np.repeat(np.arange(n_inv), sizes)[:lines]
    line_no = np.arange(inv.size) - np.searchsorted(inv, inv) + 1
    start = np.datetime64(f"{YEAR}-{month:02d}-01")
    days = (np.datetime64(f"{YEAR}-{month:02d}-01", "M") + 1).astype("datetime64[D]") - start
    inv_day = start + rng.integers(0, int(days.astype(int)), n_inv)
    inv_cust = rng.integers(0, len(customers), n_inv)
    amount = np.round(rng.lognormal(6, 1, inv.size), 2)
    sales = pd.DataFrame(
        {
            "invoice_id": ids("I", first_invoice + inv, 9),
            "line": line_no,
            "date": inv_day[inv].astype("datetime64[ns]"),
            "customer_id": customers["customer_id"].to_numpy()[inv_cust[inv]],
            "product_id": ids("P", rng.integers(0, 2000, inv.size), 4),
            "rep_id": customers["rep_id"].to_numpy()[inv_cust[inv]],
            "qty": rng.integers(1, 20, inv.size).astype(float),
            "amount": amount,
            "cost": np.round(amount * 0.7, 2),
        }
    )
    n_pay = inv.size // 2
    paid = rng.integers(0, n_inv, n_pay)
    invoice_total = np.bincount(inv, weights=amount, minlength=n_inv)
    payments = pd.DataFrame(
        {
            "payment_id": ids(f"PAY{month:02d}-", np.arange(n_pay), 8),
            "date": (inv_day[paid] + rng.integers(0, 90, n_pay)).astype("datetime64[ns]"),
            "customer_id": customers["customer_id"].to_numpy()[inv_cust[paid]],
            "amount": np.round(invoice_total[paid] * rng.uniform(0.3, 1.0, n_pay), 2),
            "invoice_id": np.where(
                rng.random(n_pay) < 0.5, ids("I", first_invoice + paid, 9), None
            ),
        }
    )
    return sales, payments


def ingest(url: str, engine: Engine, args: argparse.Namespace, customers: pd.DataFrame) -> int:
    rng = np.random.default_rng(args.seed)
    per_month = args.lines // 12
    first_invoice = 0
    stored = 0
    with Ledger.open(url) as ledger:  # creates the ledger's tables
        for month in range(1, 13):
            sales, payments = month_of_finance(month, per_month, customers, first_invoice, rng)
            first_invoice += int(sales["invoice_id"].nunique())
            frames = {
                "SalesLines": sales.assign(**{ROW: np.arange(2, len(sales) + 2)}),
                "Payments": payments.assign(**{ROW: np.arange(2, len(payments) + 2)}),
            }
            period = f"{YEAR}-{month:02d}"
            if args.ingest == "copy":
                copy_submission(engine, period, frames)
            else:
                ledger.submit(
                    kind="finance",
                    rep_id="",
                    period=period,
                    file_name=f"erp-{period}.xlsx",
                    file_hash=f"bench-{period}-{uuid.uuid4().hex}",
                    status="accepted",
                    frames=frames,
                )
            stored += len(sales) + len(payments)
    return stored


def copy_submission(engine: Engine, period: str, frames: dict[str, pd.DataFrame]) -> None:
    """One accepted finance submission, its rows loaded with COPY in one transaction."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            "INSERT INTO submissions (kind, rep_id, period, file_name, file_hash, received_at, "
            "status, issue_count, row_count) VALUES ('finance', '', %s, %s, %s, now(), "
            "'accepted', 0, %s) RETURNING id",
            (period, f"erp-{period}.xlsx", uuid.uuid4().hex, sum(map(len, frames.values()))),
        )
        sid = cursor.fetchone()[0]
        for name, frame in frames.items():
            out = frame.rename(columns={ROW: "row_no"}).assign(submission_id=sid, period=period)
            buffer = io.StringIO()
            out.to_csv(buffer, index=False, header=False, date_format="%Y-%m-%d")
            buffer.seek(0)
            table = "rows_sales_lines" if name == "SalesLines" else "rows_payments"
            cursor.copy_expert(
                f"COPY {table} ({', '.join(out.columns)}) FROM STDIN WITH (FORMAT csv)", buffer
            )
        raw.commit()
    finally:
        raw.close()


def shard_rows(engine: Engine, table: str, columns: str, shard: int, shards: int) -> pd.DataFrame:
    """One shard's rows (customers by a hash of their id), with the Excel row as _row."""
    query = text(
        f"SELECT {columns}, row_no AS {ROW} FROM {table} "
        "WHERE mod(abs(hashtext(customer_id)), :shards) = :shard"
    )
    with engine.connect() as conn:
        return pd.read_sql(query, conn, params={"shards": shards, "shard": shard})


SALES_COLUMNS = "invoice_id, line, date, customer_id, product_id, rep_id, qty, amount, cost"
PAYMENT_COLUMNS = "payment_id, date, customer_id, amount, invoice_id"


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("SALESDESK_TEST_PG_URL", ""))
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--shards", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ingest", choices=["submit", "copy"], default="submit")
    args = parser.parse_args()
    if not args.url:
        raise SystemExit('no PostgreSQL: eval "$(bash .ci/postgres.sh)" or pass --url')
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(args.url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(args.url).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    engine = create_engine(url_text)
    try:
        run(engine, url_text, args)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(engine: Engine, url: str, args: argparse.Namespace) -> None:
    rng = np.random.default_rng(args.seed + 1)
    customers = customers_frame(args.reps, args.reps * 50, rng)
    print(
        f"company: {args.reps:,} reps, {len(customers):,} customers, {args.lines:,} sales "
        f"lines and ≈{args.lines // 2:,} payments in {YEAR}; {args.shards} customer shards"
    )
    t0 = time.perf_counter()
    stored = ingest(url, engine, args, customers)
    took = time.perf_counter() - t0
    how = "Ledger.submit" if args.ingest == "submit" else "COPY"
    report(f"1. ingest month by month ({how})", took, f"{stored / took:,.0f} rows/s")

    t0 = time.perf_counter()
    with engine.connect() as conn:
        by_rep = pd.read_sql(
            text(
                "SELECT rep_id, to_char(date, 'YYYY-MM') AS month, sum(amount) AS sales "
                "FROM rows_sales_lines GROUP BY 1, 2"
            ),
            conn,
        )
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    report(
        "2. sales per rep × month (SQL GROUP BY)",
        time.perf_counter() - t0,
        f"{len(by_rep):,} rows; database {size / 2**30:.2f} GiB",
    )

    read_s = age_s = coll_s = 0.0
    total = 0.0
    collected = []
    biggest = 0
    for shard in range(args.shards):
        t0 = time.perf_counter()
        sales = shard_rows(engine, "rows_sales_lines", SALES_COLUMNS, shard, args.shards)
        payments = shard_rows(engine, "rows_payments", PAYMENT_COLUMNS, shard, args.shards)
        # The shard's own customers: those with no lines or payments owe nothing.
        mine = customers.loc[
            customers["customer_id"].isin(set(sales["customer_id"]) | set(payments["customer_id"]))
        ]
        t1 = time.perf_counter()
        result = age_receivables(sales, payments, mine, Settings(), AS_OF)
        t2 = time.perf_counter()
        collected.append(collections_as_of(sales, payments, mine, AS_OF))
        t3 = time.perf_counter()
        read_s, age_s, coll_s = read_s + t1 - t0, age_s + t2 - t1, coll_s + t3 - t2
        total += float(result.totals["total"].sum())
        biggest = max(biggest, len(sales) + len(payments))
        del sales, payments, result
    report("floor: read every shard back (pandas.read_sql)", read_s, f"largest {biggest:,} rows")
    report(
        "3. age_receivables per shard",
        age_s,
        f"{age_s / read_s:.2f}× the read; outstanding {total:,.2f}",
    )
    months = pd.concat(collected).groupby(["rep_id", "month"])["collected"].sum()
    report(
        "4. collections_as_of per shard",
        coll_s,
        f"{coll_s / read_s:.2f}× the read; {len(months):,} rep-months, "
        f"{months.sum():,.2f} collected",
    )


if __name__ == "__main__":
    main()
