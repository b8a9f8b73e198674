"""`salesdesk init DIR`: create the company folder, empty or with the demo company."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from addin.books.templates.builder import build_workbook, write_workbook
from addin.core.appraisal import default_appraisal_inputs
from addin.core.progress import step, track
from addin.core.settings import Settings
from addin.i18n import Msg, t
from addin.io import masters_cache
from addin.io.company import STEMS, Company, load_masters
from addin.jobs.result import JobFailed, JobResult
from addin.schema.names import value_name

Size = Literal["small", "medium", "large"]
#: Excel's row limit less the header; larger tables go to the ledger instead.
EXCEL_MAX_ROWS = 1_048_575
#: Finance exports above this stay in the ledger: a sheet that size passes Excel's row
#: limit in time and the default `max_file_mb` in size.
FINANCE_SHEET_ROWS = 500_000


def default_plan_inputs() -> dict[str, pd.DataFrame]:
    return {
        "CompanyTargets": pd.DataFrame(
            {"measure": ["sales", "collections"], "annual_target": [None, None]}
        )
    }


def init_company(
    root: Path,
    *,
    lang: str = "en",
    demo: bool = False,
    size: Size = "small",
    seed: int = 7,
    year: int | None = None,
) -> JobResult:
    company = Company(Path(root))
    existing = [company.book(s) for s in STEMS if company.book(s).exists()]
    if existing:
        raise JobFailed(t(lang, "cli.company_exists", folder=company.root, file=existing[0].name))
    company.root.mkdir(parents=True, exist_ok=True)
    company.reps_dir.mkdir(exist_ok=True)
    company.inbox.mkdir(exist_ok=True)
    result = JobResult("init", lang=lang)
    data: dict[str, dict[str, pd.DataFrame]] = {"plan": default_plan_inputs()}
    settings = Settings(lang=lang)  # type: ignore[arg-type]
    if year is not None:
        settings.year = year
    if demo:
        with step(Msg("progress.demo", size=Msg(f"progress.size.{size}"))):
            data, settings = demo_data(size, seed, settings, result)
    data.setdefault("appraisal", default_appraisal_inputs(lang))
    for stem in track(STEMS, Msg("progress.workbooks")):
        book = build_workbook(stem, lang=lang, data=data.get(stem), settings=settings)
        write_workbook(company.book(stem), book)
        result.written.append(company.book(stem))
    full = result.data.pop("full_finance", None)
    if isinstance(full, dict):
        with step(Msg("progress.storing_finance")):
            store_finance_in_ledger(company, settings, full)
    if masters_cache.enabled():
        # Read back once, as every command will: the typed masters are kept
        # (`masters_cache`), so the first command does not parse 50,000 customers again.
        with step(Msg("progress.reading_masters")):
            load_masters(company.book("masters"))
    kind = Msg("init.demo", size=Msg(f"init.size_{size}")) if demo else Msg("init.empty")
    result.summary.append(Msg("init.created", folder=company.root, kind=kind))
    return result


def demo_data(
    size: Size, seed: int, settings: Settings, result: JobResult
) -> tuple[dict[str, dict[str, pd.DataFrame]], Settings]:
    from addin.demo import generate_company
    from addin.demo.language import in_language

    demo = in_language(generate_company(size=size, seed=seed, year=settings.year), settings.lang)
    for key, value in demo.settings_overrides.items():
        setattr(settings, key, value)
    from addin.core.settings import settings_table

    masters = {
        "Settings": settings_table(settings, settings.lang),
        "Regions": demo.regions,
        "Reps": demo.reps,
        "Products": demo.products,
        "Customers": demo.customers,
        "Strategy": demo.strategy,
    }
    lines, payments = demo.sales_lines, demo.payments
    finance = {"SalesLines": lines, "Payments": payments}
    if len(lines) > FINANCE_SHEET_ROWS or len(payments) > FINANCE_SHEET_ROWS:
        result.summary.append(Msg("init.lines_in_ledger", count=f"{len(lines):,}"))
        finance = {"SalesLines": lines.iloc[0:0], "Payments": payments.iloc[0:0]}
        result.data["full_finance"] = {"SalesLines": lines, "Payments": payments}
    last_year = lines.loc[lines["date"].dt.year == settings.year - 1, "amount"].sum()
    paid_last_year = payments.loc[payments["date"].dt.year == settings.year - 1, "amount"].sum()
    unit = settings.rounding_unit * 100
    plan = {
        "CompanyTargets": pd.DataFrame(
            {
                "measure": ["sales", "collections"],
                "annual_target": [
                    round(last_year * 1.12 / unit) * unit,
                    round(paid_last_year * 1.10 / unit) * unit,
                ],
            }
        ),
        "Growth": pd.DataFrame(
            {
                "dimension": ["channel", "channel"],
                "member": [value_name(m, settings.lang) for m in ("online", "traditional")],
                "growth_pct": [30.0, 5.0],
            }
        ),
    }
    return {"masters": masters, "finance": finance, "plan": plan}, settings


def store_finance_in_ledger(
    company: Company, settings: Settings, frames: dict[str, pd.DataFrame]
) -> None:
    """Finance records too big for a sheet go straight to the ledger, numbered by row,
    and are kept as its snapshot too: the first command reads them without reading a
    million rows back."""
    from addin.io.ledger import FINANCE_PERIOD, Ledger, resolve_url
    from addin.jobs.finance_source import content_hash

    numbered = {name: frame.assign(_row=range(2, len(frame) + 2)) for name, frame in frames.items()}
    with Ledger.open(resolve_url(company.root, settings.ledger_url)) as ledger:
        stored = ledger.submit(
            kind="finance",
            rep_id="",
            period=FINANCE_PERIOD,
            file_name="demo (generated)",
            file_hash=content_hash(frames),
            status="accepted",
            frames=numbered,
        )
        if stored.outcome == "stored":
            ledger.keep_finance(numbered, stored.submission_id)
