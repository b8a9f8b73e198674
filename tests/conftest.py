"""Shared fixtures: real workbooks written to a temporary folder and read back.

The demo company after one whole cycle is built once per session (`demo_master`) and
copied for each test that changes it (`demo_company`).

`pytest --exhaustive` (or SALESDESK_TEST_EXHAUSTIVE=1) also runs what is too slow for
every run: tests marked `slow` (a 50 MB sheet…) and the full 20 kills per job of the
crash tests (by default: every named crash point and a few seeded random kills).
CI runs it nightly.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as XlTable

from addin.jobs.demo_cycle import run_demo

EXHAUSTIVE_ENV = "SALESDESK_TEST_EXHAUSTIVE"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--exhaustive",
        action="store_true",
        help=f"also run slow tests and the full crash-test kills (or set {EXHAUSTIVE_ENV}=1)",
    )


def exhaustive(config: pytest.Config) -> bool:
    return bool(config.getoption("--exhaustive")) or os.environ.get(EXHAUSTIVE_ENV, "") not in (
        "",
        "0",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if exhaustive(config):
        return
    skip = pytest.mark.skip(reason=f"slow: run with --exhaustive or {EXHAUSTIVE_ENV}=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo company after one whole cycle (built once; copy before changing)."""
    root = tmp_path_factory.mktemp("demo") / "co"
    run_demo(root)
    return root


@pytest.fixture
def demo_company(demo_master: Path, tmp_path: Path) -> Path:
    root = tmp_path / "co"
    shutil.copytree(demo_master, root)
    return root


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
