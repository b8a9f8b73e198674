"""Counted rows served from the snapshot beside the ledger are the rows the ledger holds:
the same frame (values, dtypes, blanks, order, index) as reading the ledger, through
submissions added, re-sent, rejected and superseded between reads; and a snapshot that
is damaged, cut short, foreign or planted is read from the ledger again, never trusted."""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from addin.io.ledger import Ledger
from addin.io.ledger import snapshot as snapshot_module
from addin.io.ledger.snapshot import ENV_VAR, Snapshots
from addin.io.ledger.snapshot_files import STALE_SECONDS, SnapshotFiles, coded_text
from tests.ledger.data import job, submit_finance, submit_job
from tests.ledger.reference_read import reference_counted
from tests.ledger.test_read_path import _plan, finance_frames

REPS = ("R001", "R002", "R003")
PERIODS = ("2026-10", "2026-11", "2026-12")


def _reads(rng: np.random.Generator) -> list[tuple[str, dict[str, Any]]]:
    """A few reads as the jobs make them, some with filters, some of a few columns."""
    every: list[tuple[str, dict[str, Any]]] = [
        ("DailyReport", {}),
        ("WeeklyRoute", {}),
        ("DailyReport", {"period": str(rng.choice(PERIODS))}),
        ("DailyReport", {"period": list(rng.choice(PERIODS, 2, replace=False))}),
        ("DailyReport", {"rep_id": str(rng.choice(REPS)), "period": str(rng.choice(PERIODS))}),
        ("DailyReport", {"columns": ["customer_id", "start_time", "order_amount", "row_no"]}),
        ("SalesLines", {}),
        ("SalesLines", {"rep_id": "R001"}),
        ("Payments", {"columns": ["payment_id", "date", "amount"]}),
        ("TargetCube", {"kind": "plan", "period": "2026"}),
        ("TargetCube", {"kind": "plan", "period": ["2026", "2027"]}),
    ]
    picked = rng.choice(len(every), 5, replace=False)
    return [every[int(i)] for i in picked]


def _reference(ledger: Ledger, name: str, filters: dict[str, Any]) -> pd.DataFrame:
    columns = filters.get("columns")
    rest = {k: v for k, v in filters.items() if k != "columns"}
    frame = reference_counted(ledger, name, **rest)
    return frame if columns is None else frame[columns]


def _check(ledger: Ledger, name: str, filters: dict[str, Any]) -> None:
    want = _reference(ledger, name, filters)
    for _ in range(2):  # the first read may make the snapshot, the second reads it
        pd.testing.assert_frame_equal(ledger.counted(name, **filters), want)


