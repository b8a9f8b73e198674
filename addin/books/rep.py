"""A rep's report workbook: the rep template with only that rep's customers, products,
targets and route, a guide naming the rep, live totals and the identity stamp.

Each file holds only its rep's data — nothing of another rep, not in hidden sheets, names,
validation lists or cached values (formulas are written without cached results, so Excel
computes them from the rep's own rows).
"""

from __future__ import annotations

import calendar

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from addin.books.templates.builder import build_workbook
from addin.books.templates.validation import VALIDATED_ROWS
from addin.io.company import Masters
from addin.io.identity import RepIdentity, stamp
from addin.io.writer import replace_table
from addin.schema import TABLES


def rep_customers(masters: Masters, rep_id: str) -> pd.DataFrame:
    customers = masters.customers
    mine = customers.loc[(customers["rep_id"] == rep_id) & (customers["status"] != "closed")]
    strategy = masters.strategy
    if not strategy.empty:
        latest = strategy.sort_values("year").drop_duplicates("customer_id", keep="last")
        mine = mine.merge(latest[["customer_id", "class"]], on="customer_id", how="left")
    else:
        mine = mine.assign(**{"class": None})
    return mine[TABLES["MyCustomers"].keys].sort_values("customer_id")


def _totals(book: Workbook, lang: str) -> None:
    """Running totals for the rep: live formulas over their own report rows."""
    daily, targets = TABLES["DailyReport"], TABLES["MyTargets"]

    def rng(spec_name: str, key: str) -> str:
        letter = get_column_letter(TABLES[spec_name].keys.index(key) + 1)
        return f"'{spec_name}'!${letter}$2:${letter}${VALIDATED_ROWS}"

    rows = [
        ("Visits", f"=COUNTA({rng('DailyReport', 'customer_id')})", None),
        (
            "Orders",
            f"=SUM({rng('DailyReport', 'order_amount')})",
            f"=SUM({rng('MyTargets', 'sales_target')})",
        ),
        (
            "Collections",
            f"=SUM({rng('DailyReport', 'collection_amount')})",
            f"=SUM({rng('MyTargets', 'collection_target')})",
        ),
        ("Expenses", f"=SUM({rng('DailyReport', 'expense_amount')})", None),
        (
            "Days reported",
            f'=SUMPRODUCT(({rng("DailyReport", "date")}<>"")/'
            f'COUNTIF({rng("DailyReport", "date")},{rng("DailyReport", "date")}&""))',
            None,
        ),
    ]
    del daily, targets
    frame = pd.DataFrame(rows, columns=["kpi", "value", "target"])
    ws = replace_table(book, TABLES["MyTotals"], frame, lang=lang)
    for r, (_, value, target) in enumerate(rows, start=2):
        ws.cell(row=r, column=2, value=value)  # our own formula text, never user text
        ws.cell(row=r, column=3, value=target)
        for c in (2, 3):
            ws.cell(row=r, column=c).number_format = "#,##0"
    ws.cell(
        row=len(rows) + 3,
        column=1,
        value="Formulas over your own report rows; they update as you type.",
    ).font = Font(italic=True)


def rep_workbook(
    masters: Masters,
    rep: pd.Series,
    period: str,
    targets: pd.DataFrame,
    route: pd.DataFrame | None,
    lang: str,
) -> Workbook:
    year, month = (int(part) for part in period.split("-"))
    last_day = calendar.monthrange(year, month)[1]
    bounds = (f"DATE({year},{month},1)", f"DATE({year},{month},{last_day})")
    rep_id = str(rep["rep_id"])
    data: dict[str, pd.DataFrame] = {
        "MyCustomers": rep_customers(masters, rep_id),
        "MyProducts": masters.products[TABLES["MyProducts"].keys].sort_values("product_id"),
        "MyTargets": targets,
        "MonthlySummary": pd.DataFrame({"month": [period]}),
    }
    if route is not None:
        data["WeeklyRoute"] = route
    book = build_workbook(
        "rep",
        lang=lang,
        data=data,
        settings=masters.settings,
        date_bounds=bounds,
        guide_extra=[
            "",
            f"Rep: {rep_id} {rep['name']}    Period: {period}    "
            f"Company: {masters.settings.company}",
        ],
    )
    _totals(book, lang)
    stamp(book, RepIdentity(rep_id, period, masters.settings.company))
    book.properties.title = f"SalesDesk report {rep_id} {period}"
    book.properties.creator = "SalesDesk"
    return book
