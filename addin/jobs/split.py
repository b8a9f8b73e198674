"""`salesdesk split DIR`: split the annual targets in plan.xlsx across every dimension."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from addin.books.sheets import NOTED_HEADER_ROW
from addin.core.issues import Issue, has_errors
from addin.core.plan import history_cube, split_targets
from addin.core.plan.words import Lang, name, say
from addin.core.progress import step
from addin.i18n import Msg, t
from addin.jobs.common import dedupe, locate, open_company, read_tables, unsaid, write_results
from addin.jobs.finance_source import content_hash, load_finance
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobResult
from addin.schema.names import SheetName

#: Dimensions whose moves `split` prints: the units a target is argued about.
_MOVERS = ("rep", "customer", "product")
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
    company, masters = open_company(root, writes=("plan",))
    settings = masters.settings
    path = company.book("plan")
    reads = read_tables(path, INPUTS, masters.lookups(), OPTIONAL)
    finance = load_finance(company, masters)
    with step(Msg("progress.history")):
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
    with step(Msg("progress.splitting")):
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
            strategy=masters.strategy,
            settings=settings,
        )
    input_issues = [i for r in reads.values() for i in r.issues]
    found = [_on_sheet(i) for i in result.issues]
    located = locate(found, {**masters.reads, **finance.reads, **reads}, path.name)
    issues = dedupe(input_issues + unsaid(input_issues, located))
    job = JobResult("split", issues, [path], marked=[path.name], lang=settings.lang)
    if has_errors(issues) or result.cube.empty:
        write_results(path, {}, issues, INPUTS, lang=settings.lang)
        job.summary.append(Msg("split.nothing_written"))
        return job
    outputs: dict[str, pd.DataFrame] = {
        "TargetCheck": members_said(result.check, settings.lang),
        **result.rollups,
    }
    outputs["ExpenseBudget"] = result.budgets
    notes = {}
    cube = result.cube
    if len(cube) <= CUBE_SHEET_ROWS:
        outputs["TargetCube"] = cube
    else:
        outputs["TargetCube"] = cube.iloc[0:0]
        notes["TargetCube"] = t(settings.lang, "banner.cube.too_big", cells=len(cube))
    # The ledger (the system of record) first: if saving the workbook then fails, a rerun
    # rewrites it from the same split; the other way round the workbook would show a plan
    # that issue and appraise never see.
    with (
        step(Msg("progress.storing_plan", cells=len(cube))),
        open_ledger(company, masters) as ledger,
    ):
        ledger.replace_plan(
            settings.year,
            cube,
            result.budgets,
            content_hash(
                {"TargetCube": cube, "ExpenseBudget": result.budgets},
                {"TargetCube": result.cube_keys},
            ),
            issues=issues,
            coded=result.cube_keys,
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
    job.summary += largest_moves(result.check, settings.lang)
    job.data["cells"] = len(cube)
    return job


def members_said(check: pd.DataFrame, lang: str) -> pd.DataFrame:
    """TargetCheck as a `lang` reader types its members: a settlement or channel member
    (cash) as its name (现款), the way Growth and Locks take it back."""
    if lang != "zh" or check.empty:
        return check
    said = check["dimension"].isin(["settlement", "channel"])
    return check.assign(member=check["member"].where(~said, check["member_name"]))


def largest_moves(check: pd.DataFrame, lang: Lang, count: int = 5) -> list[str]:
    """The `count` reps, customers or products whose sales target moved most against
    last year, with the reason in TargetCheck's growth_source."""
    rows = check[(check["measure"] == "sales") & check["dimension"].isin(_MOVERS)]
    change = rows["target"] - rows["last_year"]
    top = rows.assign(_change=change, _size=change.abs())
    top = top.sort_values(["_size", "dimension", "member"], ascending=[False, True, True])
    top = top[top["_size"] > 0].head(count)
    if top.empty:
        return []
    lines = [say("moves_head", lang, measure=name("sales", lang))]
    for _, row in top.iterrows():
        pct = "" if pd.isna(row["growth_pct"]) else say("move_pct", lang, pct=row["growth_pct"])
        lines.append(
            say(
                "move",
                lang,
                dimension=name(str(row["dimension"]), lang),
                member=row["member"],
                name=row["member_name"],
                last=row["last_year"],
                target=row["target"],
                change=row["_change"],
                pct=pct,
                source=row["growth_source"],
            )
        )
    return lines


def _on_sheet(issue: Issue) -> Issue:
    """Core numbers TargetCheck rows with the header in row 1; the written sheet has
    its note and a blank row above the header."""
    if issue.sheet == "TargetCheck" and issue.row is not None:
        return replace(issue, row=issue.row + NOTED_HEADER_ROW - 1)
    return issue


def _optional(frame: pd.DataFrame) -> pd.DataFrame | None:
    return None if frame.empty else frame
