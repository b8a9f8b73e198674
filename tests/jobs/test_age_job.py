"""`age` of a company whose finance records are too many for a sheet: they are in the
ledger, and ageing them must give what ageing them from finance.xlsx gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import addin.jobs.init as init_job
from addin.io.reader import WorkbookFile
from addin.jobs.age import age
from addin.jobs.init import init_company
from addin.schema import TABLES

AS_OF = dt.date(2026, 3, 31)
WRITTEN = (
    "OpenItems",
    "Ageing",
    "AgeingByRep",
    "AgeingByRegion",
    "Dunning",
    "CreditCheck",
    "Collections",
)


def open_items_total(root: Path) -> float:
    with WorkbookFile(root / "finance.xlsx") as book:
        frame = book.read(TABLES["OpenItems"]).frame
    return round(float(frame["outstanding"].sum()), 2)


def written(root: Path) -> dict[str, pd.DataFrame]:
    """Every table `age` writes into finance.xlsx, as read back."""
    with WorkbookFile(root / "finance.xlsx") as book:
        return {name: book.read(TABLES[name]).frame for name in WRITTEN}


def test_age_uses_finance_kept_in_the_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_sheet = tmp_path / "sheet"
    init_company(in_sheet, demo=True)
    monkeypatch.setattr(init_job, "FINANCE_SHEET_ROWS", 10)
    in_ledger = tmp_path / "ledger"
    init_company(in_ledger, demo=True)
    with WorkbookFile(in_ledger / "finance.xlsx") as book:
        assert book.read(TABLES["SalesLines"]).frame.empty  # really only in the ledger

    from_sheet = age(in_sheet, AS_OF)
    sheet_tables = written(in_sheet)
    # The ledger's ids come coded (as categories): made into a snapshot, then read from it.
    for _ in range(2):
        from_ledger = age(in_ledger, AS_OF)
        assert from_ledger.lines() == from_sheet.lines()
        assert "outstanding 0.00" not in from_ledger.lines()[0]
        assert open_items_total(in_ledger) == open_items_total(in_sheet) > 0
        ledger_tables = written(in_ledger)
        for name in WRITTEN:
            pd.testing.assert_frame_equal(ledger_tables[name], sheet_tables[name], obj=name)
