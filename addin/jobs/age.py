"""`salesdesk age DIR [--as-of DATE]`: receivables for finance in finance.xlsx.

The records are finance.xlsx's SalesLines and Payments, or, for a company too big for
one sheet, the finance submission in the ledger (as split and dashboard read them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from addin.core.progress import step
from addin.core.receivables import age_receivables
from addin.i18n import Msg, t
from addin.jobs.common import dedupe, locate, open_company, write_results
from addin.jobs.finance_source import load_finance
from addin.jobs.result import JobResult

INPUTS = ("SalesLines", "Payments")


def age(root: Path, as_of: dt.date | None = None) -> JobResult:
    company, masters = open_company(root, writes=("finance",))
    as_of = as_of or dt.date.today()
    path = company.book("finance")
    finance = load_finance(company, masters, record=False)
    reads = finance.reads
    lines, payments = finance.lines, finance.payments
    with step(Msg("progress.ageing", lines=len(lines), payments=len(payments))):
        result = age_receivables(
            lines,
            payments,
            masters.customers,
            masters.settings,
            as_of,
            reps=masters.reps,
            regions=masters.regions,
        )
    issues = dedupe(finance.issues + locate(result.issues, {**masters.reads, **reads}, path.name))
    stamp = t(masters.settings.lang, "banner.as_of", as_of=as_of.isoformat())
    outputs = {
        "OpenItems": result.open_items,
        "Ageing": result.ageing,
        "AgeingByRep": result.by_rep,
        "AgeingByRegion": result.by_region,
        "Dunning": result.dunning,
        "CreditCheck": result.credit_check,
        "Collections": result.collections,
    }
    write_results(
        path,
        outputs,
        issues,
        INPUTS,
        lang=masters.settings.lang,
        notes={name: stamp for name in outputs},
    )
    job = JobResult("age", issues, [path], lang=masters.settings.lang)
    totals = result.totals.iloc[0] if len(result.totals) else None
    if totals is not None:
        job.summary.append(
            Msg(
                "age.done",
                as_of=as_of.isoformat(),
                total=f"{totals.get('total', 0):,.2f}",
                chase=len(result.dunning),
                credit=len(result.credit_check),
            )
        )
    job.data["collections"] = result.collections
    job.data["as_of"] = as_of.isoformat()
    return job
