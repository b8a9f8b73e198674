"""Big tables (a whole finance export) go in chunk by chunk, in one transaction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from addin.io.ledger import FINANCE_PERIOD, Ledger
from addin.io.ledger import store as ledger_store


def sales_lines(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "_row": np.arange(2, n + 2),
            "invoice_id": [f"INV{i:04d}" for i in range(n)],
            "line": 1,
            "date": pd.Timestamp("2025-05-01"),
            "customer_id": "C1",
            "product_id": "P1",
            "rep_id": [f"R{i % 3}" for i in range(n)],
            "qty": 1.0,
            "amount": np.arange(n, dtype=float) + 0.25,
            "cost": 0.5,
        }
    )


def test_a_table_bigger_than_a_chunk_is_stored_whole_and_in_order(ledger_url, monkeypatch) -> None:
    monkeypatch.setattr(ledger_store, "CHUNK_ROWS", 10)
    frame = sales_lines(25)
    with Ledger.open(ledger_url) as ledger:
        ledger.submit(
            kind="finance",
            rep_id="",
            period=FINANCE_PERIOD,
            file_name="f.xlsx",
            file_hash="h1",
            status="accepted",
            frames={"SalesLines": frame},
        )
        back = ledger.counted("SalesLines", kind="finance")
    assert back["invoice_id"].tolist() == frame["invoice_id"].tolist()
    assert back["amount"].sum() == pytest.approx(frame["amount"].sum())


def test_a_failure_mid_way_stores_no_chunk(ledger_url, monkeypatch) -> None:
    monkeypatch.setattr(ledger_store, "CHUNK_ROWS", 10)
    frame = sales_lines(25)
    real = ledger_store.to_columns
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger_store, "to_columns", failing)
    with Ledger.open(ledger_url) as ledger:
        with pytest.raises(RuntimeError):
            ledger.submit(
                kind="finance",
                rep_id="",
                period=FINANCE_PERIOD,
                file_name="f.xlsx",
                file_hash="h1",
                status="accepted",
                frames={"SalesLines": frame},
            )
        assert ledger.counted("SalesLines", kind="finance").empty
        assert ledger.submissions().empty


def test_a_computed_table_without_excel_rows_is_numbered_across_chunks(
    ledger_url, monkeypatch
) -> None:
    monkeypatch.setattr(ledger_store, "CHUNK_ROWS", 10)
    cube = pd.DataFrame(
        {
            "month": "2026-01",
            "region_id": "E",
            "rep_id": "R1",
            "customer_id": [f"C{i:03d}" for i in range(25)],
            "product_id": "P1",
            "settlement_method": "cash",
            "channel": "online",
            "sales_target": 100.0,
            "collection_target": 90.0,
        }
    )
    budgets = pd.DataFrame({"rep_id": ["R1"], "month": ["2026-01"], "expense_budget": [5.0]})
    with Ledger.open(ledger_url) as ledger:
        ledger.replace_plan(2026, cube, budgets, "h-plan")
        back = ledger.targets(2026)
    assert back["customer_id"].tolist() == cube["customer_id"].tolist()
