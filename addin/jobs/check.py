"""`salesdesk check FILE`: validate any SalesDesk workbook and mark what is wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from addin.core.issues import Issue
from addin.core.listed import confirming_names
from addin.core.reports import REPORT_TABLES, check_report
from addin.core.reports.rules import NAME_HINTS, check_customers, prefer_name_hints
from addin.core.settings import Settings
from addin.i18n import default_lang, t
from addin.io.company import Masters, load_masters
from addin.io.identity import read_identity
from addin.io.reader import TableRead, WorkbookFile, header_key
from addin.io.xlsx.safety import Limits, RefusedFile
from addin.jobs.annotate import annotate_file
from addin.jobs.common import dedupe, locate
from addin.jobs.result import JobFailed, JobResult
from addin.schema import TABLES, WORKBOOK_INPUTS

#: A table that only one kind of workbook has, to recognise the kind.
SIGNATURES = {
    "Customers": "masters",
    "SalesLines": "finance",
    "CompanyTargets": "plan",
    "DailyReport": "rep",
    "Scheme": "appraisal",
    "CustomerReview": "dashboard",
}
OPTIONAL = {"Strategy", "Seasonality", "Growth", "Locks", "Budgets", "Qualitative"}


def workbook_kind(book: WorkbookFile) -> str | None:
    names = {header_key(n) for n in (*book.table_names, *book.sheet_names)}
    for table, kind in SIGNATURES.items():
        if header_key(table) in names:
            return kind
    stem = book.path.stem.lower()
    if stem.startswith("rep-"):
        return "rep"
    return stem if stem in WORKBOOK_INPUTS else None


def read_inputs(
    book: WorkbookFile, kind: str, lookups: dict[str, set[str]] | None
) -> dict[str, TableRead]:
    known = dict(lookups or {})
    names: dict[str, str] = {}
    if kind == "rep":
        for name, key in (("MyCustomers", "customer_id"), ("MyProducts", "product_id")):
            mine = book.read(TABLES[name], required=False)
            if mine.found:
                known[f"{name}.{key}"] = set(mine.frame[key].dropna())
            if mine.found and name == "MyCustomers":
                frame = mine.frame.dropna(subset=["customer_id", "name"])
                names = dict(zip(frame["customer_id"], frame["name"].astype(str), strict=True))
    listed = {"MyCustomers.customer_id": confirming_names(names)} if names else None
    reads = {
        name: book.read(TABLES[name], known, required=name not in OPTIONAL, names=listed)
        for name in WORKBOOK_INPUTS[kind]
    }
    if names:
        _name_hints(reads, names)
    return reads


def _name_hints(reads: dict[str, TableRead], names: dict[str, str]) -> None:
    """A customer's name typed for its code: say so, with the code, instead of the
    reader's plain "not in MyCustomers"."""
    for name, read in reads.items():
        if read.layout is None or "customer_id" not in read.frame.columns:
            continue
        found = check_customers(read.frame, name, frozenset(names), names)
        hints = [read.layout.locate(i) for i in found if i.code in NAME_HINTS]
        if hints:
            read.issues = prefer_name_hints(read.issues + hints)


def rep_rules(book: WorkbookFile, reads: dict[str, TableRead], settings: Settings) -> list[Issue]:
    """collect's rules of a month's report (dates in the month, overlapping visits, routes
    on Mondays…) on a rep's workbook, so a rep who checks before sending finds what
    collect will; judged against the lists the workbook was issued with."""
    who = read_identity(book.path)
    if who is None:
        return []
    frames = {n: reads[n].frame for n in REPORT_TABLES if n in reads and reads[n].found}
    mine = book.read(TABLES["MyCustomers"], required=False)
    listed = book.read(TABLES["MyProducts"], required=False)
    if not mine.found or not listed.found:  # nothing to judge ids against: the reader says so
        return []
    names = mine.frame.dropna(subset=["customer_id", "name"])
    checked = check_report(
        frames,
        period=who.period,
        customers=set(mine.frame["customer_id"].dropna()),
        products=set(listed.frame["product_id"].dropna()),
        today=dt.date.today(),
        settings=settings,
        customer_names=dict(zip(names["customer_id"], names["name"].astype(str), strict=True)),
    )
    return locate(checked.issues, reads, book.path.name)


def sibling_masters(path: Path) -> Masters | None:
    masters = path.parent / "masters.xlsx"
    if not masters.exists() or masters.resolve() == path.resolve():
        return None
    try:
        return load_masters(masters)
    except RefusedFile:
        return None


def check(path: Path) -> JobResult:
    path = Path(path)
    # The company's limits (Settings.max_file_mb, max_rows) apply before the file is read.
    others = sibling_masters(path)
    limits = Limits.from_settings(others.settings) if others else None
    try:
        with WorkbookFile(path, limits) as book:
            kind = workbook_kind(book)
            if kind is None or kind == "dashboard":
                raise JobFailed(t(default_lang(), "cli.not_input_workbook", file=path.name))
            if kind == "masters":
                masters = load_masters(path, limits)
                issues: list[Issue] = masters.issues
                sheets = [r.layout.sheet for r in masters.reads.values() if r.layout is not None]
            else:
                lookups = others.lookups() if others and kind != "rep" else None
                reads = read_inputs(book, kind, lookups)
                issues = [i for r in reads.values() for i in r.issues]
                if kind == "rep":
                    settings = others.settings if others else Settings()
                    issues = prefer_name_hints(dedupe(issues + rep_rules(book, reads, settings)))
                sheets = [r.layout.sheet for r in reads.values() if r.layout is not None]
    except RefusedFile as exc:
        raise JobFailed(exc.msg.render(default_lang())) from None
    lang = others.settings.lang if others else default_lang()
    annotate_file(path, issues, sheets, lang=lang)
    result = JobResult("check", issues, [path], lang=lang)
    result.data["kind"] = kind
    return result
