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
from addin.books.sheets import guide_sheet
from addin.core.dashboard import DashboardResult
from addin.core.issues import Issue
from addin.core.settings import Settings
from addin.i18n import month_label, t
from addin.io.writer import issues_frame, issues_headline
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
        table("Warnings", result.warnings, detail=90, kind=22),
        table("CustomerReview", result.review),
        card_sheet(result, placed, settings),
        table("Pacing", result.pacing),
        table("CustomerABC", result.abc),
        table("NewLostByRep", result.moves_by_rep),
        table("CustomerMoves", result.moves),
        table("MarketIntel", result.intel, product=26),
        chart_data,
        *sources,
        _issues_sheet(issues, lang),
        guide_sheet(t(lang, "sheet.guide"), GUIDE.get(lang, GUIDE["en"])),
    ]
    return BookPlan(sheets, title="SalesDesk dashboard", recalc=True)


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


GUIDE = {
    "en": [
        "Dashboard — customer review cards, pacing, warnings and market information",
        "Run Dashboard (salesdesk dashboard DIR) to rebuild every sheet; edits are overwritten.",
        "Overview: key figures of the review month and the charts.",
        "Warnings: what needs action — kind, severity, rep, customer, detail and since when.",
        "CustomerReview: the monthly review card of every customer; CustomerCard: pick a "
        "customer in cell B3 and print one page with everything about it.",
        "Pacing: year-to-date sales and collections against the target to date (seasonal).",
        "CustomerABC: classes by Pareto share of sales; NewLostByRep and CustomerMoves: new "
        "and lost customers; MarketIntel: competitors' prices beside ours.",
        "Thresholds (days, percentages, factors) are settings in masters.xlsx → Settings.",
    ],
    "zh": [
        "驾驶舱 — 客户月评卡、进度、预警与市场信息",
        "点击“驾驶舱”(salesdesk dashboard DIR)重建所有工作表;手工修改会被覆盖。",
        "Overview:本月关键数据与图表。",
        "Warnings:需要处理的事项——类别、级别、业务员、客户、详情与起始日期。",
        "CustomerReview:每个客户的月评卡;CustomerCard:在 B3 选择客户,打印一页客户卡。",
        "Pacing:本年累计销售与回款对比至今应完成目标(含季节系数)。",
        "CustomerABC:按销售额帕累托分类;NewLostByRep 与 CustomerMoves:新增与流失客户;"
        "MarketIntel:竞品价格与我方对比。",
        "各项阈值(天数、百分比、倍数)在 masters.xlsx 的 Settings 中设置。",
    ],
}
