"""Issue and collect a month of rep workbooks; compare with a bare fast reader.

    python benchmarks/bench_collect.py [--size medium] [--reps 1000] [--dir DIR] [--repeat 1]

Builds the demo company (medium: 50 reps; large: about 1,000 reps, 50,000 customers),
issues a workbook for up to --reps reps active in the demo month, has each rep fill the
month (about 200 visits plus the other tables), then times `collect` over all of them
against the floor measured in the same run: python-calamine alone reading every sheet of
the same files. Prints each step's time, files per second, peak memory (max RSS) and the
ratio collect / floor (issue #16 asks for at most 1.5).

With --dir the filled company is kept in DIR/co and reused by the next run; each collect
works on a fresh copy of it, so runs can be repeated (--repeat: best of several).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import python_calamine as pc

from addin.demo import fill_month_reports, generate_company
from addin.demo.reports import demo_route
from addin.io.company import Company, load_masters
from addin.io.fill import fill_tables
from addin.jobs.collect import collect
from addin.jobs.init import init_company
from addin.jobs.issue import active_reps, issue_workbooks
from addin.runtime import use_small_pages


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, files: int, func):  # type: ignore[no-untyped-def]
    """(result, wall seconds, CPU seconds of this process)."""
    start, cpu = time.perf_counter(), time.process_time()
    out = func()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rate = files / seconds if seconds else float("inf")
    print(
        f"{label:38} {seconds:8.2f} s {rate:8.1f} files/s   cpu {cpu:6.2f} s   "
        f"peak {peak_mib():6.0f} MiB"
    )
    return out, seconds, cpu


def prepare(root: Path, size: str, reps: int) -> str:
    """A demo company whose inbox holds `reps` filled rep workbooks; the period."""
    demo = generate_company(size)  # type: ignore[arg-type]
    period = demo.period
    company = Company(root)
    if company.inbox.exists() and any(company.inbox.glob("*.xlsx")):
        return period
    timed("init --demo", 1, lambda: init_company(root, demo=True, size=size))  # type: ignore[arg-type]
    active = active_reps(load_masters(company.book("masters")), period)
    chosen = sorted(active["rep_id"].astype(str))[:reps]
    timed(
        f"issue {len(chosen)} workbooks",
        len(chosen),
        lambda: issue_workbooks(
            root, period, only=chosen, route_source=lambda r, p: demo_route(demo, r, p)
        ),
    )
    reports = fill_month_reports(demo, period, dict.fromkeys(chosen, "good"))
    company.inbox.mkdir(exist_ok=True)

    def fill() -> int:
        for rep_id, report in reports.items():
            name = company.rep_book(rep_id, period).name
            fill_tables(company.rep_book(rep_id, period), company.inbox / name, report.tables)
        return len(reports)

    timed(f"reps fill {len(reports)} workbooks", len(reports), fill)
    visits = sum(len(r.tables.get("DailyReport", [])) for r in reports.values())
    print(
        f"  {len(reports)} files, {visits:,} visits ({visits / max(len(reports), 1):.0f} per rep)"
    )
    return period


def main() -> None:
    use_small_pages()  # as a salesdesk command runs (addin/runtime.py)
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="medium", choices=["small", "medium", "large"])
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp())
    root = base / "co"
    period = prepare(root, args.size, args.reps)
    files = sorted(Company(root).inbox.glob("*.xlsx"))

    def bare() -> int:
        for path in files:
            book = pc.CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
        return len(files)

    walls, cpus = [], []
    for n in range(args.repeat):
        work = base / f"run{n}"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(root, work)
        _, floor, floor_cpu = timed("bare calamine read of the same files", len(files), bare)
        result, seconds, cpu = timed(
            f"collect {len(files)} files", len(files), lambda w=work: collect(w, period=period)
        )
        print(" ", result.lines()[-1])
        shutil.rmtree(work, ignore_errors=True)
        walls.append((seconds, floor))
        cpus.append((cpu, floor_cpu))
    # Wall time is what a user waits (the ledger's fsyncs included) but is inflated by
    # whatever else the machine runs; CPU time is the comparable figure on a shared one.
    for what, pairs in (("wall", walls), ("cpu", cpus)):
        ratios = sorted(c / f for c, f in pairs)
        seconds, floor = min(c for c, _ in pairs), min(f for _, f in pairs)
        print(
            f"{what:4} collect {seconds:.2f} s / calamine floor {floor:.2f} s = "
            f"{seconds / floor:.2f} x (best of {args.repeat}; per run "
            f"{ratios[0]:.2f}-{ratios[-1]:.2f} x; {len(files)} files)"
        )


if __name__ == "__main__":
    main()
