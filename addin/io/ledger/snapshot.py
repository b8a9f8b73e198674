"""Counted rows served from a snapshot beside the ledger, exact by construction.

A submission's rows never change once stored (the ledger only ever inserts a submission
whole; nothing updates or deletes rows), so the counted rows of a table are fixed by
which submissions are counted. One cheap query on the small submissions table lists
them — id, file hash, time received, status, row count, in the order `counted()` puts
their rows — and a snapshot made for exactly that list is the answer, read from `.npy`
files instead of fetched and typed again. When the list has changed (a rep's new month
collected, a file re-sent), the rows of submissions no longer counted are dropped, only
the new submissions' rows are fetched, and the whole is put in `counted()`'s order.

Snapshots of a SQLite ledger live in `.salesdesk/snapshots/` beside it; of a PostgreSQL
ledger in this computer's cache folder, by a name made from the ledger's address (never
its password). `SALESDESK_SNAPSHOTS=off` reads everything from the ledger as before;
`SALESDESK_SNAPSHOT_DIR` puts snapshots elsewhere.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, select

from addin.io.ledger import queries
from addin.io.ledger.frames import _driver_text, stored_columns
from addin.io.ledger.migrations import code_version
from addin.io.ledger.snapshot_files import (
    CODABLE,
    CodedText,
    SnapshotFiles,
    Unstorable,
    coded_text,
    column_kind,
)
from addin.io.ledger.tables import KIND_OF, ROWS, data_columns, submissions
from addin.schema import TABLES

#: `off` (or 0, no, false): every read goes to the ledger; for diagnosis.
ENV_VAR = "SALESDESK_SNAPSHOTS"
#: A folder to keep snapshots in instead of the default.
DIR_VAR = "SALESDESK_SNAPSHOT_DIR"
#: More new submissions than this since the snapshot: read the whole set again (an
#: `IN` list that long gains little, and SQLite bounds a statement's parameters).
MAX_NEW = 500

#: One counted submission as the snapshot knows it: id, file_hash, received_at (ISO),
#: status, row_count. Each snapshot segment is this plus its number of rows.
Fed = list[Any]


def enabled() -> bool:
    return os.environ.get(ENV_VAR, "").strip().lower() not in {"off", "0", "no", "false"}


class Snapshots:
    """The snapshots of one ledger (None from `for_engine` when it can have none)."""

    def __init__(self, files: SnapshotFiles, ledger: str) -> None:
        self.files = files
        self.ledger = ledger  # names the ledger in every manifest: another's is foreign

    @classmethod
    def for_engine(cls, engine: Engine) -> Snapshots | None:
        url = engine.url
        chosen = os.environ.get(DIR_VAR, "").strip()
        if url.get_backend_name() == "sqlite":
            if not url.database or url.database == ":memory:":
                return None
            database = Path(url.database)
            root = Path(chosen) if chosen else database.parent / ".salesdesk" / "snapshots"
            return cls(SnapshotFiles(root), database.name)
        where = url.render_as_string(hide_password=True)
        name = hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]
        return cls(SnapshotFiles((Path(chosen) if chosen else _cache_dir()) / name), where)

    def counted(
        self,
        conn: Connection,
        name: str,
        *,
        kind: str | None = None,
        period: queries.Periods = None,
        rep_id: str | None = None,
        columns: Sequence[str] | None = None,
        coded: Sequence[str] = (),
    ) -> pd.DataFrame:
        """`queries.counted`, frame for frame, from the snapshot where it is current;
        text and time columns named in `coded` as Categoricals (`as_categories`)."""
        queries._rows_table(name)  # a table the ledger does not store: its KeyError
        keys = queries._columns(name, columns)
        kind = kind or KIND_OF[name]
        periods = queries._periods(period)
        fed = feeding(conn, name, kind, periods, rep_id)
        every = data_columns(name)
        slot, ident = self._slot(name, kind, periods, rep_id)
        manifest = self.files.manifest(slot, ident)
        stored = list(manifest["columns"]) if manifest is not None else []
        rows: tuple[pd.DataFrame, list[Fed]] | None = None
        if manifest is not None and set(keys) <= set(stored):
            if [s[:-1] for s in manifest["segments"]] == fed:
                frame = self.files.frame(manifest, name, keys, coded)
                if frame is not None:
                    return frame
            rows = _update(conn, self.files, manifest, name, fed, rep_id, stored)
        if rows is None:
            # The columns asked for and those kept before: a job asking for other
            # columns than the last one widens the snapshot instead of replacing it.
            wanted = set(keys) | set(stored)
            rows = _fresh(conn, name, kind, periods, rep_id, fed, [c for c in every if c in wanted])
        frame, segments = rows
        if segments:
            self.files.save(slot, ident, name, frame.items(), len(frame), segments)
        frame = frame if list(keys) == list(frame.columns) else frame[list(keys)]
        return as_categories(name, frame, coded)

    def keep_stored(
        self,
        conn: Connection,
        name: str,
        *,
        kind: str,
        period: str | None,
        submission_id: int,
        frame: pd.DataFrame,
        constants: dict[str, Any],
        coded: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> bool:
        """Keep the rows submission `submission_id` has just stored in table `name` —
        `frame` with `constants`, as `Submitter` stored them — as the snapshot of
        `counted(name, kind=kind, period=period)` (None: every period), every column,
        when that read counts this submission alone: its first reader finds the snapshot
        warm instead of reading millions of rows back. The key is the one such a read
        computes (the same `feeding` query, in `conn`'s transaction); False and nothing
        kept otherwise.
        `coded` gives text columns of `frame` as (positions, texts), as `content_hash`
        takes them: they are stored from those, not from millions of strings."""
        periods = queries._periods(period)
        fed = feeding(conn, name, kind, periods, None)
        if [f[0] for f in fed] != [submission_id]:
            return False  # another submission counts too, or instead: the reader builds
        stored = _no_negative_zero(_kept_columns(name, frame, constants, coded or {}))
        slot, ident = self._slot(name, kind, periods, None)
        return self.files.save(slot, ident, name, stored, len(frame), [[*fed[0], len(frame)]])

    def _slot(
        self, name: str, kind: str, periods: list[str] | None, rep_id: str | None
    ) -> tuple[str, dict[str, Any]]:
        """The slot of a read's snapshot and the ident its manifest must hold."""
        ident = {
            "ledger": self.ledger,
            "schema": code_version(),
            "table": name,
            "kind": kind,
            "periods": None if periods is None else sorted(set(periods)),
            "rep_id": rep_id,
            "columns": data_columns(name),
        }
        slot = hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:24]
        return slot, ident


