"""`salesdesk issue DIR [--period YYYY-MM]`: one report workbook per active rep.

The layout of a rep's workbook, and what keeps it to that rep's data, is `books/rep.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from addin.books.rep import rep_workbook
from addin.core.issues import has_errors
from addin.core.progress import track
from addin.io.company import Company, Masters, load_masters
from addin.io.writer import save
from addin.jobs.result import JobFailed, JobResult
from addin.jobs.routes import carried_routes
from addin.schema import TABLES

RouteSource = Callable[[str, str], pd.DataFrame]


def parse_period(text: str) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in text.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise JobFailed(f"period '{text}' is not a month like 2026-11") from None
    return year, month


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


def targets_for(cube: pd.DataFrame | None, rep_id: str, period: str) -> pd.DataFrame:
    keys = TABLES["MyTargets"].keys
    if cube is None or cube.empty:
        return pd.DataFrame(columns=keys)
    mine = cube.loc[(cube["rep_id"] == rep_id) & (cube["month"] == period)]
    mine = mine.loc[(mine["sales_target"] > 0) | (mine["collection_target"] > 0)]
    return mine[keys].sort_values(["customer_id", "product_id"]).reset_index(drop=True)


def issue_workbooks(
    root: Path,
    period: str | None = None,
    *,
    cube: pd.DataFrame | None = None,
    route_source: RouteSource | None = None,
    only: list[str] | None = None,
) -> JobResult:
    company = Company(Path(root))
    if not company.exists():
        raise JobFailed(
            f"{company.root}: no company here (masters.xlsx missing); run salesdesk init"
        )
    period = period or default_period()
    parse_period(period)
    masters = load_masters(company.book("masters"))
    result = JobResult("issue")
    if has_errors(masters.issues):
        result.issues = masters.issues
        result.summary.append("masters.xlsx has errors; fix them (salesdesk check) before issuing")
        return result
    lang = masters.settings.lang
    carried: dict[str, pd.DataFrame] = {}
    from addin.jobs.ledger_access import open_ledger

    with open_ledger(company, masters) as ledger:
        if cube is None:
            cube = ledger.targets(int(period[:4]))
        if route_source is None:
            carried = carried_routes(ledger.counted("WeeklyRoute"), period)
    if cube.empty:
        result.summary.append(f"no plan for {period[:4]} yet: MyTargets is empty (run split)")
    reps = active_reps(masters, period)
    if only:
        reps = reps.loc[reps["rep_id"].isin(only)]
    company.reps_dir.mkdir(exist_ok=True)
    for _, rep in track(reps.iterrows(), "writing rep workbooks", total=len(reps)):
        rep_id = str(rep["rep_id"])
        route = route_source(rep_id, period) if route_source else carried.get(rep_id)
        book = rep_workbook(masters, rep, period, targets_for(cube, rep_id, period), route, lang)
        path = company.rep_book(rep_id)
        save(book, path)
        result.written.append(path)
    result.summary.append(
        f"issued {len(result.written)} rep workbook(s) for {period} in {company.reps_dir}"
    )
    result.data["period"] = period
    return result
