"""Ids coded once (`text_category`) give the appraisal the same answers as the text they
stand for: each customer's purchase months, the collections credited per rep and month,
and the ids `code_ids` shares between tables — blanks, padded ids and ids typed as
numbers included."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

import addin.jobs.init as init_job
from addin.core.appraisal import AppraisalData, scorecard
from addin.core.appraisal.results import collections_by_month, text_category
from addin.core.lost_customers import purchase_months
from addin.core.reports.codes import code_ids
from addin.core.settings import Settings
from addin.io.ledger.snapshot import ENV_VAR
from addin.jobs import appraisal_data
from addin.jobs.appraise import appraise
from addin.jobs.demo_cycle import run_demo
from tests.appraisal.helpers import scorecard_of

CUSTOMERS = ["C002", " C001", "C001 ", None, "", "C010", "C003", np.nan, "C002"]


def _lines(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame(
        {
            "invoice_id": [f"INV{i // 2:04d}" for i in range(n)],
            "line": np.arange(n) % 2 + 1,
            "date": pd.Timestamp("2025-01-03") + pd.to_timedelta(rng.integers(0, 420, n), "D"),
            "customer_id": [CUSTOMERS[i // 2 % len(CUSTOMERS)] for i in range(n)],
            "product_id": [f"P{k}" for k in rng.integers(0, 5, n)],
            "rep_id": [["R1", " R2", None, "R3"][k] for k in rng.integers(0, 4, n)],
            "qty": 1.0,
            "amount": np.round(rng.normal(500, 400, n), 2),
            "cost": 100.0,
            "_row": np.arange(2, n + 2),
        }
    )


def _coded(lines: pd.DataFrame) -> pd.DataFrame:
    return lines.assign(**{c: text_category(lines, c) for c in ("rep_id", "customer_id")})


def test_purchase_months_read_from_codes_are_those_read_from_text() -> None:
    lines = _lines()
    plain = purchase_months(lines)
    assert len(plain) > 20 and "" not in set(plain["customer_id"])
    pd.testing.assert_frame_equal(purchase_months(_coded(lines)), plain)
    # Categories that are not the ids' text (padded) are read as text, not as codes.
    padded = lines.assign(customer_id=pd.Categorical(lines["customer_id"]))
    pd.testing.assert_frame_equal(purchase_months(padded), plain)


def test_collections_from_coded_lines_are_those_from_text() -> None:
    lines = _lines()
    rng = np.random.default_rng(5)
    payments = pd.DataFrame(
        {
            "payment_id": [f"PAY{i}" for i in range(150)],
            "date": pd.Timestamp("2025-02-01") + pd.to_timedelta(rng.integers(0, 400, 150), "D"),
            "customer_id": [CUSTOMERS[k] for k in rng.integers(0, len(CUSTOMERS), 150)],
            "amount": np.round(rng.uniform(50, 900, 150), 2),
            "invoice_id": [None if k % 3 else f"INV{k:04d}" for k in rng.integers(0, 200, 150)],
            "_row": np.arange(2, 152),
        }
    )
    customers = pd.DataFrame({"customer_id": ["C001", "C002", "C003"], "rep_id": "R1"})
    as_of = dt.date(2026, 3, 31)
    plain = collections_by_month(lines, payments, customers, Settings(), as_of)
    assert plain["collected"].sum() > 0
    coded = collections_by_month(_coded(lines), payments, customers, Settings(), as_of)
    pd.testing.assert_frame_equal(coded, plain)


def test_code_ids_share_one_vocabulary_of_stripped_ids() -> None:
    a = pd.DataFrame({"customer_id": [" C1", "C2", None, "C1"]})
    b = pd.DataFrame({"customer_id": pd.Series([1001, 7, None], dtype="object")})
    out_a, out_b = code_ids([a, b], ("customer_id",))
    assert list(out_a["customer_id"].cat.categories) == ["1001", "7", "C1", "C2"]
    assert out_a["customer_id"].tolist()[:2] == ["C1", "C2"] and pd.isna(out_a.iloc[2, 0])
    assert out_b["customer_id"].tolist()[:2] == ["1001", "7"]


@pytest.fixture(scope="module")
def ledger_finance_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after one cycle with its finance kept only in the ledger, as a company
    too big for one sheet keeps it (finance.xlsx's SalesLines and Payments empty)."""
    root = tmp_path_factory.mktemp("ledger-finance") / "co"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(init_job, "FINANCE_SHEET_ROWS", 10)
        run_demo(root)
    return root


@pytest.mark.parametrize("snapshots", ["on", "off"])
def test_appraise_reading_coded_ids_from_the_ledger_writes_what_text_ids_give(
    ledger_finance_demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, snapshots: str
) -> None:
    # Coded: from the snapshot, its stored codes; without one, each id hashed once.
    # The demo's reports and its finance export are counted in the ledger.
    monkeypatch.setenv(ENV_VAR, snapshots)
    demo_company = tmp_path / "coded"
    shutil.copytree(ledger_finance_demo, demo_company)
    text_copy = tmp_path / "text"
    shutil.copytree(ledger_finance_demo, text_copy)
    seen = _coded_columns_seen(monkeypatch)
    for period in ("2026-03", "2026"):
        coded = appraise(demo_company, period)
        with monkeypatch.context() as plain:
            plain.setattr(appraisal_data, "CODED", {})
            text = appraise(text_copy, period)
        assert coded.exit_code == text.exit_code == 0
        assert coded.lines() == text.lines()
        want = scorecard_of(text)
        assert len(want) >= 8 and want["ranked"].any()
        pd.testing.assert_frame_equal(scorecard_of(coded), want)
        for sheet in ("Scorecard", "Slips"):
            assert sheet_values(demo_company, sheet) == sheet_values(text_copy, sheet)
    assert seen[0] == {"daily", "routes", "sales", "payments"} and seen[1] == set()


def _coded_columns_seen(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The tables whose rep_id or customer_id reached the core coded, per run: the
    first run's, then the text run's (the test must compare a coded with a plain run)."""
    seen: list[set[str]] = []
    real = scorecard.appraisal_kpis

    def spying(period: str, data: AppraisalData, *args: Any, **kwargs: Any) -> Any:
        tables = ("daily", "routes", "sales", "payments")
        ids = {t: getattr(data, t)["customer_id"] for t in tables}
        seen.append({t for t, c in ids.items() if isinstance(c.dtype, pd.CategoricalDtype)})
        return real(period, data, *args, **kwargs)

    monkeypatch.setattr(scorecard, "appraisal_kpis", spying)
    return seen


def sheet_values(root: Path, sheet: str) -> list[tuple[object, ...]]:
    """A sheet of appraisal.xlsx as the values stored with its cells, the run's time
    stamp left out (the one thing two runs may differ in)."""
    book = openpyxl.load_workbook(root / "appraisal.xlsx", data_only=True)
    stamp = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
    return [
        tuple(stamp.sub("", v) if isinstance(v, str) else v for v in row)
        for row in book[sheet].iter_rows(values_only=True)
    ]
