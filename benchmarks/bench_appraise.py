"""Benchmark: appraise 1,000 reps for a year on generated data — 50,000 customers,
1,000,000 sales lines and 500,000 payments from 2024, and the counted rep reports of the
year and the year before (4 visits a rep a working day: ≈2M visits; weekly routes,
forecasts, inspections). Target (issue 16): KPIs + scores ≤ 5 s.

The KPIs and scores are timed on both inputs the job may get: ids as text (finance.xlsx,
a ledger read without a snapshot) and ids coded as `Ledger.counted(coded=...)` serves
them from the ledger's snapshot (what `salesdesk appraise` reads), checked to give the
same scorecard.

Times the KPIs (the month and the month before), the scoring, and writing the Scorecard
(live formulas) and the Slips (one page per rep) into an appraisal workbook; prints peak
memory (ru_maxrss).

    .venv/bin/python benchmarks/bench_appraise.py [--reps N] [--customers N]
        [--lines N] [--payments N] [--period 2026-03] [--seed S] [--cube-split K]

`--cube-split 130` spreads each rep's month target over 130 customer × product rows
(≈ 3.1M TargetCube rows over the two years, as on the large demo).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from ledger_coded import coded

from addin.books.appraisal.scorecard import InputTable, raw_names, scorecard_sheet
from addin.books.appraisal.slips import slips_sheet
from addin.books.templates.builder import build_workbook, write_workbook
from addin.core.appraisal import (
    AppraisalData,
    appraisal_kpis,
    appraise_reps,
    default_appraisal_inputs,
    prior_period,
    read_scheme,
)
from addin.core.issues import ROW
from addin.core.reports.calendar import period_bounds, working_days
from addin.core.settings import Settings
from addin.io.reader import WorkbookFile
from addin.io.xlsx.patch import patch_workbook
from addin.jobs.appraisal_data import CODED
from addin.runtime import use_small_pages
from addin.schema import TABLES

START = np.datetime64("2024-01-01")


def ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    return (prefix + pd.Series(numbers).astype(str).str.zfill(width)).to_numpy(dtype=object)


def rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{ROW: np.arange(2, len(frame) + 2)})


def generate(args: argparse.Namespace) -> AppraisalData:
    rng = np.random.default_rng(args.seed)
    _, last = period_bounds(args.period)
    n_reps, n_cust = args.reps, args.customers
    regions = ids("G", np.arange(max(n_reps // 10, 1)), 2)
    rep_ids = ids("R", np.arange(n_reps), 4)
    rep_region = regions[rng.integers(0, len(regions), n_reps)]
    hire = pd.to_datetime("2018-01-01") + pd.to_timedelta(rng.integers(0, 3000, n_reps), "D")
    reps = rows(
        pd.DataFrame(
            {
                "rep_id": rep_ids,
                "name": rep_ids,
                "region_id": rep_region,
                "hire_date": hire,
                "leave_date": pd.NaT,
            }
        )
    )
    cust_ids = ids("C", np.arange(n_cust), 6)
    cust_rep = rng.integers(0, n_reps, n_cust)
    customers = rows(
        pd.DataFrame(
            {
                "customer_id": cust_ids,
                "region_id": rep_region[cust_rep],
                "rep_id": rep_ids[cust_rep],
                "credit_limit": 1e6,
                "payment_terms_days": 30.0,
            }
        )
    )
    products = rows(
        pd.DataFrame(
            {
                "product_id": ids("P", np.arange(400), 3),
                "unit_price": 100.0,
                "floor_price": 80.0,
                "unit_cost": 60.0,
            }
        )
    )
    days = int((np.datetime64(last.date()) - START).astype(int)) + 1
    n = args.lines
    # Three lines an invoice, all of one customer (as an ERP exports them).
    line_cust = np.repeat(rng.integers(0, n_cust, n // 3 + 1), 3)[:n]
    qty = rng.integers(1, 50, n).astype(float)
    price = rng.uniform(75, 110, n)
    lines = rows(
        pd.DataFrame(
            {
                "invoice_id": ids("I", np.arange(n) // 3, 7),
                "line": np.arange(n) % 3 + 1,
                "date": (START + rng.integers(0, days, n)).astype("datetime64[ns]"),
                "customer_id": cust_ids[line_cust],
                "product_id": ids("P", rng.integers(0, 400, n), 3),
                "rep_id": rep_ids[cust_rep[line_cust]],
                "qty": qty,
                "amount": np.round(qty * price, 2),
                "cost": np.round(qty * 60.0, 2),
            }
        )
    )
    m = args.payments
    paid_line = rng.integers(0, n, m)
    payments = rows(
        pd.DataFrame(
            {
                "payment_id": ids("PAY", np.arange(m), 7),
                "date": (
                    lines["date"].to_numpy()[paid_line]
                    + rng.integers(0, 60, m).astype("timedelta64[D]")
                ),
                "customer_id": lines["customer_id"].to_numpy()[paid_line],
                "amount": np.round(
                    lines["amount"].to_numpy()[paid_line] * rng.uniform(0.5, 1, m), 2
                ),
                "invoice_id": np.where(
                    rng.random(m) < 0.7, lines["invoice_id"].to_numpy()[paid_line], None
                ),
            }
        )
    )
    months = pd.period_range(period_bounds(prior_period(args.period))[0], last, freq="M")
    cube = pd.DataFrame(
        {
            "month": np.repeat(months.strftime("%Y-%m"), n_reps),
            "rep_id": np.tile(rep_ids, len(months)),
            "sales_target": rng.uniform(2e4, 9e4, n_reps * len(months)).round(-2),
            "collection_target": rng.uniform(2e4, 9e4, n_reps * len(months)).round(-2),
        }
    )
    budgets = cube[["rep_id", "month"]].assign(expense_budget=2000.0)
    if args.cube_split > 1:
        # A TargetCube as the plan split writes it: each rep's month spread over
        # customer × product cells (the large demo has ≈ 260 a rep and month).
        k = args.cube_split
        cube = cube.loc[cube.index.repeat(k)].reset_index(drop=True)
        cube["customer_id"] = cust_ids[rng.integers(0, n_cust, len(cube))]
        cube["product_id"] = ids("P", rng.integers(0, 400, len(cube)), 3)
        for column in ("sales_target", "collection_target"):
            cube[column] = (cube[column] / k).round(2)
    settings = Settings()
    span = working_days((period_bounds(prior_period(args.period))[0], last), settings)
    visits = n_reps * len(span) * args.visits_per_day
    who = rng.integers(0, n_reps, visits)
    when = span[rng.integers(0, len(span), visits)]
    start = rng.integers(8 * 60, 17 * 60, visits)
    clock = [dt.time(h, mi) for h, mi in zip(start // 60, start % 60, strict=True)]
    finish = [dt.time(h, mi) for h, mi in zip((start + 40) // 60, (start + 40) % 60, strict=True)]
    daily = rows(
        pd.DataFrame(
            {
                "rep_id": rep_ids[who],
                "period": when.strftime("%Y-%m"),
                "date": when,
                "customer_id": cust_ids[rng.integers(0, n_cust, visits)],
                "start_time": clock,
                "end_time": finish,
                "visit_type": np.where(rng.random(visits) < 0.9, "visit", "phone"),
                "order_amount": np.where(rng.random(visits) < 0.35, 500.0, 0.0),
                "collection_amount": 0.0,
                "expense_amount": rng.integers(0, 80, visits).astype(float),
            }
        )
    )
    mondays = pd.date_range(span[0] - pd.Timedelta(days=span[0].day_of_week), last, freq="W-MON")
    stops = pd.MultiIndex.from_product(
        [rep_ids, mondays, range(1, 6), range(1, 9)],
        names=["rep_id", "week_start", "weekday", "seq"],
    )
    routes = stops.to_frame(index=False)
    routes["period"] = routes["week_start"].dt.strftime("%Y-%m")
    routes["customer_id"] = cust_ids[rng.integers(0, n_cust, len(routes))]
    forecasts = pd.DataFrame(
        {
            "rep_id": np.repeat(rep_ids, 20),
            "period": prior_period(args.period),
            "month": args.period,
            "customer_id": cust_ids[rng.integers(0, n_cust, n_reps * 20)],
            "product_id": ids("P", rng.integers(0, 400, n_reps * 20), 3),
            "amount": 1000.0,
        }
    )
    k = n_reps * 10
    shop = rng.integers(0, n_cust, k)
    inspections = pd.DataFrame(
        {
            "rep_id": np.repeat(rep_ids, 10),
            "period": args.period,
            "date": span[rng.integers(0, len(span), k)],
            "customer_id": cust_ids[shop],
            "product_id": "P001",
            # mostly the shop's own region; one finding in twenty is goods from elsewhere
            "territory_code": np.where(
                rng.random(k) < 0.05,
                regions[rng.integers(0, len(regions), k)],
                rep_region[cust_rep[shop]],
            ),
        }
    )
    qualitative = rows(
        pd.DataFrame(
            {
                "rep_id": rep_ids,
                "period": args.period,
                "teamwork": 80.0,
                "enthusiasm": 75.0,
                "loyalty": 90.0,
            }
        )
    )
    return AppraisalData(
        reps=reps,
        customers=customers,
        products=products,
        sales=lines,
        payments=payments,
        settings=settings,
        targets=cube,
        budgets=budgets,
        daily=daily,
        routes=routes,
        forecasts=forecasts,
        inspections=inspections,
        qualitative=qualitative,
    )


#: The tables of AppraisalData and the ledger tables they are read from.
LEDGER_TABLES = {
    "sales": "SalesLines",
    "payments": "Payments",
    "daily": "DailyReport",
    "routes": "WeeklyRoute",
}


def as_the_ledger_serves(data: AppraisalData) -> AppraisalData:
    """`data` with the ids `jobs.appraisal_data.CODED` names as Categoricals of a
    snapshot's codes, as the job reads them (made here, not timed)."""
    return dataclasses.replace(
        data,
        **{
            field: coded(getattr(data, field), table, CODED.get(table, ()))
            for field, table in LEDGER_TABLES.items()
        },
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, work):  # type: ignore[no-untyped-def]
    t0, c0 = time.perf_counter(), time.process_time()
    out = work()
    t1, c1 = time.perf_counter(), time.process_time()
    print(f"{label}: {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU; peak RSS {peak_mb():,.0f} MB")
    return out


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=1_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--payments", type=int, default=500_000)
    parser.add_argument("--visits-per-day", type=int, default=4)
    parser.add_argument("--period", default="2025")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cube-split", type=int, default=1, help="TargetCube rows per rep and month"
    )
    args = parser.parse_args()

    data = timed("generate", lambda: generate(args))
    print(
        f"  {len(data.sales):,} sales lines, {len(data.payments):,} payments, "
        f"{len(data.daily):,} daily-report rows, {len(data.routes):,} route stops, "
        f"{len(data.targets):,} TargetCube rows"
    )
    inputs = {k: rows(v) for k, v in default_appraisal_inputs().items()}
    scheme, issues = read_scheme(
        inputs["Scheme"], inputs["Grades"], inputs["BonusRules"], inputs["Deductions"]
    )
    assert scheme is not None, issues
    tables = timed(
        f"KPIs for {args.period} and {prior_period(args.period)}",
        lambda: appraisal_kpis(args.period, data),
    )
    print(f"  {len(tables.current)} reps, {len(tables.current.columns)} columns")
    result = timed(
        "KPIs + scores, ranks, grades, bonus (appraise_reps)",
        lambda: appraise_reps(args.period, data, scheme),
    )
    print(
        f"  ranked {int(result.scorecard['ranked'].sum())}, bonus total "
        f"{result.scorecard['bonus'].sum():,.2f}"
    )
    served = as_the_ledger_serves(data)
    from_codes = timed(
        "KPIs + scores, ids coded as `salesdesk appraise` reads them from the ledger",
        lambda: appraise_reps(args.period, served, scheme),
    )
    same = from_codes.scorecard.equals(result.scorecard)
    print(f"  the same scorecard as from text ids: {'yes' if same else 'NO'}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appraisal.xlsx"
        write_workbook(path, build_workbook("appraisal", data=default_appraisal_inputs()))
        with WorkbookFile(path) as book:
            layouts = {
                n: InputTable.of(book.read(TABLES[n]).layout)
                for n in ("Scheme", "Grades", "BonusRules", "Deductions")
            }

        def write() -> None:
            names = raw_names(path, layouts, scheme)
            card, layout = scorecard_sheet(result, scheme, layouts, names, lang="en", note="bench")
            slips = slips_sheet(result, layout, lang="en", company="Bench Co.")
            patch_workbook(path, sheets=[card, slips])

        timed(f"write Scorecard + {len(result.scorecard)} slips", write)
        print(f"  appraisal.xlsx {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
