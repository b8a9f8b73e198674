"""Submit 1,000 rep workbooks' worth of rows to the ledger, then read them back.

    python benchmarks/bench_ledger.py [--reps 1000] [--backend sqlite|postgres] [--batch 200]

Each submission holds a month of one rep's reports: DailyReport 66 rows, WeeklyRoute 25,
MonthlyPlan 20, Forecast 30, MarketInspection 10, Competitors 5, MonthlySummary 1
(157 rows). Each is one transaction (SQLite: synchronous=FULL, so one fsync per submit).
`postgres` needs SALESDESK_TEST_PG_URL (see .ci/postgres.sh) and uses a throw-away schema.
Prints seconds, submissions and rows per second, and peak memory (max RSS).
With --batch N the submissions go N at a time through `Ledger.batch()`, as `collect` sends
a batch of files: one connection, their rows converted together, each still its own
transaction, and on SQLite one fsync per batch instead of one per commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from addin.core.issues import ROW
from addin.io.ledger import Ledger, Submission

PERIOD = "2026-11"


def rep_frames(seed: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)

    def base(n: int) -> dict[str, object]:
        return {ROW: np.arange(5, 5 + n)}

    def days(n: int) -> pd.Series:
        return pd.Series(pd.Timestamp("2026-11-01") + pd.to_timedelta(rng.integers(0, 30, n), "D"))

    def customers(n: int) -> list[str]:
        return [f"C{i:05d}" for i in rng.integers(1, 50_000, n)]

    n = 66
    starts = rng.integers(8 * 60, 17 * 60, n)
    return {
        "DailyReport": pd.DataFrame(
            {
                **base(n),
                "date": days(n),
                "customer_id": customers(n),
                "start_time": [dt.time(int(s) // 60, int(s) % 60) for s in starts],
                "end_time": [dt.time(int(s + 25) // 60, int(s + 25) % 60) for s in starts],
                "visit_type": rng.choice(["visit", "phone", "delivery"], n),
                "order_amount": rng.uniform(0, 20_000, n).round(2),
                "collection_amount": np.where(rng.random(n) < 0.5, np.nan, 1000.0),
                "expense_amount": rng.uniform(0, 300, n).round(2),
                "feedback": ["competitor cut prices"] * n,
            }
        ),
        "WeeklyRoute": pd.DataFrame(
            {
                **base(25),
                "week_start": days(25),
                "weekday": pd.array(np.arange(25) % 5 + 1, "Int64"),
                "seq": pd.array(np.arange(25) // 5 + 1, "Int64"),
                "customer_id": customers(25),
                "objective": "order",
            }
        ),
        "MonthlyPlan": pd.DataFrame(
            {
                **base(20),
                "month": PERIOD,
                "customer_id": customers(20),
                "sales_plan": rng.uniform(0, 1e5, 20),
                "collection_plan": rng.uniform(0, 1e5, 20),
                "actions": "visit twice",
            }
        ),
        "Forecast": pd.DataFrame(
            {
                **base(30),
                "month": "2026-12",
                "customer_id": customers(30),
                "product_id": [f"P{i:04d}" for i in rng.integers(1, 2000, 30)],
                "amount": rng.uniform(0, 1e5, 30),
            }
        ),
        "MarketInspection": pd.DataFrame(
            {
                **base(10),
                "date": days(10),
                "customer_id": customers(10),
                "product_id": "P0001",
                "on_shelf": "yes",
                "retail_price": 12.5,
                "stock_qty": 40.0,
                "territory_code": "E",
            }
        ),
        "Competitors": pd.DataFrame(
            {
                **base(5),
                "date": days(5),
                "competitor": "Acme",
                "product": "Cola",
                "wholesale_price": 9.0,
                "retail_price": 11.0,
                "quality": "same",
                "promotion": None,
                "customer_id": customers(5),
            }
        ),
        "MonthlySummary": pd.DataFrame(
            {
                **base(1),
                "month": PERIOD,
                "achievements": "ok",
                "problems": "none",
                "next_month_focus": "collections",
            }
        ),
    }


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def submit_batched(ledger: Ledger, reps: int, size: int) -> None:
    """`reps` submissions through `Ledger.batch()`, `size` at a time."""
    templates = [rep_frames(seed) for seed in range(20)]
    rows_each = sum(len(f) for f in templates[0].values())
    start, cpu = time.perf_counter(), time.process_time()
    for first in range(0, reps, size):
        with ledger.batch() as batch:
            batch.submit_all(
                [
                    Submission(
                        "rep",
                        f"R{r:04d}",
                        PERIOD,
                        f"rep-R{r:04d}.xlsx",
                        f"{r:064x}",
                        "accepted",
                        templates[r % len(templates)],
                    )
                    for r in range(first, min(first + size, reps))
                ]
            )
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"batch    {reps} submissions x {rows_each} rows, {size} a batch: {total:.2f} s, "
        f"cpu {cpu:.2f} s ({reps / total:.0f} submissions/s, "
        f"{reps * rows_each / total:,.0f} rows/s)"
    )


def run(url: str, reps: int, batch: int = 0) -> None:
    templates = [rep_frames(seed) for seed in range(20)]
    rows_each = sum(len(f) for f in templates[0].values())
    ledger = Ledger.open(url)
    if batch:
        submit_batched(ledger, reps, batch)
        ledger.close()
        return
    times: list[float] = []
    start = time.perf_counter()
    for r in range(reps):
        t0 = time.perf_counter()
        ledger.submit(
            kind="rep",
            rep_id=f"R{r:04d}",
            period=PERIOD,
            file_name=f"rep-R{r:04d}.xlsx",
            file_hash=f"{r:064x}",
            status="accepted",
            frames=templates[r % len(templates)],
        )
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    print(
        f"submit   {reps} submissions x {rows_each} rows: {total:.2f} s "
        f"({reps / total:.0f} submissions/s, {reps * rows_each / total:,.0f} rows/s); "
        f"per submit median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {sorted(times)[int(0.95 * len(times))] * 1000:.1f} ms"
    )
    t0 = time.perf_counter()
    dup = ledger.submit(
        kind="rep",
        rep_id="R0000",
        period=PERIOD,
        file_name="again.xlsx",
        file_hash=f"{0:064x}",
        status="accepted",
        frames=templates[0],
    )
    print(f"resend   1 duplicate: {(time.perf_counter() - t0) * 1000:.1f} ms ({dup.outcome})")
    for name in ("DailyReport", "Forecast"):
        t0 = time.perf_counter()
        frame = ledger.counted(name, period=PERIOD)
        print(f"counted  {name}: {len(frame):,} rows in {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    status = ledger.status(PERIOD)
    print(f"status   {len(status)} reps in {time.perf_counter() - t0:.2f} s")
    ledger.close()
    print(f"peak memory (max RSS): {peak_mib():.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--batch", type=int, default=0, help="submissions per Ledger.batch()")
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ledger.sqlite"
            run(str(path), args.reps, args.batch)
            print(f"ledger file: {path.stat().st_size / 2**20:.1f} MiB")
        return
    pg = os.environ.get("SALESDESK_TEST_PG_URL")
    if not pg:
        raise SystemExit('set SALESDESK_TEST_PG_URL (eval "$(bash .ci/postgres.sh)")')
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
        run(url.render_as_string(hide_password=False), args.reps, args.batch)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
