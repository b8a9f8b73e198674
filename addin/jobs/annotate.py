"""Write a job's results back into the workbook they concern, patching it part by part:
output sheets replaced whole, the cells with issues marked, the Issues sheet refilled."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from addin.books.sheets import issues_sheet
from addin.books.styles import font_for
from addin.core.issues import Issue
from addin.io.writer import clean_text
from addin.io.xlsx.book import SheetPlan
from addin.io.xlsx.patch import Mark, patch_workbook, tables_on_sheets

_CELL = re.compile(r"[A-Z]{1,3}[1-9]\d*")
#: Our note on one cell stays readable in its box however many issues it gathers.
NOTE_LIMIT = 2000


def marks_for(
    issues: Iterable[Issue], where: Mapping[str, str], lang: str
) -> dict[tuple[str, str], Mark]:
    """(sheet as the user named it, cell) → the fill and note of the issues located there;
    several issues on one cell share one note, the worst severity gives the fill."""
    found: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet in where and _CELL.fullmatch(issue.cell) and issue.severity != "info":
            found.setdefault((where[issue.sheet], issue.cell), []).append(issue)
    return {
        key: Mark(
            "error" if any(i.severity == "error" for i in group) else "warning",
            clean_text("\n".join(f"[{i.code}] {i.text(lang, where)}" for i in group), NOTE_LIMIT),
        )
        for key, group in found.items()
    }


def annotate_file(
    path: Path,
    issues: Sequence[Issue],
    sheets: Iterable[str],
    *,
    file_name: str = "",
    headline: str = "",
    lang: str = "en",
    outputs: Sequence[SheetPlan] = (),
) -> None:
    """Mark cells and refill `Issues` in `path`, replacing the `outputs` sheets too, in
    one atomic save; only issues of this file are written. Old marks on `sheets` go.

    `file_name` is the name the issues know the file by, when `path` is a copy of it.
    With a `headline` (a copy going back to its sender) the line above the Issues table
    says it, and the workbook opens on the Issues sheet.
    """
    name = file_name or path.name
    mine = [i for i in issues if not i.file or i.file == name]
    where = tables_on_sheets(path)
    plan = issues_sheet(mine, lang=lang, note=headline, sheet_names=where)
    patch_workbook(
        path,
        sheets=[*outputs, plan],
        marks=marks_for(mine, where, lang),
        clean=sheets,
        show=plan.name if headline else "",
        font=font_for(lang),
    )
