"""`salesdesk collect DIR [FILE…]`: check returned rep workbooks and commit them.

A collected file leaves the inbox for `archive/<period>/`, exactly as received (its hash
identifies it, so collecting it again changes nothing); the copy marked with its issues
goes to `returned/`, ready to send back to the rep. Each submission reaches the ledger in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from addin.core.issues import Issue, has_errors
from addin.core.listed import confirming_names
from addin.core.progress import track
from addin.core.reports import check_report
from addin.core.reports.rules import prefer_name_hints
from addin.i18n import Msg, default_lang, t
from addin.io.atomic import FileLocked, open_elsewhere
from addin.io.company import Company, Masters
from addin.io.identity import read_identity
from addin.io.ledger import Ledger, file_sha256
from addin.io.reader import TableRead, WorkbookFile
from addin.io.xlsx.safety import Limits, RefusedFile, check_workbook_file
from addin.jobs.archive import archive_collected
from addin.jobs.common import dedupe, locate, open_company
from addin.jobs.issue import month_period
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobFailed, JobResult
from addin.jobs.returned_note import returned_headline
from addin.schema import TABLES, WORKBOOK_INPUTS

REPORT_TABLES = WORKBOOK_INPUTS["rep"]


@dataclass(slots=True)
class Outcome:
    file: str
    rep_id: str = ""
    period: str = ""
    status: str = "refused"  # accepted | partial | rejected | duplicate | refused
    issues: int = 0
    rows: int = 0
    message: str = ""


def inbox_files(company: Company) -> list[Path]:
    if not company.inbox.exists():
        return []
    return sorted(
        p
        for p in company.inbox.iterdir()
        if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith(("~$", ".~"))
    )


@dataclass(frozen=True, slots=True)
class StatusCounts:
    """How many files ended in each state, said in the reader's language."""

    counts: tuple[tuple[str, int], ...]

    def render(self, lang: str) -> str:
        parts = [
            t(lang, "collect.count", count=n, status=t(lang, f"status.{s}")) for s, n in self.counts
        ]
        return t(lang, "list.sep").join(parts)


def refuse(result: JobResult, path: Path, reason: Msg | str) -> Outcome:
    result.issues.append(Issue(code="refused", args={"reason": reason}, file=path.name))
    return Outcome(path.name, message=reason if isinstance(reason, str) else reason.render("en"))


def customer_names(masters: Masters, rep_id: str) -> dict[str, str]:
    """The rep's customers, id → name (to recognise a name typed for a code)."""
    customers = masters.customers
    mine = customers.loc[customers["rep_id"] == rep_id, ["customer_id", "name"]].dropna()
    return dict(zip(mine["customer_id"].astype(str), mine["name"].astype(str), strict=True))


def read_submission(
    path: Path, masters: Masters, rep_id: str, limits: Limits
) -> tuple[dict[str, TableRead], set[str], set[str]]:
    customers = masters.customers
    mine = set(customers.loc[customers["rep_id"] == rep_id, "customer_id"].dropna())
    products = set(masters.products["product_id"].dropna())
    lookups = {"MyCustomers.customer_id": mine, "MyProducts.product_id": products}
    with WorkbookFile(path, limits) as book:
        listed = {"MyCustomers.customer_id": _listed_names(book, masters, rep_id)}
        reads = {
            n: book.read(TABLES[n], lookups, required=False, names=listed) for n in REPORT_TABLES
        }
    return reads, mine, products


def _listed_names(book: WorkbookFile, masters: Masters, rep_id: str) -> dict[str, tuple[str, ...]]:
    """The rep's customers, code → the names that confirm a "code name" pick: the
    data card's, and the one the workbook's own list was issued with."""
    issued = book.read(TABLES["MyCustomers"], required=False).frame
    issued = issued.dropna(subset=["customer_id", "name"])
    as_issued = dict(
        zip(issued["customer_id"].astype(str), issued["name"].astype(str), strict=True)
    )
    return confirming_names(customer_names(masters, rep_id), as_issued)


