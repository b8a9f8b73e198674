"""A process killed (SIGKILL) in the middle of a submission leaves the ledger as before."""

from __future__ import annotations

import signal

import pytest
from sqlalchemy import func, select

from addin.io.ledger import Ledger
from addin.io.ledger.tables import ROWS, submission_issues
from tests.ledger.conftest import run_worker
from tests.ledger.data import job, job_hash, submit_job


def _row_total(ledger: Ledger) -> int:
    with ledger.engine.connect() as conn:
        tables = [*ROWS.values(), submission_issues]
        return sum(
            int(conn.execute(select(func.count()).select_from(t)).scalar() or 0) for t in tables
        )


@pytest.mark.parametrize("point", ["ledger-mid-submit", "ledger-before-commit"])
def test_a_submit_killed_mid_transaction_leaves_no_trace(ledger_url: str, point: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        kept = submit_job(ledger, job("R001", version=1, rows=5))
        before = _row_total(ledger)
    crashing = job("R001", version=2, rows=40, status="partial")
    proc = run_worker(ledger_url, [crashing], crash_at=point)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err

    with Ledger.open(ledger_url) as ledger:
        subs = ledger.submissions()
        assert subs["submission_id"].tolist() == [kept.submission_id]
        assert _row_total(ledger) == before
        assert set(ledger.counted("DailyReport")["submission_id"]) == {kept.submission_id}
        if ledger.engine.dialect.name == "sqlite":
            with ledger.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # The file was never recorded, so sending it again stores it.
        again = submit_job(ledger, crashing)
        assert again.outcome == "stored"
        assert ledger.submissions()["file_hash"].tolist()[-1] == job_hash(crashing)
        assert set(ledger.counted("DailyReport")["submission_id"]) == {again.submission_id}


@pytest.mark.parametrize("point", ["ledger-mid-submit", "ledger-before-commit"])
def test_a_batch_killed_mid_way_keeps_the_submissions_it_committed(
    ledger_url: str, point: str
) -> None:
    """Collect sends a batch's files on one connection (on SQLite without an fsync per
    commit): a process killed in the third keeps the first two whole, the third not at all."""
    jobs = [job("R001", rows=5), job("R002", rows=7), job("R003", rows=9)]
    proc = run_worker(ledger_url, jobs, batch=True, crash_last=point)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err

    with Ledger.open(ledger_url) as ledger:
        subs = ledger.submissions()
        assert subs["file_hash"].tolist() == [job_hash(j) for j in jobs[:2]]
        daily = ledger.counted("DailyReport")
        assert daily.groupby("rep_id").size().to_dict() == {"R001": 5, "R002": 7}
        if ledger.engine.dialect.name == "sqlite":
            with ledger.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        again = submit_job(ledger, jobs[2])
        assert again.outcome == "stored"
        assert submit_job(ledger, jobs[0]).outcome == "duplicate"
