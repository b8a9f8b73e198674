"""The content digest that tells a re-read export or an unchanged plan from a new one."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from addin.jobs.finance_source import content_hash
from tests.core.test_plan_split import _locks, _split


def _as_first_written(frames: dict[str, pd.DataFrame]) -> str:
    """The digest as it was first computed: ledgers keep digests made this way."""
    digest = hashlib.sha256()
    for name in sorted(frames):
        digest.update(name.encode())
        text = frames[name].astype(str)
        digest.update(pd.util.hash_pandas_object(text, index=False).to_numpy().tobytes())
    return "content:" + digest.hexdigest()


def _lines(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    return pd.DataFrame(
        {
            "_row": np.arange(2, n + 2),
            "invoice_id": [None if i % 17 == 0 else f"INV{i // 3:07d}" for i in range(n)],
            "line": pd.array([None if i % 11 == 0 else i % 4 for i in range(n)], "Int64"),
            "date": days.where(rng.random(n) > 0.1),
            "customer_id": [f"C{i:05d}" for i in rng.integers(0, 500, n)],
            "qty": np.where(rng.random(n) < 0.1, np.nan, rng.integers(1, 50, n).astype(float)),
            "amount": rng.integers(-100, 10**7, n) / 100.0,
            "at": pd.to_datetime("2025-01-01 10:00") + pd.to_timedelta(rng.integers(0, 4, n), "h"),
            "ok": pd.array([None if i % 5 == 0 else i % 2 == 0 for i in range(n)], "boolean"),
            "mixed": pd.Series([1, "1", None, 2.5, "=A1"] * (n // 5), dtype=object),
        }
    )


def test_the_digest_is_the_one_ledgers_already_keep() -> None:
    lines = _lines(2_000)
    cases = [
        {"SalesLines": lines, "Payments": lines.iloc[:7, :4]},
        {"SalesLines": lines.iloc[:0]},
        {"Empty": pd.DataFrame(index=range(3))},
    ]
    for frames in cases:
        assert content_hash(frames) == _as_first_written(frames)


def test_any_changed_value_changes_the_digest() -> None:
    lines = _lines(500)
    base = content_hash({"SalesLines": lines})
    assert content_hash({"SalesLines": lines.copy()}) == base
    for column, value in [("amount", 0.01), ("customer_id", "C99999"), ("date", pd.NaT)]:
        changed = lines.copy()
        changed.loc[250, column] = value
        assert content_hash({"SalesLines": changed}) != base
    assert content_hash({"Payments": lines}) != base  # the table's name counts too


def test_a_plan_hashed_from_its_cube_keys_has_the_digest_of_its_rows() -> None:
    # split hashes the cube from its pairs' and months' texts; a ledger must see the
    # digest the rows themselves give, or an unchanged plan would be stored again.
    result = _split(locks=_locks({"customer_id": "C1", "measure": "sales", "amount": 30_000}))
    frames = {"TargetCube": result.cube, "ExpenseBudget": result.budgets}
    coded = content_hash(frames, {"TargetCube": result.cube_keys})
    assert coded == content_hash(frames) == _as_first_written(frames)
    moved = result.cube.copy()
    moved.loc[0, "customer_id"] = "C2" if moved.loc[0, "customer_id"] != "C2" else "C1"
    assert content_hash({**frames, "TargetCube": moved}) != coded
