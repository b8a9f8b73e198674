"""`salesdesk age DIR [--as-of DATE]`: receivables for finance in finance.xlsx.

The records are finance.xlsx's SalesLines and Payments, or, for a company too big for
one sheet, the finance submission in the ledger (as split and dashboard read them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from addin.core.progress import step
from addin.core.receivables import UNAPPLIED, age_receivables
from addin.i18n import Msg, t
from addin.jobs.common import dedupe, locate, open_company, write_results
from addin.jobs.finance_source import load_finance
from addin.jobs.result import JobResult
from addin.schema import TABLES

INPUTS = ("SalesLines", "Payments")
#: Yes/no columns, shown as words rather than Python's True/False.
FLAGS = ("over_limit", "overdue_beyond_policy")
#: Ids ageing only compares and groups: read from the ledger as the snapshot's codes.
CODED_IDS = ("customer_id", "invoice_id", "rep_id")
#: The table whose columns name the buckets (未到期, 逾期1–30天, 未核销回款).
AGEING = TABLES["Ageing"]


def shown(outputs: dict[str, pd.DataFrame], lang: str) -> dict[str, pd.DataFrame]:
    """The receivables tables as finance reads them: an ageing bucket by its column's
    name (逾期1–30天), the unapplied-credit row by name, flags as yes/no words."""
    out = dict(outputs)
    items = out["OpenItems"]
    if len(items):
        named = {b: AGEING.column_for(b).label(lang) for b in items["bucket"].dropna().unique()}
        unapplied = t(lang, f"value.{UNAPPLIED}")
        out["OpenItems"] = items.assign(
            bucket=items["bucket"].map(lambda b: named.get(b, b)),
            invoice_id=items["invoice_id"].where(items["invoice_id"] != UNAPPLIED, unapplied),
        )
    words = {True: t(lang, "value.yes"), False: t(lang, "value.no")}
    for name in ("Ageing", "CreditCheck"):
        frame = out[name]
        flags = [c for c in FLAGS if c in frame.columns]
        if len(frame) and flags:
            out[name] = frame.assign(**{c: frame[c].map(lambda v: words.get(v, v)) for c in flags})
    return out


def age(root: Path, as_of: dt.date | None = None) -> JobResult:
    company, masters = open_company(root, writes=("finance",))
    as_of = as_of or dt.date.today()
    path = company.book("finance")
    finance = load_finance(company, masters, record=False, coded=CODED_IDS)
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
        shown(outputs, masters.settings.lang),
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
