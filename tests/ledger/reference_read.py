"""The ledger read as it was before the fast path: SQLAlchemy-typed rows, pandas
records. Kept as the oracle the fast path must match frame for frame."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select

from addin.io.ledger import Ledger
from addin.io.ledger.engine import read_transaction
from addin.io.ledger.frames import typed
from addin.io.ledger.queries import counted_ids
from addin.io.ledger.tables import BASE_COLUMNS, KIND_OF, ROWS, data_columns
from addin.schema import TABLES


def reference_counted(
    ledger: Ledger,
    name: str,
    *,
    kind: str | None = None,
    period: Any = None,
    rep_id: str | None = None,
) -> pd.DataFrame:
    kind = kind or KIND_OF[name]
    table = ROWS[name]
    ids = counted_ids(kind, period, rep_id if kind == "rep" else None)
    query = select(*(table.c[c] for c in data_columns(name))).where(table.c.submission_id.in_(ids))
    if rep_id is not None:
        query = query.where(table.c.rep_id == rep_id)
    by_rep = [] if TABLES[name].has("rep_id") else [table.c.rep_id]
    query = query.order_by(table.c.period, *by_rep, table.c.submission_id, table.c.row_no)
    with read_transaction(ledger.engine) as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=data_columns(name))
    frame["submission_id"] = frame["submission_id"].astype("int64")
    frame["row_no"] = frame["row_no"].astype("int64")
    for key in BASE_COLUMNS[2:]:
        frame[key] = _text(frame[key])
    for column in TABLES[name].columns:
        if column.key not in BASE_COLUMNS:
            frame[column.key] = typed(frame[column.key], column.type)
    return frame


def _text(values: pd.Series) -> pd.Series:
    if len(values) == 0:
        return values.astype(object)
    return values.where(values.notna(), None)
