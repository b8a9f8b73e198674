"""What a sheet plan asks of a sheet besides its cells: print setup, data validation,
conditional formats and hidden columns, rendered with XlsxWriter."""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from addin.io.xlsx.book import Area, Highlight, PrintSetup, SheetPlan, Validation
from addin.io.xlsx.render_formats import Formats


def _corners(area: Area) -> tuple[int, int, int, int]:
    return area.first_row - 1, area.first_col - 1, area.last_row - 1, area.last_col - 1


def print_setup(ws: Worksheet, setup: PrintSetup) -> None:
    if setup.landscape:
        ws.set_landscape()
    if setup.paper:
        ws.set_paper(setup.paper)
    if setup.fit:
        ws.fit_to_pages(*setup.fit)
    elif setup.scale:
        ws.set_print_scale(setup.scale)
    if setup.area is not None:
        ws.print_area(*_corners(setup.area))
    if setup.row_breaks:
        # XlsxWriter's break N falls above 0-based row N, i.e. after 1-based row N.
        ws.set_h_pagebreaks(setup.row_breaks)
    if setup.margins_in:
        left, right, top, bottom = setup.margins_in
        ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    if setup.center:
        ws.center_horizontally()


def validation(ws: Worksheet, rule: Validation) -> None:
    if ws.data_validation(*_corners(rule.area), rule.options):
        # XlsxWriter refuses what Excel would (a list over 255 characters, a long title…)
        raise ValueError(f"{ws.name}!{rule.area.ref()}: data validation refused")


def highlight(ws: Worksheet, rule: Highlight, formats: Formats) -> None:
    options: dict[str, Any]
    if rule.scale:
        options = {"type": "3_color_scale"}
        for end, (value, color) in zip(("min", "mid", "max"), rule.scale, strict=True):
            options.update(
                {f"{end}_type": "num", f"{end}_value": value, f"{end}_color": "#" + color}
            )
    else:
        options = {"type": "formula", "criteria": "=" + rule.formula, "format": formats(rule.style)}
    ws.conditional_format(*_corners(rule.area), options)


def sheet_extras(
    ws: Worksheet, sheet: SheetPlan, formats: Formats, *, validations: bool = True
) -> None:
    """Everything of `sheet` that is not a cell, a table or a chart (`validations`:
    False when the sheet's XML, which holds them, is kept from an earlier book)."""
    for col in sheet.hidden_columns:
        ws.set_column(col - 1, col - 1, sheet.widths.get(col), None, {"hidden": True})
    for rule in sheet.validations if validations else ():
        validation(ws, rule)
    for marked in sheet.highlights:
        highlight(ws, marked, formats)
    if sheet.freeze:
        ws.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    if sheet.repeat_rows:
        ws.repeat_rows(sheet.repeat_rows[0] - 1, sheet.repeat_rows[1] - 1)
    print_setup(ws, sheet.printing)
    if not sheet.gridlines:
        ws.hide_gridlines(2)
    if sheet.protected:
        ws.protect("", {"autofilter": True, "sort": True})
