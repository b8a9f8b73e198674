"""Ledger fixtures: every test runs on SQLite, and on PostgreSQL when
SALESDESK_TEST_PG_URL is set (start one with `eval "$(bash .ci/postgres.sh)"`).

Each PostgreSQL test gets a schema of its own (through the connection's search_path),
dropped afterwards, so tests never see each other's submissions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from addin.io.ledger import Ledger
from addin.io.ledger.snapshot import DIR_VAR

PG_URL = os.environ.get("SALESDESK_TEST_PG_URL", "")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
WORKER = Path(__file__).with_name("worker.py")


@pytest.fixture(params=BACKENDS)
def ledger_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "company" / "ledger.sqlite")
        return
    if not PG_URL:
        pytest.skip("SALESDESK_TEST_PG_URL is not set (run .ci/postgres.sh)")
    # Snapshots of a PostgreSQL ledger go to this test's folder, not the user's cache.
    monkeypatch.setenv(DIR_VAR, str(tmp_path / "snapshots"))
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url) as opened:
        yield opened


def run_worker(
    url: str,
    jobs: list[dict[str, Any]],
    *,
    crash_at: str = "",
    gate: Path | None = None,
    batch: bool = False,
    crash_last: str = "",
) -> subprocess.Popen[str]:
    """`batch`: the jobs go in one `Ledger.batch()`; `crash_last`: killed at that point
    of the last job only."""
    env = {k: v for k, v in os.environ.items() if k != "SALESDESK_CRASH_AT"}
    if crash_at:
        env["SALESDESK_CRASH_AT"] = crash_at
    if batch:
        env["SALESDESK_TEST_BATCH"] = "1"
    if crash_last:
        env["SALESDESK_TEST_CRASH_LAST"] = crash_last
    args = [sys.executable, str(WORKER), url, json.dumps(jobs)]
    if gate is not None:
        args.append(str(gate))
    return subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
