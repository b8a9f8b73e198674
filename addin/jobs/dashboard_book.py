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
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo

from addin.core.dashboard import DashboardResult
from addin.core.issues import ROW, Issue
from addin.core.settings import Settings
from addin.io.atomic import atomic_write
from addin.io.writer import HEADER_FILL, HEADER_FONT, column_spec
from addin.jobs.dashboard_sheetxml import Pending, splice, template_value
from addin.schema import TABLES
from addin.schema.spec import NUMBER_FORMATS, Table

NOTE_FONT = Font(italic=True, color="FF595959")
ALERT_FILL = PatternFill("solid", fgColor="FFFFC9C9")
WATCH_FILL = PatternFill("solid", fgColor="FFFFEBB5")
GOOD_FILL = PatternFill("solid", fgColor="FFD9EAD3")


class Styler:
    """Cells of one write-only sheet, with styles built once and shared."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._protos: dict[tuple[object, ...], WriteOnlyCell] = {}

    def cell(
        self,
        value: Any,
        *,
        fmt: str | None = None,
        font: Font | None = None,
        fill: PatternFill | None = None,
        align: Alignment | None = None,
        border: Border | None = None,
        text: bool = False,
        unlocked: bool = False,
    ) -> WriteOnlyCell:
        key = (fmt, id(font), id(fill), id(align), id(border), unlocked)
        proto = self._protos.get(key)
        if proto is None:
            proto = WriteOnlyCell(self.ws, None)
            if fmt:
                proto.number_format = fmt
            if font is not None:
                proto.font = font
            if fill is not None:
                proto.fill = fill
            if align is not None:
                proto.alignment = align
            if border is not None:
                proto.border = border
            if unlocked:
                proto.protection = Protection(locked=False)
            self._protos[key] = proto
        out = WriteOnlyCell(self.ws, value)
        out._style = proto._style  # shared: write-only cells are serialised at once
        if text and isinstance(value, str):
            out.data_type = "s"  # text from data is never a formula
        return out


class Grid:
    """A sheet laid out by (row, column) and emitted top to bottom (write-only sheets
    take rows in order only)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.style = Styler(ws)
        self.cells: dict[tuple[int, int], Any] = {}

    def put(self, row: int, col: int, value: Any, **style: Any) -> None:
        self.cells[(row, col)] = self.style.cell(value, **style) if style else value

    def emit(self) -> None:
        if not self.cells:
            return
        last_row = max(r for r, _ in self.cells)
        for r in range(1, last_row + 1):
            cols = [c for (rr, c) in self.cells if rr == r]
            if not cols:
                self.ws.append([])
                continue
            self.ws.append([self.cells.get((r, c)) for c in range(1, max(cols) + 1)])


@dataclass(frozen=True)
class Placed:
    """Where a streamed table landed, for formulas and charts that refer to it."""

    sheet: str
    header_row: int
    first: int
    last: int
    keys: tuple[str, ...]

    def col(self, key: str) -> int:
        return self.keys.index(key) + 1

    def ref(self, key: str, *, absolute: bool = True) -> str:
        letter = get_column_letter(self.col(key))
        last = max(self.last, self.first)
        if absolute:
            return f"'{self.sheet}'!${letter}${self.first}:${letter}${last}"
        return f"'{self.sheet}'!{letter}{self.first}:{letter}{last}"


