"""Benchmark: the dashboard of the LARGE demo company — 1,000,000+ sales lines, 250,000
payments, 50,000 customers, 1,000 reps with a month of filled reports, and a plan cube
made from last year's sales. Prints the time of the pure core (`build_dashboard`, on
frames) and of writing the whole dashboard.xlsx, with peak memory (ru_maxrss).

    .venv/bin/python benchmarks/bench_dashboard.py [--size large] [--no-plan]
        [--no-reports] [--out DIR]

With `--company DIR` the inputs are instead read as `salesdesk dashboard DIR` reads them
(masters, finance or the ledger's finance records, the ledger's plan cube, counted
reports; the plan's 3.2M-row cube summed to its customer-months) — on a copy of a demo
company, e.g. the large one:

    .venv/bin/python benchmarks/bench_dashboard.py --company /tmp/me/co --as-of 2026-03-31
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import pandas as pd

from addin.books.dashboard.book import write_dashboard
from addin.core.dashboard import DashboardInputs, build_dashboard, review_window
from addin.core.dashboard.plan import plan_sums
from addin.core.settings import Settings
from addin.demo import demo_report_quality, fill_month_reports, generate_company
from addin.jobs.dashboard import gather_inputs
from addin.runtime import use_small_pages


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory now (Linux), to tell what the build adds to its inputs."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def plan_cube(lines: pd.DataFrame, customers: pd.DataFrame, year: int) -> pd.DataFrame:
    """Last year's sales per month × customer × product, plus 10 %, as a TargetCube."""
    last = lines.loc[lines["date"].dt.year == year - 1]
    cube = (
        last.groupby([last["date"].dt.month.rename("m"), "customer_id", "product_id"])["amount"]
        .sum()
        .reset_index()
    )
    card = customers.set_index("customer_id")
    return pd.DataFrame(
        {
            "month": [f"{year}-{m:02d}" for m in cube["m"]],
            "region_id": cube["customer_id"].map(card["region_id"]).to_numpy(),
            "rep_id": cube["customer_id"].map(card["rep_id"]).to_numpy(),
            "customer_id": cube["customer_id"].to_numpy(),
            "product_id": cube["product_id"].to_numpy(),
            "sales_target": (cube["amount"].clip(lower=0) * 1.1).round(0).to_numpy(),
            "collection_target": cube["amount"].clip(lower=0).round(0).to_numpy(),
        }
    )


def reports(demo, seed: int) -> dict[str, pd.DataFrame]:
    """The month's counted rep reports of every rep, tagged with rep_id and period."""
    qualities = demo_report_quality(demo.reps, demo.period, seed)
    filled = fill_month_reports(demo, demo.period, qualities, seed=seed)
    out: dict[str, list[pd.DataFrame]] = {}
    for rep_id, report in filled.items():
        for name, frame in report.tables.items():
            out.setdefault(name, []).append(frame.assign(rep_id=rep_id, period=demo.period))
    return {name: pd.concat(frames, ignore_index=True) for name, frames in out.items()}


def demo_inputs(args: argparse.Namespace) -> tuple[DashboardInputs, Settings]:
    """A generated company's inputs: its frames, a month of reports, last year's sales + 10 %
    as the plan."""
    t0 = time.perf_counter()
    demo = generate_company(args.size, seed=args.seed)
    settings = Settings(**demo.settings_overrides)  # type: ignore[arg-type]
    print(
        f"generate {args.size}: {len(demo.sales_lines):,} sales lines, "
        f"{len(demo.payments):,} payments, {len(demo.customers):,} customers, "
        f"{len(demo.reps):,} reps in {time.perf_counter() - t0:.1f} s"
    )

    t0 = time.perf_counter()
    filled = {} if args.no_reports else reports(demo, args.seed)
    print(
        f"rep reports: {sum(len(f) for f in filled.values()):,} rows "
        f"({len(filled.get('DailyReport', [])):,} daily) in {time.perf_counter() - t0:.1f} s"
    )
    cube = None if args.no_plan else plan_cube(demo.sales_lines, demo.customers, demo.year)
    # Summed as the job sums the ledger's plan before building (`plan_sums`).
    t0, c0 = time.perf_counter(), time.process_time()
    targets = None if cube is None else plan_sums(cube)
    summing = f"summed in {time.perf_counter() - t0:.2f} s (cpu {time.process_time() - c0:.2f} s)"
    inputs = DashboardInputs(
        settings=settings,
        regions=demo.regions,
        reps=demo.reps,
        products=demo.products,
        customers=demo.customers,
        strategy=demo.strategy,
        sales_lines=demo.sales_lines,
        payments=demo.payments,
        targets=targets,
        daily=filled.get("DailyReport", pd.DataFrame()),
        forecasts=filled.get("Forecast", pd.DataFrame()),
        competitors=filled.get("Competitors", pd.DataFrame()),
        inspections=filled.get("MarketInspection", pd.DataFrame()),
    )
    print(
        f"plan cube: {0 if cube is None else len(cube):,} cells, {summing}; "
        f"peak RSS so far {peak_mb():,.0f} MB"
    )
    return inputs, settings


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-plan", action="store_true")
    parser.add_argument("--no-reports", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="keep dashboard.xlsx here")
    parser.add_argument("--company", type=Path, default=None, help="read this company instead")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args()

    if args.company is not None:
        t0, c0 = time.perf_counter(), time.process_time()
        _, inputs, _ = gather_inputs(args.company)
        settings = inputs.settings
        # The job hands the plan over summed (`plan_sums`): rows per customer and month.
        cube = 0 if inputs.targets is None else len(inputs.targets)
        print(
            f"read {args.company}: {len(inputs.sales_lines):,} sales lines, "
            f"{len(inputs.payments):,} payments, {cube:,} plan rows (summed) in "
            f"{time.perf_counter() - t0:.1f} s (cpu {time.process_time() - c0:.1f} s); "
            f"RSS {rss_mb():,.0f} MB"
        )
    else:
        inputs, settings = demo_inputs(args)
    window = review_window(inputs, as_of=args.as_of)
    before = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    result = build_dashboard(inputs, window)
    core = time.perf_counter() - t0
    print(
        f"core build_dashboard ({window.month} as of {window.as_of.date()}): {core:.2f} s "
        f"(cpu {time.process_time() - c0:.2f} s); "
        f"{len(result.review):,} review cards, {len(result.warnings):,} warnings, "
        f"{len(result.card['months']):,} card months; RSS {before:,.0f} → {rss_mb():,.0f} MB, "
        f"peak RSS {peak_mb():,.0f} MB"
    )
    del inputs  # as the job does: writing needs only the result

    folder = args.out or Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dashboard.xlsx"
    t0, c0 = time.perf_counter(), time.process_time()
    write_dashboard(path, result, settings, result.issues)
    write = time.perf_counter() - t0
    print(
        f"write dashboard.xlsx: {write:.2f} s (cpu {time.process_time() - c0:.2f} s), "
        f"{path.stat().st_size / 1e6:.1f} MB at {path}; "
        f"peak RSS {peak_mb():,.0f} MB"
    )
    print(f"total core + write: {core + write:.2f} s")


if __name__ == "__main__":
    main()
