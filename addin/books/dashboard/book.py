"""dashboard.xlsx as one book plan, rendered whole by the XlsxWriter backend.

A large company's dashboard holds millions of cells (50,000 review cards and the
customer card's data), so every table is streamed: its rows are written as sheet XML
from whole columns once the book is saved. Sheets: Overview (key figures and charts),
Warnings, CustomerReview, CustomerCard, Pacing, CustomerABC, NewLostByRep,
CustomerMoves, MarketIntel, ChartData, the hidden Card* sources of the card, Issues and
How to use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from addin.books.dashboard.card import card_sheet, card_sources
from addin.books.dashboard.charts import chart_data_sheet
from addin.books.dashboard.overview import overview_sheet
from addin.books.dashboard.sheets import ALERT_ROW, GOOD_ROW, highlight, money_rounded, stream_sheet
from addin.books.sheets import guide_sheet, issues_frame, issues_headline
from addin.books.styles import font_for
from addin.books.templates.guide import guide_lines
from addin.core.dashboard import DashboardResult
from addin.core.dashboard.intel import OWN
from addin.core.issues import Issue
from addin.core.settings import Settings
from addin.i18n import Msg, month_label, t
from addin.io.xlsx.book import Area, BookPlan, Highlight, SheetPlan
from addin.io.xlsx.render import render
from addin.schema import TABLES

#: CustomerReview's score from red (0) through yellow (60) to green (100).
SCORE_SCALE = ((0.0, "F8696B"), (60.0, "FFEB84"), (100.0, "63BE7B"))


def write_dashboard(
    path: Path, result: DashboardResult, settings: Settings, issues: Sequence[Issue]
) -> None:
    """Build the whole dashboard.xlsx and save it atomically."""
    render(dashboard_plan(result, settings, issues), path)


def dashboard_plan(
    result: DashboardResult, settings: Settings, issues: Sequence[Issue]
) -> BookPlan:
    lang = settings.lang
    stamp = t(
        lang,
        "banner.review",
        month=month_label(result.window.month, lang),
        as_of=result.window.as_of.date(),
    )

    def table(name: str, frame: pd.DataFrame, **widths: int) -> SheetPlan:
        sheet, placed = stream_sheet(
            TABLES[name], money_rounded(frame), lang=lang, note=stamp, widths=widths
        )
        for key, value, style in MARKED.get(name, ()):
            highlight(sheet, placed, TABLES[name], key, value, style, lang=lang)
        if name == "CustomerReview" and placed.last >= placed.first:
            c = placed.col("score")
            area = Area(placed.first, c, placed.last, c)
            sheet.highlights.append(Highlight(area, scale=SCORE_SCALE))
        return sheet

    chart_data, blocks = chart_data_sheet(result, lang)
    sources, placed = card_sources(result, lang)
    sheets = [
        overview_sheet(result, blocks, settings),
        table("Warnings", _said(result.warnings, lang), detail=90, kind=22),
        table("CustomerReview", result.review),
        card_sheet(result, placed, settings),
        table("Pacing", _company_named(result.pacing, lang)),
        table("CustomerABC", result.abc),
        table("NewLostByRep", result.moves_by_rep),
        table("CustomerMoves", result.moves),
        table("MarketIntel", _ours_named(result.intel, lang), product=26),
        chart_data,
        *sources,
        _issues_sheet(issues, lang),
        guide_sheet(t(lang, "sheet.guide"), guide_lines("dashboard", lang)),
    ]
    return BookPlan(sheets, title="SalesDesk dashboard", recalc=True, font=font_for(lang))


def _ours_named(intel: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Market intelligence with our own product's rows named as the language says "ours"."""
    own = intel["competitor"] == OWN
    return intel.assign(competitor=intel["competitor"].where(~own, t(lang, f"value.{OWN}")))


def _company_named(pacing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Pacing with the company's own row named in `lang` (合计 / 全公司)."""
    company = pacing["dimension"] == "company"
    return pacing.assign(
        member=pacing["member"].where(~company, t(lang, "pacing.total")),
        name=pacing["name"].where(~company, t(lang, "pacing.company")),
    )


def _said(warnings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Warnings with each detail (a message) said in `lang`."""
    details = [d.render(lang) if isinstance(d, Msg) else d for d in warnings["detail"]]
    return warnings.assign(detail=pd.Series(details, index=warnings.index, dtype=object))


#: Rows filled where a column shows a code: (column, code, fill) by table.
MARKED = {
    "Warnings": [("severity", "high", ALERT_ROW)],
    "Pacing": [("status", "behind", ALERT_ROW), ("status", "ahead", GOOD_ROW)],
}


def _issues_sheet(issues: Sequence[Issue], lang: str) -> SheetPlan:
    """The issues met while building: no links, their cells are in other workbooks, whose
    names start the message."""
    rows = issues_frame(issues, lang=lang)
    rows["message"] = [
        f"{i.file}: {text}" if i.file else text
        for i, text in zip(issues, rows["message"], strict=True)
    ]
    rows["row"] = pd.to_numeric(rows["row"], errors="coerce").astype("Int64")
    sheet, _ = stream_sheet(
        TABLES["Issues"], rows, lang=lang, note=issues_headline(issues, lang=lang)
    )
    return sheet
