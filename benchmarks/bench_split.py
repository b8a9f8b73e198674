"""Benchmark: split sales and collections targets over >1,000,000 cube cells.

Generates last year's history for 1,000 reps, 50,000 customers and 2,000 products (each
customer buys ~2 products in every month: 100k pairs × 12 months = 1.2M cells, one sales
line per cell and a payment per customer-month), then splits both measures with monthly
seasonality, growth for several regions and a few hundred locks of three kinds (customer,
rep, product: products cross customers, so the exact two-way rounding runs too). Prints the
time of `history_cube` and `split_targets` (wall and CPU: on a shared machine CPU is the
comparable figure), how much of the split is the IPF core, the
seasonal seeds and the controlled rounding (and whether every measure took the controlled
path), the floor (one numpy pass summing every cell by pair and by month, per IPF
margin and pass, measured in the same run) as a ratio, and the peak memory (ru_maxrss).

    .venv/bin/python benchmarks/bench_split.py [--customers N] [--seed S]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.plan import cube_round, history_cube, measure, split, split_targets
from addin.core.settings import Settings
from addin.runtime import use_small_pages

YEAR = 2026


def ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    return prefix + pd.Series(numbers).astype(str).str.zfill(width)


def masters(
    n_reps: int, n_customers: int, n_products: int, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    regions = pd.DataFrame({"region_id": ids("G", np.arange(20), 2), "name": "Region"})
    reps = pd.DataFrame(
        {
            "rep_id": ids("R", np.arange(n_reps), 4),
            "name": "Rep",
            "region_id": ids("G", np.arange(n_reps) % 20, 2),
            "leave_date": pd.NaT,
        }
    )
    rep_of = rng.integers(0, n_reps, n_customers)
    customers = pd.DataFrame(
        {
            "customer_id": ids("C", np.arange(n_customers), 6),
            "name": "Customer",
            "channel": rng.choice(["traditional", "modern_trade", "online", "direct"], n_customers),
            "region_id": reps["region_id"].to_numpy()[rep_of],
            "rep_id": reps["rep_id"].to_numpy()[rep_of],
            "settlement_method": rng.choice(["cash", "credit", "bank_transfer"], n_customers),
            "status": rng.choice(
                ["active", "dormant", "closed"], n_customers, p=[0.96, 0.02, 0.02]
            ),
        }
    )
    products = pd.DataFrame({"product_id": ids("P", np.arange(n_products), 5), "name": "Product"})
    out = {"regions": regions, "reps": reps, "customers": customers, "products": products}
    for frame in out.values():
        frame[ROW] = np.arange(2, len(frame) + 2)
    return out


def dated(month: np.ndarray, day: np.ndarray) -> pd.DatetimeIndex:
    """Dates of last year from month (0..11) and day (0..27) numbers."""
    first = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334])
    offset = (first[month] + day).astype("timedelta64[D]")
    return pd.DatetimeIndex(np.datetime64(f"{YEAR - 1}-01-01") + offset)


def history(
    n_customers: int, n_products: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    pairs_c = np.repeat(np.arange(n_customers), 2)
    pairs_p = rng.integers(0, n_products, len(pairs_c))
    n_lines = len(pairs_c) * 12
    month = np.tile(np.arange(12), len(pairs_c))
    day = rng.integers(0, 28, n_lines)
    dates = dated(month, day)
    amount = np.round(rng.lognormal(7, 1, n_lines), 2)
    sales = pd.DataFrame(
        {
            "invoice_id": ids("I", np.arange(n_lines), 8),
            "line": 1,
            "date": dates,
            "customer_id": ids("C", np.repeat(pairs_c, 12), 6),
            "product_id": ids("P", np.repeat(pairs_p, 12), 5),
            "rep_id": "R0000",
            "amount": amount,
        }
    )
    n_pay = n_customers * 12
    pay_month = np.tile(np.arange(12), n_customers)
    payments = pd.DataFrame(
        {
            "payment_id": ids("Y", np.arange(n_pay), 8),
            "date": dated(pay_month, rng.integers(0, 28, n_pay)),
            "customer_id": ids("C", np.repeat(np.arange(n_customers), 12), 6),
            "amount": np.round(rng.lognormal(7.5, 1, n_pay), 2),
        }
    )
    for frame in (sales, payments):
        frame[ROW] = np.arange(2, len(frame) + 2)
    return sales, payments


def plan_inputs(
    m: dict[str, pd.DataFrame], last_year: tuple[float, float], rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    active = m["customers"][m["customers"]["status"] == "active"]
    season = pd.DataFrame(
        {"month": [f"{YEAR}-{i:02d}" for i in range(1, 13)], "weight": rng.uniform(0.5, 2, 12)}
    )
    growth = pd.DataFrame(
        {"dimension": "region", "member": m["regions"]["region_id"][:8], "growth_pct": 15.0}
    )
    lock_customers = active["customer_id"].sample(300, random_state=1).to_numpy()
    lock_reps = m["reps"]["rep_id"].sample(30, random_state=2).to_numpy()
    lock_reps = lock_reps[
        ~np.isin(lock_reps, active.set_index("customer_id").loc[lock_customers, "rep_id"])
    ]
    locks = pd.concat(
        [
            pd.DataFrame({"customer_id": lock_customers, "measure": "sales", "amount": 20_000.0}),
            pd.DataFrame({"rep_id": lock_reps, "measure": "sales", "amount": 800_000.0}),
            pd.DataFrame(
                {"customer_id": lock_customers[:100], "measure": "collections", "amount": 15_000.0}
            ),
            pd.DataFrame(
                {
                    "product_id": m["products"]["product_id"][:20],
                    "measure": "sales",
                    "amount": 1_000_000.0,
                }
            ),
        ],
        ignore_index=True,
    )
    # +12% on last year, on whole thousands
    annual = [round(v * 1.12, -3) for v in last_year]
    targets = pd.DataFrame({"measure": ["sales", "collections"], "annual_target": annual})
    out = {"seasonality": season, "growth": growth, "locks": locks, "targets": targets}
    for frame in out.values():
        frame[ROW] = np.arange(2, len(frame) + 2)
    return out


class Timed:
    """Wraps a function of the split to add up its time (benchmark only)."""

    def __init__(self, module: object, name: str) -> None:
        self.module, self.name = module, name
        self.inner = getattr(module, name)
        self.seconds = 0.0
        self.results: list[object] = []
        setattr(module, name, self)

    def __call__(self, *args: object, **kwargs: object) -> object:
        t = time.process_time()
        out = self.inner(*args, **kwargs)
        self.seconds += time.process_time() - t
        self.results.append(out)
        return out


def floor_seconds(cells: int, passes: int) -> float:
    """The least any IPF can do: `passes` sums of every cell by pair and by month."""
    x = np.random.default_rng(0).random(cells)
    pairs = cells // 12
    t = time.process_time()
    for _ in range(passes):
        table = x.reshape(12, pairs)
        table.sum(axis=0)
        table.sum(axis=1)
    return time.process_time() - t


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=1_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    m = masters(args.reps, args.customers, args.products, rng)
    sales, payments = history(args.customers, args.products, rng)
    print(
        f"generated {len(sales):,} sales lines, {len(payments):,} payments; "
        f"peak so far {peak_mb():,.0f} MB"
    )

    t0, c0 = time.perf_counter(), time.process_time()
    hist = history_cube(
        sales, payments, m["customers"], m["reps"], m["products"], YEAR, m["regions"]
    )
    t1, c1 = time.perf_counter(), time.process_time()
    print(
        f"history_cube: {t1 - t0:.2f} s ({c1 - c0:.2f} s CPU), {len(hist.cells):,} history cells; "
        f"peak {peak_mb():,.0f} MB"
    )
    plan = plan_inputs(m, (sales["amount"].sum(), payments["amount"].sum()), rng)
    t1, c1 = time.perf_counter(), time.process_time()

    ipf = Timed(measure, "ipf_fit")
    seeds = Timed(split, "month_seeds")
    rounding = Timed(measure, "round_cube")
    controlled = Timed(cube_round, "_controlled")
    result = split_targets(
        hist,
        plan["targets"],
        customers=m["customers"],
        reps=m["reps"],
        products=m["products"],
        regions=m["regions"],
        seasonality=plan["seasonality"],
        growth=plan["growth"],
        locks=plan["locks"],
        settings=Settings(year=YEAR),
    )
    t2, c2 = time.perf_counter(), time.process_time()
    cells = result.grid.size if result.grid is not None else 0
    print(
        f"split_targets: {t2 - t1:.2f} s ({c2 - c1:.2f} s CPU), {cells:,} cells, "
        f"{len(result.cube):,} cube rows, {len(plan['locks'])} locks; peak {peak_mb():,.0f} MB"
    )
    passes = sum(getattr(r, "iterations", 0) for r in ipf.results)
    floor = floor_seconds(cells, max(passes, 1))
    took = sum(r is not None for r in controlled.results)
    print(
        f"  CPU: IPF core {ipf.seconds:.2f} s ({passes} passes over both measures), seeds "
        f"{seeds.seconds:.2f} s, rounding {rounding.seconds:.2f} s (controlled path: "
        f"{took} of {len(controlled.results)} measures)"
    )
    print(
        f"  floor ({passes} passes summing every cell by pair and month): {floor:.2f} s; "
        f"IPF core / floor = {ipf.seconds / max(floor, 1e-9):.1f}x"
    )
    codes: dict[str, int] = {}
    for issue in result.issues:
        codes[issue.code] = codes.get(issue.code, 0) + 1
    print(f"issues by code: {codes}")
    by_month = result.rollups["TargetsByMonth"][["sales_target", "collection_target"]].sum()
    print(
        f"company totals: sales {by_month['sales_target']:,.0f}, "
        f"collections {by_month['collection_target']:,.0f}"
    )


if __name__ == "__main__":
    main()
