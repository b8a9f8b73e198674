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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import pandas as pd

from addin.core.issues import FILE, Issue, has_errors
from addin.core.listed import confirming_names
from addin.core.progress import advance, step
from addin.core.reports import check_report
from addin.core.reports.rules import prefer_name_hints
from addin.core.validate import Known, Names, PerFile, PerFileNames
from addin.i18n import Msg, default_lang, t
from addin.i18n.oserror import os_reason
from addin.io.atomic import FileLocked, open_elsewhere
from addin.io.company import Company, Masters
from addin.io.identity import CUSTOM_PROPERTIES, RepIdentity, read_identity
from addin.io.ledger import Submission, SubmitResult, file_sha256
from addin.io.reader import RawTable, TableRead, WorkbookFile, finish_stacked
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


#: Files read, typed and checked together: enough that pandas' fixed cost per table and
#: column is spread thin, few enough that the batch's cells stay small in memory.
BATCH_FILES = 200


@dataclass(slots=True)
class _Received:
    """A file read but not yet checked: who sent it and its tables' cells."""

    path: Path
    who: RepIdentity
    digest: str
    raws: dict[str, RawTable | TableRead]  # a TableRead: the table is not in the file
    #: The workbook's own MyCustomers list, untyped: the names its dropdowns were issued
    #: with (a later rename on the data card does not reach them).
    issued: RawTable | TableRead | None = None
    reads: dict[str, TableRead] = field(default_factory=dict)
    domain: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class _Refused:
    path: Path
    outcome: Outcome
    issue: Issue


def refuse(path: Path, reason: Msg | str, lang: str) -> _Refused:
    """`path` refused for `reason`: an issue for the Issues sheet, and the outcome's
    message (`collect --json`) in the company's language."""
    issue = Issue(code="refused", args={"reason": reason}, file=path.name)
    message = reason if isinstance(reason, str) else reason.render(lang)
    return _Refused(path, Outcome(path.name, message=message), issue)


def customer_names(masters: Masters, rep_id: str) -> dict[str, str]:
    """The rep's customers, id → name (to recognise a name typed for a code)."""
    customers = masters.customers
    mine = customers.loc[customers["rep_id"] == rep_id, ["customer_id", "name"]].dropna()
    return dict(zip(mine["customer_id"].astype(str), mine["name"].astype(str), strict=True))


class _RepLists:
    """Each rep's own customers (ids, and id → name), worked out once per collect."""

    def __init__(self, masters: Masters) -> None:
        self.masters = masters
        self._ids: dict[str, set[str]] = {}
        self._names: dict[str, dict[str, str]] = {}
        customers = masters.customers
        for rep, ids in customers.groupby("rep_id", sort=False)["customer_id"]:
            self._ids[str(rep)] = set(ids.dropna())
        # One pass for every rep (as `customer_names` gives each): a mask over all
        # customers per rep costs a large company seconds.
        named = customers[["rep_id", "customer_id", "name"]].dropna(subset=["customer_id", "name"])
        named = named.loc[named["rep_id"].notna()]
        for rep, cid, name in zip(
            named["rep_id"].astype(str).tolist(),
            named["customer_id"].astype(str).tolist(),
            named["name"].astype(str).tolist(),
            strict=True,
        ):
            self._names.setdefault(rep, {})[cid] = name

    def ids(self, rep_id: str) -> set[str]:
        return self._ids.get(rep_id, set())

    def names(self, rep_id: str) -> dict[str, str]:
        return self._names.get(rep_id, {})


def receive(
    path: Path, masters: Masters, limits: Limits, period: str | None
) -> _Received | _Refused:
    """Everything a file needs from the disk: one safety scan, its identity, its hash and
    its tables' cells (one calamine open). Unsafe or foreign files are refused here."""
    lang = masters.settings.lang
    try:  # unsafe or foreign files are refused before anything else reads them
        survey = check_workbook_file(path, limits)
    except RefusedFile as exc:
        return refuse(path, exc.msg, lang)
    who = read_identity(path, survey.parts.get(CUSTOM_PROPERTIES))
    if who is None:
        return refuse(path, Msg("collect.not_rep_workbook"), lang)
    if who.rep_id not in set(masters.reps["rep_id"].dropna()):
        return refuse(path, Msg("collect.unknown_rep", rep=who.rep_id), lang)
    if period and who.period != period:
        return refuse(path, Msg("collect.wrong_period", found=who.period, period=period), lang)
    digest = file_sha256(path)
    try:
        with WorkbookFile(path, limits, survey=survey) as book:
            raws = {n: book.read_raw(TABLES[n], required=False) for n in REPORT_TABLES}
            issued = book.read_raw(TABLES["MyCustomers"], required=False)
    except RefusedFile as exc:
        return refuse(path, exc.msg, lang)
    return _Received(path, who, digest, raws, issued)


