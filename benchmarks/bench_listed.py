"""Reading customer cells picked from the "code name" dropdown against typed codes.

    python benchmarks/bench_listed.py [--rows 20000] [--customers 500] [--repeat 3]

One rep's DailyReport of `--rows` visits to `--customers` customers, written once as an
Excel Table with XlsxWriter in two forms: every customer cell the bare code (`C00008`)
and every cell as Excel stores a dropdown pick (`C00008 天津泰美超市`). Each is read
and checked by the reader with the rep's lookups and names, as collect does; the ratio
says what the picked form costs over codes. Medians of `--repeat` in-process reads;
peak memory is the process's max RSS after all reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from addin.books.templates.builder import build_workbook, write_workbook
from addin.core.listed import confirming_names, listed_entry
from addin.io.reader import WorkbookFile
from addin.runtime import use_small_pages
from addin.schema import TABLES


def report(
    rows: int, customers: int, picked: bool, seed: int = 1
) -> tuple[pd.DataFrame, dict[str, str]]:
    rng = np.random.default_rng(seed)
    codes = [f"C{i:05d}" for i in range(1, customers + 1)]
    names = {c: f"天津泰美超市{i}号店" for i, c in enumerate(codes)}
    chosen = [codes[i] for i in rng.integers(0, customers, rows)]
    day = pd.Timestamp("2026-03-02") + pd.to_timedelta(rng.integers(0, 28, rows), "D")
    start = rng.integers(8 * 60, 17 * 60, rows)
    return pd.DataFrame(
        {
            "date": day,
            "customer_id": [listed_entry(c, names[c]) if picked else c for c in chosen],
            "start_time": [dt.time(m // 60, m % 60) for m in start],
            "end_time": [dt.time((m + 30) // 60, (m + 30) % 60) for m in start],
            "visit_type": "visit",
            "order_amount": rng.uniform(0, 5000, rows).round(2),
        }
    ), names


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    spec = TABLES["DailyReport"]
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for form in ("code", "picked"):
            frame, names = report(args.rows, args.customers, form == "picked")
            path = Path(folder) / f"{form}.xlsx"
            write_workbook(path, build_workbook("rep", data={"DailyReport": frame}))
            lookups = {"MyCustomers.customer_id": set(names)}
            listed = {"MyCustomers.customer_id": confirming_names(names)}
            runs = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                with WorkbookFile(path) as book:
                    read = book.read(spec, lookups, names=listed)
                runs.append(time.perf_counter() - began)
                assert set(read.frame["customer_id"]) <= set(names)
                assert not [i for i in read.issues if i.column == "customer_id"]
            timings[form] = statistics.median(runs)
            print(f"{form:>6}: {args.rows:,} rows, median {timings[form]:.3f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"picked / code: {timings['picked'] / timings['code']:.2f}x; peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
