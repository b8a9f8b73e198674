"""The fast read path (driver cursor → columns) gives the very frames the SQLAlchemy
rows gave: same values, same dtypes, same order, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from addin.core.issues import ROW
from addin.io.ledger import Ledger
from addin.io.ledger.frames import _driver_typed, typed
from tests.ledger.data import job, submit_finance, submit_job
from tests.ledger.reference_read import reference_counted

#: Text a careless reader would take for a number, a date, a boolean or a formula.
TRICKY = ["00123", "1e5", "TRUE", "2026-01-05", "=SUM(A1)", " 12 ", "价格 7", None]


def finance_frames(n: int) -> dict[str, pd.DataFrame]:
    """SalesLines and Payments as read from finance.xlsx, with every kind of blank and
    text that looks like something else."""
    rng = np.random.default_rng(7)
    days = pd.to_datetime("2026-01-01") + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    lines = pd.DataFrame(
        {
            ROW: np.arange(2, n + 2),
            "invoice_id": [TRICKY[i % len(TRICKY)] or f"I{i}" for i in range(n)],
            "line": pd.array([None if i % 5 == 0 else i % 3 + 1 for i in range(n)], "Int64"),
            "date": days.where(rng.random(n) > 0.1),
            "customer_id": [TRICKY[i % len(TRICKY)] for i in range(n)],
            "product_id": [f"P{i % 4}" for i in range(n)],
            "rep_id": [None if i % 9 == 0 else f"R{i % 3:03d}" for i in range(n)],
            "qty": np.where(rng.random(n) < 0.2, np.nan, rng.integers(1, 9, n).astype(float)),
            "amount": rng.integers(-5_000, 500_000, n) / 100.0,
            "cost": np.where(rng.random(n) < 0.3, np.nan, 0.1 + rng.random(n)),
            "due_date": pd.Series(days + pd.Timedelta(days=30)).where(rng.random(n) > 0.5),
        }
    )
    payments = pd.DataFrame(
        {
            ROW: np.arange(2, n // 2 + 2),
            "payment_id": [f"PAY{i}" for i in range(n // 2)],
            "date": days[: n // 2],
            "customer_id": [TRICKY[i % len(TRICKY)] for i in range(n // 2)],
            "amount": rng.integers(1, 90_000, n // 2) / 100.0,
            "invoice_id": [None if i % 2 else f"I{i}" for i in range(n // 2)],
        }
    )
    return {"SalesLines": lines, "Payments": payments}


def _plan(ledger: Ledger, year: int, file_hash: str) -> None:
    n = 240
    cube = pd.DataFrame(
        {
            "month": [f"{year}-{i % 12 + 1:02d}" if i % 50 else None for i in range(n)],
            "region_id": [f"G{i % 2}" for i in range(n)],
            "rep_id": [f"R{i % 7:03d}" if i % 31 else None for i in range(n)],
            "customer_id": [f"C{i % 11}" for i in range(n)],
            "product_id": [f"P{i % 5}" for i in range(n)],
            "settlement_method": ["cash", "credit"] * (n // 2),
            "channel": [TRICKY[i % len(TRICKY)] for i in range(n)],
            "sales_target": [np.nan if i % 13 == 0 else float(i * 10) for i in range(n)],
            "collection_target": [np.nan if i % 3 else float(i) for i in range(n)],
        }
    )
    budgets = pd.DataFrame({"rep_id": ["R001"], "month": [f"{year}-01"], "expense_budget": [9.5]})
    ledger.replace_plan(year, cube, budgets, file_hash)


def test_counted_frames_are_those_the_typed_rows_gave(ledger: Ledger) -> None:
    submit_finance(ledger, finance_frames(300), "f1")
    # the counted one: the older stays on record, unread
    submit_finance(ledger, finance_frames(120), "f2")
    _plan(ledger, 2026, "p1")
    for rep in ("R001", "R002"):
        for period in ("2026-10", "2026-11"):
            submit_job(ledger, job(rep, period, rows=7))
    submit_job(ledger, job("R001", "2026-11", version=2, rows=4))
    cases: list[tuple[str, dict[str, object]]] = [
        ("SalesLines", {}),
        ("SalesLines", {"rep_id": "R001"}),
        ("Payments", {}),
        ("TargetCube", {"kind": "plan", "period": "2026"}),
        ("TargetCube", {"kind": "plan", "period": "2027"}),  # no plan: empty, typed
        ("ExpenseBudget", {"kind": "plan", "period": "2026"}),
        ("DailyReport", {}),  # several submissions: grouped by period, then rep
        ("DailyReport", {"period": "2026-11", "rep_id": "R001"}),
        ("WeeklyRoute", {"period": ["2026-10", "2026-11"]}),
        ("Forecast", {}),
    ]
    for name, filters in cases:
        fast = ledger.counted(name, **filters)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(fast, reference_counted(ledger, name, **filters))
    lines = ledger.counted("SalesLines")
    assert len(lines) == 120
    assert lines["invoice_id"].iloc[0] == "00123"  # text stays text
    assert lines["date"].dtype == "datetime64[ns]" and lines["date"].isna().any()
    assert isinstance(ledger.counted("DailyReport")["start_time"].iloc[0], dt.time)


def test_counted_reads_just_the_columns_asked_for(ledger: Ledger) -> None:
    submit_finance(ledger, finance_frames(50), "f1")
    wanted = ["row_no", "date", "customer_id", "amount"]
    some = ledger.counted("SalesLines", columns=wanted)
    assert list(some.columns) == wanted
    pd.testing.assert_frame_equal(some, reference_counted(ledger, "SalesLines")[wanted])
    with pytest.raises(KeyError, match="no column"):
        ledger.counted("SalesLines", columns=["amount", "colour"])


def test_sums_in_the_database_equal_summing_every_row(ledger: Ledger) -> None:
    _plan(ledger, 2026, "p1")
    _plan(ledger, 2027, "p2")
    by, sums = ["rep_id", "month"], ["sales_target", "collection_target"]
    got = ledger.counted_sums("TargetCube", by, sums, kind="plan", period="2026")
    rows = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    want = (
        rows.groupby(by, dropna=False)[sums]
        .sum(min_count=1)
        .reset_index()
        .sort_values(by, na_position="first", ignore_index=True)
    )
    got = got.sort_values(by, na_position="first", ignore_index=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got["collection_target"].isna().any()  # a group with no value stays blank
    assert list(got.dtypes[sums]) == ["float64", "float64"]
    with pytest.raises(ValueError, match="only numbers"):
        ledger.counted_sums("TargetCube", ["rep_id"], ["month"], kind="plan", period="2026")


@pytest.mark.parametrize(
    "driver",
    [[1, 0, None, 1], [True, False, None, True]],
    ids=["sqlite-0/1", "postgres-bool"],
)
def test_booleans_from_either_driver_are_typed_as_before(driver: list[object]) -> None:
    # No stored table has a boolean column yet; the spec type does, and must not drift.
    expected = typed(pd.Series([None if v is None else bool(v) for v in driver]), "bool")
    pd.testing.assert_series_equal(pd.Series(_driver_typed(driver, "bool")), expected)
