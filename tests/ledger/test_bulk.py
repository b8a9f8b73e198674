"""SQLite takes a big insert many rows to a statement: every row is stored, in order, with
its values and types, whatever the row count and however few parameters SQLite allows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, Table, Text, create_engine, text

from addin.io.ledger import bulk

PER = bulk.SQLITE_ROWS_PER_STATEMENT


def _stored(tmp_path: Path, n: int, variable_limit: int | None) -> tuple[list[tuple], list[tuple]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.sqlite'}")
    table = Table(
        "t",
        MetaData(),
        Column("id", Integer),
        Column("seq", Integer),
        Column("name", Text),
        Column("amount", Float),
    )
    table.metadata.create_all(engine)
    columns = {
        "seq": list(range(n)),
        "name": [None if i % 7 == 3 else f"n{i}" for i in range(n)],
        "amount": [None if i % 5 == 1 else i + 0.1 for i in range(n)],
    }
    with engine.begin() as conn:
        if variable_limit is not None:
            raw = conn.connection.driver_connection
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, variable_limit)  # type: ignore[union-attr]
        bulk.insert_columns(conn, table, columns, {"id": 9})
        back = conn.execute(text("SELECT id, seq, name, amount FROM t ORDER BY rowid")).all()
    engine.dispose()
    want = [(9, *row) for row in zip(*columns.values(), strict=True)]
    return [tuple(r) for r in back], want


@pytest.mark.parametrize("n", [1, PER - 1, PER, PER + 1, 3 * PER + 17])
def test_every_row_is_stored_in_order(tmp_path: Path, n: int) -> None:
    back, want = _stored(tmp_path, n, None)
    assert back == want
    assert [type(v) for row in back for v in row] == [type(v) for row in want for v in row]


@pytest.mark.parametrize("limit", [4, 7, 9, 8 * 4 + 3])
def test_a_low_parameter_limit_takes_fewer_rows_to_a_statement(tmp_path: Path, limit: int) -> None:
    back, want = _stored(tmp_path, 2 * PER + 5, limit)
    assert back == want