def _issued_names(batch: list[_Received]) -> dict[str, dict[str, str]]:
    """Each file's MyCustomers list, id → name, as it was issued to the rep (typed once
    per batch, like the report tables)."""
    out: dict[str, dict[str, str]] = {r.path.name: {} for r in batch}
    groups: dict[frozenset[str], list[RawTable]] = {}
    for r in batch:
        if isinstance(r.issued, RawTable):
            issued = _only(r.issued, ("customer_id", "name"))
            groups.setdefault(frozenset(issued.present), []).append(issued)
    for raws in groups.values():
        _, stacked = finish_stacked(raws, {})
        # the files' rows still stacked, in file order: one pass fills every file's list
        listed = stacked.dropna(subset=["customer_id", "name"])
        for file, cid, name in zip(
            listed[FILE].tolist(),
            listed["customer_id"].astype(str).tolist(),
            listed["name"].astype(str).tolist(),
            strict=True,
        ):
            out[file][cid] = name
    return out


def _only(raw: RawTable, keys: tuple[str, ...]) -> RawTable:
    """The table with just these columns, when it has them all: each column is typed on
    its own, so they read as in the whole table, and the rest is not typed for nothing."""
    if not set(keys) <= set(raw.keys):
        return raw
    at = [raw.keys.index(k) for k in keys]
    return replace(raw, keys=list(keys), cells=raw.cells[:, at], present=set(keys))


def check_batch(
    batch: list[_Received], masters: Masters, lists: _RepLists, *, today: dt.date
) -> None:
    """Type and check each table once for the whole batch, then hand every file its own
    reads and domain issues, exactly as checking it alone would give them."""
    products = set(masters.products["product_id"].dropna())
    mine = PerFile({r.path.name: lists.ids(r.who.rep_id) for r in batch})
    lookups: dict[str, Known] = {
        "MyCustomers.customer_id": mine,
        "MyProducts.product_id": products,
    }
    # A "code name" pick is read against its own rep's customers: the data card's names
    # and the ones the rep's workbook was issued with, never another rep's.
    issued = _issued_names(batch)
    listed: dict[str, Names] = {
        "MyCustomers.customer_id": PerFileNames(
            {
                r.path.name: confirming_names(lists.names(r.who.rep_id), issued[r.path.name])
                for r in batch
            }
        )
    }
    stacks: dict[str, list[pd.DataFrame]] = {n: [] for n in REPORT_TABLES}
    for name in REPORT_TABLES:
        groups: dict[frozenset[str], list[_Received]] = {}
        for r in batch:
            found = r.raws[name]
            if isinstance(found, TableRead):
                r.reads[name] = found
            else:  # only files with the same columns stack (a missing column is not blank)
                groups.setdefault(frozenset(found.present), []).append(r)
        for members in groups.values():
            raws = [m.raws[name] for m in members]
            done, stacked = finish_stacked(raws, lookups, listed)  # type: ignore[arg-type]
            for m, read in zip(members, done, strict=True):
                m.reads[name] = read
            if len(stacked):
                stacks[name].append(stacked)
    by_period: dict[str, list[_Received]] = {}
    for r in batch:
        by_period.setdefault(r.who.period, []).append(r)
    for period, members in by_period.items():
        if len(members) == 1:  # a file alone: its own frames and lists, nothing stacked
            (only,) = members
            checked = check_report(
                {n: r.frame for n, r in only.reads.items()},
                period=period,
                customers=lists.ids(only.who.rep_id),
                products=products,
                today=today,
                settings=masters.settings,
                customer_names=lists.names(only.who.rep_id),
            )
        else:
            checked = check_report(
                _stacked_frames(stacks, members),
                period=period,
                customers=PerFile({m.path.name: lists.ids(m.who.rep_id) for m in members}),
                products=products,
                today=today,
                settings=masters.settings,
                customer_names={m.path.name: lists.names(m.who.rep_id) for m in members},
            )
        by_file: dict[str, list[Issue]] = {m.path.name: [] for m in members}
        for issue in checked.issues:
            if issue.file:
                by_file[issue.file].append(issue)
            else:  # about the period itself: every file of the period has it
                for said in by_file.values():
                    said.append(issue)
        for m in members:
            m.domain = by_file[m.path.name]


def _stacked_frames(
    stacks: dict[str, list[pd.DataFrame]], members: list[_Received]
) -> dict[str, pd.DataFrame]:
    """Each table's checked rows of `members`, stacked in file order."""
    names = [m.path.name for m in members]
    frames = {}
    for table in REPORT_TABLES:
        parts = stacks[table]
        if not parts:  # no file of the batch has a row in it
            frame = members[0].reads[table].frame.assign(**{FILE: ""})
        else:
            frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        if parts and not frame[FILE].isin(names).all():  # files of another period in the batch
            frame = frame.loc[frame[FILE].isin(names)].reset_index(drop=True)
        frames[table] = frame
    return frames


