"""Where the ledger lives and how to connect to it: a URL or a file path → an Engine.

SQLite (the default, one file beside the workbooks) is set up for several processes at
once: WAL so readers never wait for a writer, a busy timeout so writers queue instead of
failing, and `BEGIN IMMEDIATE` for write transactions so two writers cannot both read
and then both try to upgrade their lock (the classic SQLITE_BUSY deadlock).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

#: Environment variable that names the ledger; it wins over Settings.ledger_url.
ENV_VAR = "SALESDESK_LEDGER"
DEFAULT_FILE = "ledger.sqlite"
#: How long a SQLite writer waits for another one before giving up (milliseconds).
BUSY_TIMEOUT_MS = 60_000
#: Execution option that makes the SQLite `begin` listener take the write lock up front.
_BEGIN_OPTION = "salesdesk_sqlite_begin"


def resolve_url(company_dir: str | Path, settings_url: str = "") -> str:
    """The ledger to use: env `SALESDESK_LEDGER`, else `Settings.ledger_url`, else the
    company's `ledger.sqlite`."""
    chosen = os.environ.get(ENV_VAR, "").strip() or (settings_url or "").strip()
    return chosen or to_url(Path(company_dir) / DEFAULT_FILE)


def to_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL; a bare path (anything without `://`) means a SQLite file."""
    text = str(url_or_path)
    if isinstance(url_or_path, Path) or "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    return text


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url_or_path: str | Path) -> Engine:
    url = make_url(to_url(url_or_path))
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's `begin` event issue BEGIN itself (pysqlite's implicit BEGIN is
    # deferred and skips DDL), so a transaction means exactly what we say.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _enter_wal(cursor)
        # FULL: a commit that returned survives a power cut too; the ledger is the record.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _enter_wal(cursor: Any) -> None:
    """Switch the file to WAL, waiting for other processes doing the same.

    Several processes opening a fresh ledger at once race to change its journal mode;
    SQLite answers the losers SQLITE_BUSY at once (the busy handler is not consulted
    while another connection holds the lock for a mode change or a WAL recovery), so the
    wait is ours to do.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed whole when the block ends, rolled back on error."""
    with write_connection(engine) as conn, conn.begin():
        yield conn


@contextmanager
def write_connection(engine: Engine, *, group_sync: bool = False) -> Iterator[Connection]:
    """A connection for write transactions, each opened with `conn.begin()`.

    `group_sync` (SQLite): the transactions' commits skip their own fsync
    (`synchronous = NORMAL`) and the block ends with one fsync of the write-ahead log,
    which makes every commit before it durable at once. A process crash loses nothing
    either way (a commit is in the log before it returns); a power cut before the block
    ends may undo some of its commits, so callers let nothing outside the ledger depend
    on them (a file leaving the inbox) until the block has ended.
    """
    with engine.connect() as conn:
        if not is_sqlite(engine):
            yield conn
            return
        conn = conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        if not group_sync:
            yield conn
            return
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA synchronous = NORMAL")  # type: ignore[union-attr]
        try:
            yield conn
        finally:
            if raw.in_transaction:  # type: ignore[union-attr]
                raw.rollback()  # type: ignore[union-attr]  # (as closing would) to reset it
            raw.execute("PRAGMA synchronous = FULL")  # type: ignore[union-attr]
            _sync_wal(engine.url.database)


def _sync_wal(database: str | None) -> None:
    """fsync the SQLite file's write-ahead log: everything committed to it is durable.

    Frames already copied into the database by a checkpoint were synced by it (the log
    before the copy, the database after), so the log is all that can be unsynced."""
    if not database or database == ":memory:":
        return
    try:  # read-write: Windows flushes only a handle that may write
        fd = os.open(f"{database}-wal", os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:  # no log: every commit is in the synced database file
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One consistent snapshot for a group of reads."""
    with engine.connect() as conn:
        if not is_sqlite(engine):  # SQLite WAL readers get a snapshot anyway
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
