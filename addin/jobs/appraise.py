"""`salesdesk appraise DIR --period YYYY-MM|YYYY-Qn|YYYY`: rep scorecards in appraisal.xlsx.

Reads the scheme (Scheme, Grades, BonusRules, Deductions) and the manager's Qualitative
scores from appraisal.xlsx; KPIs come from the ledger (finance, plan, counted rep
reports). Writes `Scorecard` (live formulas), `Slips` (one printable page per rep) and
`Issues`. A scheme with problems gives no scorecard: the marked cells say what to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from addin.books.appraisal.scorecard import InputTable, raw_names, scorecard_sheet
from addin.books.appraisal.slips import SHEET as SLIPS
from addin.books.appraisal.slips import no_slips_sheet, slips_sheet
from addin.books.sheets import table_sheet
from addin.core.appraisal import (
    AppraisalResult,
    Scheme,
    appraise_reps,
    normalise_period,
    read_scheme,
)
from addin.core.appraisal.percent import percent_targets
from addin.core.appraisal.targets import summed_plan
from addin.core.issues import Issue, has_errors
from addin.core.progress import step
from addin.i18n import Msg, default_lang, say, t
from addin.io.reader import TableRead
from addin.io.xlsx.book import SheetPlan
from addin.io.xlsx.patch import sheet_titles, tables_on_sheets
from addin.jobs.annotate import annotate_file
from addin.jobs.appraisal_data import load_appraisal_data
from addin.jobs.common import dedupe, locate, open_company, read_tables
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobFailed, JobResult
from addin.schema import TABLES, WORKBOOK_INPUTS
from addin.schema.names import SheetName

INPUTS = WORKBOOK_INPUTS["appraisal"]
SCHEME_TABLES = ("Scheme", "Grades", "BonusRules", "Deductions")
OPTIONAL = {"Qualitative", "Grades", "BonusRules", "Deductions"}
_WHY_MISSING = {
    "Grades": Msg("appraise.no_grades"),
    "BonusRules": Msg("appraise.no_bonus"),
    "Deductions": Msg("appraise.no_deductions"),
}


def _missing_tables(reads: Mapping[str, TableRead], file: str) -> list[Issue]:
    out = []
    for name, effect in _WHY_MISSING.items():
        if not reads[name].found:
            out.append(
                Issue(
                    code="table_absent",
                    args={"table": SheetName(name), "effect": effect},
                    sheet=name,
                    file=file,
                )
            )
    return out


def appraise(root: Path, period: str) -> JobResult:
    canon = normalise_period(period)
    if canon is None:
        raise JobFailed(t(default_lang(), "cli.bad_period", value=period))
    company, masters = open_company(root, writes=("appraisal",))
    settings = masters.settings
    path = company.book("appraisal")
    if not path.exists():
        raise JobFailed(t(settings.lang, "cli.no_appraisal_book", path=path))
    reads = read_tables(path, INPUTS, masters.lookups(), OPTIONAL, {"Scheme": ("target",)})
    frames = {n: r.frame for n, r in reads.items()}
    frames["Scheme"], percent_issues = percent_targets(
        frames["Scheme"], reads["Scheme"].percent_rows.get("target", ())
    )
    scheme, found = read_scheme(
        frames["Scheme"],
        frames["Grades"] if reads["Grades"].found else None,
        frames["BonusRules"] if reads["BonusRules"].found else None,
        frames["Deductions"] if reads["Deductions"].found else None,
    )
    read_issues = [i for r in reads.values() for i in r.issues]
    issues = dedupe(
        read_issues
        + locate(percent_issues + found, reads, path.name)
        + _missing_tables(reads, path.name)
    )
    job = JobResult("appraise", issues, [path], lang=settings.lang)
    scheme_bad = has_errors([i for i in issues if i.sheet in SCHEME_TABLES])
    if scheme is None or scheme_bad:
        _write(path, None, None, {}, issues, lang=settings.lang, period=canon)
        job.summary.append(Msg("appraise.no_scorecard", period=canon))
        return job
    with step(Msg("progress.reading_ledger")), open_ledger(company, masters) as ledger:
        data, sources = load_appraisal_data(
            company, masters, ledger, canon, _valid_qualitative(reads["Qualitative"].frame, issues)
        )
    # The plan's millions of cube rows are summed to rep × month (all appraisal reads of
    # them) and let go before scoring and writing.
    targets, budgets = summed_plan(data.targets, data.budgets)
    data = replace(data, targets=targets, budgets=budgets)
    with step(Msg("progress.scoring")):
        result = appraise_reps(canon, data, scheme, settings.lang)
    job.issues = dedupe(issues + locate(result.issues, reads, path.name))
    tables = {n: InputTable.of(reads[n].layout) for n in SCHEME_TABLES}
    _write(
        path,
        result,
        scheme,
        tables,
        job.issues,
        lang=settings.lang,
        period=canon,
        company=settings.company,
        sources=sources,
        region_names=dict(
            zip(masters.regions["region_id"], masters.regions["name"].fillna(""), strict=True)
        ),
    )
    card = result.scorecard
    ranked = card.loc[card["ranked"]].sort_values("rank")
    listed = t(settings.lang, "list.sep")
    top = listed.join(
        t(settings.lang, "appraise.ranked_rep", rep=rep, total=float(total), grade=grade)
        for rep, total, grade in ranked[["rep_id", "total_score", "grade"]].head(3).to_numpy()
    )
    job.summary.append(
        Msg(
            "appraise.done",
            count=len(card),
            period=canon,
            sources=t(settings.lang, "scorecard.glue").join(say(settings.lang, sources)),
            ranked=len(ranked),
            top=Msg("appraise.top", who=top) if top else "",
            bonus=f"{card['bonus'].sum():,.2f}",
        )
    )
    unranked = card.loc[~card["ranked"], "rep_id"].tolist()
    if unranked:
        job.summary.append(Msg("appraise.unranked", who=listed.join(unranked)))
    job.data["scorecard"] = card
    job.data["result"] = result
    return job


def _valid_qualitative(frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Qualitative rows without the cells the reader rejected (they count as blank)."""
    bad = {(i.row, i.column) for i in issues if i.sheet == "Qualitative" and i.severity == "error"}
    if not bad:
        return frame
    out = frame.copy()
    for row, column in bad:
        if column in out.columns:
            out[column] = out[column].astype(object)
            out.loc[out["_row"] == row, column] = None
    return out


