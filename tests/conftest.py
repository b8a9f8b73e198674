"""Shared fixtures: real workbooks written to a temporary folder and read back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as XlTable


def make_table_book(
    path: Path,
    name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    table_rows: int | None = None,
    start: str = "A1",
    extra: Callable[[Any], None] | None = None,
) -> Path:
    """A workbook with one sheet holding an Excel Table `name` (as a user would make it)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = name
    col0 = openpyxl.utils.cell.column_index_from_string("".join(c for c in start if c.isalpha()))
    row0 = int("".join(c for c in start if c.isdigit()))
    for c, text in enumerate(header):
        ws.cell(row=row0, column=col0 + c, value=text)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            ws.cell(row=row0 + r, column=col0 + c, value=value)
    n = len(rows) if table_rows is None else table_rows
    ref = (
        f"{get_column_letter(col0)}{row0}:"
        f"{get_column_letter(col0 + len(header) - 1)}{row0 + max(n, 1)}"
    )
    ws.add_table(XlTable(displayName=name, ref=ref))
    if extra:
        extra(ws)
    book.save(path)
    return path


@pytest.fixture
def table_book(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, header: Sequence[str], rows: Sequence[Sequence[Any]], **kw: Any) -> Path:
        return make_table_book(tmp_path / f"{name}.xlsx", name, header, rows, **kw)

    return make