def as_categories(name: str, frame: pd.DataFrame, coded: Sequence[str]) -> pd.DataFrame:
    """`frame` with its text and time columns named in `coded` as Categoricals of the
    same values (missing stays missing), as a snapshot serves them: for a reader that
    only compares and groups them. Here, on a read the snapshot did not serve, each is
    hashed once."""
    wanted = [c for c in coded if c in frame.columns and column_kind(name, c) in CODABLE]
    if not wanted:
        return frame
    return frame.assign(**{c: frame[c].astype("category") for c in wanted})


def feeding(
    conn: Connection, name: str, kind: str, periods: list[str] | None, rep_id: str | None
) -> list[Fed]:
    """The counted submissions whose rows `counted()` reads, in the order it gives
    their rows (by period, then rep for a rep table, then id: the columns the rows
    share with their submission)."""
    s = submissions.c
    ids = queries.counted_ids(kind, periods, rep_id if kind == "rep" else None)
    by_rep = [] if TABLES[name].has("rep_id") else [s.rep_id]
    query = (
        select(s.id, s.file_hash, s.received_at, s.status, s.row_count)
        .where(s.id.in_(ids.correlate(None)))
        .order_by(s.period, *by_rep, s.id)
    )
    return [
        [int(i), str(digest), when.isoformat(), str(status), int(count)]
        for i, digest, when, status, count in conn.execute(query).all()
    ]


def _fresh(
    conn: Connection,
    name: str,
    kind: str,
    periods: list[str] | None,
    rep_id: str | None,
    fed: list[Fed],
    keys: list[str],
) -> tuple[pd.DataFrame, list[Fed]]:
    """Columns `keys` of the counted rows from the ledger, as `queries.counted` reads
    them, and the segments of a snapshot of them ([] when the rows do not come grouped by
    submission in `fed`'s order: then none is kept)."""
    sid = ROWS[name].c.submission_id
    if len(fed) == 1:
        frame = queries.read_rows(conn, name, keys, sid == fed[0][0], rep_id, in_files=False)
        return frame, [[*fed[0], len(frame)]]
    ids = queries.counted_ids(kind, periods, rep_id if kind == "rep" else None)
    read = keys if "submission_id" in keys else [*keys, "submission_id"]
    frame = queries.read_rows(conn, name, read, sid.in_(ids), rep_id, in_files=True)
    segments = _segments(frame["submission_id"].to_numpy(), fed)
    return (frame if read == keys else frame[keys]), segments


def _segments(sids: np.ndarray, fed: list[Fed]) -> list[Fed]:
    if not len(fed):
        return []
    starts = np.flatnonzero(np.diff(sids)) + 1 if len(sids) else np.array([], dtype="int64")
    runs = sids[np.r_[0, starts]].tolist() if len(sids) else []
    lengths = np.diff(np.r_[0, starts, len(sids)]).tolist() if len(sids) else []
    place = {f[0]: n for n, f in enumerate(fed)}
    where = [place.get(r, -1) for r in runs]
    if any(w < 0 for w in where) or any(b <= a for a, b in itertools.pairwise(where)):
        return []  # not grouped as the submissions list says: serve, keep nothing
    count = dict(zip(runs, lengths, strict=True))
    return [[*f, int(count.get(f[0], 0))] for f in fed]


