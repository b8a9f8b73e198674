"""Several processes submitting overlapping files at once into a brand-new ledger."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pandas as pd

from addin.io.ledger import Ledger
from tests.ledger.conftest import run_worker
from tests.ledger.data import daily_report, job, job_hash

WORKERS = 4


def test_four_processes_never_double_count(ledger_url: str, tmp_path: Path) -> None:
    files = [job(f"R{r:03d}", version=v, rows=3 + 2 * r + v) for r in range(1, 5) for v in (1, 2)]
    # Each worker sends 5 of the 8 files, so every file goes in from 2 or 3 workers.
    shares = [[files[(w * 2 + k) % len(files)] for k in range(5)] for w in range(WORKERS)]
    for w, share in enumerate(shares):
        random.Random(w).shuffle(share)
    gate = tmp_path / "gate"
    gate.mkdir()
    procs = [run_worker(ledger_url, share, gate=gate) for share in shares]
    deadline = time.monotonic() + 60
    while len(list(gate.glob("ready-*"))) < WORKERS and time.monotonic() < deadline:
        time.sleep(0.01)
    (gate / "go").touch()  # all open the fresh ledger (and migrate it) at the same time
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outcomes += json.loads(out)

    by_hash: dict[str, list[dict[str, object]]] = {}
    for item in outcomes:
        by_hash.setdefault(str(item["hash"]), []).append(item)
    sent = {job_hash(f) for share in shares for f in share}
    assert set(by_hash) == sent == {job_hash(f) for f in files}
    for results in by_hash.values():
        assert [r["outcome"] for r in results].count("stored") == 1
        assert len({r["id"] for r in results}) == 1  # duplicates name the stored one

    with Ledger.open(ledger_url) as ledger:
        subs = ledger.submissions()
        assert sorted(subs["file_hash"]) == sorted(sent)
        counted = ledger.counted("DailyReport")
        for rep, rows in counted.groupby("rep_id"):
            assert rows["submission_id"].nunique() == 1
            sid = int(rows["submission_id"].iloc[0])
            spec = next(
                f
                for f in files
                if job_hash(f) == subs.set_index("submission_id").loc[sid, "file_hash"]
            )
            assert spec["rep_id"] == rep
            sent_rows = daily_report(spec)
            pd.testing.assert_series_equal(
                rows["order_amount"].reset_index(drop=True),
                sent_rows["order_amount"].reset_index(drop=True),
            )
        assert counted["rep_id"].nunique() == 4
        assert subs["counted"].sum() == 4
        if ledger.engine.dialect.name == "sqlite":
            with ledger.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
