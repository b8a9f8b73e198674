"""Versioned schema: an ordered list of migration functions, applied in one transaction.

A small list of functions, not Alembic: the ledger has a handful of tables whose
columns come from the specs, both backends support transactional DDL, and a plain list
needs no extra package, no script folder and no second place where a column is named.

Rules for whoever changes the schema:
- A column added to a stored table's spec (or a new stored table) needs nothing: `open`
  adds what the specs have and the database lacks (`ALTER TABLE … ADD COLUMN`, nullable).
- Anything else (rename, new type, dropping, new constraint) is a new numbered function
  appended to MIGRATIONS; never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, func, insert, inspect, select, text
from sqlalchemy.schema import CreateColumn

from addin.i18n import Msg, SaidError
from addin.io.ledger.engine import is_sqlite, read_transaction, write_transaction
from addin.io.ledger.tables import metadata, schema_version


class LedgerError(SaidError):
    """The ledger cannot be used, and why (`ledger.<why>` in the catalogue)."""

    def __init__(self, why: str, /, **args: object) -> None:
        super().__init__(Msg(f"ledger.{why}", **args))


class LedgerTooNew(LedgerError):
    """The ledger was written by a newer SalesDesk than this one."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    note: str
    apply: Callable[[Connection], None]


def _v1_initial(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=True)


MIGRATIONS: list[Migration] = [
    Migration(1, "submissions, issues, rows_* tables from the specs, derived", _v1_initial),
]
#: Key of the PostgreSQL advisory lock that serialises concurrent migrations.
_PG_LOCK_KEY = 0x5A1E5DE5


def code_version() -> int:
    return MIGRATIONS[-1].version if MIGRATIONS else 0


def stored_version(conn: Connection) -> int:
    """Schema version of the database; 0 for an empty one."""
    if not inspect(conn).has_table(schema_version.name):
        return 0
    return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)


def missing_columns(conn: Connection) -> dict[str, list[str]]:
    """Tables (→ their missing columns; [] = the whole table) that the specs have and the
    database lacks."""
    inspector = inspect(conn)
    present = set(inspector.get_table_names())
    wanted = [t for t in metadata.sorted_tables if t.name in present]
    columns = inspector.get_multi_columns(filter_names=[t.name for t in wanted])
    found = {key[1]: {c["name"] for c in cols} for key, cols in columns.items()}
    out: dict[str, list[str]] = {}
    for table in metadata.sorted_tables:
        if table.name not in present:
            out[table.name] = []
            continue
        lacking = [c.name for c in table.columns if c.name not in found.get(table.name, set())]
        if lacking:
            out[table.name] = lacking
    return out


def migrate(engine: Engine, where: str) -> int:
    """Bring the database to the code's schema version; refuse one that is newer."""
    target = code_version()
    with read_transaction(engine) as conn:
        version = stored_version(conn)
        _refuse_newer(version, target, where)
        if version == target and not missing_columns(conn):
            return version
    with write_transaction(engine) as conn:
        if not is_sqlite(conn):  # SQLite's BEGIN IMMEDIATE already excludes other writers
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        version = stored_version(conn)  # another process may have migrated meanwhile
        _refuse_newer(version, target, where)
        for step in MIGRATIONS:
            if step.version > version:
                step.apply(conn)
                conn.execute(
                    insert(schema_version).values(
                        version=step.version,
                        applied_at=_utcnow(),
                        note=step.note,
                    )
                )
        _add_missing(conn)
    return target


def _add_missing(conn: Connection) -> None:
    lacking = missing_columns(conn)
    if not lacking:
        return
    metadata.create_all(
        conn, tables=[metadata.tables[name] for name, cols in lacking.items() if not cols]
    )
    for name, cols in lacking.items():
        table = metadata.tables[name]
        for col in cols:
            column = table.c[col]
            if column.primary_key or not column.nullable:
                raise LedgerError("lacks_key", table=name, column=col)
            spec = CreateColumn(column).compile(dialect=conn.dialect)
            table_sql = conn.dialect.identifier_preparer.format_table(table)
            conn.exec_driver_sql(f"ALTER TABLE {table_sql} ADD COLUMN {spec}")


def _refuse_newer(version: int, target: int, where: str) -> None:
    if version > target:
        raise LedgerTooNew("too_new", where=where, version=version, target=target)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
