"""Four `salesdesk collect` processes at once over overlapping sets of the same inbox
files, on SQLite and on PostgreSQL: every submission is stored and counted exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from addin.io.ledger import Ledger, file_sha256
from addin.io.reader import WorkbookFile
from addin.schema import TABLES
from tests.faults.conftest import copy_company
from tests.faults.helpers import leftovers, start_cli

PERIOD = "2026-03"
WORKERS = 4


def _collect_at_once(root: Path, env: dict[str, str]) -> list[list[Path]]:
    """Worker w takes the files whose index mod 4 is w or w+1, in one shared order, so
    every file is sent by two workers that reach it at about the same moment."""
    files = sorted((root / "inbox").glob("rep-*.xlsx"))
    assert len(files) >= 6, "the demo inbox is smaller than this test assumes"
    shares = [
        [f for i, f in enumerate(files) if i % WORKERS in (w, (w + 1) % WORKERS)]
        for w in range(WORKERS)
    ]
    procs = [
        start_cli(["collect", str(root), *map(str, share), "--period", PERIOD], **env)
        for share in shares
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode in (0, 1), err
        assert "Traceback" not in out + err and "internal error" not in err, err
    return shares


def _rows_in(path: Path, table: str) -> int:
    with WorkbookFile(path) as book:
        return len(book.read(TABLES[table], required=False).frame)


def _check_counted_once(root: Path, ledger_url: str, demo_master: Path) -> None:
    files = sorted((root / "inbox").glob("rep-*.xlsx"))
    hashes = {file_sha256(p): p for p in files}
    with Ledger.open(demo_master / "ledger.sqlite") as ledger:  # the same files, one at a time
        one_by_one = ledger.submissions(period=PERIOD).set_index("file_name")
        reference = one_by_one["status"].to_dict()
        # A partly wrong file counts its valid rows: as many as when collected alone.
        kept = {
            table: ledger.counted(table, period=PERIOD)["submission_id"]
            .map(dict(zip(one_by_one["submission_id"], one_by_one.index, strict=True)))
            .value_counts()
            .to_dict()
            for table in ("DailyReport", "Forecast")
        }
    with Ledger.open(ledger_url) as ledger:
        subs = ledger.submissions(period=PERIOD)
        assert sorted(subs["file_hash"]) == sorted(hashes), "a file stored twice or never"
        assert subs.set_index("file_name")["status"].to_dict() == reference
        counted = subs.loc[subs["counted"]]
        assert counted["rep_id"].is_unique
        assert set(counted["file_name"]) == {n for n, s in reference.items() if s != "rejected"}
        for table in ("DailyReport", "Forecast"):
            rows = ledger.counted(table, period=PERIOD)
            assert set(rows["submission_id"]) <= set(counted["submission_id"])
            for sid, name in zip(counted["submission_id"], counted["file_name"], strict=True):
                expected = kept[table].get(name, 0)
                if reference[name] == "accepted":
                    assert expected == _rows_in(root / "inbox" / name, table)
                assert (rows["submission_id"] == sid).sum() == expected, (table, name)
    assert not leftovers(root), f"temporary files left behind: {leftovers(root)}"


def test_four_collects_at_once_on_sqlite(demo_master: Path, tmp_path: Path) -> None:
    root = copy_company(demo_master, tmp_path / "co", fresh_ledger=True)
    _collect_at_once(root, {})
    _check_counted_once(root, str(root / "ledger.sqlite"), demo_master)


@pytest.mark.postgres
def test_four_collects_at_once_on_postgres(
    demo_master: Path, tmp_path: Path, pg_ledger: str
) -> None:
    root = copy_company(demo_master, tmp_path / "co", fresh_ledger=True)
    _collect_at_once(root, {"SALESDESK_LEDGER": pg_ledger})
    assert not (root / "ledger.sqlite").exists(), "the URL in the environment was ignored"
    _check_counted_once(root, pg_ledger, demo_master)


def test_four_collects_of_one_marked_file_at_once(demo_master: Path, tmp_path: Path) -> None:
    """All four write the marked copy to returned/ at the same moment: none may fail, and
    the copy left is whole."""
    root = copy_company(demo_master, tmp_path / "co", fresh_ledger=True)
    with Ledger.open(demo_master / "ledger.sqlite") as ledger:
        subs = ledger.submissions(period=PERIOD)
    marked = str(subs.loc[subs["issue_count"] > 0, "file_name"].iloc[0])
    procs = [start_cli(["collect", str(root), str(root / "inbox" / marked)]) for _ in range(4)]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 1, err  # the file has issues: done, problems reported
        assert "Traceback" not in out + err and "internal error" not in err, err
    with Ledger.open(root / "ledger.sqlite") as ledger:
        assert len(ledger.submissions(period=PERIOD)) == 1
    with WorkbookFile(root / "returned" / marked) as book:
        assert "Issues" in book.sheet_names
    assert not leftovers(root), f"temporary files left behind: {leftovers(root)}"
