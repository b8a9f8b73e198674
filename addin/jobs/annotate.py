"""Write a job's issues back into the workbook they concern."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from addin.core.issues import Issue
from addin.io.writer import annotate, open_for_edit, save


def annotate_file(
    path: Path,
    issues: Sequence[Issue],
    sheets: Iterable[str],
    *,
    file_name: str = "",
    headline: str = "",
    lang: str = "en",
) -> None:
    """Mark cells and refill `Issues` in `path`; only issues of this file are written.

    `file_name` is the name the issues know the file by, when `path` is a copy of it.
    With a `headline` (a copy going back to its sender) the line above the Issues table
    says it, and the workbook opens on the Issues sheet.
    """
    name = file_name or path.name
    mine = [i for i in issues if not i.file or i.file == name]
    book = open_for_edit(path)
    issues_sheet = annotate(book, mine, sheets, headline=headline, lang=lang)
    if headline:
        # Only one tab may be selected: several selected tabs are a group in Excel, and
        # the rep's next edit would land on every sheet of the group.
        for ws in book.worksheets:
            ws.sheet_view.tabSelected = False
        book.active = issues_sheet
        issues_sheet.sheet_view.tabSelected = True
    save(book, path)
