"""Read + validate one 100,000 × 10 input table against python-calamine's bare read.

    python benchmarks/bench_read.py [--rows 100000] [--repeat 5]

The file is a finance SalesLines table (10 columns: ids, a line number, dates, numbers)
written once as an Excel Table by XlsxWriter, with a few error cells and a Total Row, so
the reader does its real work (locate the table, scan the sheet XML, type, check bounds,
required cells, duplicate keys). The floor is python-calamine's bare read of the same
sheet (`from_path` + `get_sheet_by_name` + `to_python`), measured in the same run.
Each measurement runs in its own process, alternating floor and reader, so peak memory
(max RSS) is the step's own and both see the same machine load; the ratios are of
medians, of wall time and of CPU time (the comparable one on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SHEET = "SalesLines"


def sales_lines(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    day = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), "D")
    return pd.DataFrame(
        {
            "invoice_id": [f"INV{i:07d}" for i in range(rows)],
            "line": np.ones(rows, dtype=int),
            "date": day,
            "customer_id": [f"C{i:05d}" for i in rng.integers(1, 50_000, rows)],
            "product_id": [f"P{i:04d}" for i in rng.integers(1, 2_000, rows)],
            "rep_id": [f"R{i:04d}" for i in rng.integers(1, 1_000, rows)],
            "qty": rng.integers(1, 200, rows).astype(float),
            "amount": rng.uniform(10, 50_000, rows).round(2),
            "cost": rng.uniform(5, 30_000, rows).round(2),
            "due_date": day + pd.Timedelta(days=30),
        }
    )


def write_file(path: Path, rows: int) -> None:
    import xlsxwriter

    from addin.schema import TABLES

    spec = TABLES[SHEET]
    frame = sales_lines(rows)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(SHEET)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for c, key in enumerate(spec.keys):
        values = frame[key]
        if values.dtype.kind == "M":
            for r, v in enumerate(values.dt.to_pydatetime(), start=1):
                sheet.write_datetime(r, c, v, date_format)
        else:
            sheet.write_column(1, c, values.tolist())
    for r in (10, 5_000, rows // 2):  # what a broken lookup formula leaves behind
        sheet.write_formula(r, 7, "=VLOOKUP(A1,Z:Z,2,0)", None, "#N/A")
    sheet.add_table(
        0,
        0,
        rows + 1,
        len(spec.keys) - 1,
        {
            "name": SHEET,
            "columns": [{"header": k} for k in spec.keys],
            "total_row": True,
        },
    )
    book.close()


def step(name: str, path: str) -> dict[str, float]:
    import python_calamine as pc

    from addin.io.reader import WorkbookFile
    from addin.schema import TABLES

    start, cpu = time.perf_counter(), time.process_time()  # imports are not part of either read
    if name == "floor":
        book = pc.CalamineWorkbook.from_path(path)
        book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
        book.close()
        found = 0
    else:
        with WorkbookFile(Path(path)) as book:
            read = book.read(TABLES[SHEET])
        found = len(read.issues)
        assert len(read.frame) > 0
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak, "issues": found}


def run(name: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, "--path", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from addin.runtime import use_small_pages

    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--step")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.path)))
        return
    path = Path(tempfile.mkdtemp()) / "sales.xlsx"
    write_file(path, args.rows)
    print(f"{SHEET}: {args.rows:,} rows × 10 columns, {path.stat().st_size / 2**20:.1f} MiB")
    times: dict[str, list[float]] = {"floor": [], "reader": []}
    cpus: dict[str, list[float]] = {"floor": [], "reader": []}
    peaks: dict[str, float] = {"floor": 0.0, "reader": 0.0}
    issues = 0
    for _ in range(args.repeat):
        for name in times:
            got = run(name, path)
            times[name].append(got["seconds"])
            cpus[name].append(got["cpu"])
            peaks[name] = max(peaks[name], got["peak_mib"])
            issues = int(got["issues"]) or issues
    print(f"{'step':52} {'median s':>9} {'min s':>7} {'cpu s':>7} {'peak MiB':>9}")
    labels = {
        "floor": "python-calamine bare read (floor)",
        "reader": f"salesdesk read + validate ({issues} issues found)",
    }
    for name, label in labels.items():
        print(
            f"{label:52} {statistics.median(times[name]):9.3f} {min(times[name]):7.3f} "
            f"{statistics.median(cpus[name]):7.3f} {peaks[name]:9.0f}"
        )
    # Wall time is what a user waits, but a shared machine inflates it by whatever else
    # runs; CPU time (user + system of the step's process) is the comparable figure there.
    for what, series in (("wall", times), ("cpu", cpus)):
        ratio = statistics.median(series["reader"]) / statistics.median(series["floor"])
        print(f"{what:4} ratio reader / floor: {ratio:.2f} × (target ≤ 1.5 ×)")


if __name__ == "__main__":
    main()
