"""Submit 1,000 rep workbooks' worth of rows to the ledger, then read them back.

    python benchmarks/bench_ledger.py [--reps 1000] [--backend sqlite|postgres] [--batch 200]
                                      [--lines 500000]

Each submission holds a month of one rep's reports: DailyReport 66 rows, WeeklyRoute 25,
MonthlyPlan 20, Forecast 30, MarketInspection 10, Competitors 5, MonthlySummary 1
(157 rows). Each is one transaction (SQLite: synchronous=FULL, so one fsync per submit).
`postgres` needs SALESDESK_TEST_PG_URL (see .ci/postgres.sh) and uses a throw-away schema.
Prints seconds, submissions and rows per second, and peak memory (max RSS).
With --batch N the submissions go N at a time through `Ledger.batch()`, as `collect` sends
a batch of files: one connection, their rows converted together, each still its own
transaction, and on SQLite one fsync per batch instead of one per commit.

Then the big reads every command starts with: a finance export of `--lines` SalesLines
(and half as many Payments) and a plan of as many TargetCube cells. `counted()` of each
(CPU seconds, rows per second) against the floor: the driver's own fetch of the same rows
into columns, with nothing typed (sqlite3 / psycopg2 cursor, no SQLAlchemy, no pandas);
and the plan summed per rep and month in SQL, as appraise reads it.

Last, the snapshot beside the ledger (`io/ledger/snapshot.py`) for the finance export's
SalesLines, the plan's TargetCube and the DailyReport of all `--reps` submissions, each
in the same run: the read with snapshots off, cold (no snapshot yet: read and keep one),
warm (the snapshot current), incremental (DailyReport after one more rep's month: only
its rows fetched), beside the bare driver fetch; CPU seconds, ratios to the driver
fetch, and the snapshots' size on disk. And what keeping the plan's snapshot as it is
stored (as `replace_plan` does with snapshots on) costs, and the first read after it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import resource
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from addin.core.issues import ROW
from addin.io.ledger import Ledger, Submission
from addin.io.ledger.snapshot import DIR_VAR
from addin.io.ledger.snapshot import ENV_VAR as SNAPSHOTS
from addin.io.ledger.tables import snake
from addin.runtime import use_small_pages

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


def finance_frames(n: int, seed: int = 3) -> dict[str, pd.DataFrame]:
    """An ERP export of `n` invoice lines and n/2 payments, typed as the reader gives it."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 450, n), "D")
    customer = pd.Series([f"C{i:05d}" for i in range(50_000)]).take(rng.integers(0, 50_000, n))
    lines = pd.DataFrame(
        {
            ROW: np.arange(2, n + 2),
            "invoice_id": [f"INV{i // 3:08d}" for i in range(n)],
            "line": pd.array(np.arange(n) % 3 + 1, "Int64"),
            "date": days,
            "customer_id": customer.to_numpy(),
            "product_id": pd.Series([f"P{i:04d}" for i in range(2000)])
            .take(rng.integers(0, 2000, n))
            .to_numpy(),
            "rep_id": pd.Series([f"R{i:04d}" for i in range(1000)])
            .take(rng.integers(0, 1000, n))
            .to_numpy(),
            "qty": rng.integers(1, 50, n).astype(float),
            "amount": rng.integers(100, 10**7, n) / 100.0,
            "cost": np.where(rng.random(n) < 0.1, np.nan, rng.integers(50, 10**6, n) / 100.0),
            "due_date": days + pd.Timedelta(days=30),
        }
    )
    m = n // 2
    payments = pd.DataFrame(
        {
            ROW: np.arange(2, m + 2),
            "payment_id": [f"PAY{i:08d}" for i in range(m)],
            "date": days[:m],
            "customer_id": customer.to_numpy()[:m],
            "amount": rng.integers(100, 10**7, m) / 100.0,
            "invoice_id": [None if i % 4 else f"INV{i // 3:08d}" for i in range(m)],
        }
    )
    return {"SalesLines": lines, "Payments": payments}


