"""Fault tests copy the session's demo company (`demo_master`, tests/conftest.py)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("SALESDESK_TEST_PG_URL", "")


def copy_company(source: Path, target: Path, *, fresh_ledger: bool = False) -> Path:
    """A copy of a company folder; with `fresh_ledger` as if nothing was ever collected."""
    shutil.copytree(source, target)
    if fresh_ledger:
        for name in ("ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm"):
            (target / name).unlink(missing_ok=True)
        shutil.rmtree(target / "returned", ignore_errors=True)
        for kept in (target / "archive").glob("*/*.xlsx"):  # never collected: in the inbox
            shutil.move(kept, target / "inbox" / kept.name)
        shutil.rmtree(target / "archive", ignore_errors=True)
    return target


def received(root: Path, name: str) -> Path:
    """A rep's file as received: in the inbox, or in its period's archive once collected."""
    waiting = root / "inbox" / name
    return waiting if waiting.exists() else next((root / "archive").glob(f"*/{name}"))


@pytest.fixture
def pg_ledger() -> Iterator[str]:
    """A PostgreSQL ledger URL in a schema of its own, dropped afterwards."""
    if not PG_URL:
        pytest.skip('SALESDESK_TEST_PG_URL is not set (eval "$(bash .ci/postgres.sh)")')
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
