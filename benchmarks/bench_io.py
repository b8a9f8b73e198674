"""Read and write a 100,000-row SalesLines table with each reader and writer.

    python benchmarks/bench_io.py [--rows 100000]

Each measurement runs in its own process so peak memory (max RSS) is its own.
Prints seconds, cells per second and peak MiB per step.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def sales_lines(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    invoices = rng.integers(1, rows // 3 + 2, rows)
    return pd.DataFrame(
        {
            "invoice_id": [f"INV{i:07d}" for i in invoices],
            "line": np.arange(rows) % 5 + 1,
            "date": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), "D"),
            "customer_id": [f"C{i:05d}" for i in rng.integers(1, 50_000, rows)],
            "product_id": [f"P{i:04d}" for i in rng.integers(1, 2_000, rows)],
            "rep_id": [f"R{i:04d}" for i in rng.integers(1, 1_000, rows)],
            "qty": rng.integers(1, 200, rows).astype(float),
            "amount": rng.uniform(10, 50_000, rows).round(2),
            "cost": rng.uniform(5, 30_000, rows).round(2),
            "due_date": pd.NaT,
        }
    ).drop_duplicates(["invoice_id", "line"])


def step(name: str, path: str, rows: int) -> dict[str, float]:
    from addin.schema import TABLES

    spec = TABLES["SalesLines"]
    start = time.perf_counter()
    if name == "write: salesdesk writer (book plan)":
        from addin.books.sheets import table_sheet
        from addin.io.xlsx.book import BookPlan
        from addin.io.xlsx.render import render

        render(BookPlan([table_sheet(spec, sales_lines(rows), lang="en")]), Path(path))
    elif name == "write: XlsxWriter constant_memory":
        import xlsxwriter

        frame = sales_lines(rows)
        wb = xlsxwriter.Workbook(path, {"constant_memory": True})
        ws = wb.add_worksheet("SalesLines")
        ws.write_row(0, 0, spec.keys)
        for r, values in enumerate(frame.astype(object).itertuples(index=False), start=1):
            ws.write_row(r, 0, [None if v is pd.NaT else v for v in values])
        wb.close()
    elif name == "read: salesdesk reader (calamine + checks)":
        from addin.io.reader import WorkbookFile

        with WorkbookFile(Path(path)) as book:
            read = book.read(spec)
        assert len(read.frame) > 0
    elif name == "read: python-calamine to_python":
        import python_calamine as pc

        pc.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    elif name == "read: openpyxl read_only":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    elif name == "read: pandas (calamine)":
        pd.read_excel(path, engine="calamine")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak}


STEPS = [
    "write: salesdesk writer (book plan)",
    "read: salesdesk reader (calamine + checks)",
    "read: python-calamine to_python",
    "read: openpyxl read_only",
    "read: pandas (calamine)",
    "write: XlsxWriter constant_memory",
]


def main() -> None:
    from addin.runtime import use_small_pages

    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--step")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.path, args.rows)))
        return
    folder = Path(tempfile.mkdtemp())
    cells = args.rows * 10
    print(f"SalesLines: {args.rows:,} rows x 10 columns = {cells:,} cells")
    print(f"{'step':45} {'seconds':>8} {'cells/s':>10} {'peak MiB':>9}")
    for name in STEPS:
        path = folder / ("xw.xlsx" if "XlsxWriter" in name else "sd.xlsx")
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--rows",
                str(args.rows),
                "--step",
                name,
                "--path",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(out.stdout.strip().splitlines()[-1])
        rate = cells / got["seconds"]
        print(f"{name:45} {got['seconds']:8.2f} {rate:10,.0f} {got['peak_mib']:9.0f}")


if __name__ == "__main__":
    main()
