"""A plan's charts (`ChartPlan`) as XlsxWriter charts: columns or lines over sheet
ranges, a line series over columns as a combined chart, titles, axis titles, legend."""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from addin.io.xlsx.book import ChartPlan, Series

#: XlsxWriter sizes charts in pixels at 96 dpi.
_PX_PER_CM = 96 / 2.54


def _series(series: Series) -> dict[str, Any]:
    options: dict[str, Any] = {
        "values": "=" + series.values.ref(),
        "name": series.name if isinstance(series.name, str) else "=" + series.name.ref(),
    }
    if series.categories is not None:
        options["categories"] = "=" + series.categories.ref()
    if series.marker:
        options["marker"] = {"type": "circle", "size": 7}
    if series.line:
        options["smooth"] = False
    return options


def add_chart(
    book: xlsxwriter.Workbook, ws: Worksheet, plan: ChartPlan, font: str | None = None
) -> None:
    """Draw `plan` on `ws` (a layout gives every chart a series: Excel refuses one
    without, so a chart of missing data draws a series over its blank cells). `font`:
    the book's font, named on every chart text (a chart does not follow the Normal
    style, and a Latin default font has no Chinese glyphs)."""
    named = {"name": font} if font else {}
    kind: dict[str, Any] = {"type": plan.kind}
    if plan.stacked:
        kind["subtype"] = "stacked"
    chart = book.add_chart(kind)
    main = [s for s in plan.series if not (s.line and plan.kind == "column")]
    lines = [s for s in plan.series if s.line and plan.kind == "column"]
    for series in main:
        chart.add_series(_series(series))
    if lines:
        over = book.add_chart({"type": "line"})
        for series in lines:
            over.add_series(_series(series))
        chart.combine(over)
    chart.set_title({"name": plan.title, "name_font": named})
    x_axis: dict[str, Any] = {"num_font": named}
    if plan.x_title:
        x_axis.update(name=plan.x_title, name_font=named)
    chart.set_x_axis(x_axis)
    y_axis: dict[str, Any] = {
        "major_gridlines": {"visible": plan.gridlines},
        "num_font": named,
    }
    if plan.y_title:
        y_axis.update(name=plan.y_title, name_font=named)
    if plan.y_format:
        y_axis["num_format"] = plan.y_format
    chart.set_y_axis(y_axis)
    if plan.legend == "none":
        chart.set_legend({"none": True})
    else:
        chart.set_legend({"position": plan.legend, "font": named})
    width, height = plan.size_cm
    chart.set_size({"width": round(width * _PX_PER_CM), "height": round(height * _PX_PER_CM)})
    ws.insert_chart(plan.anchor[0] - 1, plan.anchor[1] - 1, chart)
