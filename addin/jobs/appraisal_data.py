"""Gather what appraisal reads: finance records, the plan, the reps' counted reports.

- Finance: finance.xlsx through the reader; the ledger's counted finance submission when
  the workbook's SalesLines are empty (a company too big for one sheet) — the rule every
  job follows (`finance_source.stored_finance`), so appraisal never scores an export
  older than the one `age` just aged.
- Plan: the ledger's plan of each year the periods touch; plan.xlsx TargetCube and
  ExpenseBudget for a year the ledger has no plan for; nothing when neither has one.
- Reports: the counted rep submissions of the period and the period before (forecasts
  from further back: a forecast is judged in the month it was made for), and the list of
  every rep submission (when reports began; months handed in with errors).
"""

from __future__ import annotations

import pandas as pd

from addin.core.appraisal import AppraisalData, prior_period
from addin.core.appraisal.data import no_budgets, no_targets
from addin.core.issues import ROW
from addin.core.reports.calendar import months_in, period_bounds
from addin.i18n import Msg
from addin.io.company import Company, Masters
from addin.io.ledger import Ledger
from addin.jobs.common import read_tables
from addin.jobs.finance_source import INPUTS, reader_columns, stored_finance

#: What appraisal reads of the plan's TargetCube: its targets summed per rep and month.
TARGET_BY = ("rep_id", "month")
TARGET_SUMS = ("sales_target", "collection_target")
#: Ids, months, visit types and clock times the appraisal only compares, groups or
#: works out once per distinct value, read from the ledger as the snapshot's codes
#: (`Ledger.counted(coded=...)`): the core then hashes distinct values, not millions of
#: rows of them (a year of a large company's visits and route stops).
CODED = {
    "SalesLines": ("customer_id", "invoice_id", "rep_id", "product_id"),
    "Payments": ("customer_id", "invoice_id"),
    "DailyReport": ("rep_id", "customer_id", "period", "visit_type", "start_time", "end_time"),
    "WeeklyRoute": ("rep_id", "customer_id", "period"),
}
REPORTS = {
    "daily": "DailyReport",
    "routes": "WeeklyRoute",
    "forecasts": "Forecast",
    "inspections": "MarketInspection",
}


def as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows in the reader's shape: the Excel row in `_row`."""
    out = frame.rename(columns={"row_no": ROW})
    return out.drop(columns=[c for c in ("submission_id",) if c in out.columns])


def _finance(
    company: Company, masters: Masters, ledger: Ledger, sources: list[Msg]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """finance.xlsx's records, or the ledger's when its SalesLines are empty (a company
    too big for one sheet) — the rule `age`, `dashboard` and `split` follow."""
    reads = read_tables(company.book("finance"), INPUTS, masters.lookups())
    if reads["SalesLines"].frame.empty:
        paid = [c for c in reader_columns("Payments") if c != "rep_id"]
        stored = stored_finance(
            ledger, CODED.get("SalesLines", ()), CODED.get("Payments", ()), paid
        )
        if stored is not None:
            sources.append(Msg("source.finance", where=Msg("source.ledger")))
            return stored
    sources.append(Msg("source.finance", where="finance.xlsx"))
    return reads["SalesLines"].frame, reads["Payments"].frame


def _plan(
    company: Company, masters: Masters, ledger: Ledger, years: list[int], sources: list[Msg]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    targets, budgets = [], []
    missing = []
    for year in years:
        # The core only sums targets per rep and month (`core.appraisal.targets`): the
        # database does that, rather than handing over every cell of the cube.
        cube = ledger.counted_sums(
            "TargetCube", TARGET_BY, TARGET_SUMS, kind="plan", period=str(year)
        )
        if cube.empty:
            missing.append(year)
            continue
        targets.append(cube)
        budgets.append(ledger.budgets(year))
        sources.append(Msg("source.plan", year=year, where=Msg("source.ledger")))
    path = company.book("plan")
    if missing and path.exists():
        names = ("TargetCube", "ExpenseBudget")
        reads = read_tables(path, names, masters.lookups(), set(names))
        for year in missing:
            cube = reads["TargetCube"].frame
            cube = cube.loc[cube["month"].astype(str).str.startswith(f"{year}-")]
            if cube.empty:
                sources.append(Msg("source.plan", year=year, where=Msg("source.none")))
                continue
            spent = reads["ExpenseBudget"].frame
            targets.append(cube)
            budgets.append(spent.loc[spent["month"].astype(str).str.startswith(f"{year}-")])
            sources.append(Msg("source.plan", year=year, where="plan.xlsx"))
    cubes = [f for f in targets if len(f)]
    plans = [f for f in budgets if len(f)]
    return (
        pd.concat(cubes, ignore_index=True) if cubes else no_targets(),
        pd.concat(plans, ignore_index=True) if plans else no_budgets(),
    )


def load_appraisal_data(
    company: Company,
    masters: Masters,
    ledger: Ledger,
    period: str,
    qualitative: pd.DataFrame,
) -> tuple[AppraisalData, list[Msg]]:
    """Everything the core needs for `period` and the period before; and where each came
    from, for the job's summary."""
    sources: list[Msg] = []
    before = prior_period(period)
    lines, payments = _finance(company, masters, ledger, sources)
    years = sorted({period_bounds(p)[0].year for p in (before, period)})
    targets, budgets = _plan(company, masters, ledger, years, sources)
    months = months_in((period_bounds(before)[0], period_bounds(period)[1]))
    horizon = masters.settings.forecast_horizon_months
    first = pd.Period(months[0], freq="M") - horizon
    forecast_months = [str(first + i) for i in range(horizon)] + months
    reports = {
        key: as_read(
            ledger.counted(
                name,
                period=forecast_months if key == "forecasts" else months,
                coded=CODED.get(name, ()),
            )
        )
        for key, name in REPORTS.items()
    }
    # Every month's, so the core sees when reports began and which came with errors.
    submissions = ledger.submissions(kind="rep")[["submission_id", "rep_id", "period", "status"]]
    data = AppraisalData(
        reps=masters.reps,
        customers=masters.customers,
        products=masters.products,
        sales=lines,
        payments=payments,
        settings=masters.settings,
        regions=masters.regions,
        targets=targets,
        budgets=budgets,
        qualitative=qualitative,
        submissions=submissions,
        **reports,
    )
    return data, sources
