"""`salesdesk issue DIR [--period YYYY-MM]`: one report workbook per active rep.

The layout of a rep's workbook, and what keeps it to that rep's data, is `books/rep.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from addin.books.rep import issued_lists, rep_workbook
from addin.core.coerce import parse_month
from addin.core.issues import has_errors
from addin.core.progress import track
from addin.i18n import Msg, default_lang, t
from addin.io.company import Company, Masters, load_masters
from addin.io.ledger import Ledger
from addin.io.xlsx.render import render
from addin.io.xlsx.render_cache import SheetCache
from addin.jobs.common import require_company
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobFailed, JobResult
from addin.jobs.routes import carried_routes
from addin.schema import TABLES

RouteSource = Callable[[str, str], pd.DataFrame]


def month_period(text: object) -> str:
    """A period argument as YYYY-MM (`2026-3`, `2026/03`, `2026年3月` all give 2026-03),
    or JobFailed with a sentence: every job takes its month through here (or through
    `parse_month`, which this wraps), so no other spelling reaches a workbook."""
    month = parse_month(text) if text is not None and str(text).strip() else None
    if month is None or not re.fullmatch(r"\d{4}-\d{2}", month):
        raise JobFailed(t(default_lang(), "cli.bad_month", value=text))
    return month


def parse_period(text: str) -> tuple[int, int]:
    year, month = month_period(text).split("-")
    return int(year), int(month)


def default_period(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def active_reps(masters: Masters, period: str) -> pd.DataFrame:
    year, month = parse_period(period)
    first = pd.Timestamp(year, month, 1)
    last = pd.Timestamp(year, month, calendar.monthrange(year, month)[1])
    reps = masters.reps
    hired = reps["hire_date"].isna() | (reps["hire_date"] <= last)
    staying = reps["leave_date"].isna() | (reps["leave_date"] >= first)
    return reps.loc[hired & staying & reps["rep_id"].notna()]


def _known_reps(masters: Masters, active: pd.DataFrame, asked: list[str], period: str) -> None:
    """An unknown or inactive `--rep` stops the job (exit 2) before anything is written."""
    lang = masters.settings.lang
    known = set(masters.reps["rep_id"].dropna().astype(str))
    unknown = [r for r in asked if r not in known]
    if unknown:
        raise JobFailed(t(lang, "cli.unknown_rep", value=", ".join(unknown)))
    idle = [r for r in asked if r not in set(active["rep_id"].astype(str))]
    if idle:
        raise JobFailed(t(lang, "cli.rep_inactive", value=", ".join(idle), period=period))


#: Up to this many reps asked for by name, the plan is read rep by rep, not whole.
FEW_REPS = 20


@dataclass(frozen=True, slots=True)
class MonthTargets:
    cells: pd.DataFrame  # the month's cells of the reps asked for
    year_planned: bool  # the year has a plan (a rep or a month may still have no target)


def month_targets(ledger: Ledger, period: str, reps: list[str] | None) -> MonthTargets:
    """The plan's cells a rep's workbook shows: the targets of `period`, with only the
    columns MyTargets holds (and the rep). A year's cube holds millions of cells in twelve
    months and ten columns; a workbook needs one month of six. Re-issuing a few reps'
    workbooks reads only theirs."""
    columns = list(dict.fromkeys(["rep_id", *TABLES["MyTargets"].keys]))
    year = int(period[:4])
    if reps is not None and len(reps) <= FEW_REPS:
        parts = [ledger.targets(year, rep_id=rep, columns=columns) for rep in reps]
        cube = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        planned = not cube.empty or _year_planned(ledger, year)
    else:
        cube = ledger.targets(year, columns=columns)
        planned = not cube.empty
    return MonthTargets(cube.loc[cube["month"] == period].reset_index(drop=True), planned)


def _year_planned(ledger: Ledger, year: int) -> bool:
    months = ledger.counted_sums(
        "TargetCube", ["month"], ["sales_target"], kind="plan", period=str(year)
    )
    return not months.empty


def issue_workbooks(
    root: Path,
    period: str | None = None,
    *,
    cube: pd.DataFrame | None = None,
    route_source: RouteSource | None = None,
    only: list[str] | None = None,
) -> JobResult:
    company = Company(Path(root))
    require_company(company)
    period = month_period(period) if period else default_period()
    masters = load_masters(company.book("masters"))
    lang = masters.settings.lang
    result = JobResult("issue", lang=lang)
    if has_errors(masters.issues):
        result.issues = masters.issues
        result.summary.append(Msg("issuing.masters_errors"))
        return result
    reps = active_reps(masters, period)
    if only:
        _known_reps(masters, reps, only, period)
        reps = reps.loc[reps["rep_id"].isin(only)]
    carried: dict[str, pd.DataFrame] = {}
    with open_ledger(company, masters) as ledger:
        if cube is None:
            planned = month_targets(ledger, period, list(reps["rep_id"]) if only else None)
        else:
            planned = MonthTargets(cube, not cube.empty)
        if route_source is None:
            carried = carried_routes(ledger.counted("WeeklyRoute"), period)
    if not planned.year_planned:
        result.summary.append(Msg("issuing.no_plan", year=period[:4]))
    company.reps_dir.mkdir(exist_ok=True)
    lists = issued_lists(masters, planned.cells, period, set(reps["rep_id"].astype(str)))
    cache = SheetCache()  # the sheets all reps share are rendered once
    for _, rep in track(reps.iterrows(), Msg("progress.rep_books"), total=len(reps)):
        rep_id = str(rep["rep_id"])
        route = route_source(rep_id, period) if route_source else carried.get(rep_id)
        book = rep_workbook(masters, rep, period, lists, route, lang)
        path = company.rep_book(rep_id, period)
        render(book, path, cache)
        result.written.append(path)
    result.summary.append(
        Msg("issuing.issued", count=len(result.written), period=period, folder=company.reps_dir)
    )
    result.data["period"] = period
    return result