def collect_one(
    path: Path,
    company: Company,
    masters: Masters,
    ledger: Ledger,
    result: JobResult,
    *,
    period: str | None,
    today: dt.date,
    archive: bool = False,
) -> Outcome:
    """Check and record one file; `archive`: move it out of the inbox once recorded."""
    settings = masters.settings
    limits = Limits.from_settings(settings)
    try:  # unsafe or foreign files are refused before anything else reads them
        check_workbook_file(path, limits)
    except RefusedFile as exc:
        return refuse(result, path, str(exc))
    who = read_identity(path)
    if who is None:
        return refuse(
            result,
            path,
            Msg("collect.not_rep_workbook"),
        )
    if who.rep_id not in set(masters.reps["rep_id"].dropna()):
        return refuse(
            result,
            path,
            Msg("collect.unknown_rep", rep=who.rep_id),
        )
    if period and who.period != period:
        return refuse(
            result,
            path,
            Msg("collect.wrong_period", found=who.period, period=period),
        )
    digest = file_sha256(path)
    try:
        reads, mine, products = read_submission(path, masters, who.rep_id, limits)
    except RefusedFile as exc:
        return refuse(result, path, str(exc))
    frames = {n: r.frame for n, r in reads.items()}
    checked = check_report(
        frames,
        period=who.period,
        customers=mine,
        products=products,
        today=today,
        settings=settings,
        customer_names=customer_names(masters, who.rep_id),
    )
    issues = prefer_name_hints(
        dedupe(
            [i for r in reads.values() for i in r.issues] + locate(checked.issues, reads, path.name)
        )
    )
    bad = has_errors(issues)
    status: Literal["accepted", "partial", "rejected"]
    if not bad:
        status, keep = "accepted", frames
    elif settings.accept_partial:
        keep = {n: _valid(f, n, issues, checked.valid.get(n)) for n, f in frames.items()}
        # Nothing valid is a rejection: it must not replace an earlier counted report.
        status = "partial" if any(len(f) for f in keep.values()) else "rejected"
    else:
        status, keep = "rejected", {}
    stored = ledger.submit(
        kind="rep",
        rep_id=who.rep_id,
        period=who.period,
        file_name=path.name,
        file_hash=digest,
        status=status,
        frames=keep,
        issues=issues,  # type: ignore[arg-type]
    )
    result.issues += issues
    if issues:
        try:
            tabs = {n: r.layout.sheet for n, r in reads.items() if r.layout is not None}
            headline = returned_headline(status, frames, keep, issues, settings.lang, tabs)
            return_copy(path, company, issues, reads, headline, settings.lang)
            result.marked.append(f"returned/{path.name}")
        except FileLocked as exc:
            result.issues.append(
                Issue(code="returned_copy_locked", args={"reason": str(exc)}, file=path.name)
            )
    else:  # a clean file: nothing to send back, and an older marked copy is stale
        (company.root / "returned" / path.name).unlink(missing_ok=True)
    outcome = Outcome(path.name, who.rep_id, who.period, status, len(issues), stored.rows)
    if stored.outcome == "duplicate":
        outcome.status = "duplicate"
        outcome.message = t(masters.settings.lang, "collect.already")
    try:
        if archive:
            archive_collected(path, company, who.period, digest)
    except FileNotFoundError:
        pass  # a collect running at the same time archived it already
    except OSError as exc:  # open in Excel, say: it stays in the inbox, recorded all the same
        result.issues.append(
            Issue(
                code="archive_failed",
                args={"name": path.name, "period": who.period, "reason": str(exc)},
                file=path.name,
            )
        )
    return outcome


def _valid(
    frame: pd.DataFrame, name: str, issues: list[Issue], valid: pd.Series | None
) -> pd.DataFrame:
    bad_rows = {i.row for i in issues if i.sheet == name and i.severity == "error"}
    keep = ~frame["_row"].isin(bad_rows)
    if valid is not None:
        keep &= valid.reindex(frame.index, fill_value=False)
    return frame.loc[keep]


def return_copy(
    path: Path,
    company: Company,
    issues: list[Issue],
    reads: dict[str, TableRead],
    headline: str = "",
    company_lang: str = "en",
) -> Path:
    """The rep's file with this collection's issues marked, in returned/."""
    from addin.jobs.annotate import annotate_file

    target = company.root / "returned" / path.name
    target.parent.mkdir(exist_ok=True)
    owner = open_elsewhere(target)
    if owner:  # the ledger has the submission; only the marked copy waits
        raise FileLocked(
            f"{target.name} in returned/ is open in {owner}; close it and collect again to "
            "refresh the marked copy (the submission itself was recorded)"
        )
    # A folder of this process's own: several collects of the same file at once must not
    # share a temporary name (one would move or overwrite another's half-made copy).
    work = Path(tempfile.mkdtemp(prefix=".~copy-", dir=target.parent))
    try:
        tmp = work / path.name
        shutil.copyfile(path, tmp)
        sheets = [r.layout.sheet for r in reads.values() if r.layout is not None]
        annotate_file(
            tmp, issues, sheets, file_name=path.name, headline=headline, lang=company_lang
        )
        tmp.replace(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def collect(
    root: Path,
    files: list[Path] | None = None,
    *,
    period: str | None = None,
    today: dt.date | None = None,
) -> JobResult:
    period = month_period(period) if period else None
    missing = [Path(f) for f in files or () if not Path(f).is_file()]
    if missing:  # a typo in the command, not a file to refuse: nothing is collected
        raise JobFailed(
            t(default_lang(), "cli.no_such_file", file=", ".join(str(p) for p in missing))
        )
    company, masters = open_company(root)
    result = JobResult("collect", lang=masters.settings.lang)
    paths = [Path(f) for f in files] if files else inbox_files(company)
    if not paths:
        result.summary.append(Msg("collect.nothing", folder=company.inbox))
        return result
    today = today or dt.date.today()
    outcomes = []
    with open_ledger(company, masters) as ledger:
        for path in track(paths, Msg("progress.collecting")):
            outcomes.append(
                collect_one(
                    path,
                    company,
                    masters,
                    ledger,
                    result,
                    period=period,
                    today=today,
                    archive=not files,  # files named on the command line stay where they are
                )
            )
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    result.summary.append(
        Msg(
            "collect.done",
            count=len(outcomes),
            statuses=StatusCounts(tuple(sorted(counts.items()))),
        )
    )
    result.data["outcomes"] = [
        o.__dict__ if hasattr(o, "__dict__") else _as_dict(o) for o in outcomes
    ]
    return result


def _as_dict(o: Outcome) -> dict[str, object]:
    return {k: getattr(o, k) for k in Outcome.__slots__}  # type: ignore[attr-defined]