def plan_cube(n: int, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rep = rng.integers(0, 1000, n)
    return pd.DataFrame(
        {
            "month": [f"2026-{m:02d}" for m in np.arange(n) % 12 + 1],
            "region_id": [f"G{r % 30:02d}" for r in rep],
            "rep_id": [f"R{r:04d}" for r in rep],
            "customer_id": [f"C{c:05d}" for c in rng.integers(0, 50_000, n)],
            "product_id": [f"P{p:04d}" for p in rng.integers(0, 2000, n)],
            "settlement_method": rng.choice(["cash", "credit", "bill", "card"], n),
            "channel": rng.choice(["direct", "dealer", "online", "retail"], n),
            "sales_target": rng.integers(0, 500, n).astype(float) * 100,
            "collection_target": rng.integers(0, 500, n).astype(float) * 90,
        }
    )


def _floor(ledger: Ledger, table: str, submission_id: int | None) -> tuple[float, int]:
    """CPU seconds for the driver alone to fetch the table's rows of one submission (or
    of all counted ones) into one list per column, as `fetch.fetch_columns` does, with
    nothing typed after."""
    raw = ledger.engine.raw_connection()
    if submission_id is None:
        which = (
            "submission_id IN (SELECT max(id) FROM submissions WHERE status <> 'rejected' "
            "GROUP BY kind, rep_id, period)"
        )
    else:
        which = f"submission_id = {submission_id}"
    try:
        cursor = raw.cursor()
        t0 = time.process_time()
        gc.disable()
        try:
            cursor.execute(f"SELECT * FROM {table} WHERE {which}")
            n = 0
            while rows := cursor.fetchmany(10_000):
                n += len(rows)
                columns = list(zip(*rows, strict=True))
                del columns
        finally:
            gc.enable()
        return time.process_time() - t0, n
    finally:
        raw.close()


def read_big(url: str, lines: int) -> None:
    ledger = Ledger.open(url)
    frames = finance_frames(lines)
    cube = plan_cube(lines)
    budgets = pd.DataFrame({"rep_id": ["R0001"], "month": ["2026-01"], "expense_budget": [1.0]})
    t0 = time.perf_counter()
    finance = ledger.submit(
        kind="finance",
        rep_id="",
        period="finance",
        file_name="finance.xlsx",
        file_hash="bench-finance",
        status="accepted",
        frames=frames,
    )
    plan = ledger.replace_plan(2026, cube, budgets, "bench-plan")
    print(
        f"stored   {lines:,} lines, {lines // 2:,} payments, {lines:,} cells: "
        f"{time.perf_counter() - t0:.1f} s"
    )
    for name, kind, sid in (
        ("SalesLines", "finance", finance.submission_id),
        ("Payments", "finance", finance.submission_id),
        ("TargetCube", "plan", plan.submission_id),
    ):
        floor, n = _floor(ledger, f"rows_{snake(name)}", sid)
        t0 = time.process_time()
        frame = ledger.counted(name, kind=kind)
        cpu = time.process_time() - t0
        assert len(frame) == n
        print(
            f"counted  {name}: {n:,} rows in {cpu:.2f} s CPU ({n / cpu:,.0f} rows/s); "
            f"driver fetch alone {floor:.2f} s ({n / floor:,.0f} rows/s): {cpu / floor:.2f} x"
        )
    t0 = time.process_time()
    sums = ledger.counted_sums(
        "TargetCube", ["rep_id", "month"], ["sales_target", "collection_target"], kind="plan"
    )
    print(
        f"summed   TargetCube per rep and month: {len(sums):,} rows from {lines:,} cells in "
        f"{time.process_time() - t0:.2f} s CPU"
    )
    snapshots(ledger, {"SalesLines": finance.submission_id, "TargetCube": plan.submission_id})
    kept_when_stored(ledger, cube, plan.submission_id)
    ledger.close()


def _cpu(read: Callable[[], pd.DataFrame]) -> tuple[float, pd.DataFrame]:
    gc.collect()
    t0 = time.process_time()
    frame = read()
    return time.process_time() - t0, frame


def snapshots(ledger: Ledger, single: dict[str, int]) -> None:
    """Off, cold, warm (and for DailyReport incremental) reads beside the driver's fetch."""
    assert ledger.snapshots is not None
    root = ledger.snapshots.files.root
    for name, kind in (("SalesLines", "finance"), ("TargetCube", "plan"), ("DailyReport", "rep")):
        floor, n = _floor(ledger, f"rows_{snake(name)}", single.get(name))
        off, want = _cpu(lambda: ledger.counted(name, kind=kind))  # noqa: B023
        os.environ.pop(SNAPSHOTS)
        shutil.rmtree(root, ignore_errors=True)
        cold, frame = _cpu(lambda: ledger.counted(name, kind=kind))  # noqa: B023
        pd.testing.assert_frame_equal(frame, want)
        warm, frame = _cpu(lambda: ledger.counted(name, kind=kind))  # noqa: B023
        pd.testing.assert_frame_equal(frame, want)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20
        line = (
            f"snapshot {name}: {n:,} rows, {size:.1f} MiB on disk; "
            f"driver fetch {floor:.2f} s CPU, snapshots off "
            f"{off:.2f} s ({off / floor:.2f} x), cold {cold:.2f} s ({cold / floor:.2f} x), "
            f"warm {warm:.2f} s ({warm / floor:.2f} x; {off / warm:.1f} x faster than off)"
        )
        if kind == "rep":
            ledger.submit(
                kind="rep",
                rep_id="R9999",
                period=PERIOD,
                file_name="late.xlsx",
                file_hash="late",
                status="accepted",
                frames=rep_frames(99),
            )
            more, frame = _cpu(lambda: ledger.counted(name, kind=kind))  # noqa: B023
            os.environ[SNAPSHOTS] = "off"
            pd.testing.assert_frame_equal(frame, ledger.counted(name, kind=kind))
            line += f", after one more submission {more:.2f} s ({more / floor:.2f} x)"
        os.environ[SNAPSHOTS] = "off"
        print(line)


def kept_when_stored(ledger: Ledger, cube: pd.DataFrame, submission_id: int) -> None:
    """What `replace_plan` adds to keep the plan's snapshot as it stores it
    (`Ledger.keep_plan`), and the first read after it."""
    assert ledger.snapshots is not None
    os.environ.pop(SNAPSHOTS)
    shutil.rmtree(ledger.snapshots.files.root, ignore_errors=True)
    gc.collect()
    t0 = time.process_time()
    kept = ledger.keep_plan(2026, cube, submission_id)
    keep = time.process_time() - t0
    assert kept
    first, frame = _cpu(lambda: ledger.targets(2026))
    os.environ[SNAPSHOTS] = "off"
    pd.testing.assert_frame_equal(frame, ledger.targets(2026))
    print(
        f"snapshot TargetCube kept as the plan is stored: {keep:.2f} s CPU; "
        f"the first read after it {first:.2f} s CPU"
    )


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--batch", type=int, default=0, help="submissions per Ledger.batch()")
    parser.add_argument("--lines", type=int, default=500_000)
    args = parser.parse_args()
    os.environ[SNAPSHOTS] = "off"  # the reads as they were; snapshots have their own section
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ledger.sqlite"
            run(str(path), args.reps, args.batch)
            read_big(str(path), args.lines)
            print(f"ledger file: {path.stat().st_size / 2**20:.1f} MiB")
        return
    pg = os.environ.get("SALESDESK_TEST_PG_URL")
    if not pg:
        raise SystemExit('set SALESDESK_TEST_PG_URL (eval "$(bash .ci/postgres.sh)")')
    cache = tempfile.TemporaryDirectory()
    os.environ[DIR_VAR] = cache.name  # not the user's cache folder
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"})
        run(url.render_as_string(hide_password=False), args.reps, args.batch)
        read_big(url.render_as_string(hide_password=False), args.lines)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        cache.cleanup()


if __name__ == "__main__":
    main()
