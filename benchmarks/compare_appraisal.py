"""Compare what two `salesdesk appraise` runs wrote: every cell of Scorecard, Slips and
Issues in two appraisal.xlsx files, as formulas and as the values stored with them.
The run's time stamp (YYYY-MM-DD HH:MM in the notes) is the only difference allowed.

Used to check that a faster appraisal writes the same scorecards:

    cp -r /tmp/cyc/co-large /tmp/me/co && cp /tmp/me/co/appraisal.xlsx /tmp/me/fresh.xlsx
    salesdesk appraise /tmp/me/co --period 2026-03 && cp /tmp/me/co/appraisal.xlsx before.xlsx
    # switch code, cp /tmp/me/fresh.xlsx /tmp/me/co/appraisal.xlsx, run again → after.xlsx
    .venv/bin/python benchmarks/compare_appraisal.py before.xlsx after.xlsx
"""

from __future__ import annotations

import re
import sys

from openpyxl import load_workbook

SHEETS = ("Scorecard", "Slips", "Issues", "考核表", "工资条")
STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _same(a: object, b: object) -> bool:
    if a == b:
        return True
    return isinstance(a, str) and isinstance(b, str) and STAMP.sub("", a) == STAMP.sub("", b)


def compare(before: str, after: str) -> int:
    """Prints what differs; returns the number of differing cells (0: the same)."""
    differ = 0
    for values in (False, True):
        old = load_workbook(before, read_only=True, data_only=values)
        new = load_workbook(after, read_only=True, data_only=values)
        for name in [n for n in old.sheetnames if n in SHEETS]:
            rows_a = list(old[name].iter_rows(values_only=True))
            rows_b = list(new[name].iter_rows(values_only=True)) if name in new.sheetnames else []
            cells = 0
            if len(rows_a) != len(rows_b):
                differ += 1
                print(f"{name}: {len(rows_a)} rows before, {len(rows_b)} after")
            for r, (a, b) in enumerate(zip(rows_a, rows_b, strict=False), start=1):
                if len(a) != len(b):
                    differ += 1
                    print(f"{name}!{r}: {len(a)} cells before, {len(b)} after")
                for c, (u, v) in enumerate(zip(a, b, strict=False), start=1):
                    cells += 1
                    if not _same(u, v):
                        differ += 1
                        if differ <= 20:
                            print(f"{name}!R{r}C{c}: {u!r:.80} → {v!r:.80}")
            kind = "values" if values else "formulas"
            print(f"{name} ({kind}): {len(rows_a)} rows, {cells} cells compared")
    print("the same (but the run's time stamp)" if not differ else f"{differ} cells differ")
    return differ


if __name__ == "__main__":
    sys.exit(1 if compare(sys.argv[1], sys.argv[2]) else 0)
