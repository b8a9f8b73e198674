"""What the user meant, read as they meant it, or asked about — never a silent wrong value.

Percents typed in Excel, a percent column holding a bare fraction, a table's Total Row,
date cells carrying a time of day, a customer's name typed where its code belongs and the
"code name" form the rep's pick list shows. Layouts: see cases_rep (rep) and cases_books
(plan: Growth A dimension B member C growth_pct, rows 2–3).
"""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import range_boundaries
from openpyxl.workbook.workbook import Workbook

from tests.hostile.corpus import Case, accepted, case, edits, located
from tests.hostile.mutate import number_format, put, table_of

R, P, C = "rep", "plan", "collect"
DAY = dt.datetime(2026, 3, 2)


def _total_row(name: str, label_col: int, sum_col: int) -> object:
    """Excel's Table Design ▸ Total Row: one more row, counted as the table's totals."""

    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        c0, r0, c1, r1 = range_boundaries(table.ref)
        last = r1 + 1
        ws.cell(row=last, column=label_col, value="Total")
        letter = ws.cell(row=r0, column=sum_col).column_letter
        ws.cell(row=last, column=sum_col, value=f"=SUBTOTAL(109,{letter}{r0 + 1}:{letter}{r1})")
        table.ref = (
            f"{ws.cell(row=r0, column=c0).coordinate}:{ws.cell(row=last, column=c1).coordinate}"
        )
        table.totalsRowCount = 1
        table.tableColumns[label_col - c0].totalsRowLabel = "Total"
        table.tableColumns[sum_col - c0].totalsRowFunction = "sum"

    return edit


def _dates_with_time(name: str, column: int) -> object:
    """Every date cell of the column carries a time of day (an ERP export, say)."""

    def edit(book: Workbook) -> None:
        ws, table = table_of(book, name)
        _, r0, _, r1 = range_boundaries(table.ref)
        for row in range(r0 + 1, r1 + 1):
            cell = ws.cell(row=row, column=column)
            if isinstance(cell.value, dt.datetime | dt.date):
                day = cell.value
                cell.value = dt.datetime(day.year, day.month, day.day, 10, 30)
                cell.number_format = "yyyy-mm-dd hh:mm"

    return edit


CASES = [
    Case(
        "meaning-percent-typed-in-excel",
        P,
        ("Growth",),
        edits(put("Growth", {"C2": 0.3}), number_format("Growth", "C2", "0%")),
        accepted(("Growth", 2, "growth_pct", 30.0)),
    ),
    Case(
        "meaning-bare-fraction-in-a-percent-column",
        P,
        ("Growth",),
        edits(put("Growth", {"C2": 0.3}), number_format("Growth", "C2", "General")),
        accepted(("Growth", 2, "growth_pct", 0.3), warnings=[("percent_fraction", "Growth!C2")]),
    ),
    Case(
        "meaning-total-row-is-not-a-visit",
        R,
        ("DailyReport",),
        edits(_total_row("DailyReport", 1, 6)),
        accepted(("DailyReport", 2, "customer_id", "C001")),
        door=C,
    ),
    Case(
        "meaning-date-column-with-times",
        R,
        ("DailyReport",),
        edits(_dates_with_time("DailyReport", 1)),
        accepted(("DailyReport", 2, "date", DAY)),
        door=C,
    ),
    case(
        "meaning-customer-name-for-its-code",
        R,
        "DailyReport",
        {"B2": "Harbour Foods"},
        located(("customer_name_for_id", "DailyReport!B2")),
        door=C,
    ),
    case(
        "meaning-customer-name-for-its-code-checked-by-the-rep",
        R,
        "DailyReport",
        {"B2": "Harbour Foods"},
        located(("customer_name_for_id", "DailyReport!B2")),
    ),
    Case(
        "meaning-code-and-name-as-listed",
        R,
        ("DailyReport",),
        edits(put("DailyReport", {"B2": "C001 Harbour Foods"})),
        accepted(),  # the ledger holds C001: tests/cli/test_monthly_routine.py
        door=C,
    ),
    case(
        "meaning-code-and-name-in-any-case-and-spacing",
        R,
        "DailyReport",
        {"B2": " c001   harbour  FOODS "},
        accepted(),  # the ledger holds C001: tests/jobs/test_customer_picker.py
        door=C,
    ),
    case(  # C002 is Hilltop Mart: the cell says two customers, the rep says which
        "meaning-code-with-another-customers-name",
        R,
        "DailyReport",
        {"B2": "C002 Harbour Foods"},
        located(("code_name_mismatch", "DailyReport!B2")),
        door=C,
    ),
    case(
        "meaning-code-with-another-name-checked-by-the-rep",
        R,
        "DailyReport",
        {"B2": "C001 Harbor Food Co"},
        located(("code_name_mismatch", "DailyReport!B2")),
    ),
]
