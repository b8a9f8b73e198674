"""`salesdesk demo DIR`: the demo company through the whole cycle.

init with demo data → age receivables → split the plan → issue rep workbooks → reps
fill them (a few late, missing or badly filled) → collect into the ledger → appraise → dashboard.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from addin.core.listed import listed_entry
from addin.demo import demo_report_quality, fill_month_reports, generate_company
from addin.demo.language import in_language
from addin.demo.reports import demo_route
from addin.i18n import Msg
from addin.io.company import Company
from addin.io.fill import fill_tables
from addin.jobs.age import age
from addin.jobs.appraise import appraise
from addin.jobs.collect import collect
from addin.jobs.common import dedupe
from addin.jobs.dashboard import dashboard
from addin.jobs.init import Size, init_company
from addin.jobs.issue import issue_workbooks
from addin.jobs.result import JobResult, files_by_worst
from addin.jobs.split import split
from addin.schema import TABLES
from addin.schema.names import shown_values


def run_demo(root: Path, *, lang: str = "en", size: Size = "small", seed: int = 7) -> JobResult:
    root = Path(root)
    result = init_company(root, lang=lang, demo=True, size=size, seed=seed)
    demo = in_language(generate_company(size=size, seed=seed), lang)
    company = Company(root)
    period = demo.period
    month_end = (pd.Period(period, freq="M").end_time).date()
    steps: list[JobResult] = []
    steps.append(age(root, as_of=month_end))
    steps.append(split(root))

    def route(rep_id: str, month: str) -> pd.DataFrame:
        return demo_route(demo, rep_id, month, seed)

    steps.append(issue_workbooks(root, period, route_source=route))
    qualities = demo_report_quality(demo.reps, period, seed)
    reports = fill_month_reports(demo, period, qualities, seed=seed)
    handed_in = 0
    cards = demo.customers
    for rep_id, report in sorted(reports.items()):
        issued = company.rep_book(rep_id, period)
        if not report.tables or not issued.exists():
            continue  # a rep who sent nothing
        typed = {  # a rep picks dropdown values as the workbook's language shows them
            name: picked_customers(shown_values(frame, TABLES[name].columns, lang), cards, rep_id)
            for name, frame in report.tables.items()
        }
        fill_tables(issued, company.inbox / issued.name, typed)
        handed_in += 1
    steps.append(collect(root, period=period, today=month_end + dt.timedelta(days=3)))
    steps.append(appraise(root, period))
    steps.append(dashboard(root, as_of=month_end))
    shown: dict[str, str] = {}  # a returned copy is found in returned/, not where it was
    for step in steps:
        result.issues += step.issues
        result.summary += step.summary
        result.summary.append(step.headline())
        shown.update({Path(m).name: m for m in step.marked})
    result.issues = dedupe(result.issues)  # masters.xlsx is read by several steps: say it once
    result.marked = [shown.get(f, f) for f in files_by_worst(result.issues)]
    result.summary.append(
        Msg(
            "demo.cycle",
            period=period,
            handed_in=handed_in,
            reps=len(reports),
            folder=company.root,
        )
    )
    errors = sum(1 for i in result.issues if i.severity == "error")
    result.summary.append(Msg("demo.planted", errors=errors))
    result.job = "demo"
    result.force_exit = 0
    return result


def picked_customers(frame: pd.DataFrame, cards: pd.DataFrame, rep_id: str) -> pd.DataFrame:
    """The rep's own customers as the dropdown stores them (`C00008 天津泰美超市`);
    anything else (a planted mistake) as typed."""
    if "customer_id" not in frame.columns or frame.empty:
        return frame
    mine = cards.loc[cards["rep_id"] == rep_id]
    listed = dict(
        zip(
            mine["customer_id"],
            (listed_entry(c, n) for c, n in zip(mine["customer_id"], mine["name"], strict=True)),
            strict=True,
        )
    )
    return frame.assign(customer_id=frame["customer_id"].map(lambda v: listed.get(v, v)))
