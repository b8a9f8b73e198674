"""The company folder: where each workbook lives, and loading the master data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from addin.core.issues import ROW, Issue
from addin.core.settings import Settings, settings_from_rows
from addin.io import masters_cache
from addin.io.reader import TableRead, WorkbookFile, finish_tables
from addin.io.xlsx.safety import Limits, RefusedFile
from addin.schema import TABLES

STEMS = ("masters", "finance", "plan", "appraisal", "dashboard")


@dataclass(frozen=True, slots=True)
class Company:
    root: Path

    def book(self, stem: str) -> Path:
        """`<stem>.xlsx`, or the macro-enabled `<stem>.xlsm` when only that exists."""
        plain = self.root / f"{stem}.xlsx"
        macro = self.root / f"{stem}.xlsm"
        return macro if macro.exists() and not plain.exists() else plain

    @property
    def reps_dir(self) -> Path:
        return self.root / "reps"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def ledger_path(self) -> Path:
        return self.root / "ledger.sqlite"

    def rep_book(self, rep_id: str, period: str) -> Path:
        """`reps/rep-R001-2026-04.xlsx`: the period in the name, so issuing April never
        overwrites March and the file keeps its name in inbox/, returned/ and archive/."""
        return self.reps_dir / f"rep-{rep_id}-{period}.xlsx"

    def archive(self, period: str) -> Path:
        """Where collected files of `period` are kept exactly as received."""
        return self.root / "archive" / period

    def exists(self) -> bool:
        return self.book("masters").exists()


@dataclass(slots=True)
class Masters:
    settings: Settings
    regions: pd.DataFrame
    reps: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    strategy: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    reads: dict[str, TableRead] = field(default_factory=dict)

    def lookups(self) -> dict[str, set[str]]:
        """Known ids for reference checks in other workbooks."""
        return {
            "Regions.region_id": set(self.regions["region_id"].dropna()),
            "Reps.rep_id": set(self.reps["rep_id"].dropna()),
            "Products.product_id": set(self.products["product_id"].dropna()),
            "Customers.customer_id": set(self.customers["customer_id"].dropna()),
        }


def _ids(read: TableRead, column: str) -> set[str]:
    return set(read.frame[column].dropna().astype(str).tolist())


def _self_referring(
    book: WorkbookFile, table: str, key: str, known: dict[str, set[str]]
) -> TableRead:
    """A table whose rows may refer to its own ids, read once; adds its ids to `known`."""
    raw = book.read_raw(TABLES[table])
    if isinstance(raw, TableRead):  # not in the workbook: no ids, nothing to check
        known[f"{table}.{key}"] = _ids(raw, key)
        return raw
    known[f"{table}.{key}"] = _ids(finish_tables([raw], {})[0], key)
    return finish_tables([raw], known)[0]


def read_settings(book: WorkbookFile) -> tuple[Settings, TableRead]:
    read = book.read(TABLES["Settings"], required=False, percent_of=("value",))
    return _settings_of(read, book.path.name)


def _settings_of(read: TableRead, file: str) -> tuple[Settings, TableRead]:
    """The company's settings from its Settings table; their issues join the read's."""
    rows = [
        (int(r), str(k), v)
        for r, k, v in zip(read.frame[ROW], read.frame["key"], read.frame["value"], strict=True)
        if k is not None
    ]
    settings, issues = settings_from_rows(rows, percent_rows=read.percent_rows.get("value", ()))
    if read.layout is not None:
        issues = [read.layout.locate(i, file) for i in issues]
    read.issues += issues
    return settings, read


def load_masters(path: Path, limits: Limits | None = None) -> Masters:
    """Read and cross-check every master table; references resolve within masters.xlsx.
    A clean read is kept between commands while the file is unchanged (`masters_cache`)."""
    key = masters_cache.file_key(path, limits) if masters_cache.enabled() else None
    kept = masters_cache.load(path, key) if key is not None else None
    if kept is not None:
        settings, _ = _settings_of(kept["Settings"], path.name)
        masters = _assembled(settings, kept, path.name)
        if not masters.issues:  # as when it was kept: else read the workbook again
            return masters
    masters = _read_masters(path, limits)
    if key is not None and not masters.issues:
        masters_cache.save(path, key, masters.reads)
    return masters


def _read_masters(path: Path, limits: Limits | None) -> Masters:
    with WorkbookFile(path, limits) as book:
        settings, settings_read = read_settings(book)
        known: dict[str, set[str]] = {}
        # Regions and Reps refer to themselves (a parent region, a manager): their ids
        # come from typing the table's cells once unchecked, then it is checked with them.
        regions = _self_referring(book, "Regions", "region_id", known)
        reps = _self_referring(book, "Reps", "rep_id", known)
        products = book.read(TABLES["Products"], known)
        customers = book.read(TABLES["Customers"], known)
        known["Customers.customer_id"] = _ids(customers, "customer_id")
        strategy = book.read(TABLES["Strategy"], known, required=False)
    reads = {
        "Settings": settings_read,
        "Regions": regions,
        "Reps": reps,
        "Products": products,
        "Customers": customers,
        "Strategy": strategy,
    }
    return _assembled(settings, reads, path.name)


def _assembled(settings: Settings, reads: dict[str, TableRead], file: str) -> Masters:
    issues = [i for r in reads.values() for i in r.issues]
    issues += _master_rules(reads, file)
    return Masters(
        settings,
        reads["Regions"].frame,
        reads["Reps"].frame,
        reads["Products"].frame,
        reads["Customers"].frame,
        reads["Strategy"].frame,
        issues,
        reads,
    )


def _master_rules(reads: dict[str, TableRead], file: str) -> list[Issue]:
    """Rules across columns of a master table that the spec alone cannot state."""
    from addin.core.issues import issues_for_rows

    out: list[Issue] = []
    products = reads["Products"]
    frame = products.frame
    if not frame.empty and products.layout is not None:
        floor = pd.to_numeric(frame["floor_price"], errors="coerce")
        price = pd.to_numeric(frame["unit_price"], errors="coerce")
        below = floor.notna() & price.notna() & (floor > price)
        out += [
            products.layout.locate(i, file)
            for i in issues_for_rows(
                frame,
                below,
                code="floor_above_price",
                sheet="Products",
                column="floor_price",
            )
        ]
    reps = reads["Reps"]
    frame = reps.frame
    if not frame.empty and reps.layout is not None:
        hired = pd.to_datetime(frame["hire_date"], errors="coerce")
        left = pd.to_datetime(frame["leave_date"], errors="coerce")
        left_first = left.notna() & hired.notna() & (left < hired)
        out += [
            reps.layout.locate(i, file)
            for i in issues_for_rows(
                frame,
                left_first,
                code="leave_before_hire",
                sheet="Reps",
                column="leave_date",
            )
        ]
    return out


def company_lang(root: Path) -> str | None:
    """The language a company folder is kept in (its Settings), or None if it has none
    that can be read — the caller then falls back to the user's own language."""
    masters = Company(Path(root)).book("masters")
    try:
        st = masters.stat()
    except OSError:
        return None
    if not masters.is_file():
        return None
    # Asked several times a command (help, progress, the job): read once per version.
    key = (str(masters.resolve()), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if key not in _LANGS:
        _LANGS.clear()  # one company at a time, nearly always
        _LANGS[key] = _read_lang(masters)
    return _LANGS[key]


_LANGS: dict[tuple[object, ...], str | None] = {}


def _read_lang(masters: Path) -> str | None:
    try:
        with WorkbookFile(masters) as book:
            settings, _ = read_settings(book)
    except (RefusedFile, OSError, ValueError):
        return None
    return settings.lang
