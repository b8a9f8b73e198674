"""Steps every job shares: open the company, read a workbook's inputs, write outputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from addin.books.sheets import NOTED_HEADER_ROW, table_sheet
from addin.core.issues import Issue
from addin.core.progress import step
from addin.i18n import Msg, default_lang, t
from addin.io.atomic import refuse_if_open
from addin.io.company import Company, Masters, load_masters
from addin.io.reader import TableRead, WorkbookFile
from addin.io.xlsx.safety import RefusedFile
from addin.io.xlsx.sheetxml import MAX_ROW
from addin.jobs.annotate import annotate_file
from addin.jobs.result import JobFailed
from addin.schema import TABLES


def open_company(root: Path, *, writes: Sequence[str] = ()) -> tuple[Company, Masters]:
    """The company and its masters. `writes`: the workbooks (stems) the job will save; one
    open in Excel stops the job before any work, with its one sentence."""
    company = Company(Path(root))
    require_company(company)
    for stem in writes:
        refuse_if_open(company.book(stem))
    try:
        with step(Msg("progress.reading_masters")):
            return company, load_masters(company.book("masters"))
    except RefusedFile as exc:
        raise JobFailed(exc.msg.render(default_lang())) from None


def require_company(company: Company) -> None:
    """Stop (exit 2) when `company.root` holds no company, in this computer's language:
    there is no masters.xlsx to say the company's."""
    if not company.exists():
        raise JobFailed(t(default_lang(), "cli.no_company", folder=company.root))


def read_tables(
    path: Path,
    names: Sequence[str],
    lookups: Mapping[str, set[str]],
    optional: frozenset[str] | set[str] = frozenset(),
    percent_of: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, TableRead]:
    """`percent_of`: per table, columns whose percent-formatted cells the caller wants."""
    wanted = percent_of or {}
    try:
        with step(Msg("progress.reading", file=path.name)), WorkbookFile(path) as book:
            return {
                n: book.read(
                    TABLES[n], lookups, required=n not in optional, percent_of=wanted.get(n, ())
                )
                for n in names
            }
    except RefusedFile as exc:
        raise JobFailed(exc.msg.render(default_lang())) from None


def locate(issues: list[Issue], reads: Mapping[str, TableRead], file: str) -> list[Issue]:
    """Give core issues (table, row, column key) their file and cell."""
    out = []
    for issue in issues:
        read = reads.get(issue.sheet)
        if read is not None and read.layout is not None and not issue.cell:
            issue = read.layout.locate(issue, file)
        elif not issue.file:
            issue = issue.located(file)
        out.append(issue)
    return out


def unsaid(said: Sequence[Issue], more: Sequence[Issue]) -> list[Issue]:
    """`more` (a job's own rules) without what lands on a cell `said` (the reader) already
    flagged as an error: one error, one message — the rule that a cell's value broke
    first is the one the user reads."""
    flagged = {(i.file, i.sheet, i.cell) for i in said if i.cell and i.severity == "error"}
    return [i for i in more if not (i.cell and (i.file, i.sheet, i.cell) in flagged)]


def dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for i in issues:
        key = (i.file, i.sheet, i.row, i.column, i.code)
        if key not in seen:
            seen.add(key)
            out.append(i)
    return out


#: Data rows an output sheet holds: Excel's last row less the note, the blank row and
#: the header above the table.
SHEET_ROWS = MAX_ROW + 1 - NOTED_HEADER_ROW


def write_results(
    path: Path,
    outputs: Mapping[str, pd.DataFrame],
    issues: Sequence[Issue],
    input_sheets: Sequence[str],
    *,
    lang: str = "en",
    notes: Mapping[str, str] | None = None,
) -> None:
    """Replace the output tables, mark the inputs, refill Issues — one atomic save."""
    with step(Msg("progress.writing", file=path.name)):
        _write_results(path, outputs, issues, input_sheets, lang=lang, notes=notes)


def _write_results(
    path: Path,
    outputs: Mapping[str, pd.DataFrame],
    issues: Sequence[Issue],
    input_sheets: Sequence[str],
    *,
    lang: str,
    notes: Mapping[str, str] | None,
) -> None:
    plans = []
    for name, frame in outputs.items():
        spec = TABLES[name]
        note = (notes or {}).get(name) or t(lang, "banner.filled")
        if len(frame) > SHEET_ROWS:  # a worksheet ends at row 1,048,576: say so, keep going
            note = t(lang, "banner.rows_cut", shown=SHEET_ROWS, total=len(frame)) + " " + note
            frame = frame.iloc[:SHEET_ROWS]
        columns = [spec.column_for(k) for k in frame.columns if k != "_row"]
        plans.append(table_sheet(spec, frame, lang=lang, columns=columns, note=note))
    annotate_file(path, issues, input_sheets, lang=lang, outputs=plans)
