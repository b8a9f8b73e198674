"""`salesdesk split DIR`: split the annual targets in plan.xlsx across every dimension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from addin.core.issues import has_errors
from addin.core.plan import history_cube, split_targets
from addin.i18n import Msg
from addin.jobs.common import dedupe, locate, open_company, read_tables, write_results
from addin.jobs.finance_source import content_hash, load_finance
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobResult
from addin.schema.names import SheetName

INPUTS = ("CompanyTargets", "Seasonality", "Growth", "Locks", "Budgets")
OPTIONAL = {"Seasonality", "Growth", "Locks", "Budgets"}
#: Cubes above this many cells stay in the ledger only: writing a million styled rows
#: with openpyxl takes minutes and gigabytes, and nobody scrolls them in Excel.
CUBE_SHEET_ROWS = 200_000
ROLLUPS = (
    "TargetsByMonth",
    "TargetsByRegion",
    "TargetsByRep",
    "TargetsByCustomer",
    "TargetsByProduct",
    "TargetsBySettlement",
    "TargetsByChannel",
)


def split(root: Path) -> JobResult:
    company, masters = open_company(root)
    settings = masters.settings
    path = company.book("plan")
    reads = read_tables(path, INPUTS, masters.lookups(), OPTIONAL)
    finance = load_finance(company, masters)
    history = history_cube(
        finance.lines,
        finance.payments,
        masters.customers,
        masters.reps,
        masters.products,
        settings.year,
        regions=masters.regions,
    )
    frames = {n: r.frame for n, r in reads.items()}
    result = split_targets(
        history,
        frames["CompanyTargets"],
        customers=masters.customers,
        reps=masters.reps,
        products=masters.products,
        regions=masters.regions,
        seasonality=_optional(frames["Seasonality"]),
        growth=_optional(frames["Growth"]),
        locks=_optional(frames["Locks"]),
        budgets=_optional(frames["Budgets"]),
        settings=settings,
    )
    input_issues = [i for r in reads.values() for i in r.issues]
    issues = dedupe(input_issues + locate(result.issues, {**masters.reads, **reads}, path.name))
    job = JobResult("split", issues, [path], lang=settings.lang)
    if has_errors(issues) or result.cube.empty:
        write_results(path, {}, issues, INPUTS, lang=settings.lang)
        job.summary.append(Msg("split.nothing_written"))
        return job
    outputs: dict[str, pd.DataFrame] = {"TargetCheck": result.check, **result.rollups}
    outputs["ExpenseBudget"] = result.budgets
    notes = {}
    cube = result.cube
    if len(cube) <= CUBE_SHEET_ROWS:
        outputs["TargetCube"] = cube
    else:
        outputs["TargetCube"] = cube.iloc[0:0]
        notes["TargetCube"] = (
            f"The cube has {len(cube):,} cells, too many for a workable sheet: it is in the "
            "ledger, and each rep's workbook shows their own part (MyTargets); the roll-ups "
            "here are complete."
        )
    # The ledger (the system of record) first: if saving the workbook then fails, a rerun
    # rewrites it from the same split; the other way round the workbook would show a plan
    # that issue and appraise never see.
    with open_ledger(company, masters) as ledger:
        ledger.replace_plan(
            settings.year,
            cube,
            result.budgets,
            content_hash({"TargetCube": cube, "ExpenseBudget": result.budgets}),
            issues=issues,
        )
    write_results(path, outputs, issues, INPUTS, lang=settings.lang, notes=notes)
    totals = cube[["sales_target", "collection_target"]].sum()
    job.summary.append(
        Msg(
            "split.done",
            year=settings.year,
            sales=f"{totals['sales_target']:,.0f}",
            collections=f"{totals['collection_target']:,.0f}",
            cells=f"{len(cube):,}",
            history=result.history_year or Msg("split.no_history"),
            sheet=SheetName("TargetCheck"),
        )
    )
    job.data["cells"] = len(cube)
    return job


def _optional(frame: pd.DataFrame) -> pd.DataFrame | None:
    return None if frame.empty else frame
