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
    lang: str = "en",
) -> None:
    """Mark cells and refill `Issues` in `path`; only issues of this file are written.

    `file_name` is the name the issues know the file by, when `path` is a copy of it.
    """
    name = file_name or path.name
    mine = [i for i in issues if not i.file or i.file == name]
    book = open_for_edit(path)
    annotate(book, mine, sheets, lang=lang)
    save(book, path)
