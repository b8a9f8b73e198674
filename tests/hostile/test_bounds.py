"""Resource bounds: a file over Settings.max_file_mb, or a sheet over Settings.max_rows,
is refused before any parser reads it into memory — with the company's own limits, by
`check` and by `collect`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.core.settings import Settings
from addin.io.xlsx.safety import Limits
from tests.hostile.base import Base
from tests.hostile.big import big_finance
from tests.hostile.mutate import edit_book, put

#: Settings rows in the base masters (see base.SETTINGS): max_file_mb B6, max_rows B7.
MAX_FILE_MB, MAX_ROWS = "B6", "B7"


@pytest.fixture
def company(base: Base, tmp_path: Path) -> Path:
    return Path(shutil.copytree(base.company, tmp_path / "co"))


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail loudly if a workbook parser is asked to open the file under test."""
    opened: list[str] = []
    import openpyxl
    import python_calamine

    real_calamine = python_calamine.CalamineWorkbook.from_path
    real_openpyxl = openpyxl.load_workbook

    def guard(real: Any) -> Any:
        def open_(path: Any, *args: Any, **kwargs: Any) -> Any:
            if "masters" not in str(path):  # the company's settings are read first
                opened.append(str(path))
            return real(path, *args, **kwargs)

        return open_

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", guard(real_calamine))
    monkeypatch.setattr("addin.io.reader.pc.CalamineWorkbook.from_path", guard(real_calamine))
    monkeypatch.setattr(openpyxl, "load_workbook", guard(real_openpyxl))
    monkeypatch.setattr("addin.io.writer.openpyxl.load_workbook", guard(real_openpyxl))
    return opened


def _limit(company: Path, ref: str, value: object) -> None:
    edit_book(company / "masters.xlsx", put("Settings", {ref: value}))


def _check(path: Path) -> Any:
    return CliRunner().invoke(main, ["check", str(path)])


def test_the_default_limits_are_the_settings_defaults() -> None:
    settings, limits = Settings(), Limits()
    assert (limits.max_file_mb, limits.max_rows) == (settings.max_file_mb, settings.max_rows)
    assert Limits.from_settings(settings.model_copy(update={"max_rows": 7})).max_rows == 7


def test_a_file_over_max_file_mb_is_refused_unread(company: Path, no_parsing: list[str]) -> None:
    _limit(company, MAX_FILE_MB, 0.001)  # about 1 KB: every workbook is larger
    run = _check(company / "finance.xlsx")
    assert run.exit_code == 2, run.output
    assert "above the limit of 0.001 MB (setting max_file_mb)" in run.output
    assert "Traceback" not in run.output
    assert not no_parsing, f"parsed although refused: {no_parsing}"


@pytest.mark.parametrize("dimension", [True, False], ids=["with-dimension", "rows-only"])
def test_a_sheet_over_max_rows_is_refused_unread(
    company: Path, no_parsing: list[str], dimension: bool
) -> None:
    """Counted from the sheet's row tags by a streaming scan, whether or not the sheet
    states its size (`<dimension>`), before any parser sees it."""
    big_finance(company / "finance.xlsx", rows=5000, dimension=dimension)
    _limit(company, MAX_ROWS, 1000)
    before = (company / "finance.xlsx").read_bytes()
    run = _check(company / "finance.xlsx")
    assert run.exit_code == 2, run.output
    assert "sheet SalesLines has more than 1,000 rows, the limit (setting max_rows)" in run.output
    assert not no_parsing, f"parsed although refused: {no_parsing}"
    assert (company / "finance.xlsx").read_bytes() == before


def test_a_sheet_within_max_rows_is_read(company: Path) -> None:
    big_finance(company / "finance.xlsx", rows=5000, bad_row=4321)
    _limit(company, MAX_ROWS, 6000)
    run = CliRunner().invoke(main, ["check", "--json", str(company / "finance.xlsx")])
    assert run.exit_code == 1, run.output
    assert '"cell": "C4321"' in run.stdout and '"code": "bad_date"' in run.stdout


def test_collect_refuses_a_report_over_the_companys_row_limit(company: Path) -> None:
    """Issued rep workbooks carry formatted spare rows: a limit of 10 rows is below them."""
    _limit(company, MAX_ROWS, 10)
    report = company / "inbox" / "rep-R001-2026-03.xlsx"
    before = report.read_bytes()
    run = CliRunner().invoke(main, ["collect", str(company), str(report)])
    assert run.exit_code == 1, run.output  # the file is refused; collect itself ran
    assert "more than 10 rows, the limit (setting max_rows)" in run.output
    assert report.read_bytes() == before
    assert not (company / "returned" / report.name).exists()
