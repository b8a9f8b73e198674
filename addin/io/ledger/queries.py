"""Reading the ledger: counted rows, submissions, their issues, a status summary.

"Counted" is computed, never stored: per (kind, rep_id, period) it is the newest
submission (highest id) whose status is accepted or partial. Nothing can get out of
step with the submissions table, and a rejected re-send leaves the earlier one counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, Table, func, select

from addin.io.ledger.fetch import fetch_columns
from addin.io.ledger.frames import from_columns, typed
from addin.io.ledger.tables import (
    COUNTABLE,
    KIND_OF,
    ROWS,
    STORED,
    data_columns,
    submission_issues,
    submissions,
)
from addin.schema import TABLES

Periods = str | Iterable[str] | None

SUBMISSION_COLUMNS = (
    "submission_id",
    "kind",
    "rep_id",
    "period",
    "file_name",
    "file_hash",
    "received_at",
    "status",
    "issue_count",
    "row_count",
    "counted",
)
ISSUE_COLUMNS = (
    "submission_id",
    "file",
    "sheet",
    "cell",
    "row",
    "column",
    "value",
    "code",
    "severity",
    "message",
)


def _periods(period: Periods) -> list[str] | None:
    if period is None:
        return None
    return [period] if isinstance(period, str) else [str(p) for p in period]


def counted_ids(
    kind: str | None = None, period: Periods = None, rep_id: str | None = None
) -> Select[Any]:
    """Ids of the counted submission of every (kind, rep_id, period) matching the filters."""
    s = submissions.c
    query = select(func.max(s.id).label("id")).where(s.status.in_(COUNTABLE))
    if kind is not None:
        query = query.where(s.kind == kind)
    periods = _periods(period)
    if periods is not None:
        query = query.where(s.period.in_(periods))
    if rep_id is not None:
        query = query.where(s.rep_id == rep_id)
    return query.group_by(s.kind, s.rep_id, s.period)


def counted(
    conn: Connection,
    name: str,
    *,
    kind: str | None = None,
    period: Periods = None,
    rep_id: str | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Counted rows of `name`, all its columns or just `columns` (in that order)."""
    keys = _columns(name, columns)
    rows, single = _counted_rows(conn, name, kind, period, rep_id)
    return read_rows(conn, name, keys, rows, rep_id, in_files=not single)


def read_rows(
    conn: Connection,
    name: str,
    keys: Sequence[str],
    rows: ColumnElement[bool],
    rep_id: str | None,
    *,
    in_files: bool,
) -> pd.DataFrame:
    """Columns `keys` of the rows of `name` that `rows` selects (and of `rep_id`'s rows
    where given), typed. Ordered as `counted` orders them when `in_files`, else (one
    submission, or rows to be placed by the caller) by submission and row."""
    table = _rows_table(name)
    query = select(*(table.c[c] for c in keys)).where(rows)
    if rep_id is not None:
        query = query.where(table.c.rep_id == rep_id)
    # Rows in file order; rep submissions grouped by rep. A table with its own rep_id
    # column (SalesLines, TargetCube) keeps the order of the file it came in. Within one
    # submission period and a rep submission's rep_id are the same on every row.
    by_rep = [] if TABLES[name].has("rep_id") else [table.c.rep_id]
    files = [table.c.period, *by_rep] if in_files else []
    query = query.order_by(*files, table.c.submission_id, table.c.row_no)
    return from_columns(name, keys, fetch_columns(conn, query))


def counted_sums(
    conn: Connection,
    name: str,
    by: Sequence[str],
    sums: Sequence[str],
    *,
    kind: str | None = None,
    period: Periods = None,
) -> pd.DataFrame:
    """Per distinct `by` of the counted rows of `name`: the SQL SUM of each of `sums`
    (NULL, so NaN, where a group has no value, as pandas' `sum(min_count=1)`), in `by`
    order. For consumers that only ever sum the rows, at a fraction of reading them."""
    table = _rows_table(name)
    keys = _columns(name, [*by, *sums])
    spec = TABLES[name]
    if any(spec.column(s).type not in {"number", "money", "pct", "int"} for s in sums):
        raise ValueError(f"only numbers can be summed, not {list(sums)}")
    group = [table.c[k] for k in by]
    query = (
        select(*group, *(func.sum(table.c[s]).label(s) for s in sums))
        .where(_counted_rows(conn, name, kind, period, None)[0])
        .group_by(*group)
        .order_by(*group)
    )
    return from_columns(name, keys, fetch_columns(conn, query))


def _rows_table(name: str) -> Table:
    if name not in ROWS:
        raise KeyError(f"the ledger stores no table {name!r}; it stores {sorted(ROWS)}")
    return ROWS[name]


def _columns(name: str, columns: Sequence[str] | None) -> list[str]:
    every = data_columns(name)
    if columns is None:
        return every
    unknown = [c for c in columns if c not in every]
    if unknown:
        raise KeyError(f"{name} has no column {unknown}; it has {every}")
    return list(columns)


