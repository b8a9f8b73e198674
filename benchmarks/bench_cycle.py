"""Whole commands on a demo company, each in its own process: wall time and peak memory.

    .venv/bin/python benchmarks/bench_cycle.py [--size large] [--dir DIR] [--keep]

Runs `salesdesk init --demo --size SIZE`, then `split`, `issue` (every active rep's
workbook for the month), `age`, `appraise` and `dashboard` on it, as a user would from a
shell. `collect` of filled workbooks has its own benchmark (`bench_collect.py`: filling
1,000 workbooks as reps would takes longer than the cycle). Each command is a child
process reaped with `os.wait4`, so its peak resident memory (ru_maxrss) is its own, not
the largest so far.
The floor is `salesdesk --help` in the same run: starting Python and importing the CLI.
Targets (issue 16, large demo: 1,000 reps, 50k customers, 1M lines) are printed beside
each time; "over" marks a miss.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PERIOD, AS_OF = "2026-03", "2026-03-31"
#: (seconds, MiB or None) per command, for the large demo.
TARGETS: dict[str, tuple[float, float | None]] = {
    "init": (60.0, None),
    "split": (30.0, 2048.0),
    # issue #15: ≥ 10 rep workbooks per second of one core; about 1,000 reps are active
    "issue": (100.0, None),
    "age": (10.0, None),
    "appraise": (15.0, None),
    "dashboard": (20.0, None),
}


def run(args: list[str]) -> tuple[float, float, int, str]:
    """(wall s, peak MiB, exit status, last stderr lines) of one salesdesk command."""
    command = [sys.executable, "-m", "addin", *args]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().splitlines()[-3:]
    return wall, usage.ru_maxrss / 1024.0, child.returncode, " | ".join(tail)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--dir", type=Path, help="where to build the company (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the company folder")
    args = parser.parse_args()
    base = args.dir or Path(tempfile.mkdtemp(prefix="bench-cycle-"))
    root = base / f"co-{args.size}"
    shutil.rmtree(root, ignore_errors=True)

    floor, floor_mib, _, _ = run(["--help"])
    print(f"floor (start Python, import the CLI): {floor:.2f} s, {floor_mib:,.0f} MiB")
    commands = {
        "init": ["init", str(root), "--demo", "--size", args.size],
        "split": ["split", str(root)],
        "issue": ["issue", str(root), "--period", PERIOD],
        "age": ["age", str(root), "--as-of", AS_OF],
        "appraise": ["appraise", str(root), "--period", PERIOD],
        "dashboard": ["dashboard", str(root), "--as-of", AS_OF],
    }
    print(f"{'command':<10} {'wall s':>8} {'peak MiB':>9} {'× floor':>8}  target   exit")
    for name, command in commands.items():
        wall, mib, status, tail = run(command)
        limit_s, limit_mib = TARGETS[name]
        over = wall > limit_s or (limit_mib is not None and mib > limit_mib)
        target = f"≤{limit_s:.0f} s" + (f", ≤{limit_mib:,.0f} MiB" if limit_mib else "")
        flag = "  over" if over and args.size == "large" else ""
        print(
            f"{name:<10} {wall:8.1f} {mib:9,.0f} {wall / floor:8.1f}  {target:<16} {status}{flag}"
        )
        if status not in (0, 1):
            print(f"           stderr: {tail}")
    if not args.keep and args.dir is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
