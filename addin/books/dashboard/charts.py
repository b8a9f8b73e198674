"""The Overview sheet of dashboard.xlsx: key figures, warnings by kind and four charts
(achievement by rep, monthly sales against target, ageing by rep, competitor price
trend) drawn from the visible ChartData sheet."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.styles import Alignment, Font

from addin.books.dashboard.sheets import Grid, fit_to_page
from addin.books.styles import NOTE_FONT, SECTION_FONT
from addin.core.dashboard import DashboardResult
from addin.core.settings import Settings
from addin.i18n import catalogue, month_label, t
from addin.io.writer import HEADER_FILL, HEADER_FONT

MONEY = "#,##0"
#: Headers of ChartData columns = the charts' series names.
SERIES = {
    "rep": "Rep",
    "month": "Month",
    "sales_ytd": "Sales to date",
    "target_to_date": "Target to date",
    "last_year_to_date": "Last year, same days",
    "sales": "Sales",
    "target": "Target",
    "last_year": "Last year",
    "not_due": "Not due",
}
PCT = '0.0"%"'
TITLE_FONT = Font(bold=True, size=16, color="FF1F4E78")


def series_label(name: str) -> str:
    """A column's header on ChartData, which is also its series name in the legend."""
    bucket = re.fullmatch(r"d(\d+)_(\d+)", name)
    if bucket:
        return f"{bucket.group(1)}–{bucket.group(2)} days"
    if name.startswith("over_"):
        return f"Over {name[5:]} days"
    return SERIES.get(name, name)


@dataclass(frozen=True)
class Block:
    """A small table on ChartData: header row, data rows and its column count."""

    title: str
    header: int
    first: int
    last: int
    width: int
    sheet: str = "ChartData"  # the tab it is on, as the workbook's language names it


def _block(grid: Grid, top: int, title: str, frame: pd.DataFrame) -> tuple[Block, int]:
    grid.put(top, 1, title, font=SECTION_FONT, text=True)
    header = top + 1
    for c, name in enumerate(frame.columns, start=1):
        label = series_label(str(name))
        grid.put(header, c, label, font=HEADER_FONT, fill=HEADER_FILL, text=True)
    for r, values in enumerate(frame.itertuples(index=False), start=header + 1):
        for c, value in enumerate(values, start=1):
            if isinstance(value, float) and np.isnan(value):
                continue
            if isinstance(value, str):
                grid.put(r, c, value, text=True)
            else:
                grid.put(r, c, value, fmt=MONEY if c > 1 else None)
    last = header + len(frame)
    block = Block(title, header, header + 1, last, len(frame.columns), grid.ws.title)
    return block, last + 2


def write_chart_data(book: Workbook, result: DashboardResult, lang: str = "en") -> dict[str, Block]:
    """The tables the charts draw, on a visible sheet so every number can be checked."""
    ws = book.create_sheet(t(lang, "sheet.chart_data"))
    ws.column_dimensions["A"].width = 28
    fit_to_page(ws, "portrait", tall=False)
    grid = Grid(ws)
    titles = {
        "achievement": "Sales to date by rep (largest 25)",
        "monthly": "Sales by month against target and last year",
        "ageing": "Receivables ageing by rep (largest 25)",
        "trend": "Competitors' wholesale price, % of ours",
    }
    blocks: dict[str, Block] = {}
    top = 1
    for key, title in titles.items():
        blocks[key], top = _block(grid, top, title, result.charts[key])
    grid.emit()
    ws.protection.sheet = True
    return blocks


def _ref(ws_title: str, col: int, first: int, last: int, col_to: int | None = None) -> Reference:
    return Reference(range_string=_range(ws_title, col, first, col_to or col, last))


def _range(title: str, col: int, first: int, col_to: int, last: int) -> str:
    from openpyxl.utils import get_column_letter as L

    return f"'{title}'!${L(col)}${first}:${L(col_to)}${last}"


def _bar(
    block: Block,
    title: str,
    y_title: str,
    *,
    stacked: bool = False,
    skip_empty: set[int] | None = None,
) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.numFmt = MONEY
    chart.y_axis.majorGridlines = ChartLines()
    chart.height, chart.width = 8.5, 17
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    last = max(block.last, block.first)
    for col in range(2, block.width + 1):
        if skip_empty and col in skip_empty:
            continue
        chart.add_data(_ref(block.sheet, col, block.header, last), titles_from_data=True)
    chart.set_categories(_ref(block.sheet, 1, block.first, last))
    chart.plot_visible_only = False
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _empty_columns(frame: pd.DataFrame) -> set[int]:
    return {i for i, c in enumerate(frame.columns, start=1) if i > 1 and frame[c].isna().all()}


def _charts(
    result: DashboardResult, blocks: dict[str, Block], lang: str = "en"
) -> list[tuple[Any, str]]:
    achievement = _bar(
        blocks["achievement"],
        t(lang, "chart.by_rep"),
        t(lang, "chart.amount"),
        skip_empty=_empty_columns(result.charts["achievement"]),
    )
    monthly = _bar(
        blocks["monthly"],
        t(lang, "chart.monthly"),
        t(lang, "chart.amount"),
        skip_empty=_empty_columns(result.charts["monthly"]) | {3, 4},
    )
    block = blocks["monthly"]
    lines = LineChart()
    for col in (3, 4):
        if col not in _empty_columns(result.charts["monthly"]):
            lines.add_data(_ref(block.sheet, col, block.header, block.last), titles_from_data=True)
    for series in lines.series:
        series.smooth = False
    if lines.series:
        monthly += lines
    ageing = _bar(
        blocks["ageing"], t(lang, "chart.ageing"), t(lang, "chart.outstanding"), stacked=True
    )
    block = blocks["trend"]
    trend = LineChart()
    trend.title = t(lang, "chart.trend")
    trend.y_axis.title = t(lang, "chart.of_our_price")
    trend.y_axis.majorGridlines = ChartLines()
    trend.height, trend.width = 8.5, 17
    if block.width > 1:
        for col in range(2, block.width + 1):
            trend.add_data(
                _ref(block.sheet, col, block.header, max(block.last, block.first)),
                titles_from_data=True,
            )
        trend.set_categories(_ref(block.sheet, 1, block.first, max(block.last, block.first)))
        for series in trend.series:
            series.marker.symbol = "circle"
            series.marker.size = 7
    trend.x_axis.delete = False
    trend.y_axis.delete = False
    return [(achievement, "D4"), (monthly, "M4"), (ageing, "D22"), (trend, "M22")]