def _counted_rows(
    conn: Connection, name: str, kind: str | None, period: Periods, rep_id: str | None
) -> tuple[ColumnElement[bool], bool]:
    """Rows of the counted submissions, and whether they are one submission's. When only
    one is counted (a finance export, a year's plan) it is named outright, so its rows
    come in primary-key order without a sort of the whole table."""
    kind = kind or KIND_OF[name]
    table = ROWS[name]
    # A rep submission is one rep's, so filter there; finance/plan rows carry their own rep.
    ids = counted_ids(kind, period, rep_id if kind == "rep" else None)
    found = conn.execute(ids.limit(2)).scalars().all()
    if len(found) == 1:
        return table.c.submission_id == int(found[0]), True
    return table.c.submission_id.in_(ids), False


def submissions_frame(
    conn: Connection, period: Periods = None, kind: str | None = None, rep_id: str | None = None
) -> pd.DataFrame:
    s = submissions.c
    now_counted = counted_ids(kind, period, rep_id).subquery()
    query = select(
        s.id,
        s.kind,
        s.rep_id,
        s.period,
        s.file_name,
        s.file_hash,
        s.received_at,
        s.status,
        s.issue_count,
        s.row_count,
        (now_counted.c.id.is_not(None)).label("counted"),
    ).outerjoin(now_counted, now_counted.c.id == s.id)
    if kind is not None:
        query = query.where(s.kind == kind)
    periods = _periods(period)
    if periods is not None:
        query = query.where(s.period.in_(periods))
    if rep_id is not None:
        query = query.where(s.rep_id == rep_id)
    rows = conn.execute(query.order_by(s.id)).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=list(SUBMISSION_COLUMNS))
    for key in ("submission_id", "issue_count", "row_count"):
        frame[key] = frame[key].astype("int64")
    frame["counted"] = frame["counted"].astype(bool)
    frame["received_at"] = pd.to_datetime(frame["received_at"]).dt.tz_localize("UTC")
    return frame


def issues_frame(conn: Connection, submission_id: int) -> pd.DataFrame:
    i = submission_issues.c
    query = (
        select(*(i[k] for k in ISSUE_COLUMNS))
        .where(i.submission_id == submission_id)
        .order_by(i.seq)
    )
    frame = pd.DataFrame.from_records(
        [tuple(r) for r in conn.execute(query)], columns=list(ISSUE_COLUMNS)
    )
    frame["submission_id"] = frame["submission_id"].astype("int64")
    frame["row"] = typed(frame["row"], TABLES["Issues"].column("row").type)
    return frame


def status_frame(conn: Connection, period: Periods) -> pd.DataFrame:
    """Per rep and period: latest submission (any status), the counted one, row counts."""
    subs = submissions_frame(conn, period, "rep")
    names = list(STORED["rep"])
    columns = [
        "rep_id",
        "period",
        "submissions",
        "latest_id",
        "latest_file",
        "latest_received_at",
        "latest_status",
        "latest_issue_count",
        "counted_id",
        *names,
    ]
    if subs.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        for c in ("submissions", "latest_id", "latest_issue_count", *names):
            empty[c] = empty[c].astype("int64")
        empty["counted_id"] = empty["counted_id"].astype("Int64")
        empty["latest_received_at"] = pd.Series(dtype="datetime64[ns, UTC]")
        return empty
    keys = ["rep_id", "period"]
    latest = subs.loc[subs.groupby(keys)["submission_id"].idxmax()]
    out = latest.rename(
        columns={
            "submission_id": "latest_id",
            "file_name": "latest_file",
            "received_at": "latest_received_at",
            "status": "latest_status",
            "issue_count": "latest_issue_count",
        }
    )[
        [
            "rep_id",
            "period",
            "latest_id",
            "latest_file",
            "latest_received_at",
            "latest_status",
            "latest_issue_count",
        ]
    ]
    out = out.merge(subs.groupby(keys).size().rename("submissions").reset_index(), on=keys)
    now = subs.loc[subs["counted"], [*keys, "submission_id"]].rename(
        columns={"submission_id": "counted_id"}
    )
    out = out.merge(now, on=keys, how="left")
    out["counted_id"] = out["counted_id"].astype("Int64")
    ids = [int(i) for i in now["counted_id"]]
    for name in names:
        out[name] = out["counted_id"].map(_row_counts(conn, name, ids)).fillna(0).astype("int64")
    return out[columns].sort_values(keys, ignore_index=True)


def _row_counts(conn: Connection, name: str, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    table = ROWS[name]
    query = (
        select(table.c.submission_id, func.count().label("n"))
        .where(table.c.submission_id.in_(ids))
        .group_by(table.c.submission_id)
    )
    return {int(sid): int(n) for sid, n in conn.execute(query).all()}


def find_submission(
    conn: Connection, kind: str, rep_id: str, period: str, file_hash: str
) -> tuple[int, str] | None:
    s = submissions.c
    row = conn.execute(
        select(s.id, s.status).where(
            s.kind == kind,
            s.rep_id == rep_id,
            s.period == period,
            s.file_hash == file_hash,
        )
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))
