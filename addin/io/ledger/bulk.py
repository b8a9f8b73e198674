"""Many rows into one ledger table, column by column, inside the caller's transaction.

SQLAlchemy's `conn.execute(insert(t), [dict, …])` builds, processes and checks one
parameter dict per row; at a finance export's millions of rows that, not the database,
is the cost (2.7k rows/s on PostgreSQL). Here the driver gets the rows as they are:

* SQLite: `executemany` of plain tuples on the raw sqlite3 cursor, 200 rows to a
  statement, each column's values passed through SQLAlchemy's own bind processor for its
  type first, so dates, times and booleans are stored exactly as `insert()` stores them;
* PostgreSQL: `COPY … FROM STDIN` in text format, each value written as PostgreSQL's
  input syntax for its column type (floats by `repr`, which round-trips exactly);
* any other backend: SQLAlchemy's executemany, as before.

Every path runs on the transaction's own connection, so the rows commit or roll back
with the rest of the submission.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain, islice, repeat
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Float, Integer, Table, Time, insert

#: Values per column, key → one value per row (None is NULL).
Columns = Mapping[str, Sequence[Any]]
#: Rows in one SQLite INSERT: SQLite's own work per row is most of a big insert, and a
#: statement of many rows does a quarter less of it than one statement per row.
SQLITE_ROWS_PER_STATEMENT = 200


def insert_columns(
    conn: Connection, table: Table, columns: Columns, constants: Mapping[str, Any]
) -> None:
    """Insert `columns` (all the same length) into `table`; `constants` fill a column with
    one value for every row (the submission id). Columns not named stay NULL."""
    keys = [*constants, *(k for k in columns if k not in constants)]
    unknown = sorted(set(keys) - set(table.c.keys()))
    if unknown:  # a caller's mistake: say so rather than drop the values
        raise ValueError(f"{table.name} has no column {unknown}")
    n = len(next(iter(columns.values()))) if columns else 0
    if n == 0:
        return
    values = [repeat(constants[k], n) if k in constants else columns[k] for k in keys]
    name = conn.dialect.name
    if name == "sqlite":
        _sqlite(conn, table, keys, values, n)
    elif name == "postgresql" and conn.dialect.driver == "psycopg2":
        _pg_copy(conn, table, keys, values)
    else:
        rows = [dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True)]
        conn.execute(insert(table), rows)


def _column_list(conn: Connection, table: Table, keys: list[str]) -> str:
    quote = conn.dialect.identifier_preparer.quote
    return ", ".join(quote(k) for k in keys)


def _sqlite(conn: Connection, table: Table, keys: list[str], values: list[Any], n: int) -> None:
    processed = []
    for key, column in zip(keys, values, strict=True):
        process = table.c[key].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if process is None:
            processed.append(column)
        else:  # SQLAlchemy's processors map None to None themselves
            processed.append(map(process, column))
    preparer = conn.dialect.identifier_preparer
    head = f"INSERT INTO {preparer.format_table(table)} ({_column_list(conn, table, keys)}) VALUES "
    one = f"({', '.join('?' * len(keys))})"
    raw = conn.connection.driver_connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)  # type: ignore[union-attr]
    per = max(1, min(SQLITE_ROWS_PER_STATEMENT, limit // len(keys)))
    full = n // per * per if per > 1 else 0
    rows = zip(*processed, strict=True)
    cursor = raw.cursor()  # type: ignore[union-attr]
    try:
        if full:
            # `per` rows to a statement, each statement's values one flat tuple (the
            # grouper idiom: one zip over one iterator); the rest one row at a time.
            flat = [chain.from_iterable(islice(rows, full))] * (per * len(keys))
            cursor.executemany(head + ", ".join([one] * per), zip(*flat, strict=True))
        cursor.executemany(head + one, rows)
    finally:
        cursor.close()


# ---------------------------------------------------------------- PostgreSQL COPY
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


# One comprehension per column and type (not a function call per value): a finance
# export is millions of values.
def _texts(column: Iterable[Any]) -> list[str]:
    return [
        _NULL if v is None else (v if type(v) is str else str(v)).translate(_ESCAPES)
        for v in column
    ]


def _floats(column: Iterable[Any]) -> list[str]:
    # repr: the shortest text that reads back as the same double; v - v is 0 unless inf
    return [_NULL if v is None else repr(v) if v - v == 0 else _infinite(v) for v in column]


def _infinite(value: float) -> str:
    return "Infinity" if value > 0 else "-Infinity"


def _ints(column: Iterable[Any]) -> list[str]:
    return [_NULL if v is None else str(int(v)) for v in column]


def _bools(column: Iterable[Any]) -> list[str]:
    return [_NULL if v is None else "t" if v else "f" for v in column]


def _isos(column: Iterable[Any]) -> list[str]:
    # date, time, and datetime (ISO 8601 with its "T", which PostgreSQL reads)
    return [_NULL if v is None else v.isoformat() for v in column]


def _formatter(column_type: Any) -> Callable[[Iterable[Any]], list[str]]:
    if isinstance(column_type, Boolean):
        return _bools
    if isinstance(column_type, Float):
        return _floats
    if isinstance(column_type, Integer):
        return _ints
    if isinstance(column_type, Date | DateTime | Time):
        return _isos
    return _texts


def _pg_copy(conn: Connection, table: Table, keys: list[str], values: list[Any]) -> None:
    columns = [
        _formatter(table.c[key].type)(column) for key, column in zip(keys, values, strict=True)
    ]
    buffer = io.StringIO()
    buffer.writelines("\t".join(row) + "\n" for row in zip(*columns, strict=True))
    buffer.seek(0)
    preparer = conn.dialect.identifier_preparer
    sql = (
        f"COPY {preparer.format_table(table)} ({_column_list(conn, table, keys)}) "
        "FROM STDIN (FORMAT text)"
    )
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.copy_expert(sql, buffer)
    finally:
        cursor.close()
