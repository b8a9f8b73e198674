"""The command line through its runner: exit codes, located messages, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def company(tmp_path, runner) -> Path:
    root = tmp_path / "co"
    result = runner.invoke(main, ["init", str(root)])
    assert result.exit_code == 0, result.output
    return root


def test_init_creates_every_workbook_and_refuses_to_overwrite(runner, company) -> None:
    for stem in ("masters", "finance", "plan", "appraisal", "dashboard"):
        assert (company / f"{stem}.xlsx").exists()
    assert (company / "reps").is_dir() and (company / "inbox").is_dir()
    before = (company / "masters.xlsx").read_bytes()
    again = runner.invoke(main, ["init", str(company)])
    assert again.exit_code == 2
    assert "already holds a company" in again.output
    assert (company / "masters.xlsx").read_bytes() == before


def test_check_of_a_clean_workbook_exits_0(runner, company) -> None:
    result = runner.invoke(main, ["check", str(company / "masters.xlsx")])
    assert result.exit_code == 0, result.output
    assert "check: done" in result.output


def _add_customer(path: Path, values: list) -> None:
    book = openpyxl.load_workbook(path)
    ws = book["Customers"]
    for c, v in enumerate(values, start=1):
        ws.cell(row=2, column=c, value=v)
    book.save(path)


def test_check_reports_located_problems_and_exits_1(runner, company) -> None:
    masters = company / "masters.xlsx"
    _add_customer(masters, ["C1", "Acme", "retailer", "tv-shop", "NOWHERE", None, "cash", -5])
    result = runner.invoke(main, ["check", str(masters)])
    assert result.exit_code == 1
    err = result.stderr
    assert "masters.xlsx:Customers!D2: 'tv-shop' is not one of" in err
    assert "masters.xlsx:Customers!E2: 'NOWHERE' is not in Regions" in err
    assert "masters.xlsx:Customers!F2: 'Rep ID' is required" in err
    assert "masters.xlsx:Customers!H2: -5 is below the lowest allowed value 0" in err
    assert "Traceback" not in result.output
    marked = openpyxl.load_workbook(masters)
    assert marked["Customers"]["D2"].comment is not None
    assert marked["Customers"]["A2"].value == "C1"  # typed values untouched


def test_check_json_lists_issues(runner, company) -> None:
    masters = company / "masters.xlsx"
    _add_customer(masters, ["C1", "Acme", "retailer", "online", None, None, "cash"])
    result = runner.invoke(main, ["check", str(masters), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    cells = {(i["code"], i["sheet"], i["cell"]) for i in payload["issues"]}
    assert ("required_blank", "Customers", "E2") in cells
    assert payload["exit_code"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"date,amount\n2026-01-01,5\n", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
        (b"PK\x03\x04garbage", "damaged or incomplete"),
    ],
)
def test_unreadable_files_are_refused_plainly_with_exit_2(
    runner, tmp_path, content, message
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_workbook_that_is_not_salesdesk_is_refused(runner, tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    book.save(tmp_path / "letter.xlsx")
    result = runner.invoke(main, ["check", str(tmp_path / "letter.xlsx")])
    assert result.exit_code == 2
    assert "not a SalesDesk workbook" in result.stderr


def test_truncated_workbook_is_refused(runner, company, tmp_path) -> None:
    data = (company / "masters.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    result = runner.invoke(main, ["check", str(cut)])
    assert result.exit_code == 2
    assert "damaged or incomplete" in result.stderr


def test_finance_check_uses_the_masters_beside_it(runner, company) -> None:
    finance = company / "finance.xlsx"
    book = openpyxl.load_workbook(finance)
    ws = book["SalesLines"]
    for c, v in enumerate(["INV1", 1, dt.date(2026, 1, 5), "C404", "P1", "R1", 1, 100], start=1):
        ws.cell(row=2, column=c, value=v)
    book.save(finance)
    result = runner.invoke(main, ["check", str(finance)])
    assert result.exit_code == 1
    assert "finance.xlsx:SalesLines!D2: 'C404' is not in Customers" in result.stderr


def test_cross_column_rules_of_masters(runner, company) -> None:
    masters = company / "masters.xlsx"
    book = openpyxl.load_workbook(masters)
    for c, v in enumerate(["P1", "Tea", "drinks", 10, 12, 6], start=1):
        book["Products"].cell(row=2, column=c, value=v)
    for c, v in enumerate(
        ["R1", "Li", None, None, dt.date(2026, 5, 1), dt.date(2026, 1, 1)], start=1
    ):
        book["Reps"].cell(row=2, column=c, value=v)
    book.save(masters)
    result = runner.invoke(main, ["check", str(masters)])
    assert result.exit_code == 1
    assert "masters.xlsx:Products!E2: floor price 12 is above the unit price" in result.stderr
    assert "masters.xlsx:Reps!F2: leave date 2026-01-01 is before the hire date" in result.stderr
    assert "Traceback" not in result.output
