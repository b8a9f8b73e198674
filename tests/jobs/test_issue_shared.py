"""`issue` renders the sheets every rep shares once per run and reuses them; each rep's
workbook must still read exactly as a workbook built on its own, the way it was before
(the whole plan from the specs, rendered with no cache): every cell's value and look,
validations, Tables, notes, print titles, protection and document properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from addin.books.rep import _add_totals, _date_bounds, _totals, issued_lists
from addin.books.templates.builder import build_workbook
from addin.i18n import month_label, t
from addin.io.company import Company, Masters, load_masters
from addin.io.identity import RepIdentity, properties
from addin.io.xlsx.book import BookPlan
from addin.io.xlsx.render import render
from addin.jobs.issue import active_reps, issue_workbooks
from addin.jobs.ledger_access import open_ledger
from addin.jobs.routes import carried_routes

PERIOD = "2026-03"


def _alone(masters: Masters, rep: pd.Series, cube: pd.DataFrame, route: Any) -> BookPlan:
    """One rep's plan built whole from the specs, as before sheets were shared."""
    lang = masters.settings.lang
    lists = issued_lists(masters, cube, PERIOD)
    rep_id = str(rep["rep_id"])
    totals = _totals(lang)
    data = {
        "MyCustomers": lists.mine("MyCustomers", rep_id),
        "MyProducts": lists.products,
        "MyTargets": lists.mine("MyTargets", rep_id),
        "MyTotals": pd.DataFrame({"kpi": [kpi for kpi, _, _ in totals]}),
        "MonthlySummary": pd.DataFrame({"month": [PERIOD]}),
    }
    if route is not None:
        data["WeeklyRoute"] = route
    line = t(
        lang,
        "totals.rep_line",
        rep=f"{rep_id} {rep['name']}",
        period=month_label(PERIOD, lang),
        company=masters.settings.company,
    )
    book = build_workbook(
        "rep",
        lang=lang,
        data=data,
        settings=masters.settings,
        date_bounds=_date_bounds(PERIOD),
        guide_extra=["", line],
    )
    _add_totals(book.sheet("MyTotals"), totals, lang)
    book.custom = properties(RepIdentity(rep_id, PERIOD, masters.settings.company))
    book.title = f"SalesDesk report {rep_id} {PERIOD}"
    return book


def _cells(ws: Worksheet) -> list[tuple[Any, ...]]:
    return [
        (
            cell.coordinate,
            cell.value,
            cell.number_format,
            cell.font.b,
            cell.font.i,
            cell.font.sz,
            cell.font.color.rgb if cell.font.color is not None else None,
            cell.fill.fill_type,
            cell.fill.fgColor.rgb,
            cell.alignment.wrap_text,
            cell.alignment.vertical,
            cell.protection.locked,
            cell.comment.text if cell.comment else None,
        )
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None or cell.has_style
    ]


def _sheet(ws: Worksheet) -> dict[str, Any]:
    return {
        "cells": _cells(ws),
        "dimensions": ws.dimensions,
        "state": ws.sheet_state,
        "freeze": ws.freeze_panes,
        "print_titles": ws.print_title_rows,
        "protected": ws.protection.sheet,
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "validations": sorted(
            (
                str(v.sqref),
                v.type,
                v.formula1,
                v.formula2,
                v.allow_blank,
                v.showErrorMessage,
                v.error,
                v.errorTitle,
                v.prompt,
                v.promptTitle,
            )
            for v in ws.data_validations.dataValidation
        ),
        "tables": sorted(
            (table.name, table.ref, tuple(c.name for c in table.tableColumns))
            for table in ws.tables.values()
        ),
    }


def _book(path: Path) -> dict[str, Any]:
    wb = openpyxl.load_workbook(path)
    return {
        "sheets": [(ws.title, _sheet(ws)) for ws in wb.worksheets],
        "title": wb.properties.title,
        "custom": sorted((p.name, p.value) for p in wb.custom_doc_props.props),
        "names": sorted(wb.defined_names),
    }


def test_shared_sheets_give_each_rep_the_book_built_alone(demo_company: Path) -> None:
    company = Company(demo_company)
    masters = load_masters(company.book("masters"))
    reps = active_reps(masters, PERIOD).sort_values("rep_id")
    reps = reps.loc[reps["rep_id"].isin(masters.customers["rep_id"])].head(3)
    chosen = [str(r) for r in reps["rep_id"]]
    issued = issue_workbooks(demo_company, PERIOD, only=chosen)
    assert len(issued.written) == 3

    with open_ledger(company, masters) as ledger:
        cube = ledger.targets(int(PERIOD[:4]))
        routes = carried_routes(ledger.counted("WeeklyRoute"), PERIOD)
    assert not cube.empty  # the demo's plan is split: reps get their own targets
    for _, rep in reps.iterrows():
        rep_id = str(rep["rep_id"])
        alone = demo_company / f"alone-{rep_id}.xlsx"
        render(_alone(masters, rep, cube, routes.get(rep_id)), alone)
        fast = _book(company.rep_book(rep_id, PERIOD))
        assert fast == _book(alone), rep_id
        # and it is that rep's own book: their customers, nobody else's
        sheets = dict(fast["sheets"])
        listed = {c[1] for c in sheets["MyCustomers"]["cells"][1:] if c[0][0] == "A"} - {None}
        own = set(masters.customers.loc[masters.customers["rep_id"] == rep_id, "customer_id"])
        assert listed and listed <= own
