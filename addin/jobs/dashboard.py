"""`salesdesk dashboard DIR`: the manager's dashboard.xlsx, rebuilt whole.

Sources: masters.xlsx; SalesLines and Payments from the ledger's finance submission when
there is one (it holds every year of a large company), else from finance.xlsx; the
plan's TargetCube from the ledger (plan year = Settings.year), else from plan.xlsx, else
none; the counted rep reports from the ledger.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from addin.core.dashboard import DashboardInputs, build_dashboard, review_window
from addin.core.issues import Issue
from addin.io.company import Company, Masters
from addin.io.ledger import Ledger
from addin.io.reader import WorkbookFile
from addin.io.safety import RefusedFile
from addin.jobs.common import dedupe, open_company, read_tables
from addin.jobs.dashboard_book import write_dashboard
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobFailed, JobResult
from addin.schema import TABLES

REPORTS = {
    "daily": "DailyReport",
    "forecasts": "Forecast",
    "competitors": "Competitors",
    "inspections": "MarketInspection",
}


def _finance(
    company: Company, masters: Masters, ledger: Ledger
) -> tuple[pd.DataFrame, pd.DataFrame, list[Issue], str]:
    lines = ledger.counted("SalesLines")
    if len(lines):
        return lines, ledger.counted("Payments"), [], "ledger"
    path = company.book("finance")
    if not path.exists():
        raise JobFailed(f"{path}: finance.xlsx is missing; the dashboard needs SalesLines")
    reads = read_tables(path, ("SalesLines", "Payments"), masters.lookups())
    issues = [i for r in reads.values() for i in r.issues]
    return reads["SalesLines"].frame, reads["Payments"].frame, issues, path.name


def _targets(company: Company, masters: Masters, ledger: Ledger) -> pd.DataFrame | None:
    cube = ledger.targets(masters.settings.year)
    if len(cube):
        return cube
    path = company.book("plan")
    if not path.exists():
        return None
    try:
        with WorkbookFile(path) as book:
            read = book.read(TABLES["TargetCube"], required=False)
    except RefusedFile:
        return None
    return read.frame if read.found and len(read.frame) else None


def gather_inputs(root: Path) -> tuple[Company, DashboardInputs, list[Issue], str]:
    """Everything the dashboard is built from, and the issues met while reading it."""
    company, masters = open_company(root)
    with open_ledger(company, masters) as ledger:
        lines, payments, issues, source = _finance(company, masters, ledger)
        targets = _targets(company, masters, ledger)
        reports = {field: ledger.counted(name) for field, name in REPORTS.items()}
    inputs = DashboardInputs(
        settings=masters.settings, regions=masters.regions, reps=masters.reps,
        products=masters.products, customers=masters.customers, strategy=masters.strategy,
        sales_lines=lines, payments=payments, targets=targets, **reports,
    )
    return company, inputs, masters.issues + issues, source


def dashboard(root: Path, *, as_of: dt.date | None = None, month: str | None = None) -> JobResult:
    """Rebuild dashboard.xlsx for the review `month` ("YYYY-MM") as of `as_of`."""
    if month is not None:
        try:
            pd.Period(month, freq="M")
        except ValueError:
            raise JobFailed(f"not a month: {month!r} (use YYYY-MM)") from None
    company, inputs, issues, source = gather_inputs(Path(root))
    window = review_window(inputs, as_of=as_of, month=month)
    result = build_dashboard(inputs, window)
    path = company.book("dashboard")
    issues = dedupe(issues + [i.located(source) if i.sheet else i for i in result.issues])
    write_dashboard(path, result, inputs.settings, issues)
    job = JobResult("dashboard", issues, [path])
    counts = result.warnings["severity"].value_counts()
    job.summary.append(
        f"dashboard for {window.month} as of {window.as_of.date()}: "
        f"{len(result.review)} customer review card(s), {len(result.warnings)} warning(s) "
        f"({counts.get('high', 0)} high)"
        + ("" if result.has_plan else f"; no plan for {inputs.settings.year}, so no targets")
    )
    job.data["month"] = window.month
    job.data["as_of"] = window.as_of.date().isoformat()
    job.data["warnings"] = result.warnings
    return job
