"""The ChartData sheet of dashboard.xlsx (the small tables the charts draw, visible so
every number can be checked) and the four charts of the Overview over it: achievement
by rep, monthly sales against target, ageing by rep, competitor price trend. Titles,
axis titles and series names (ChartData's headers) are in the company's language."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from addin.books.sheets import HEADER
from addin.books.styles import NAVY
from addin.core.dashboard import DashboardResult
from addin.core.dashboard.intel import OWN
from addin.i18n import t
from addin.i18n.width import fit_width
from addin.io.xlsx.book import Area, Cell, ChartPlan, PrintSetup, Series, SheetPlan, Style
from addin.schema.spec import Column, is_bucket

MONEY = "#,##0"
SECTION = Style(bold=True, size=12, color=NAVY)
AMOUNT = Style(num_format=MONEY)

#: ChartData columns named in the catalogue (`series.*`); buckets as the Ageing table
#: names them; anything else (a competitor) as it is.
SERIES = {
    "rep",
    "month",
    "sales_ytd",
    "target_to_date",
    "last_year_to_date",
    "sales",
    "target",
    "last_year",
    "not_due",
}
BLOCKS = ("achievement", "monthly", "ageing", "trend")


def series_label(name: str, lang: str) -> str:
    """A column's header on ChartData, which is also its series name in the legend."""
    if name in SERIES:
        return t(lang, f"series.{name}")
    if is_bucket(name):
        return Column(name, "money").label(lang)
    if name == OWN:  # our own product among the competitors (我方)
        return t(lang, f"value.{OWN}")
    return name


@dataclass(frozen=True)
class Block:
    """A small table on ChartData: header row, data rows and its column count."""

    header: int
    first: int
    last: int
    width: int
    sheet: str  # the tab it is on, as the workbook's language names it
    empty: frozenset[int]  # value columns (1-based) without a single number

    def column(self, col: int) -> Series:
        """Column `col` as a series named by its header, over the block's categories."""
        last = max(self.last, self.first)
        return Series(
            values=Area(self.first, col, last, col, self.sheet),
            name=Area(self.header, col, self.header, col, self.sheet),
            categories=Area(self.first, 1, last, 1, self.sheet),
        )


def _block(
    sheet: SheetPlan, top: int, title: str, frame: pd.DataFrame, lang: str
) -> tuple[Block, int]:
    sheet.cells.append(Cell(top, 1, title, SECTION))
    header = top + 1
    for c, name in enumerate(frame.columns, start=1):
        label = series_label(str(name), lang)
        sheet.cells.append(Cell(header, c, label, HEADER))
        # Wide enough for the label and the largest amount (else Excel shows ###).
        kind = "text" if c == 1 else "int"
        fit = fit_width(label, frame[name].tolist(), kind)
        sheet.widths[c] = max(sheet.widths.get(c, 0), fit)
    for r, values in enumerate(frame.itertuples(index=False), start=header + 1):
        for c, value in enumerate(values, start=1):
            if isinstance(value, float) and np.isnan(value):
                continue
            if isinstance(value, str):
                sheet.cells.append(Cell(r, c, value))
            else:
                sheet.cells.append(Cell(r, c, float(value), AMOUNT if c > 1 else None))
    last = header + len(frame)
    empty = frozenset(
        i for i, c in enumerate(frame.columns, start=1) if i > 1 and frame[c].isna().all()
    )
    return Block(header, header + 1, last, len(frame.columns), sheet.name, empty), last + 2


def chart_data_sheet(result: DashboardResult, lang: str) -> tuple[SheetPlan, dict[str, Block]]:
    """The tables the charts draw, and where each landed."""
    sheet = SheetPlan(
        name=t(lang, "sheet.chart_data"),
        widths={1: 28},
        printing=PrintSetup(fit=(1, 0), paper=9),
        protected=True,
    )
    blocks: dict[str, Block] = {}
    top = 1
    for key in BLOCKS:
        blocks[key], top = _block(
            sheet, top, t(lang, f"chart_data.{key}"), result.charts[key], lang
        )
    return sheet, blocks


def _chart(
    kind: str,
    title: str,
    y_title: str,
    block: Block,
    anchor: tuple[int, int],
    *,
    lines: frozenset[int] = frozenset(),
    stacked: bool = False,
    marker: bool = False,
) -> ChartPlan:
    """A chart of the block's value columns that hold data (`lines` drawn as lines over
    the columns); a block without any still gets a series over its blank cells, so the
    chart shows its title and axes."""
    series = [
        replace(block.column(col), line=col in lines, marker=marker)
        for col in range(2, block.width + 1)
        if col not in block.empty
    ]
    if not series:
        series = [block.column(2)]
    return ChartPlan(
        kind="line" if kind == "line" else "column",
        title=title,
        series=series,
        anchor=anchor,
        y_title=y_title,
        y_format=MONEY if kind == "column" else None,
        stacked=stacked,
    )


def charts(blocks: dict[str, Block], lang: str) -> list[ChartPlan]:
    """The Overview's four charts, two by two to the right of the key figures."""
    return [
        _chart(
            "column",
            t(lang, "chart.by_rep"),
            t(lang, "chart.amount"),
            blocks["achievement"],
            (4, 4),
        ),
        _chart(
            "column",
            t(lang, "chart.monthly"),
            t(lang, "chart.amount"),
            blocks["monthly"],
            (4, 13),
            lines=frozenset({3, 4}),
        ),
        _chart(
            "column",
            t(lang, "chart.ageing"),
            t(lang, "chart.outstanding"),
            blocks["ageing"],
            (22, 4),
            stacked=True,
        ),
        _chart(
            "line",
            t(lang, "chart.trend"),
            t(lang, "chart.of_our_price"),
            blocks["trend"],
            (22, 13),
            marker=True,
        ),
    ]
