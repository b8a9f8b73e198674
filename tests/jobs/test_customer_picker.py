"""Reps pick a customer from a dropdown showing its code and name (`C002 天津泰美超市`);
collect and check take the code from what Excel stored, exactly, and ask about a code
followed by another customer's name."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl.utils import range_boundaries

from addin.books.templates.builder import build_workbook, write_workbook
from addin.cli import main
from addin.io.fill import fill_tables
from addin.io.ledger import Ledger
from addin.jobs.issue import issue_workbooks
from addin.schema import TABLES, WORKBOOK_INPUTS
from tests.hostile.base import PERIOD, finance_data, masters_data, plan_data, report_data
from tests.libreoffice import needs_libreoffice, recalculated

#: R001's customers as the dropdown lists them; C003 is R002's.
LISTED = ["C001 Harbour Foods", "C002 天津泰美超市"]


def company(root: Path) -> Path:
    folder = root / "co"
    (folder / "inbox").mkdir(parents=True)
    masters = masters_data()
    masters["Customers"].loc[1, "name"] = "天津泰美超市"
    for stem, data in (("masters", masters), ("finance", finance_data()), ("plan", plan_data())):
        write_workbook(folder / f"{stem}.xlsx", build_workbook(stem, data=data))
    issue_workbooks(folder, PERIOD)
    return folder


def send(folder: Path, customers: list[str]) -> Path:
    """R001's report with one DailyReport row per customer cell, on weekdays in March."""
    visits = report_data()["DailyReport"]
    days = pd.to_datetime([f"2026-03-{d:02d}" for d in (2, 3, 4, 5, 6, 9, 10)][: len(customers)])
    daily = pd.concat([visits.iloc[[0]]] * len(customers), ignore_index=True)
    daily["date"], daily["customer_id"] = days, customers
    issued = folder / "reps" / f"rep-R001-{PERIOD}.xlsx"
    sent = folder / "inbox" / issued.name
    fill_tables(issued, sent, {"DailyReport": daily})
    return sent


def dropdown(path: Path, table: str, key: str) -> list[str]:
    """The entries of the list validation of `table`'s `key` column, read from the range
    it points to."""
    book = openpyxl.load_workbook(path)
    sheet = next(ws for ws in book.worksheets if table in ws.tables)
    letter = openpyxl.utils.get_column_letter(
        range_boundaries(sheet.tables[table].ref)[0] + TABLES[table].keys.index(key)
    )
    (rule,) = [
        dv
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list" and str(dv.sqref).startswith(f"{letter}2:")
    ]
    tab, cells = rule.formula1.rsplit("!", 1)
    source = book[tab.strip("'")]
    assert source.protection.sheet, "the list lives on a sheet the rep cannot edit"
    return [c.value for (c,) in source[cells.replace("$", "")] if c.value is not None]


def test_every_customer_dropdown_lists_code_and_name_of_the_rep_s_own_customers(
    tmp_path: Path,
) -> None:
    folder = company(tmp_path)
    mine = folder / "reps" / f"rep-R001-{PERIOD}.xlsx"
    tables = [n for n in WORKBOOK_INPUTS["rep"] if "customer_id" in TABLES[n].keys]
    assert len(tables) == 6
    for table in tables:
        assert dropdown(mine, table, "customer_id") == LISTED, table
    theirs = folder / "reps" / f"rep-R002-{PERIOD}.xlsx"
    assert dropdown(theirs, "DailyReport", "customer_id") == ["C003 Southern Trading"]
    assert dropdown(mine, "Forecast", "product_id") == ["P01", "P02"]


def test_picked_entries_count_as_their_code_and_a_mismatch_or_a_name_is_located(
    tmp_path: Path,
) -> None:
    folder = company(tmp_path)
    send(
        folder,
        [
            "C001 Harbour Foods",  # picked: row 2
            " c002　 天津泰美超市 ",  # typed like it, any case and spacing: row 3
            "C001 天津泰美超市",  # C001's code, C002's name: row 4
            "天津泰美超市",  # the name alone: row 5
            "C003 Southern Trading",  # R002's customer: row 6
        ],
    )
    result = CliRunner().invoke(main, ["collect", str(folder)])
    assert result.exit_code == 1, result.output
    lines = sorted(line for line in result.stderr.splitlines() if "DailyReport!" in line)
    assert lines == [
        "rep-R001-2026-03.xlsx:DailyReport!B4: 'C001 天津泰美超市': customer C001 is "
        "Harbour Foods, and the name after the code is not its name; pick the customer "
        "again from the list",
        "rep-R001-2026-03.xlsx:DailyReport!B5: '天津泰美超市' is a customer name, not a "
        "code; pick the customer from the list (its code is C002)",
        "rep-R001-2026-03.xlsx:DailyReport!B6: customer C003 Southern Trading is not one "
        "of your customers",
    ]
    with Ledger.open(folder / "ledger.sqlite") as ledger:
        daily = ledger.counted("DailyReport", period=PERIOD)
        (sid,) = ledger.submissions(period=PERIOD)["submission_id"]
        kept = ledger.issues(sid)
    assert daily.sort_values("row_no")[["row_no", "customer_id"]].values.tolist() == [
        [2, "C001"],
        [3, "C002"],
    ]
    mismatch = kept.loc[kept["code"] == "code_name_mismatch"]
    assert mismatch[["row", "value"]].values.tolist() == [[4, "C001 天津泰美超市"]]
    returned = openpyxl.load_workbook(folder / "returned" / f"rep-R001-{PERIOD}.xlsx")
    assert returned["DailyReport"]["B4"].value == "C001 天津泰美超市"  # as the rep typed it
    assert "[code_name_mismatch]" in returned["DailyReport"]["B4"].comment.text