def _write(
    path: Path,
    result: AppraisalResult | None,
    scheme: Scheme | None,
    tables: dict[str, InputTable | None],
    issues: list[Issue],
    *,
    lang: str,
    period: str,
    company: str = "",
    sources: list[Msg] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> None:
    """Scorecard and Slips replaced, the input cells marked and Issues refilled, in one
    patch of the workbook: every other part (the user's sheets, notes, formats) is kept."""
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    outputs: list[SheetPlan]
    if result is None or scheme is None:
        note = t(lang, "appraise.no_scorecard_note", period=period, stamp=stamp)
        outputs = [
            table_sheet(
                TABLES["Scorecard"],
                pd.DataFrame(columns=TABLES["Scorecard"].keys),
                lang=lang,
                note=note,
            )
        ]
        # Slips of an earlier run would be read as this period's: they give way to why.
        if {SLIPS, t(lang, "sheet.slips")} & set(sheet_titles(path)):
            outputs.append(no_slips_sheet(lang, note))
    else:
        used = t(lang, "scorecard.glue").join(say(lang, sources or []))
        note = t(lang, "appraise.note", period=period, stamp=stamp, sources=used)
        names = raw_names(path, tables, scheme)
        # The slips name the Scorecard's sheet as the workbook titles it (考核结果).
        title = tables_on_sheets(path).get("Scorecard", "Scorecard")
        card, layout = scorecard_sheet(
            result, scheme, tables, names, lang=lang, note=note, title=title
        )
        slips = slips_sheet(result, layout, lang=lang, company=company, region_names=region_names)
        outputs = [card, slips]
    annotate_file(path, issues, INPUTS, lang=lang, outputs=outputs)
