"""The Ledger: the system of record for everything collected.

Every submission is kept (file name, sha256, kind, rep, period, time, status, issues).
Per (kind, rep_id, period) the newest accepted or partial one is counted, so re-sending
a corrected workbook replaces the earlier one without double counting, and the earlier
one stays on record. Each submission is written in one transaction: a process killed at
any point leaves the ledger as it was before, or with the whole submission.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from io import StringIO
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import DatabaseError, IntegrityError

from addin.core.issues import ROW, Issue
from addin.io.atomic import crash_point
from addin.io.ledger import queries
from addin.io.ledger.bulk import Columns, insert_columns
from addin.io.ledger.engine import (
    make_engine,
    read_transaction,
    write_connection,
    write_transaction,
)
from addin.io.ledger.frames import to_columns
from addin.io.ledger.migrations import LedgerError, migrate
from addin.io.ledger.queries import Periods
from addin.io.ledger.snapshot import Snapshots, as_categories
from addin.io.ledger.snapshot import enabled as snapshot_enabled
from addin.io.ledger.tables import (
    KINDS,
    ROWS,
    STATUSES,
    STORED,
    derived,
    submission_issues,
    submissions,
)
from addin.schema import TABLES

Kind = Literal["rep", "finance", "plan"]
Status = Literal["accepted", "rejected", "partial"]
#: The period every finance submission is filed under: each ERP export replaces the last.
FINANCE_PERIOD = "finance"
#: Rows converted and inserted at a time for big tables (a finance export): bounds memory.
CHUNK_ROWS = 50_000
_INSERT_SUBMISSION = insert(submissions)
_PERIOD_FORMS = {"rep": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), "plan": re.compile(r"^\d{4}$")}


@dataclass(frozen=True, slots=True)
class SubmitResult:
    outcome: Literal["stored", "duplicate"]
    submission_id: int
    status: str  # of the stored submission, or of the identical one kept before
    rows: int = 0  # data rows stored now (0 for a duplicate)


class _Duplicate(Exception):
    pass


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Ledger:
    """Open with `Ledger.open(url_or_path)`; close (or use `with`) when done."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.snapshots = Snapshots.for_engine(engine)

    @classmethod
    def open(cls, url_or_path: str | Path) -> Ledger:
        """Connect and apply pending migrations; refuse a ledger newer than this code."""
        engine = make_engine(url_or_path)
        where = engine.url.render_as_string(hide_password=True)
        try:
            migrate(engine, where)
        except DatabaseError as exc:
            engine.dispose()
            raise LedgerError("cannot_open", where=where, error=str(exc.orig)) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def submit(
        self,
        *,
        kind: Kind,
        rep_id: str,
        period: str,
        file_name: str,
        file_hash: str,
        status: Status,
        frames: Mapping[str, pd.DataFrame],
        issues: Sequence[Issue] = (),
        received_at: dt.datetime | None = None,
    ) -> SubmitResult:
        """Keep one submission. Rows of a rejected one are not stored (its issues are);
        for a partial one pass only the valid rows. The same file again is a 'duplicate'
        and changes nothing."""
        with write_connection(self.engine) as conn:
            return Submitter(self.engine, conn).submit(
                kind=kind,
                rep_id=rep_id,
                period=period,
                file_name=file_name,
                file_hash=file_hash,
                status=status,
                frames=frames,
                issues=issues,
                received_at=received_at,
            )

    @contextmanager
    def batch(self) -> Iterator[Submitter]:
        """Several submissions on one connection, each still its own transaction. On
        SQLite they share one fsync, made when the block ends (see
        `engine.write_connection`): act on their outcome outside the ledger — move a file
        out of the inbox — only after the block."""
        with write_connection(self.engine, group_sync=True) as conn:
            yield Submitter(self.engine, conn)

    def replace_plan(
        self,
        year: int | str,
        cube: pd.DataFrame,
        budgets: pd.DataFrame,
        file_hash: str,
        *,
        file_name: str = "plan.xlsx",
        issues: Sequence[Issue] = (),
        coded: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> SubmitResult:
        """Store a new plan for `year` (TargetCube + ExpenseBudget); it becomes the counted
        one. Its TargetCube, millions of rows for a large company, is kept as the snapshot
        of the year's plan too (`Snapshots.keep_stored`): the next command reads it from
        there instead of back from the ledger. `coded`: the cube's text columns as
        (positions, texts), as `content_hash` takes them."""
        period = str(year)
        result = self.submit(
            kind="plan",
            rep_id="",
            period=period,
            file_name=file_name,
            file_hash=file_hash,
            status="accepted",
            frames={"TargetCube": cube, "ExpenseBudget": budgets},
            issues=issues,
        )
        if result.outcome == "stored":
            self.keep_plan(period, cube, result.submission_id, coded)
        return result

    def keep_plan(
        self,
        year: int | str,
        cube: pd.DataFrame,
        submission_id: int,
        coded: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> bool:
        """Keep `cube`, stored as plan submission `submission_id` for `year`, as the
        snapshot of the year's plan (`Snapshots.keep_stored`); False when it is not kept."""
        period = str(year)
        return self._keep_stored("TargetCube", "plan", period, period, cube, submission_id, coded)

    def keep_finance(self, frames: Mapping[str, pd.DataFrame], submission_id: int) -> list[str]:
        """Keep the finance tables `frames`, just stored as finance submission
        `submission_id`, as the snapshots of the counted finance records: the next command
        (split, appraise) reads a large export from there instead of back from the ledger.
        The tables kept."""
        return [
            name
            for name, frame in frames.items()
            if self._keep_stored(name, "finance", None, FINANCE_PERIOD, frame, submission_id)
        ]

    def _keep_stored(
        self,
        name: str,
        kind: str,
        read_period: str | None,
        period: str,
        frame: pd.DataFrame,
        submission_id: int,
        coded: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> bool:
        """Keep `frame`, stored as table `name` of submission `submission_id` (filed under
        `period`), as the snapshot of `counted(name, kind=kind, period=read_period)`."""
        if self.snapshots is None or not snapshot_enabled():
            return False
        with read_transaction(self.engine) as conn:
            return self.snapshots.keep_stored(
                conn,
                name,
                kind=kind,
                period=read_period,
                submission_id=submission_id,
                frame=frame,
                constants=_constants(name, submission_id, period, ""),
                coded=coded,
            )

    def replace_derived(self, name: str, frame: pd.DataFrame) -> None:
        """Keep a small derived table (collections achieved, process measures…) by name."""
        payload = frame.reset_index(drop=True).to_json(orient="table", date_format="iso")
        with write_transaction(self.engine) as conn:
            conn.execute(delete(derived).where(derived.c.name == name))
            conn.execute(
                insert(derived).values(name=name, updated_at=_as_utc(None), payload=payload)
            )

    # ------------------------------------------------------------------ reading
    def counted(
        self,
        table_name: str,
        *,
        kind: str | None = None,
        period: Periods = None,
        rep_id: str | None = None,
        columns: Sequence[str] | None = None,
        coded: Sequence[str] = (),
    ) -> pd.DataFrame:
        """Rows of the counted submission per rep and period (kind defaults to the one
        that brings `table_name`); `period` may be one period or several; all columns
        (`queries.data_columns`) or just `columns`. Served from the ledger's snapshot
        (`snapshot.py`) where it holds exactly these rows.

        Text and time columns named in `coded` (values a reader only compares and
        groups) come as pandas Categoricals of the same values: from a snapshot, its
        stored codes as they are, with no row hashed."""
        with read_transaction(self.engine) as conn:
            if self.snapshots is not None and snapshot_enabled():
                return self.snapshots.counted(
                    conn,
                    table_name,
                    kind=kind,
                    period=period,
                    rep_id=rep_id,
                    columns=columns,
                    coded=coded,
                )
            frame = queries.counted(
                conn, table_name, kind=kind, period=period, rep_id=rep_id, columns=columns
            )
            return as_categories(table_name, frame, coded)

    def counted_sums(
        self,
        table_name: str,
        by: Sequence[str],
        sums: Sequence[str],
        *,
        kind: str | None = None,
        period: Periods = None,
    ) -> pd.DataFrame:
        """Counted rows summed in the database per distinct `by` (see `queries.counted_sums`)."""
        with read_transaction(self.engine) as conn:
            return queries.counted_sums(conn, table_name, by, sums, kind=kind, period=period)

    def targets(
        self, year: int | str, rep_id: str | None = None, columns: Sequence[str] | None = None
    ) -> pd.DataFrame:
        return self.counted(
            "TargetCube", kind="plan", period=str(year), rep_id=rep_id, columns=columns
        )

    def budgets(self, year: int | str, rep_id: str | None = None) -> pd.DataFrame:
        return self.counted("ExpenseBudget", kind="plan", period=str(year), rep_id=rep_id)

    def submissions(
        self, period: Periods = None, kind: str | None = None, rep_id: str | None = None
    ) -> pd.DataFrame:
        with read_transaction(self.engine) as conn:
            return queries.submissions_frame(conn, period, kind, rep_id)

    def issues(self, submission_id: int) -> pd.DataFrame:
        with read_transaction(self.engine) as conn:
            return queries.issues_frame(conn, submission_id)

    def status(self, period: Periods) -> pd.DataFrame:
        with read_transaction(self.engine) as conn:
            return queries.status_frame(conn, period)

    def derived(self, name: str) -> pd.DataFrame | None:
        with read_transaction(self.engine) as conn:
            payload = conn.execute(select(derived.c.payload).where(derived.c.name == name)).scalar()
        if payload is None:
            return None
        return pd.read_json(StringIO(payload), orient="table")


@dataclass(frozen=True, slots=True)
class Submission:
    """One file's submission, as `Ledger.submit` takes it."""

    kind: Kind
    rep_id: str
    period: str
    file_name: str
    file_hash: str
    status: Status
    frames: Mapping[str, pd.DataFrame]
    issues: Sequence[Issue] = ()
    received_at: dt.datetime | None = None


@dataclass(slots=True)
class _Prepared:
    """A submission ready to write: its small tables as columns, its big ones still frames."""

    columns: dict[str, Columns] = field(default_factory=dict)
    big: dict[str, pd.DataFrame] = field(default_factory=dict)
    rows: int = 0


class Submitter:
    """Writes submissions on one connection (`Ledger.submit`, `Ledger.batch`)."""

    def __init__(self, engine: Engine, conn: Connection) -> None:
        self.engine = engine
        self.conn = conn

    def submit(
        self,
        *,
        kind: Kind,
        rep_id: str,
        period: str,
        file_name: str,
        file_hash: str,
        status: Status,
        frames: Mapping[str, pd.DataFrame],
        issues: Sequence[Issue] = (),
        received_at: dt.datetime | None = None,
    ) -> SubmitResult:
        """See `Ledger.submit`."""
        one = Submission(
            kind, rep_id or "", period, file_name, file_hash, status, frames, issues, received_at
        )
        return self.submit_all([one])[0]

    def submit_all(self, batch: Sequence[Submission]) -> list[SubmitResult]:
        """Each submission in its own transaction, in order. Their rows are converted
        together first: a rep's month is many small tables, and converting a table costs
        pandas about the same for 5 rows as for 5,000."""
        batch = [replace(b, rep_id=b.rep_id or "") for b in batch]
        for b in batch:
            _check_args(b.kind, b.rep_id, b.period, b.status, b.frames)
        # Before taking the write lock; tables too big to hold as columns at once are
        # converted chunk by chunk inside.
        prepared = _prepare(batch)
        return [self._store(b, p) for b, p in zip(batch, prepared, strict=True)]

    def _store(self, sub: Submission, prepared: _Prepared) -> SubmitResult:
        issue_columns = _issue_columns(sub.issues)
        try:
            conn = self.conn
            with conn.begin():
                try:
                    # One statement with parameters: compiled once, not per file.
                    key = conn.execute(
                        _INSERT_SUBMISSION,
                        {
                            "kind": sub.kind,
                            "rep_id": sub.rep_id,
                            "period": sub.period,
                            "file_name": sub.file_name,
                            "file_hash": sub.file_hash,
                            "received_at": _as_utc(sub.received_at),
                            "status": sub.status,
                            "issue_count": len(sub.issues),
                            "row_count": prepared.rows,
                        },
                    ).inserted_primary_key
                except IntegrityError:
                    raise _Duplicate from None
                if key is None:  # pragma: no cover - a one-row INSERT always reports its key
                    raise LedgerError("no_new_id")
                sid = int(key[0])
                crash_point("ledger-mid-submit")
                for name, frame in prepared.big.items():
                    constants = _constants(name, sid, sub.period, sub.rep_id)
                    for start in range(0, len(frame), CHUNK_ROWS):
                        part = to_columns(name, frame.iloc[start : start + CHUNK_ROWS])
                        insert_columns(conn, ROWS[name], part, constants)
                for name, columns in prepared.columns.items():
                    insert_columns(
                        conn, ROWS[name], columns, _constants(name, sid, sub.period, sub.rep_id)
                    )
                insert_columns(conn, submission_issues, issue_columns, {"submission_id": sid})
                crash_point("ledger-before-commit")
        except _Duplicate:
            with read_transaction(self.engine) as conn:
                found = queries.find_submission(
                    conn, sub.kind, sub.rep_id, sub.period, sub.file_hash
                )
            if found is None:  # pragma: no cover - the row that clashed cannot vanish
                raise LedgerError("clash") from None
            return SubmitResult("duplicate", found[0], found[1])
        return SubmitResult("stored", sid, sub.status, prepared.rows)


def _constants(name: str, sid: int, period: str, rep_id: str) -> dict[str, object]:
    """The columns every row of a submission's table shares."""
    out: dict[str, object] = {"submission_id": sid, "period": period}
    if not TABLES[name].has("rep_id"):  # else each row names its own rep
        out["rep_id"] = rep_id
    return out


def _prepare(batch: Sequence[Submission]) -> list[_Prepared]:
    """Each submission's stored tables as columns. Small tables of the same name, columns
    and dtypes are stacked across the batch and converted once, then cut back apart:
    conversion is value by value, so the cut pieces equal converting each alone."""
    out = [_Prepared() for _ in batch]
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[int, pd.DataFrame]]] = {}
    for n, sub in enumerate(batch):
        if sub.status == "rejected":  # its issues are kept, its rows are not
            continue
        for name, frame in sub.frames.items():
            if not len(frame):
                continue
            out[n].rows += len(frame)
            if len(frame) > CHUNK_ROWS:
                # Number rows once for the whole table, so chunks cannot restart at row 1.
                if ROW not in frame.columns:
                    frame = frame.assign(**{ROW: np.arange(1, len(frame) + 1)})
                out[n].big[name] = frame
            elif ROW not in frame.columns:  # numbered 1… on its own: not stackable
                out[n].columns[name] = to_columns(name, frame)
            else:
                signature = (name, (*map(str, frame.columns), *map(str, frame.dtypes)))
                groups.setdefault(signature, []).append((n, frame))
    for (name, _), members in groups.items():
        frames = [f for _, f in members]
        stacked = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        columns = to_columns(name, stacked)
        start = 0
        for n, frame in members:
            end = start + len(frame)
            out[n].columns[name] = {k: v[start:end] for k, v in columns.items()}
            start = end
    return out


def _check_args(
    kind: str, rep_id: str, period: str, status: str, frames: Mapping[str, pd.DataFrame]
) -> None:
    """Caller mistakes (not user input) fail loudly before anything is written."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    form = _PERIOD_FORMS.get(kind)
    if form is not None and not form.match(period):
        raise ValueError(
            f"a {kind} period looks like {'2026-11' if kind == 'rep' else '2026'}, not {period!r}"
        )
    if not period:
        raise ValueError(f"a {kind} submission needs a period (finance: {FINANCE_PERIOD!r})")
    if kind == "rep" and not rep_id:
        raise ValueError("a rep submission needs its rep_id")
    wrong = sorted(set(frames) - set(STORED[kind]))
    if wrong:
        raise ValueError(f"a {kind} submission holds {STORED[kind]}, not {wrong}")


def _as_utc(when: dt.datetime | None) -> dt.datetime:
    """UTC, stored without tzinfo (SQLite keeps none); a naive input is taken as UTC."""
    when = when or dt.datetime.now(dt.UTC)
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def _issue_columns(issues: Sequence[Issue]) -> dict[str, list[object]]:
    return {
        "seq": list(range(1, len(issues) + 1)),
        "file": [i.file for i in issues],
        "cell": [i.cell for i in issues],
        "sheet": [i.sheet for i in issues],
        "row": [i.row for i in issues],
        "column": [i.column for i in issues],
        "value": [i.value for i in issues],
        "code": [i.code for i in issues],
        "severity": [i.severity for i in issues],
        "message": [i.message for i in issues],
    }