def test_the_rep_s_own_check_says_the_same_in_chinese(tmp_path: Path) -> None:
    folder = company(tmp_path)
    sent = send(folder, ["C002 天津泰美超市", "C002 Harbour Foods"])
    result = CliRunner().invoke(main, ["check", str(sent)], env={"SALESDESK_LANG": "zh"})
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [  # the tab as this (English) workbook names it
        "rep-R001-2026-03.xlsx:DailyReport!B3: 「C002 Harbour Foods」："
        "客户 C002 是「天津泰美超市」，编码后的名称与之不符；请从下拉列表重新选择客户"
    ]


def test_a_customer_renamed_after_issue_is_still_read_from_the_issued_list(
    tmp_path: Path,
) -> None:
    folder = company(tmp_path)
    masters = openpyxl.load_workbook(folder / "masters.xlsx")
    masters["Customers"]["B2"].value = "Harbour Foods Ltd"  # C001, renamed on its data card
    masters.save(folder / "masters.xlsx")
    send(folder, ["C001 Harbour Foods", "C001 Harbour Foods Ltd"])
    result = CliRunner().invoke(main, ["collect", str(folder)])
    assert result.exit_code == 0, result.output
    with Ledger.open(folder / "ledger.sqlite") as ledger:
        daily = ledger.counted("DailyReport", period=PERIOD)
    assert sorted(daily["customer_id"]) == ["C001", "C001"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mismatch_message_names_the_code_s_customer(lang: str) -> None:
    from addin.core.issues import Issue

    issue = Issue(
        code="code_name_mismatch",
        args={"code": "C008", "name": "天津泰美超市"},
        value="C008 Harbour",
    )
    assert "C008" in issue.text(lang) and "天津泰美超市" in issue.text(lang)
    assert issue.severity == "error"


@needs_libreoffice
def test_picks_in_a_file_re_saved_by_libreoffice_are_read_the_same(tmp_path: Path) -> None:
    folder = company(tmp_path)
    sent = send(folder, ["C002 天津泰美超市", "C001 Hilltop Mart"])
    resaved = recalculated(sent, tmp_path / "lo")
    sent.write_bytes(resaved.read_bytes())
    assert dropdown(sent, "DailyReport", "customer_id") == LISTED  # the list survives
    result = CliRunner().invoke(main, ["collect", str(folder)])
    assert result.exit_code == 1, result.output
    assert [line.split(": ")[0] for line in result.stderr.splitlines() if "!B" in line] == [
        "rep-R001-2026-03.xlsx:DailyReport!B3"
    ]
    with Ledger.open(folder / "ledger.sqlite") as ledger:
        daily = ledger.counted("DailyReport", period=PERIOD)
    assert daily[["row_no", "customer_id"]].values.tolist() == [[2, "C002"]]


def test_two_customers_of_one_name_are_told_apart_by_the_picked_code(tmp_path: Path) -> None:
    folder = tmp_path / "co"
    (folder / "inbox").mkdir(parents=True)
    masters = masters_data()
    masters["Customers"].loc[1, "name"] = "Harbour Foods"  # C001 and C002: two branches
    for stem, data in (("masters", masters), ("finance", finance_data()), ("plan", plan_data())):
        write_workbook(folder / f"{stem}.xlsx", build_workbook(stem, data=data))
    issue_workbooks(folder, PERIOD)
    send(folder, ["C002 Harbour Foods", "Harbour Foods"])
    result = CliRunner().invoke(main, ["collect", str(folder)])
    assert result.exit_code == 1, result.output
    assert [line for line in result.stderr.splitlines() if "!B" in line] == [
        "rep-R001-2026-03.xlsx:DailyReport!B3: 'Harbour Foods' is a customer name, not a code, "
        "and several of your customers have it; pick the customer from the list"
    ]
    with Ledger.open(folder / "ledger.sqlite") as ledger:
        daily = ledger.counted("DailyReport", period=PERIOD)
    assert daily[["row_no", "customer_id"]].values.tolist() == [[2, "C002"]]
