"""Excel without Excel: the file-backed xlwings engine, a mock caller, a demo company."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import xlwings as xw

from addin.excel import joblock
from addin.jobs.init import init_company
from tests.excel.file_engine import FileEngine, new_excel


@pytest.fixture(autouse=True)
def own_job_lock(tmp_path, monkeypatch) -> None:
    """Each test its own job lock: the real one is per user, shared by parallel runs."""
    monkeypatch.setattr(joblock, "lock_path", lambda: tmp_path / joblock.LOCK_NAME)


@pytest.fixture
def excel(monkeypatch) -> FileEngine:
    """A fresh 'Excel' (engine) made the active one, as xlwings would find Excel running."""
    impl, engine = new_excel()
    xw.engines.add(engine)
    monkeypatch.setattr(xw.engines, "active", engine)
    return impl


@pytest.fixture
def open_caller(excel, monkeypatch) -> Callable[[Path], xw.Book]:
    """Open a workbook in the engine and make it what `xw.Book.caller()` returns."""

    def open_(path: Path) -> xw.Book:
        book = excel.open(path)
        monkeypatch.setattr(xw.Book, "_mock_caller", None, raising=False)  # undone after
        book.set_mock_caller()
        return book

    return open_


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("excel-demo") / "co"
    init_company(root, demo=True)
    return root


@pytest.fixture
def company(demo_template, tmp_path) -> Path:
    root = tmp_path / "excel" / "co"
    shutil.copytree(demo_template, root)
    return root


@pytest.fixture
def twin(demo_template, tmp_path) -> Path:
    """A second copy of the company, for the command line to run on."""
    root = tmp_path / "cli" / "co"
    shutil.copytree(demo_template, root)
    return root
