"""Mark issues in a 100,000-row input sheet by patching the package, against calamine's read.

    python benchmarks/bench_patch.py [--rows 100000] [--marks 1000] [--repeat 3]

The file is the one `bench_read.py` writes: a finance SalesLines table of --rows rows × 10
columns. Each patch step takes a fresh copy and writes --marks issues (an error fill and
a note per cell, spread over the rows) plus the Issues sheet into it, as `check` does
(`jobs.annotate.annotate_file`); the clean step then takes every mark off again, as a
clean run of `check` does. The floor is python-calamine's bare read of the same sheet,
measured in the same run. Each measurement runs in its own process, alternating, so peak
memory (max RSS) is the step's own; ratios are of medians. Target (issue 15): marking
≤ 2 × the floor.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_read import SHEET, write_file

COLUMNS = "ABCDEFGHIJ"


def issues(rows: int, marks: int) -> list[object]:
    from addin.core.issues import Issue

    step = max(rows // max(marks, 1), 1)
    return [
        Issue(
            code="below_min",
            args={"min": 0},
            sheet=SHEET,
            row=r,
            column="amount",
            value="-1",
            file="sales.xlsx",
            cell=f"{COLUMNS[(r // step) % 10]}{r + 1}",
        )
        for r in range(2, rows + 2, step)
    ][:marks]


def step(name: str, path: str, rows: int, marks: int) -> dict[str, float]:
    import python_calamine as pc

    from addin.jobs.annotate import annotate_file

    found = issues(rows, marks)
    start = time.perf_counter()  # imports and building the issues are not part of a step
    if name == "floor":
        book = pc.CalamineWorkbook.from_path(path)
        book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
        book.close()
    elif name == "mark":
        annotate_file(Path(path), found, [SHEET], file_name="sales.xlsx")  # type: ignore[arg-type]
    else:  # clean: a marked file checked again with nothing wrong
        annotate_file(Path(path), [], [SHEET], file_name="sales.xlsx")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak}


def run(name: str, path: Path, rows: int, marks: int) -> dict[str, float]:
    out = subprocess.run(
        [
            *(sys.executable, __file__, "--step", name, "--path", str(path)),
            *("--rows", str(rows), "--marks", str(marks)),
        ],
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
    parser.add_argument("--marks", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--step")
    parser.add_argument("--path")
    parser.add_argument("--write")
    args = parser.parse_args()
    if args.write:
        write_file(Path(args.write), args.rows)
        return
    if args.step:
        print(json.dumps(step(args.step, args.path, args.rows, args.marks)))
        return
    work = Path(tempfile.mkdtemp())
    source = work / "source.xlsx"
    # written by a child: a forked step would report this process's peak as its own
    subprocess.run(
        [sys.executable, __file__, "--write", str(source), "--rows", str(args.rows)], check=True
    )
    size = source.stat().st_size / 2**20
    print(f"{SHEET}: {args.rows:,} rows × 10 columns, {size:.1f} MiB; {args.marks:,} marks")
    times: dict[str, list[float]] = {"floor": [], "mark": [], "clean": []}
    peaks = dict.fromkeys(times, 0.0)
    for _ in range(args.repeat):
        copy = work / "sales.xlsx"
        shutil.copy(source, copy)
        for name in times:  # mark, then clean the file the mark step left
            got = run(name, copy if name != "floor" else source, args.rows, args.marks)
            times[name].append(got["seconds"])
            peaks[name] = max(peaks[name], got["peak_mib"])
    labels = {
        "floor": "python-calamine bare read (floor)",
        "mark": f"patch: {args.marks:,} marks + Issues sheet",
        "clean": "patch: every mark taken off again",
    }
    print(f"{'step':52} {'median s':>9} {'min s':>7} {'peak MiB':>9} {'ratio':>7}")
    floor = statistics.median(times["floor"])
    for name, label in labels.items():
        median = statistics.median(times[name])
        print(
            f"{label:52} {median:9.3f} {min(times[name]):7.3f} {peaks[name]:9.0f} "
            f"{median / floor:6.2f}×"
        )
    print("target: marking ≤ 2 × the floor")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
