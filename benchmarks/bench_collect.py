"""Issue and collect a month of rep workbooks; compare with a bare fast reader.

    python benchmarks/bench_collect.py [--size large] [--reps 1000] [--dir DIR]

Builds the demo company (large: 1,060 reps, 50,000 customers), issues a workbook for
--reps reps, has each rep fill a month (about 200 visits plus the other tables), then
times `collect` over all of them, and python-calamine alone reading the same files.
Prints files per second, total time and peak memory (max RSS) per step.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import python_calamine as pc

from addin.demo import fill_month_reports, generate_company
from addin.demo.reports import demo_route
from addin.io.company import Company
from addin.io.fill import fill_tables
from addin.jobs.collect import collect
from addin.jobs.init import init_company
from addin.jobs.issue import issue_workbooks


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, files: int, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = func()
    seconds = time.perf_counter() - start
    rate = files / seconds if seconds else float("inf")
    print(f"{label:38} {seconds:8.1f} s {rate:8.1f} files/s   peak {peak_mib():6.0f} MiB")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--dir", type=Path)
    args = parser.parse_args()
    root = (args.dir or Path(tempfile.mkdtemp())) / "co"
    timed("init --demo", 1, lambda: init_company(root, demo=True, size=args.size))
    demo = generate_company(args.size)
    period = demo.period
    reps = sorted(demo.reps["rep_id"])[: args.reps]
    issued = timed(
        f"issue {len(reps)} workbooks",
        len(reps),
        lambda: issue_workbooks(
            root, period, only=reps, route_source=lambda r, p: demo_route(demo, r, p)
        ),
    )
    company = Company(root)
    ids = [p.stem.removeprefix("rep-") for p in issued.written]
    reports = fill_month_reports(demo, period, dict.fromkeys(ids, "good"))

    def fill() -> int:
        for rep_id, report in reports.items():
            fill_tables(
                company.rep_book(rep_id), company.inbox / f"rep-{rep_id}.xlsx", report.tables
            )
        return len(reports)

    n = timed(f"reps fill {len(reports)} workbooks", len(reports), fill)
    files = sorted(company.inbox.glob("*.xlsx"))
    visits = sum(len(r.tables.get("DailyReport", [])) for r in reports.values())
    print(f"  {n} files, {visits:,} visits ({visits / max(n, 1):.0f} per rep)")

    def bare() -> int:
        for path in files:
            book = pc.CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
        return len(files)

    timed("bare calamine read of the same files", len(files), bare)
    result = timed(f"collect {len(files)} files", len(files), lambda: collect(root, period=period))
    print(" ", result.summary[-1])


if __name__ == "__main__":
    main()