def fit_to_page(ws: Any, orientation: str, *, tall: bool) -> None:
    """Print one page wide (and one page tall when `tall`). Call before the first row
    is written: a write-only sheet writes its properties with the first row."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if tall else 0


def _kind(col_type: str, values: pd.Series) -> str:
    if col_type in ("text", "id", "month"):
        return "text"
    if col_type == "date" or values.dtype.kind == "M":
        return "date"
    if values.dtype.kind in "iuf" or pd.api.types.is_numeric_dtype(values.dtype):
        return "number"
    return "text"


def stream_table(
    book: Workbook,
    spec: Table,
    frame: pd.DataFrame,
    *,
    lang: str,
    note: str | None = None,
    hidden: bool = False,
    pending: list[Pending],
    widths: dict[str, int] | None = None,
) -> tuple[Any, Placed]:
    """Write `frame` as the Excel Table `spec.name` on a sheet of the same name."""
    ws = book.create_sheet(spec.name)
    if hidden:
        ws.sheet_state = "hidden"
    keys = [c for c in frame.columns if c != ROW]
    cols = [column_spec(spec, k, frame[k]) for k in keys]
    header_row = 3 if note else 1
    for c, column in enumerate(cols, start=1):
        width = (widths or {}).get(column.key) or column.width
        ws.column_dimensions[get_column_letter(c)].width = width or max(
            11, min(40, len(column.label(lang)) + 4)
        )
    ws.freeze_panes = f"A{header_row + 1}"
    fit_to_page(ws, "landscape", tall=False)
    style = Styler(ws)
    if note:
        ws.append([style.cell(note, font=NOTE_FONT, text=True)])
        ws.append([])
    header_align = Alignment(wrap_text=True, vertical="center")
    labels = [column.label(lang) for column in cols]
    ws.append(
        [
            style.cell(label, font=HEADER_FONT, fill=HEADER_FILL, align=header_align, text=True)
            for label in labels
        ]
    )
    formats = [NUMBER_FORMATS[c.type] for c in cols]
    kinds = [_kind(c.type, frame[k]) for c, k in zip(cols, keys, strict=True)]
    if len(frame):
        # One styled template row; `splice` replaces it with every row after saving.
        ws.append(
            [
                style.cell(template_value(kind), fmt=None if kind == "text" else fmt)
                for kind, fmt in zip(kinds, formats, strict=True)
            ]
        )
        pending.append(Pending(spec.name, header_row + 1, frame[keys], kinds))
    first, last = header_row + 1, header_row + len(frame)
    ref = f"A{header_row}:{get_column_letter(max(len(keys), 1))}{max(last, header_row + 1)}"
    table = XlTable(displayName=spec.name, ref=ref)
    table.tableColumns = [TableColumn(id=i, name=label) for i, label in enumerate(labels, 1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    table.autoFilter = AutoFilter(ref=ref)
    with warnings.catch_warnings():  # the columns are set above, as write-only mode needs
        warnings.simplefilter("ignore", UserWarning)
        ws.add_table(table)
    ws.print_title_rows = f"{header_row}:{header_row}"
    if spec.protected:
        ws.protection.sheet = True
        ws.protection.autoFilter = False
        ws.protection.sort = False
    return ws, Placed(spec.name, header_row, first, last, tuple(keys))


def _highlight(ws: Any, placed: Placed, key: str, value: str, fill: PatternFill) -> None:
    """Fill the whole row where column `key` equals `value`."""
    if placed.last < placed.first:
        return
    letter = get_column_letter(placed.col(key))
    area = f"A{placed.first}:{get_column_letter(len(placed.keys))}{placed.last}"
    ws.conditional_formatting.add(
        area, FormulaRule(formula=[f'${letter}{placed.first}="{value}"'], fill=fill)
    )


def write_dashboard(
    path: Path, result: DashboardResult, settings: Settings, issues: Sequence[Issue]
) -> None:
    """Build the whole dashboard.xlsx and save it atomically."""
    from addin.jobs.dashboard_card import write_card, write_card_sources
    from addin.jobs.dashboard_charts import write_chart_data, write_overview

    lang = settings.lang
    book = Workbook(write_only=True)
    overview = book.create_sheet("Overview")
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
    _highlight(ws, placed, "severity", "high", ALERT_FILL)
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
    card_ws = book.create_sheet("CustomerCard")
    ws, placed = table("Pacing", result.pacing)
    _highlight(ws, placed, "status", "behind", ALERT_FILL)
    _highlight(ws, placed, "status", "ahead", GOOD_FILL)
    table("CustomerABC", result.abc)
    table("NewLostByRep", result.moves_by_rep)
    table("CustomerMoves", result.moves)
    table("MarketIntel", result.intel, widths={"product": 26})
    charts = write_chart_data(book, result)
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

    atomic_write(path, write)


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
                "message": f"{i.file}: {i.message}" if i.file else i.message,
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
    ws = book.create_sheet("How to use" if lang == "en" else "使用说明")
    ws.column_dimensions["A"].width = 110
    style = Styler(ws)
    wrap = Alignment(wrap_text=True, vertical="top")
    title = Font(bold=True, size=14, color="FF1F4E78")
    for n, line in enumerate(GUIDE.get(lang, GUIDE["en"])):
        ws.append([style.cell(line, text=True, align=wrap, font=title if n == 0 else None)])