def _figures(result: DashboardResult, lang: str) -> list[tuple[str, Any, str | None]]:
    """Key figures for people: in 万元 for a Chinese reader, in units otherwise."""
    review, pace = result.review, result.pacing
    company = pace.loc[(pace["measure"] == "sales") & (pace["dimension"] == "company")]
    row = company.iloc[0] if len(company) else None
    totals = result.ageing.totals.iloc[0] if len(result.ageing.totals) else None
    outstanding = float(totals["total"]) if totals is not None else 0.0
    overdue = float(totals["overdue"]) if totals is not None else 0.0
    target = review["target"].sum(min_count=1)
    sales = review["sales"].sum()
    classes = result.abc["class"].value_counts()
    by_rep = result.moves_by_rep
    severity = result.warnings["severity"].value_counts()
    scale = 10_000.0 if lang == "zh" else 1.0
    money = "#,##0.0" if lang == "zh" else MONEY

    def pct(a: float, b: float) -> float | None:
        return round(a / b * 100, 1) if b and not pd.isna(b) else None

    def amount(value: Any) -> Any:
        return value / scale if isinstance(value, int | float) and not pd.isna(value) else value

    def say(key: str) -> str:
        return t(lang, f"overview.{key}")

    no_plan = say("no_plan") if not result.has_plan else None
    return [
        (say("sales_month"), amount(sales), money),
        (say("target_month"), no_plan or amount(target), money),
        (say("achievement_month"), pct(sales, target), PCT),
        (say("sales_ytd"), amount(row["actual_ytd"] if row is not None else 0.0), money),
        (
            say("target_to_date"),
            no_plan or amount(row["target_to_date"] if row is not None else None),
            money,
        ),
        (say("pace_to_date"), row["pace_pct"] if row is not None else None, PCT),
        (say("collections_month"), amount(review["collections"].sum()), money),
        (say("outstanding"), amount(outstanding), money),
        (say("overdue"), amount(overdue), money),
        (say("overdue_share"), pct(overdue, outstanding), PCT),
        (say("customers_reviewed"), len(review), "#,##0"),
        (
            say("classes"),
            f"{classes.get('A', 0)} / {classes.get('B', 0)} / {classes.get('C', 0)}",
            None,
        ),
        (
            say("new_customers"),
            f"{by_rep['new_customers'].sum()} / {by_rep['new_ytd'].sum()}",
            None,
        ),
        (
            say("lost_customers"),
            f"{by_rep['lost_customers'].sum()} / {by_rep['lost_ytd'].sum()}",
            None,
        ),
        (
            say("warnings"),
            f"{severity.get('high', 0)} / {severity.get('medium', 0)}",
            None,
        ),
    ]


def write_overview(
    ws: Any, result: DashboardResult, blocks: dict[str, Block], settings: Settings
) -> None:
    for letter, width in (("A", 30), ("B", 16), ("C", 3)):
        ws.column_dimensions[letter].width = width
    fit_to_page(ws, "landscape", tall=True)
    grid = Grid(ws)
    lang = settings.lang
    title = t(lang, "overview.title", company=settings.company)
    grid.put(1, 1, title, font=TITLE_FONT, text=True)
    status = t(
        lang,
        "overview.status",
        month=month_label(result.window.month, lang),
        as_of=result.window.as_of.date().isoformat(),
        built=f"{dt.datetime.now():%Y-%m-%d %H:%M}",
    )
    grid.put(2, 1, status, font=NOTE_FONT, text=True)
    grid.put(4, 1, t(lang, "overview.key_figures"), font=SECTION_FONT, text=True)
    right = Alignment(horizontal="right")
    for r, (label, value, fmt) in enumerate(_figures(result, lang), start=5):
        grid.put(r, 1, label, text=True)
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        if isinstance(value, str):
            grid.put(r, 2, value, text=True, align=right)
        else:
            grid.put(r, 2, float(value), fmt=fmt)
    top = 22
    grid.put(top, 1, t(lang, "overview.by_kind"), font=SECTION_FONT, text=True)
    head = (t(lang, "overview.kind"), t(lang, "overview.count_high"))
    grid.put(top + 1, 1, head[0], font=HEADER_FONT, fill=HEADER_FILL, text=True)
    grid.put(top + 1, 2, head[1], font=HEADER_FONT, fill=HEADER_FILL, text=True)
    kinds_named = catalogue(lang)
    kinds = result.warnings.groupby("kind")["severity"].agg(
        count="size", high=lambda s: int((s == "high").sum())
    )
    for r, (kind, row) in enumerate(kinds.iterrows(), start=top + 2):
        grid.put(r, 1, kinds_named.get(f"warning.{kind}", str(kind)), text=True)
        grid.put(r, 2, f"{int(row['count'])} ({int(row['high'])})", text=True, align=right)
    for chart, anchor in _charts(result, blocks, lang):
        ws.add_chart(chart, anchor)
    grid.emit()
    ws.protection.sheet = True
