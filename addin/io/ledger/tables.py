"""The ledger's SQL tables, built from the table specs in `addin.schema`.

Stored rows get one SQL table each, `rows_<snake name>`, whose data columns are the
spec's columns in spec order, so a column is still declared exactly once (in schema/).
Money is stored as a double (`Float`), not `Numeric(18, 2)`: the reader and core work in
float64, a double round-trips those values exactly, while Numeric would round unit prices
and split targets to cents and hand back `Decimal` objects that pandas keeps as `object`.
Where the database sums (`queries.counted_sums`, the plan's targets per rep and month)
it sums these doubles as pandas would; targets are whole units, so the order of the
additions cannot show.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.types import TypeEngine

from addin.schema import TABLES, WORKBOOK_INPUTS
from addin.schema import Table as Spec

KINDS = ("rep", "finance", "plan")
STATUSES = ("accepted", "rejected", "partial")
#: Statuses whose submission can be the counted one.
COUNTABLE = ("accepted", "partial")

#: Stored tables, by the kind of submission that brings them.
STORED: dict[str, tuple[str, ...]] = {
    "rep": WORKBOOK_INPUTS["rep"],
    "finance": WORKBOOK_INPUTS["finance"],
    "plan": ("TargetCube", "ExpenseBudget"),
}
KIND_OF: dict[str, str] = {name: kind for kind, names in STORED.items() for name in names}

#: Columns every rows_* table has before the spec's own; a spec column of the same
#: name (SalesLines.rep_id, TargetCube.rep_id) is that column, not a second one.
BASE_COLUMNS = ("submission_id", "row_no", "rep_id", "period")

_SQL_TYPES: dict[str, type[TypeEngine[Any]]] = {
    "id": String,
    "month": String,
    "text": Text,
    "int": Integer,
    "number": Float,
    "pct": Float,
    "money": Float,
    "date": Date,
    "time": Time,
    "bool": Boolean,
}

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
    Column("note", Text, nullable=False, default=""),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    # '' when the submission is not one rep's (finance, plan): NULLs would slip past
    # the unique constraint below, which is what makes a re-sent file a duplicate.
    Column("rep_id", String(64), nullable=False, default=""),
    Column("period", String(16), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("received_at", DateTime, nullable=False),  # UTC, stored naive
    Column("status", String(16), nullable=False),
    Column("issue_count", Integer, nullable=False),
    Column("row_count", Integer, nullable=False),
    UniqueConstraint("kind", "rep_id", "period", "file_hash", name="uq_submissions_file"),
    CheckConstraint(f"kind IN {KINDS!r}", name="ck_submissions_kind"),
    CheckConstraint(f"status IN {STATUSES!r}", name="ck_submissions_status"),
    Index("ix_submissions_counting", "kind", "period", "rep_id", "status"),
)


def _spec_column(key: str, type_: str) -> Column[Any]:
    return Column(key, _SQL_TYPES[type_](), nullable=True)


_ISSUES_SPEC = TABLES["Issues"]
submission_issues = Table(
    "submission_issues",
    metadata,
    Column(
        "submission_id",
        Integer,
        ForeignKey("submissions.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("seq", Integer, primary_key=True, autoincrement=False),  # order as reported
    Column("file", Text),
    Column("cell", String(32)),
    *(_spec_column(c.key, c.type) for c in _ISSUES_SPEC.columns),
)

derived = Table(
    "derived",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("updated_at", DateTime, nullable=False),
    Column("payload", Text, nullable=False),  # DataFrame.to_json(orient="table")
)


def snake(name: str) -> str:
    """`MarketInspection` → `market_inspection`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _rows_table(spec: Spec) -> Table:
    base: list[Column[Any]] = [
        Column(
            "submission_id",
            Integer,
            ForeignKey("submissions.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        Column("row_no", Integer, primary_key=True, autoincrement=False),  # the Excel row
    ]
    if not spec.has("rep_id"):
        base.append(Column("rep_id", String(64)))
    base.append(Column("period", String(16), nullable=False))
    own = [_spec_column(c.key, c.type) for c in spec.columns if c.key not in {"period"}]
    return Table(f"rows_{snake(spec.name)}", metadata, *base, *own, info={"spec": spec.name})


#: Table name (spec name, e.g. "DailyReport") → its rows_* SQL table.
ROWS: dict[str, Table] = {
    name: _rows_table(TABLES[name]) for names in STORED.values() for name in names
}


def data_columns(name: str) -> list[str]:
    """The columns of a stored table as `counted()` returns them, in order."""
    spec = TABLES[name]
    return [*BASE_COLUMNS, *(k for k in spec.keys if k not in BASE_COLUMNS)]
