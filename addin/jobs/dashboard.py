"""`salesdesk dashboard DIR`: the manager's dashboard.xlsx, rebuilt whole.

Sources: masters.xlsx; SalesLines and Payments from finance.xlsx, or from the ledger's
finance submission when the workbook's are empty (a company too big for a sheet); the
plan's TargetCube from the ledger (plan year = Settings.year), else from plan.xlsx, else
none; the counted rep reports from the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from addin.books.dashboard.book import write_dashboard
from addin.core.dashboard import DashboardInputs, build_dashboard, review_window
from addin.core.dashboard.plan import (
    CUSTOMER_KEYS,
    PRODUCT_KEYS,
    TARGETS,
    PlanCube,
    plan_sums,
)
from addin.core.issues import Issue
from addin.core.progress import step
from addin.i18n import Msg, t
from addin.io.company import Company, Masters
from addin.io.ledger import Ledger
from addin.io.reader import TableRead, WorkbookFile
from addin.io.xlsx.safety import RefusedFile
from addin.jobs.common import dedupe, locate, open_company
from addin.jobs.finance_source import load_finance
from addin.jobs.issue import month_period
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobFailed, JobResult
from addin.schema import TABLES

REPORTS = {
    "daily": "DailyReport",
    "forecasts": "Forecast",
    "competitors": "Competitors",
    "inspections": "MarketInspection",
}


#: What the dashboard reads of the TargetCube: the months and the members it paces and
#: reviews (pacing: region, rep, product; reviews and cards: customer), not how the plan
#: is settled or sold. Its rows are summed at once (`plan_sums`) and let go: the
#: readers want sums, and a large plan's rows are a gigabyte of text.
PLAN_COLUMNS = (*dict.fromkeys((*CUSTOMER_KEYS, *PRODUCT_KEYS)), *TARGETS)


def _targets(company: Company, masters: Masters, ledger: Ledger) -> PlanCube | None:
    """The plan year's targets summed (`core.dashboard.plan`): the ledger's, else the
    TargetCube of plan.xlsx, else None."""
    cube = ledger.targets(masters.settings.year, columns=PLAN_COLUMNS)
    if len(cube):
        return plan_sums(cube)
    path = company.book("plan")
    if not path.exists():
        return None
    try:
        with WorkbookFile(path) as book:
            read = book.read(TABLES["TargetCube"], required=False)
    except RefusedFile:
        return None
    return plan_sums(read.frame) if read.found and len(read.frame) else None


def gather_inputs(root: Path) -> tuple[Company, DashboardInputs, Locator]:
    """Everything the dashboard is built from, and how to place the issues of its rows."""
    company, masters = open_company(root, writes=("dashboard",))
    if not company.book("finance").exists():
        lang = masters.settings.lang
        raise JobFailed(t(lang, "cli.no_finance_book", path=company.book("finance")))
    with open_ledger(company, masters) as ledger:
        # The plan first: its rows are let go once summed, before finance is read.
        targets = _targets(company, masters, ledger)
        reports = {field: ledger.counted(name) for field, name in REPORTS.items()}
    money = load_finance(company, masters, record=False)
    reads, source = money.reads, money.source
    lines, payments = money.lines, money.payments
    inputs = DashboardInputs(
        settings=masters.settings,
        regions=masters.regions,
        reps=masters.reps,
        products=masters.products,
        customers=masters.customers,
        strategy=masters.strategy,
        sales_lines=lines,
        payments=payments,
        targets=targets,
        **reports,
    )
    issues = masters.issues + money.issues
    return company, inputs, Locator(issues, {**masters.reads, **reads}, source)


@dataclass
class Locator:
    """Issues met while reading, and where the tables came from, to place core issues."""

    issues: list[Issue]
    reads: dict[str, TableRead]
    source: str

    def place(self, found: list[Issue]) -> list[Issue]:
        located = locate([i for i in found if i.sheet], self.reads, self.source)
        return dedupe(self.issues + located + [i for i in found if not i.sheet])


def dashboard(root: Path, *, as_of: dt.date | None = None, month: str | None = None) -> JobResult:
    """Rebuild dashboard.xlsx for the review `month` ("YYYY-MM") as of `as_of`."""
    if month is not None:
        month = month_period(month)
    company, inputs, where = gather_inputs(Path(root))
    settings = inputs.settings
    window = review_window(inputs, as_of=as_of, month=month)
    with step(Msg("progress.dashboard")):
        result = build_dashboard(inputs, window)
    # Writing needs only the result: let the inputs go (a large company's plan cube and
    # sales lines are gigabytes) before the book is built.
    del inputs
    path = company.book("dashboard")
    issues = where.place(result.issues)
    with step(Msg("progress.writing", file=path.name)):
        write_dashboard(path, result, settings, issues)
    job = JobResult("dashboard", issues, [path], lang=settings.lang)
    counts = result.warnings["severity"].value_counts()
    job.summary.append(
        Msg(
            "dashboard.done",
            month=window.month,
            as_of=window.as_of.date().isoformat(),
            cards=len(result.review),
            warnings=len(result.warnings),
            high=int(counts.get("high", 0)),
            plan="" if result.has_plan else Msg("dashboard.no_plan", year=settings.year),
        )
    )
    job.data["month"] = window.month
    job.data["as_of"] = window.as_of.date().isoformat()
    job.data["warnings"] = result.warnings
    return job
