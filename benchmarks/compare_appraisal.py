"""Compare what two `salesdesk appraise` runs wrote: every cell of Scorecard, Slips and
Issues in two appraisal.xlsx files, as formulas and as the values stored with them.
The run's time stamp (YYYY-MM-DD HH:MM in the notes) is the only difference allowed.

Used to check that a faster appraisal writes the same scorecards:

    cp -r /tmp/cyc/co-large /tmp/me/co && cp /tmp/me/co/appraisal.xlsx /tmp/me/fresh.xlsx
    salesdesk appraise /tmp/me/co --period 2026-03 && cp /tmp/me/co/appraisal.xlsx before.xlsx
    # switch code, cp /tmp/me/fresh.xlsx /tmp/me/co/appraisal.xlsx, run again → after.xlsx
    .venv/bin/python benchmarks/compare_appraisal.py before.xlsx after.xlsx [--styles]

`--styles` compares each cell's look as well: number format, font (bold, size, colour),
fill, border and alignment.
"""

from __future__ import annotations

import re
import sys

from openpyxl import load_workbook

from addin.i18n import t
from addin.schema import TABLES

#: The output sheets as an English and a Chinese workbook title them.
SHEETS = (
    *(TABLES[n].name for n in ("Scorecard", "Issues")),
    *(TABLES[n].zh for n in ("Scorecard", "Issues")),
    *(t(lang, "sheet.slips") for lang in ("en", "zh")),
)
STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _same(a: object, b: object) -> bool:
    if a == b:
        return True
    return isinstance(a, str) and isinstance(b, str) and STAMP.sub("", a) == STAMP.sub("", b)


def _look(cell: object) -> tuple[object, ...]:
    font, fill = getattr(cell, "font", None), getattr(cell, "fill", None)
    border, align = getattr(cell, "border", None), getattr(cell, "alignment", None)
    return (
        getattr(cell, "number_format", None),
        font and (font.b, font.sz, font.color and font.color.rgb),
        fill and (fill.fill_type, fill.fgColor and fill.fgColor.rgb),
        border and (border.left.style, border.left.color and border.left.color.rgb),
        align and align.horizontal,
    )


def compare_looks(before: str, after: str) -> int:
    """Prints the cells whose look differs; returns how many."""
    differ = 0
    old = load_workbook(before, read_only=True)
    new = load_workbook(after, read_only=True)
    for name in [n for n in old.sheetnames if n in SHEETS]:
        rows_b = new[name].iter_rows() if name in new.sheetnames else iter(())
        cells = 0
        for a, b in zip(old[name].iter_rows(), rows_b, strict=False):
            for u, v in zip(a, b, strict=False):
                cells += 1
                if _look(u) != _look(v):
                    differ += 1
                    if differ <= 20:
                        print(f"{name}!{getattr(u, 'coordinate', '?')}: {_look(u)} → {_look(v)}")
        print(f"{name} (looks): {cells} cells compared")
    return differ


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
    if not any(n in SHEETS for n in load_workbook(before, read_only=True).sheetnames):
        print("no Scorecard, Slips or Issues sheet to compare")
        differ += 1
    print("the same (but the run's time stamp)" if not differ else f"{differ} cells differ")
    return differ


if __name__ == "__main__":
    found = compare(sys.argv[1], sys.argv[2])
    if "--styles" in sys.argv[3:]:
        looks = compare_looks(sys.argv[1], sys.argv[2])
        print("the same looks" if not looks else f"{looks} cells look different")
        found += looks
    sys.exit(1 if found else 0)
