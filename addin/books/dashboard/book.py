"""Writing dashboard.xlsx: the whole workbook, streamed (openpyxl write-only mode).

A large company's dashboard holds millions of cells (50,000 review cards and the
customer card's data), so every sheet is streamed row by row instead of built in
memory; charts, Excel Tables, data validation and protection are all still written.
Sheets: Overview (key figures and charts), Warnings, CustomerReview, CustomerCard,
Pacing, CustomerABC, NewLostByRep, CustomerMoves, MarketIntel, ChartData, the hidden
Card* sources of the card, Issues and How to use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from addin.books.dashboard.card import write_card, write_card_sources
from addin.books.dashboard.charts import write_chart_data, write_overview
from addin.books.dashboard.sheets import Placed, Styler, highlight, stream_table
from addin.books.styles import ALERT_FILL, GOOD_FILL
from addin.core.dashboard import DashboardResult
from addin.core.issues import Issue
from addin.core.settings import Settings
from addin.i18n import t
from addin.io.atomic import atomic_write
from addin.io.writer import discard
from addin.io.xlsx.sheetxml import Pending, splice
from addin.schema import TABLES


def write_dashboard(
    path: Path, result: DashboardResult, settings: Settings, issues: Sequence[Issue]
) -> None:
    """Build the whole dashboard.xlsx and save it atomically."""
    lang = settings.lang
    book = Workbook(write_only=True)
    overview = book.create_sheet(t(lang, "sheet.overview"))
    stamp = (
        f"Review month {result.window.month}, figures as of {result.window.as_of.date()}. "
        "Filled by SalesDesk; edits here are overwritten."
    )

    pending: list[Pending] = []

    def table(name: str, frame: pd.DataFrame, **kw: Any) -> tuple[Any, Placed]:
        # Sums of cents in binary floats end in ...4699999997: show money as money.
        floats = frame.select_dtypes("float").columns
        frame = frame.assign(**{c: frame[c].round(2) for c in floats})
        return stream_table(book, TABLES[name], frame, lang=lang, note=stamp, pending=pending, **kw)

    ws, placed = table("Warnings", result.warnings, widths={"detail": 90, "kind": 22})
    highlight(ws, placed, "severity", "high", ALERT_FILL)
    ws, placed = table("CustomerReview", result.review)
    if placed.last >= placed.first:
        score = get_column_letter(placed.col("score"))
        ws.conditional_formatting.add(
            f"{score}{placed.first}:{score}{placed.last}",
            ColorScaleRule(
                start_type="num",
                start_value=0,
                start_color="FFF8696B",
                mid_type="num",
                mid_value=60,
                mid_color="FFFFEB84",
                end_type="num",
                end_value=100,
                end_color="FF63BE7B",
            ),
        )
    card_ws = book.create_sheet(t(lang, "sheet.customer_card"))
    ws, placed = table("Pacing", result.pacing)
    highlight(ws, placed, "status", "behind", ALERT_FILL)
    highlight(ws, placed, "status", "ahead", GOOD_FILL)
    table("CustomerABC", result.abc)
    table("NewLostByRep", result.moves_by_rep)
    table("CustomerMoves", result.moves)
    table("MarketIntel", result.intel, widths={"product": 26})
    charts = write_chart_data(book, result, lang)
    sources = write_card_sources(book, result, lang, pending)
    _issues_sheet(book, issues, lang, pending)
    _guide(book, lang)
    write_card(card_ws, result, sources, settings)
    write_overview(overview, result, charts, settings)
    book.calculation.fullCalcOnLoad = True
    book.properties.creator = "SalesDesk"
    book.properties.title = "SalesDesk dashboard"

    def write(tmp: Path) -> None:
        book.save(tmp)
        splice(tmp, pending)

    try:
        atomic_write(path, write)
    except BaseException:
        discard(book)  # else each unsaved sheet's row writer prints a traceback at exit
        raise


def _issues_sheet(
    book: Workbook, issues: Sequence[Issue], lang: str, pending: list[Pending]
) -> None:
    rows = pd.DataFrame(
        [
            {
                "sheet": i.sheet,
                "row": i.row,
                "column": i.column,
                "value": i.value,
                "code": i.code,
                "severity": i.severity,
                "message": f"{i.file}: {i.text(lang)}" if i.file else i.text(lang),
            }
            for i in issues
        ],
        columns=TABLES["Issues"].keys,
    )
    rows["row"] = pd.to_numeric(rows["row"], errors="coerce").astype("Int64")
    when = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    note = (
        f"{len(issues)} issue(s) met while building the dashboard ({when})."
        if issues
        else f"No issues — last built {when}."
    )
    stream_table(book, TABLES["Issues"], rows, lang=lang, note=note, pending=pending)


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


def _guide(book: Workbook, lang: str) -> None:
    ws = book.create_sheet(t(lang, "sheet.guide"))
    ws.column_dimensions["A"].width = 110
    style = Styler(ws)
    wrap = Alignment(wrap_text=True, vertical="top")
    title = Font(bold=True, size=14, color="FF1F4E78")
    for n, line in enumerate(GUIDE.get(lang, GUIDE["en"])):
        ws.append([style.cell(line, text=True, align=wrap, font=title if n == 0 else None)])
