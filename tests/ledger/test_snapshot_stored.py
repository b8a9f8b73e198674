"""A plan's TargetCube, and a finance export, are kept as their snapshot when they are
stored: that snapshot is the one a read of the ledger would make — the same frame
(values, dtypes, blanks, order, index) on SQLite and PostgreSQL — its first reader is
served from it without reading the rows back, and where the rows read back could differ
nothing is kept and the reader builds it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from addin.io.ledger import Ledger, queries
from addin.io.ledger import store as ledger_store
from addin.io.ledger.snapshot import ENV_VAR
from addin.io.ledger.tables import data_columns
from tests.ledger.data import submit_finance
from tests.ledger.reference_read import reference_counted
from tests.ledger.test_read_path import TRICKY, finance_frames

BUDGETS = pd.DataFrame({"rep_id": ["R001"], "month": ["2026-01"], "expense_budget": [9.5]})


def _cube(seed: int, n: int) -> pd.DataFrame:
    """A plan cube with what text and numbers can hold: blanks of every kind, text that
    looks like numbers or dates, numbers in a text column, infinities, tiny fractions."""
    rng = np.random.default_rng(seed)
    amounts = rng.normal(0, 1e6, n).round(int(rng.integers(0, 3)))
    amounts[rng.random(n) < 0.1] = np.nan
    amounts[:2] = [np.inf, 1e-300] if n > 1 else amounts[:2]
    mixed: list[Any] = [TRICKY[i % len(TRICKY)] for i in range(n)]
    mixed[1::9] = [7] * len(mixed[1::9])  # a number typed into a text column
    frame = pd.DataFrame(
        {
            "month": [f"2026-{i % 12 + 1:02d}" if i % 50 else None for i in range(n)],
            "region_id": pd.array([f"G{i % 3}" for i in range(n)], dtype="str"),
            "rep_id": [f"R{i % 7:03d}" if i % 31 else np.nan for i in range(n)],
            "customer_id": pd.Categorical([f"C{i % 11}" for i in range(n)]),
            "product_id": [f"P{i % 5}" for i in range(n)],
            "settlement_method": [["cash", "", "credit"][i % 3] for i in range(n)],
            "channel": mixed,
            "sales_target": amounts,
            "collection_target": np.abs(amounts) / 3,
        }
    )
    return frame.drop(columns=["settlement_method"]) if seed % 2 else frame


def _manifests(ledger: Ledger) -> list[dict[str, Any]]:
    assert ledger.snapshots is not None
    root = ledger.snapshots.files.root
    return [json.loads(p.read_text("utf-8")) for p in sorted(root.glob("*.json"))]


def _no_row_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the plan's rows were read back from the ledger")

    monkeypatch.setattr(queries, "read_rows", refuse)


@pytest.mark.parametrize(("seed", "n", "chunk"), [(0, 240, None), (1, 97, 10), (2, 1, None)])
def test_the_kept_snapshot_is_the_one_the_ledger_read_makes(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, seed: int, n: int, chunk: int | None
) -> None:
    if chunk is not None:  # a big table: stored chunk by chunk, numbered once
        monkeypatch.setattr(ledger_store, "CHUNK_ROWS", chunk)
    ledger.replace_plan(2026, _cube(seed, n), BUDGETS, f"p{seed}")
    (manifest,) = _manifests(ledger)
    assert manifest["ident"]["table"] == "TargetCube"
    assert list(manifest["columns"]) == data_columns("TargetCube")
    want = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    assert ledger.snapshots is not None
    kept = ledger.snapshots.files.frame(manifest, "TargetCube", data_columns("TargetCube"))
    assert kept is not None
    pd.testing.assert_frame_equal(kept, want)
    with monkeypatch.context() as patch:
        _no_row_reads(patch)
        pd.testing.assert_frame_equal(ledger.targets(2026), want)
        columns = ["customer_id", "month", "sales_target"]
        pd.testing.assert_frame_equal(ledger.targets(2026, columns=columns), want[columns])
    monkeypatch.setenv(ENV_VAR, "off")
    pd.testing.assert_frame_equal(ledger.targets(2026), want)


def test_a_new_plan_replaces_the_kept_one(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger.replace_plan(2026, _cube(0, 50), BUDGETS, "p1")
    ledger.targets(2026)
    ledger.replace_plan(2026, _cube(2, 80), BUDGETS, "p2")
    want = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    assert len(want) == 80
    _no_row_reads(monkeypatch)
    pd.testing.assert_frame_equal(ledger.targets(2026), want)


def test_a_negative_zero_is_not_kept_and_the_reader_gets_the_ledgers_value(
    ledger: Ledger,
) -> None:
    cube = _cube(0, 30)
    cube.loc[3, "sales_target"] = -0.0
    ledger.replace_plan(2026, cube, BUDGETS, "p1")
    assert _manifests(ledger) == []
    got = ledger.targets(2026)
    want = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    pd.testing.assert_frame_equal(got, want)
    assert (
        np.signbit(got["sales_target"].to_numpy()).tolist()
        == np.signbit(want["sales_target"].to_numpy()).tolist()
    )


def test_nothing_is_kept_for_a_submission_the_read_does_not_count_alone(
    ledger: Ledger,
) -> None:
    first = ledger.replace_plan(2026, _cube(0, 20), BUDGETS, "p1")
    ledger.replace_plan(2026, _cube(2, 30), BUDGETS, "p2")
    # superseded: the year's plan read counts the second
    kept = ledger.keep_plan(2026, _cube(0, 20), first.submission_id)
    assert not kept
    want = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    pd.testing.assert_frame_equal(ledger.targets(2026), want)


def test_no_snapshot_is_kept_when_snapshots_are_off(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "off")
    ledger.replace_plan(2026, _cube(0, 20), BUDGETS, "p1")
    assert ledger.snapshots is not None
    assert not Path(ledger.snapshots.files.root).exists() or _manifests(ledger) == []


def _coded_cube(texts: list[Any], n: int) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A cube whose text columns are built from short arrays, as the split builds them,
    and those arrays as positions and texts (values never used included)."""
    rng = np.random.default_rng(n)
    short = np.array(texts, dtype=object)
    coded = {
        "month": (np.arange(n) % 12, np.array([f"2026-{m:02d}" for m in range(1, 13)], object)),
        **{
            col: (rng.integers(0, len(short) - 1, n), short)
            for col in ("region_id", "rep_id", "customer_id", "product_id", "channel")
        },
    }
    frame = pd.DataFrame({col: pd.Series(v[at]) for col, (at, v) in coded.items()})
    frame["settlement_method"] = "cash"
    frame["sales_target"] = rng.integers(0, 9_000, n) * 100.0
    frame["collection_target"] = rng.integers(0, 9_000, n) * 50.0
    return frame, coded