def _batches(paths: list[Path], size: int) -> list[list[Path]]:
    """Runs of at most `size` files, no two of one name (a batch knows files by name)."""
    out: list[list[Path]] = []
    names: set[str] = set()
    for path in paths:
        if not out or len(out[-1]) >= size or path.name in names:
            out.append([])
            names = set()
        out[-1].append(path)
        names.add(path.name)
    return out


@dataclass(slots=True)
class _Decided:
    """A checked file: what of it counts, and its issues."""

    received: _Received
    status: Literal["accepted", "partial", "rejected"]
    frames: dict[str, pd.DataFrame]
    keep: dict[str, pd.DataFrame]
    issues: list[Issue]

    def submission(self) -> Submission:
        r = self.received
        return Submission(
            "rep",
            r.who.rep_id,
            r.who.period,
            r.path.name,
            r.digest,
            self.status,
            self.keep,
            self.issues,
        )


def decide(received: _Received, masters: Masters) -> _Decided:
    """What of one checked file counts (all, its valid rows, nothing), and its issues."""
    settings = masters.settings
    path, reads = received.path, received.reads
    reads = {n: reads[n] for n in REPORT_TABLES}
    frames = {n: r.frame for n, r in reads.items()}
    issues = prefer_name_hints(
        dedupe(
            [i for r in reads.values() for i in r.issues]
            + locate(received.domain, reads, path.name)
        )
    )
    bad = has_errors(issues)
    status: Literal["accepted", "partial", "rejected"]
    if not bad:
        status, keep = "accepted", frames
    elif settings.accept_partial:
        keep = {n: _valid(f, n, issues, None) for n, f in frames.items()}
        # Nothing valid is a rejection: it must not replace an earlier counted report.
        status = "partial" if any(len(f) for f in keep.values()) else "rejected"
    else:
        status, keep = "rejected", {}
    return _Decided(received, status, frames, keep, issues)  # type: ignore[arg-type]


def settle(
    recorded: _Decided,
    stored: SubmitResult,
    company: Company,
    masters: Masters,
    result: JobResult,
    *,
    archive: bool = False,
) -> Outcome:
    """What follows a file's ledger transaction once it is durable: its returned copy and
    its archive move (`archive`: move it out of the inbox)."""
    settings = masters.settings
    received, status, issues = recorded.received, recorded.status, recorded.issues
    path, who, digest = received.path, received.who, received.digest
    reads = {n: received.reads[n] for n in REPORT_TABLES}
    result.issues += issues
    if issues:
        try:
            tabs = {n: r.layout.sheet for n, r in reads.items() if r.layout is not None}
            headline = returned_headline(
                status, recorded.frames, recorded.keep, issues, settings.lang, tabs
            )
            return_copy(path, company, issues, reads, headline, settings.lang)
            result.marked.append(f"returned/{path.name}")
        except FileLocked as exc:
            result.issues.append(
                Issue(code="returned_copy_locked", args={"reason": exc.msg}, file=path.name)
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
                args={"name": path.name, "period": who.period, "reason": os_reason(exc)},
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
        raise FileLocked("returned_copy", file=target.name, program=owner)
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
    batch: int = BATCH_FILES,
) -> JobResult:
    """Check and record rep workbooks (`files`, else the inbox's), `batch` files at a
    time: each file is read once, each table typed and checked once per batch."""
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
    limits = Limits.from_settings(masters.settings)
    lists = _RepLists(masters)
    outcomes = []
    with open_ledger(company, masters) as ledger, step(Msg("progress.collecting"), len(paths)):
        for chunk in _batches(paths, batch):
            got = [receive(p, masters, limits, period) for p in chunk]
            checked = [g for g in got if isinstance(g, _Received)]
            check_batch(checked, masters, lists, today=today)
            # The batch's transactions first, made durable together; only then does any
            # file leave the inbox or get its marked copy (a power cut before that point
            # leaves the files in the inbox, to be collected again).
            decided = [decide(g, masters) for g in checked]
            with ledger.batch() as submitter:
                stored = submitter.submit_all([d.submission() for d in decided])
            recorded = {id(d.received): (d, s) for d, s in zip(decided, stored, strict=True)}
            for g in got:
                if isinstance(g, _Refused):
                    result.issues.append(g.issue)
                    outcomes.append(g.outcome)
                else:
                    # files named on the command line stay where they are
                    done, kept = recorded[id(g)]
                    outcomes.append(settle(done, kept, company, masters, result, archive=not files))
                advance()
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
