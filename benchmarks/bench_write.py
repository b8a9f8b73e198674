"""New workbooks through the book plan + XlsxWriter, each next to its floor.

    python benchmarks/bench_write.py [--rows 100000] [--size large] [--reps 200]

1. A formatted output table of --rows rows x 10 columns (SalesLines: ids, dates, money)
   written from a plan, against XlsxWriter alone writing the same cells, formats and
   Excel Table (the floor). Then the same table streamed (rows built from whole columns,
   `render_stream.py`) into a new book and into an existing workbook (the patcher's path,
   as `split` and `age` write their outputs), CPU seconds against XlsxWriter's own
   constant_memory write of the same frame (its fastest way, the floor), and against the
   cell-by-cell path the streamed one replaces.
2. `issue` for --reps reps of the demo company (large: about 1,000 reps), files per
   second (wall clock) and per CPU-second, against rendering the same already-built
   plans (the floor: XlsxWriter's part of the work, shared sheets rendered once as
   `issue` renders them).
Each line prints seconds, the ratio to its floor and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from bench_io import sales_lines

import addin.io.xlsx.render as render_module
from addin.books.rep import issued_lists, rep_workbook
from addin.books.sheets import table_sheet
from addin.demo import generate_company
from addin.demo.reports import demo_route
from addin.io.company import Company, load_masters
from addin.io.xlsx.book import BookPlan
from addin.io.xlsx.patch import patch_workbook
from addin.io.xlsx.render import OPTIONS, write_plan
from addin.io.xlsx.render_cache import SheetCache
from addin.jobs.init import init_company
from addin.jobs.issue import active_reps, issue_workbooks
from addin.jobs.ledger_access import open_ledger
from addin.runtime import use_small_pages
from addin.schema import TABLES


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(times: int, func: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def report(label: str, seconds: float, floor: float, extra: str = "") -> None:
    ratio = seconds / floor if floor else float("inf")
    print(
        f"{label:44} {seconds:7.2f} s  floor {floor:7.2f} s  ratio {ratio:5.2f}"
        f"  peak {peak_mib():6.0f} MiB {extra}"
    )


def xlsxwriter_alone(frame: pd.DataFrame, path: Path) -> None:
    """The floor: the same table with the same formats, straight through XlsxWriter."""
    spec = TABLES["SalesLines"]
    book = xlsxwriter.Workbook(str(path), OPTIONS)
    ws = book.add_worksheet("SalesLines")
    header = book.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78"})
    formats = {c.key: book.add_format({"num_format": c.number_format}) for c in spec.columns}
    for c, column in enumerate(spec.columns):
        ws.write_string(0, c, column.en, header)
    for c, column in enumerate(spec.columns):
        values = frame[column.key]
        fmt = formats[column.key]
        if column.type in ("text", "id", "month"):
            for r, text in enumerate(values.tolist(), start=1):
                ws.write_string(r, c, text)
        elif values.dtype.kind == "M":
            for r, stamp in enumerate(values.tolist(), start=1):
                if stamp is not pd.NaT:
                    ws.write_datetime(r, c, stamp, fmt)
        else:
            for r, number in enumerate(values.tolist(), start=1):
                ws.write_number(r, c, number, fmt)
    ws.add_table(
        0,
        0,
        len(frame),
        len(spec.columns) - 1,
        {"name": "SalesLines", "columns": [{"header": c.en} for c in spec.columns]},
    )
    book.close()


def table_benchmark(rows: int, folder: Path) -> None:
    frame = sales_lines(rows)
    cells = len(frame) * 10
    floor = best_of(2, lambda: xlsxwriter_alone(frame, folder / "floor.xlsx"))
    spec = TABLES["SalesLines"]

    def ours() -> None:
        plan = BookPlan([table_sheet(spec, frame, lang="en")])
        write_plan(plan, folder / "ours.xlsx")

    seconds = best_of(2, ours)
    report(
        f"formatted table {len(frame):,} x 10", seconds, floor, f"{cells / seconds:,.0f} cells/s"
    )


def constant_memory(frame: pd.DataFrame, path: Path) -> None:
    """The floor of a streamed table: XlsxWriter's constant_memory mode, rows written in
    order with inline strings, the same formats (it cannot declare the Excel Table)."""
    spec = TABLES["SalesLines"]
    options = {**OPTIONS, "in_memory": False, "constant_memory": True}
    book = xlsxwriter.Workbook(str(path), options)
    ws = book.add_worksheet("SalesLines")
    formats = [book.add_format({"num_format": c.number_format}) for c in spec.columns]
    for c, column in enumerate(spec.columns):
        ws.write_string(0, c, column.en)
    columns = [frame[c.key].tolist() for c in spec.columns]
    texts = [c.type in ("text", "id", "month") for c in spec.columns]
    for r in range(len(frame)):
        for c, values in enumerate(columns):
            value = values[r]
            if texts[c]:
                ws.write_string(r + 1, c, value)
            elif isinstance(value, pd.Timestamp):
                ws.write_datetime(r + 1, c, value, formats[c])
            elif value is not pd.NaT:
                ws.write_number(r + 1, c, value, formats[c])
    book.close()


def cpu_best_of(times: int, func: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def streamed_benchmark(rows: int, folder: Path) -> None:
    frame = sales_lines(rows)
    cells = len(frame) * 10
    spec = TABLES["SalesLines"]
    plan = BookPlan([table_sheet(spec, frame, lang="en")])
    floor = cpu_best_of(2, lambda: constant_memory(frame, folder / "constant.xlsx"))
    new = cpu_best_of(2, lambda: write_plan(plan, folder / "streamed.xlsx"))
    target = folder / "target.xlsx"
    write_plan(BookPlan([table_sheet(TABLES["Customers"], pd.DataFrame(), lang="en")]), target)

    def patched() -> None:
        patch_workbook(target, sheets=plan.sheets, target=folder / "patched.xlsx")

    into = cpu_best_of(2, patched)
    stream_cells = render_module.STREAM_CELLS
    render_module.STREAM_CELLS = 10**12  # the cell-by-cell path, as before
    try:
        old = cpu_best_of(1, patched)
    finally:
        render_module.STREAM_CELLS = stream_cells
    for label, seconds in (
        ("streamed, new book", new),
        ("streamed, into a workbook", into),
        ("cell by cell, into a workbook", old),
    ):
        rate = f"{cells / seconds:,.0f} cells/s (CPU)"
        report(f"{label} {len(frame):,} x 10 CPU", seconds, floor, rate)
    rate = f"{cells / floor:,.0f} cells/s"
    print(f"{'  floor: XlsxWriter constant_memory':44} {floor:7.2f} s CPU, {rate}")


def issue_benchmark(size: str, reps: int, folder: Path) -> None:
    root = folder / "co"
    init_company(root, demo=True, size=size)  # type: ignore[arg-type]
    demo = generate_company(size=size)  # type: ignore[arg-type]
    period = demo.period
    masters = load_masters(Company(root).book("masters"))
    listed = active_reps(masters, period)  # a rep who left before the period gets no book
    chosen = sorted(listed["rep_id"].astype(str))[:reps]

    # The routes are the demo's synthetic data, not issue's work: made before the clock.
    routes = {rep_id: demo_route(demo, rep_id, period) for rep_id in chosen}

    def route(rep_id: str, month: str) -> pd.DataFrame:
        return routes[rep_id]

    start, cpu = time.perf_counter(), time.process_time()
    issued = issue_workbooks(root, period, only=chosen, route_source=route)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    files = len(issued.written)
    # The floor: the same workbooks' plans, built beforehand, only rendered.
    with open_ledger(Company(root), masters) as ledger:
        lists = issued_lists(masters, ledger.targets(int(period[:4])), period)
    plans = [
        rep_workbook(
            masters,
            rep,
            period,
            lists,
            route(str(rep["rep_id"]), period),
            masters.settings.lang,
        )
        for _, rep in listed.loc[listed["rep_id"].isin(chosen)].iterrows()
    ]
    start = time.perf_counter()
    cache = SheetCache()  # as `issue` renders them: shared sheets once
    for n, plan in enumerate(plans):
        write_plan(plan, folder / f"floor-{n}.xlsx", cache)
    floor = (time.perf_counter() - start) * files / max(len(plans), 1)
    # Per second of one core: CPU time, which other work on a shared machine does not
    # stretch the way it stretches the wall clock.
    report(
        f"issue {files} rep workbooks ({size})",
        seconds,
        floor,
        f"{files / seconds:.1f} files/s, {files / cpu:.1f} files per CPU-second",
    )


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--tables-only", action="store_true", help="skip the issue benchmark")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    table_benchmark(args.rows, folder)
    streamed_benchmark(args.rows, folder)
    if not args.tables_only:
        issue_benchmark(args.size, args.reps, folder)


if __name__ == "__main__":
    main()
