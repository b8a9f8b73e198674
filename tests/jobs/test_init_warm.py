"""A new company's first command finds what it reads first ready: `init` keeps the typed
masters (`masters_cache`) and a finance export too big for a sheet as the ledger's
snapshot, each exactly what reading masters.xlsx or the ledger gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import addin.io.company as company_io
import addin.jobs.init as init_job
from addin.io.company import Company, load_masters
from addin.io.ledger import queries
from addin.io.ledger.snapshot import ENV_VAR as SNAPSHOTS
from addin.io.masters_cache import ENV_VAR as MASTERS_CACHE
from addin.jobs.finance_source import load_finance
from addin.jobs.init import init_company


def _refuse(what: str) -> object:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{what} was read again")

    return refuse


def test_the_first_command_reads_neither_masters_nor_the_ledgers_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(init_job, "FINANCE_SHEET_ROWS", 10)
    root = tmp_path / "co"
    init_company(root, demo=True)
    company = Company(root)

    with monkeypatch.context() as patch:
        patch.setattr(company_io, "_read_masters", _refuse("masters.xlsx"))
        patch.setattr(queries, "read_rows", _refuse("the ledger's finance rows"))
        masters = load_masters(company.book("masters"))
        finance = load_finance(company, masters, record=False)
    assert finance.source == "ledger"
    assert len(finance.lines) > 10 and len(finance.payments) > 10

    monkeypatch.setenv(MASTERS_CACHE, "off")
    monkeypatch.setenv(SNAPSHOTS, "off")
    read = load_masters(company.book("masters"))
    for table in ("regions", "reps", "products", "customers", "strategy"):
        pd.testing.assert_frame_equal(getattr(masters, table), getattr(read, table))
    fresh = load_finance(company, read, record=False)
    pd.testing.assert_frame_equal(finance.lines, fresh.lines)
    pd.testing.assert_frame_equal(finance.payments, fresh.payments)


def test_without_the_cache_init_does_not_read_masters_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MASTERS_CACHE, "off")
    monkeypatch.setattr(company_io, "_read_masters", _refuse("masters.xlsx"))
    init_company(tmp_path / "co", demo=True)
    assert not (tmp_path / "co" / ".salesdesk" / "masters.npz").exists()