@pytest.mark.parametrize(
    "texts",
    [
        ["00123", "1e5", "TRUE", "", "=SUM(A1)", " 12 ", "价格 7", "unused"],
        ["A", 7, "B"],  # a number in a text column: the ledger stores "7"
        ["A", None, "B"],  # a blank: read back as missing
    ],
)
def test_a_cube_kept_from_its_coded_texts_is_the_one_the_ledger_read_makes(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, texts: list[Any]
) -> None:
    cube, coded = _coded_cube(texts, 300)
    ledger.replace_plan(2026, cube, BUDGETS, "coded", coded=coded)
    (manifest,) = _manifests(ledger)
    want = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    _no_row_reads(monkeypatch)
    pd.testing.assert_frame_equal(ledger.targets(2026), want)
    assert manifest["columns"]["customer_id"]["dtype"] == str(want["customer_id"].dtype)
    if all(type(t) is str for t in texts):  # kept from the short array, unused text too
        assert manifest["columns"]["customer_id"]["distinct"] == len(texts)


def test_a_finance_export_is_kept_for_its_first_reader(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = finance_frames(300)
    stored = submit_finance(ledger, frames, "f1")
    assert ledger.keep_finance(frames, stored.submission_id) == ["SalesLines", "Payments"]
    want = {
        name: reference_counted(ledger, name, kind="finance") for name in ("SalesLines", "Payments")
    }
    _no_row_reads(monkeypatch)
    for name, frame in want.items():
        pd.testing.assert_frame_equal(ledger.counted(name, kind="finance"), frame)
        some = [c for c in frame.columns if c not in {"submission_id", "period"}][:4]
        got = ledger.counted(name, kind="finance", columns=some)
        pd.testing.assert_frame_equal(got, frame[some])


def _leftovers(ledger: Ledger) -> list[str]:
    assert ledger.snapshots is not None
    root = Path(ledger.snapshots.files.root)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_a_plan_the_ledger_fails_to_store_leaves_no_snapshot_behind(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The snapshot is written while the rows go in; when storing them fails, what was
    written aside goes and the ledger holds no plan."""

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ledger_store, "insert_columns", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        ledger.replace_plan(2026, _cube(0, 40), BUDGETS, "p1")
    assert _leftovers(ledger) == []
    monkeypatch.undo()
    assert ledger.targets(2026).empty


def test_the_same_plan_again_keeps_the_snapshot_it_has(ledger: Ledger) -> None:
    ledger.replace_plan(2026, _cube(0, 40), BUDGETS, "p1")
    before = _leftovers(ledger)
    again = ledger.replace_plan(2026, _cube(0, 40), BUDGETS, "p1")
    assert again.outcome == "duplicate"
    assert _leftovers(ledger) == before  # nothing staged is left over
    want = reference_counted(ledger, "TargetCube", kind="plan", period="2026")
    pd.testing.assert_frame_equal(ledger.targets(2026), want)