@pytest.mark.parametrize("seed", range(5))
def test_snapshot_reads_equal_the_ledger_as_submissions_come_and_go(
    ledger: Ledger, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    versions: dict[tuple[str, str], int] = {}
    finance = plans = 0
    for _ in range(10):
        for _ in range(int(rng.integers(1, 4))):
            what = rng.random()
            if what < 0.7:  # a rep's month: new, re-sent (duplicate), corrected or rejected
                rep, period = str(rng.choice(REPS)), str(rng.choice(PERIODS))
                version = versions.get((rep, period), 0) + int(rng.integers(0, 2))
                versions[(rep, period)] = max(version, 1)
                status = str(rng.choice(["accepted", "accepted", "partial", "rejected"]))
                submit_job(
                    ledger, job(rep, period, max(version, 1), int(rng.integers(0, 9)), status)
                )
            elif what < 0.85:  # a new ERP export replaces the last
                finance += 1
                submit_finance(ledger, finance_frames(int(rng.integers(1, 60))), f"f{finance}")
            else:
                plans += 1
                _plan(ledger, int(rng.choice([2026, 2027])), f"p{plans}")
        for name, filters in _reads(rng):
            _check(ledger, name, filters)


def test_a_new_submission_is_added_to_the_snapshot_not_read_whole_again(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    for rep in REPS:
        submit_job(ledger, job(rep, "2026-10", rows=5))
    _check(ledger, "DailyReport", {})

    def no_whole_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole set was read again")

    monkeypatch.setattr(snapshot_module, "_fresh", no_whole_read)
    submit_job(ledger, job("R002", "2026-10", version=2, rows=3))  # supersedes R002's
    submit_job(ledger, job("R001", "2026-09", rows=4))  # sorts before every other
    submit_job(ledger, job("R003", "2026-10", version=2, status="rejected"))  # changes nothing
    _check(ledger, "DailyReport", {})
    _check(ledger, "DailyReport", {"columns": ["feedback", "end_time"]})


def _snapshot(ledger: Ledger, slot_of: str = "") -> tuple[Path, dict[str, Any]]:
    """The only manifest in the ledger's snapshot folder, and its data folder."""
    assert ledger.snapshots is not None
    root = ledger.snapshots.files.root
    (manifest,) = [p for p in root.glob("*.json") if slot_of in p.read_text("utf-8")]
    data = json.loads(manifest.read_text("utf-8"))
    return root / data["data"], data


def _damage_values(folder: Path, manifest: dict[str, Any]) -> None:
    entry = manifest["columns"]["amount"]["files"]["values"]
    path = folder / entry["file"]
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 0xFF  # one amount changed, shape and dtype as the manifest says
    path.write_bytes(bytes(raw))


def _cut_short(folder: Path, manifest: dict[str, Any]) -> None:
    path = folder / manifest["columns"]["customer_id"]["files"]["codes"]["file"]
    path.write_bytes(path.read_bytes()[:-8])


def _plant_pickle(folder: Path, manifest: dict[str, Any]) -> None:
    # An object array can only be read back by unpickling: it must never be loaded.
    path = folder / manifest["columns"]["invoice_id"]["files"]["codes"]["file"]
    np.save(path, np.array([object()] * 3, dtype=object), allow_pickle=True)
    manifest["columns"]["invoice_id"]["files"]["codes"]["dtype"] = "|O"


def _retyped(folder: Path, manifest: dict[str, Any]) -> None:
    # Consistent with itself (dtype, CRC), yet not what a ledger read types a date as.
    entry = manifest["columns"]["date"]
    file = entry["files"]["values"]
    days = np.load(folder / file["file"]).astype("datetime64[s]")
    np.save(folder / file["file"], days)
    file.update(dtype=days.dtype.str, crc=zlib.crc32(days.view(np.uint8).data))
    entry["dtype"] = "datetime64[s]"


def _foreign(folder: Path, manifest: dict[str, Any]) -> None:
    manifest["ident"]["ledger"] = "another.sqlite"


def _garbled_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    manifest["rows"] = "many"


def _no_data(folder: Path, manifest: dict[str, Any]) -> None:
    for path in folder.iterdir():
        path.unlink()


@pytest.mark.parametrize(
    "damage",
    [_damage_values, _cut_short, _plant_pickle, _retyped, _foreign, _garbled_manifest, _no_data],
    ids=[
        "changed-value",
        "cut-short",
        "planted-pickle",
        "retyped",
        "foreign",
        "garbled",
        "no-data",
    ],
)
def test_a_damaged_snapshot_is_read_from_the_ledger_again_and_rebuilt(
    ledger: Ledger, damage: Any
) -> None:
    submit_finance(ledger, finance_frames(40), "f1")
    want = _reference(ledger, "SalesLines", {})
    pd.testing.assert_frame_equal(ledger.counted("SalesLines"), want)
    folder, manifest = _snapshot(ledger, '"SalesLines"')
    ident = dict(manifest["ident"])
    damage(folder, manifest)
    pointer = next(p for p in folder.parent.glob("*.json") if p.stem in folder.name)
    pointer.write_text(json.dumps(manifest), "utf-8")
    pd.testing.assert_frame_equal(ledger.counted("SalesLines"), want)
    rebuilt, again = _snapshot(ledger, '"SalesLines"')
    assert rebuilt != folder and again["ident"] == ident
    assert not folder.exists()  # only the latest snapshot per table and filters is kept
    pd.testing.assert_frame_equal(ledger.counted("SalesLines"), want)


def test_snapshots_can_be_turned_off(
    ledger_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "off")
    with Ledger.open(ledger_url) as ledger:
        submit_finance(ledger, finance_frames(30), "f1")
        pd.testing.assert_frame_equal(
            ledger.counted("Payments"), _reference(ledger, "Payments", {})
        )
        assert ledger.snapshots is not None
        assert not ledger.snapshots.files.root.exists()


def test_snapshots_sit_beside_a_sqlite_ledger_and_name_no_password(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "co" / "ledger.sqlite") as ledger:
        assert ledger.snapshots is not None
        assert ledger.snapshots.files.root == tmp_path / "co" / ".salesdesk" / "snapshots"
    engine = pytest.importorskip("sqlalchemy").create_engine(
        "postgresql+psycopg2://sales:s3cret@db.example/salesdesk"
    )
    remote = Snapshots.for_engine(engine)
    assert remote is not None
    assert "s3cret" not in str(remote.files.root) and "s3cret" not in remote.ledger
    engine.dispose()


def test_text_comes_back_as_stored_empty_text_blanks_and_all(ledger: Ledger) -> None:
    """'' is not a blank, 'None' is text, and a value the snapshot cannot hold (a NUL
    character) is still read right: from the ledger, with no snapshot kept."""
    notes = ["", "None", " ", "价格 7", None, "=1+1", "", "a\tb"]
    frame = pd.DataFrame(
        {
            "_row": range(5, 5 + len(notes)),
            "date": pd.Timestamp("2026-10-02"),
            "customer_id": "C1",
            "feedback": notes,
        }
    )
    for n, rep in enumerate(REPS[:2]):
        ledger.submit(
            kind="rep",
            rep_id=rep,
            period="2026-10",
            file_name=f"{rep}.xlsx",
            file_hash=f"h{n}",
            status="accepted",
            frames={"DailyReport": frame},
        )
    _check(ledger, "DailyReport", {})
    assert ledger.counted("DailyReport")["feedback"].tolist()[:8] == [
        "",
        "None",
        " ",
        "价格 7",
        np.nan,
        "=1+1",
        "",
        "a\tb",
    ]
    if ledger.engine.dialect.name != "sqlite":
        return  # PostgreSQL text cannot hold a NUL at all
    ledger.submit(
        kind="rep",
        rep_id="R003",
        period="2026-10",
        file_name="R003.xlsx",
        file_hash="nul",
        status="accepted",
        frames={"DailyReport": frame.assign(feedback="a\x00b")},
    )
    _check(ledger, "DailyReport", {})


def test_a_snapshot_holds_the_columns_jobs_ask_for_and_widens_for_more(ledger: Ledger) -> None:
    submit_finance(ledger, finance_frames(30), "f1")
    _check(ledger, "SalesLines", {"columns": ["amount", "invoice_id"]})
    assert set(_snapshot(ledger, '"SalesLines"')[1]["columns"]) == {"amount", "invoice_id"}
    _check(ledger, "SalesLines", {"columns": ["date", "amount"]})
    assert set(_snapshot(ledger, '"SalesLines"')[1]["columns"]) == {"amount", "invoice_id", "date"}
    _check(ledger, "SalesLines", {})
    _check(ledger, "SalesLines", {"columns": ["invoice_id"]})


def test_what_a_killed_writer_left_is_cleared_when_old(ledger: Ledger) -> None:
    submit_finance(ledger, finance_frames(10), "f1")
    ledger.counted("Payments")
    folder, _ = _snapshot(ledger, '"Payments"')
    slot = folder.name.rsplit("-", 1)[0]
    root = folder.parent
    old, fresh = root / f".{slot}-dead.tmp", root / f".{slot}-busy.tmp"
    for left in (old, fresh):
        left.mkdir()
        (left / "0.values.npy").write_bytes(b"half")
    long_ago = time.time() - 2 * STALE_SECONDS
    os.utime(old, (long_ago, long_ago))
    # a new export: the next read keeps a new snapshot
    submit_finance(ledger, finance_frames(12), "f2")
    _check(ledger, "Payments", {})
    assert not old.exists() and fresh.exists()  # another writer's may be at work


def test_reps_are_ordered_as_the_database_orders_their_names(ledger: Ledger) -> None:
    """Rows come grouped by rep in the database's own order of rep ids (its collation:
    case, accents, Chinese), in the snapshot as in the ledger, new submissions included."""
    names = ["r010", "R002", "张伟", "Zoë", "a-1", "A_1"]
    for rep in names[:3]:
        submit_job(ledger, job(rep, "2026-10", rows=3))
    _check(ledger, "DailyReport", {})
    for rep in names[3:]:
        submit_job(ledger, job(rep, "2026-10", rows=2))
    submit_job(ledger, job("r010", "2026-10", version=2, rows=4))
    _check(ledger, "DailyReport", {})
    _check(ledger, "WeeklyRoute", {"period": "2026-10"})


def _check_coded(ledger: Ledger, name: str, coded: tuple[str, ...]) -> None:
    """`counted(coded=...)`: the named text and time columns as categories of exactly the values
    a plain read gives (blanks stay blank, '' stays ''), every other column untouched."""
    want = _reference(ledger, name, {})
    text = [c for c in coded if want[c].dtype != "float64"]
    for _ in range(2):  # the first read may make or update the snapshot, the second reads it
        got = ledger.counted(name, coded=coded)
        assert [str(got[c].dtype) for c in text] == ["category"] * len(text)
        plain = got.astype({c: want[c].dtype for c in text})
        for c in text:  # a category's blank reads NaN where the driver's text reads None
            if plain[c].dtype == object:
                plain[c] = plain[c].where(plain[c].notna(), None)
        pd.testing.assert_frame_equal(plain, want)


def test_coded_text_and_time_columns_come_as_categories_of_the_same_values(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit_finance(ledger, finance_frames(40), "f1")
    _check_coded(ledger, "SalesLines", ("customer_id", "invoice_id", "amount"))
    _check_coded(ledger, "Payments", ("customer_id", "invoice_id"))
    submit_job(ledger, job("R001", "2026-10", rows=6))
    daily = ("customer_id", "feedback", "period", "start_time", "end_time")
    _check_coded(ledger, "DailyReport", daily)
    submit_job(ledger, job("R002", "2026-10", rows=4))  # the snapshot updated, not made
    _check_coded(ledger, "DailyReport", daily)
    monkeypatch.setenv(ENV_VAR, "off")
    _check_coded(ledger, "DailyReport", daily)


def test_coded_text_kept_from_repeated_texts_reads_as_the_same_values(tmp_path: Path) -> None:
    """A column kept from a caller's coded texts (`CodedText`) may name one text twice;
    read coded, it is a Categorical of the same values all the same."""
    files = SnapshotFiles(tmp_path)
    texts = np.array(["C2", "C1", "C2", "", "价格"], dtype=object)
    codes = np.array([0, 1, 2, 3, 4, 2, 0, 1], dtype=np.int64)
    column = coded_text(codes, texts)
    assert column is not None
    ident = {"test": "repeated"}
    assert files.save("s", ident, "SalesLines", [("customer_id", column)], len(codes), [[8]])
    manifest = files.manifest("s", ident)
    assert manifest is not None
    plain = files.frame(manifest, "SalesLines", ["customer_id"])
    read = files.frame(manifest, "SalesLines", ["customer_id"], coded=["customer_id"])
    assert plain is not None and read is not None
    assert str(read["customer_id"].dtype) == "category"
    assert list(read["customer_id"].cat.categories) == ["C2", "C1", "", "价格"]
    assert read["customer_id"].astype(object).tolist() == plain["customer_id"].tolist()
    assert plain["customer_id"].tolist() == list(texts[codes])
