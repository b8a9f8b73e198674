"""Build the hostile corpus, run every case through the command line, print the totals.

    python benchmarks/corpus_report.py [--big] [--libreoffice] [--list]

Totals: cases; caught and located (the exact issues at the exact cells); refused with a
plain message; accepted as documented (accepted forms read back as their value); cases
whose outcome differs from the one stated; tracebacks (must be 0); typed values changed
(must be 0); cells turned into live formulas (must be 0). First the resource bounds: the
peak memory (max RSS, each step in its own process) of reading the largest accepted file
— a SalesLines sheet of about 50 MB of XML — and of refusing a file over max_rows.
Exit status 1 when any must-be-0 total is not 0 or any outcome differs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run_corpus(big: bool, libreoffice: bool, listing: bool) -> bool:
    import warnings

    from tests.hostile.base import build_base
    from tests.hostile.corpus import all_cases
    from tests.hostile.runner import run_case

    warnings.simplefilter("ignore")  # openpyxl's notes on foreign files, not findings
    cases = [
        c
        for c in all_cases()
        if (big or "slow" not in c.marks) and (libreoffice or "libreoffice" not in c.marks)
    ]
    work = Path(tempfile.mkdtemp(prefix="salesdesk-corpus-"))
    base = build_base(work / "base")
    totals: Counter[str] = Counter()
    tables: set[str] = set()
    start = time.perf_counter()
    for n, case in enumerate(cases):
        result = run_case(case, base, work / f"case{n:03d}")
        expect = case.expect
        tables.update(case.tables)
        as_stated = (
            result.exit == expect.exit
            and not result.reads
            and (
                expect.refusal in result.output
                if expect.refusal
                else result.issues == expect.issues
            )
        )
        kind = (
            "refused with a message"
            if expect.refusal
            else "caught and located"
            if expect.issues
            else "accepted as documented"
        )
        totals["cases"] += 1
        totals[kind] += as_stated
        totals["outcome differs from the one stated"] += not as_stated
        totals["tracebacks"] += result.traceback
        totals["typed values changed"] += bool(result.changed)
        totals["cells turned into live formulas"] += bool(result.formulas)
        if listing or not as_stated or result.traceback or result.changed or result.formulas:
            flag = "ok " if as_stated else "BAD"
            print(f"  {flag} {case.name:45} exit {result.exit}  {sorted(result.issues)[:3]}")
    seconds = time.perf_counter() - start
    print(
        f"\nHostile corpus: {totals['cases']} cases over {len(tables)} input tables "
        f"({seconds:.0f} s, {seconds / max(totals['cases'], 1):.2f} s per case)"
    )
    for key in (
        "cases",
        "caught and located",
        "refused with a message",
        "accepted as documented",
        "outcome differs from the one stated",
        "tracebacks",
        "typed values changed",
        "cells turned into live formulas",
    ):
        must = " (must be 0)" if key in MUST_BE_ZERO else ""
        print(f"  {key + must:48} {totals[key]:6d}")
    return not any(totals[k] for k in MUST_BE_ZERO)


MUST_BE_ZERO = (
    "outcome differs from the one stated",
    "tracebacks",
    "typed values changed",
    "cells turned into live formulas",
)


def measure(step: str, folder: str) -> dict[str, float]:
    """One resource step, in this (fresh) process."""
    from addin.io.reader import WorkbookFile
    from addin.io.xlsx.safety import Limits, RefusedFile, check_workbook_file
    from addin.schema import TABLES
    from tests.hostile.big import BAD_ROW, BIG_ROWS, big_finance

    path = Path(folder) / "finance.xlsx"
    start = time.perf_counter()
    rows = 0
    if step == "generate":
        big_finance(path, BIG_ROWS, BAD_ROW)
    elif step == "safety scan (zip, entities, row count)":
        check_workbook_file(path)
    elif step == "read SalesLines (scan + calamine + checks)":
        with WorkbookFile(path) as book:
            read = book.read(TABLES["SalesLines"])
        rows = len(read.frame)
        assert any(i.code == "bad_date" for i in read.issues)
    elif step == "salesdesk check FILE (read + mark with openpyxl)":
        from click.testing import CliRunner

        from addin.cli import main

        run = CliRunner().invoke(main, ["check", str(path)])
        assert run.exit_code == 1, run.output
    elif step == "refuse: max_rows 10,000":
        try:
            check_workbook_file(path, Limits(max_rows=10_000))
        except RefusedFile:
            pass
        else:
            raise AssertionError("a sheet over max_rows was not refused")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mib": peak_mib(), "rows": rows}


def peak_mib() -> float:
    """This process's peak resident memory. VmHWM belongs to the program now running;
    ru_maxrss would also count the parent's memory copied at fork, before exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bounds(big: bool) -> None:
    import zipfile

    folder = tempfile.mkdtemp(prefix="salesdesk-bounds-")
    steps = [
        "generate",
        "safety scan (zip, entities, row count)",
        "read SalesLines (scan + calamine + checks)",
        "refuse: max_rows 10,000",
    ]
    if big:
        steps.append("salesdesk check FILE (read + mark with openpyxl)")
    print("\nResource bounds (each step in its own process; peak resident memory):")
    baseline = _child("python start + imports", folder)
    label = "python start + imports"
    print(f"  {label:50} {baseline['seconds']:7.2f} s {baseline['peak_mib']:7.0f} MiB")
    for step in steps:
        got = _child(step, folder)
        if step == "generate":
            with zipfile.ZipFile(Path(folder) / "finance.xlsx") as zf:
                xml = max(i.file_size for i in zf.infolist()) / 2**20
            size = (Path(folder) / "finance.xlsx").stat().st_size / 2**20
            print(
                f"  largest accepted file: {size:.1f} MiB on disk, SalesLines sheet "
                f"{xml:.1f} MiB of XML"
            )
            continue
        extra = f"  ({got['rows']:,.0f} rows)" if got["rows"] else ""
        print(f"  {step:50} {got['seconds']:7.2f} s {got['peak_mib']:7.0f} MiB{extra}")


def _child(step: str, folder: str) -> dict[str, float]:
    if step == "python start + imports":
        code = (
            "import time, json; t = time.perf_counter(); "
            "import addin.io.reader, tests.hostile.big; "
            "from benchmarks.corpus_report import peak_mib; "
            "print(json.dumps({'seconds': time.perf_counter() - t, "
            "'peak_mib': peak_mib(), 'rows': 0}))"
        )
        args = [sys.executable, "-c", code]
    else:
        args = [sys.executable, __file__, "--step", step, "--folder", folder]
    out = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--big", action="store_true", help="include the 50 MB-sheet case")
    parser.add_argument("--libreoffice", action="store_true", help="include LibreOffice cases")
    parser.add_argument("--list", action="store_true", help="print every case")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure(args.step, args.folder)))
        return
    run_bounds(args.big)
    ok = run_corpus(args.big, args.libreoffice, args.list)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