def _update(
    conn: Connection,
    files: SnapshotFiles,
    manifest: dict[str, Any],
    name: str,
    fed: list[Fed],
    rep_id: str | None,
    keys: list[str],
) -> tuple[pd.DataFrame, list[Fed]] | None:
    """Columns `keys` of the counted rows from an older snapshot of the same table and
    filters: rows of submissions still counted kept, the new ones' fetched, all in
    `fed`'s order. None when that does not pay (nothing to keep, too many new) or the
    snapshot is unusable."""
    at: dict[tuple[Any, ...], tuple[int, int]] = {}
    start = 0
    for segment in manifest["segments"]:
        at[tuple(segment[:-1])] = (start, int(segment[-1]))
        start += int(segment[-1])
    new = [f for f in fed if tuple(f) not in at]
    if len(new) == len(fed) or len(new) > MAX_NEW:
        return None
    old = files.frame(manifest, name, keys)
    if old is None:
        return None
    parts = [old]
    fetched = np.array([], dtype="int64")
    if new:
        sid = ROWS[name].c.submission_id
        ids = [int(f[0]) for f in new]
        read = keys if "submission_id" in keys else [*keys, "submission_id"]
        added = queries.read_rows(conn, name, read, sid.in_(ids), rep_id, in_files=False)
        parts.append(added)
        fetched = added["submission_id"].to_numpy()
    pieces, segments = [], []
    for f in fed:
        if tuple(f) in at:
            first, n = at[tuple(f)]
        else:
            lo, hi = np.searchsorted(fetched, f[0], "left"), np.searchsorted(fetched, f[0], "right")
            first, n = len(old) + int(lo), int(hi - lo)
        pieces.append(np.arange(first, first + n, dtype="int64"))
        segments.append([*f, n])
    order = np.concatenate(pieces) if pieces else np.array([], dtype="int64")
    data = {key: _gather(column_kind(name, key), [p[key] for p in parts], order) for key in keys}
    return pd.DataFrame(data, columns=keys, copy=False), segments


def _gather(kind: str, parts: list[pd.Series], order: np.ndarray) -> Any:
    """One column of the stacked parts, rows in `order`, typed as a fresh read types it."""
    if kind in {"int", "bool"}:
        return pd.concat(parts, ignore_index=True).array.take(order)
    if kind == "text":
        # Through the same typing as a fresh read: whether pandas makes the column `str`
        # depends on all of its values, not on each part's.
        values = np.concatenate([_objects(p) for p in parts])
        return _driver_text(values[order])
    if kind == "time":
        return np.concatenate([p.to_numpy(dtype=object) for p in parts])[order]
    return np.concatenate([p.to_numpy() for p in parts])[order]


def _objects(values: pd.Series) -> np.ndarray:
    """Text as the driver gave it: str, or None where missing."""
    out = values.to_numpy(dtype=object, copy=True)
    out[pd.isna(out)] = None
    return out


def _kept_columns(
    name: str,
    frame: pd.DataFrame,
    constants: dict[str, Any],
    coded: Mapping[str, tuple[np.ndarray, np.ndarray]],
) -> Iterator[tuple[str, pd.Series | CodedText]]:
    """Every column of table `name` as the ledger reads `frame` back (`stored_columns`),
    in order. Text the same on every row (the period) and a column `coded` gives as
    texts a read would type alike stay coded."""
    keys = data_columns(name)
    one = np.zeros(len(frame), dtype=np.int32)
    given = {k: (one, np.array([v], dtype=object)) for k, v in constants.items() if type(v) is str}
    texts = {
        key: kept
        for key, (codes, values) in {**coded, **given}.items()
        if key in keys
        and (key in given or key not in constants)
        and (kept := coded_text(codes, values))
    }
    plain = stored_columns(name, frame, constants, [k for k in keys if k not in texts])
    for key in keys:
        yield (key, texts[key]) if key in texts else next(plain)


def _no_negative_zero(
    columns: Iterator[tuple[str, pd.Series | CodedText]],
) -> Iterator[tuple[str, pd.Series | CodedText]]:
    """`columns`, refused (`Unstorable`) at a -0.0: SQLite stores it as 0.0, so what the
    ledger reads back may differ from the value handed to it."""
    for key, values in columns:
        if isinstance(values, pd.Series) and values.dtype == np.float64:
            numbers = values.to_numpy()
            if bool(np.any((numbers == 0) & np.signbit(numbers))):
                raise Unstorable(f"{key} holds -0.0")
        yield key, values


def _cache_dir() -> Path:
    """This computer's cache folder for SalesDesk (PostgreSQL ledgers' snapshots)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "SalesDesk" / "snapshots"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "SalesDesk" / "snapshots"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "salesdesk" / "snapshots"
