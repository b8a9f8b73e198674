"""What users do to the shape of a workbook: merged cells, renamed, missing, extra,
reordered and duplicated columns, headers in Chinese, rows typed under or beside a table,
hidden rows, filters left on, sheets renamed or deleted, tables converted to ranges.

Layouts as in cases_masters, cases_books and cases_rep. Tables are built with
`SPARE_ROWS` empty rows below the data, so Payments (2 rows) ends at row 3 + SPARE_ROWS.
"""

from __future__ import annotations

import datetime as dt

from addin.books.templates.builder import SPARE_ROWS
from addin.schema import TABLES
from tests.hostile.corpus import Case, edits, located
from tests.hostile.mutate import (
    add_column,
    delete_sheet,
    delete_table,
    drop_column,
    filter_on,
    headers_in,
    hide_rows,
    merge,
    put,
    rename_header,
    rename_sheet,
    rename_table,
    swap_columns,
)

UNDER = 3 + SPARE_ROWS + 1  # the first row under the Payments table


def _zh(table: str):  # type: ignore[no-untyped-def]
    spec = TABLES[table]
    return lambda key: spec.column(key).zh


CASES: list[Case] = [
    Case(
        "layout-merged-cells",
        "masters",
        ("Customers",),
        edits(merge("Customers", "B2:B3")),
        located(("merged_cells", "Customers!B2"), ("required_blank", "Customers!B3")),
    ),
    Case(
        "layout-renamed-column",
        "masters",
        ("Products",),
        edits(rename_header("Products", "unit_price", "Price (CNY)")),
        located(("extra_column", "Products!D1"), ("missing_column", "Products!A1")),
    ),
    Case(
        "layout-missing-column",
        "masters",
        ("Customers",),
        edits(drop_column("Customers", "type")),
        located(("missing_column", "Customers!A1")),
    ),
    Case(
        "layout-extra-column",
        "finance",
        ("Payments",),
        edits(add_column("Payments", "Mood", ["happy", "sad"])),
        located(("extra_column", "Payments!F1"), exit=0),
    ),  # info: read, not an error
    Case(
        "layout-reordered-columns",
        "finance",
        ("SalesLines",),
        edits(
            swap_columns("SalesLines", "invoice_id", "date"),
            put("SalesLines", {"A3": "2026-13-01"}),
        ),
        located(("bad_date", "SalesLines!A3")),
    ),
    Case(
        "layout-chinese-headers",
        "finance",
        ("Payments",),
        edits(headers_in("Payments", _zh("Payments")), put("Payments", {"D3": "abc"})),
        located(("bad_number", "Payments!D3")),
    ),
    Case(
        "layout-duplicate-column",
        "finance",
        ("Payments",),
        edits(rename_header("Payments", "invoice_id", "Amount")),
        located(("duplicate_column", "Payments!E1")),
    ),
    Case(
        "layout-row-under-table",
        "finance",
        ("Payments",),
        edits(
            put(
                "Payments",
                {
                    f"A{UNDER}": "PAY003",
                    f"B{UNDER}": "2026-13-01",
                    f"C{UNDER}": "C001",
                    f"D{UNDER}": 5,
                },
            )
        ),
        located(("rows_under_table", f"Payments!A{UNDER}"), ("bad_date", f"Payments!B{UNDER}")),
    ),
    Case(
        "layout-value-beside-table",
        "finance",
        ("Payments",),
        edits(put("Payments", {"G2": "call back"})),
        located(("value_beside_table", "Payments!G2"), exit=0),
    ),  # a warning
    Case(
        "layout-hidden-row",
        "masters",
        ("Customers",),
        edits(hide_rows("Customers", [3]), put("Customers", {"C3": "reseller"})),
        located(("not_allowed", "Customers!C3")),
    ),
    Case(
        "layout-filter-left-on",
        "rep",
        ("DailyReport",),
        edits(
            filter_on("DailyReport", "visit_type", ["visit"], [4]),
            put("DailyReport", {"F4": "abc"}),
        ),
        located(("bad_number", "DailyReport!F4")),
    ),
    Case(
        "layout-sheet-renamed",
        "masters",
        ("Reps",),
        edits(rename_sheet("Reps", "Staff"), put("Staff", {"E2": "2020-13-45"})),
        located(("bad_date", "Reps!E2")),
    ),
    Case(
        "layout-sheet-renamed-chinese",
        "rep",
        ("DailyReport",),
        edits(rename_sheet("DailyReport", "日报表"), put("日报表", {"E3": "party"})),
        located(("not_allowed", "DailyReport!E3")),
    ),
    Case(
        "layout-required-sheet-deleted",
        "masters",
        ("Products",),
        edits(delete_sheet("Products")),
        located(("missing_table", "Products")),
    ),
    Case(
        "layout-optional-sheet-deleted",
        "masters",
        ("Strategy",),
        edits(delete_sheet("Strategy")),
        located(exit=0),
    ),
    Case(
        "layout-table-converted-to-range",
        "masters",
        ("Regions",),
        edits(delete_table("Regions"), put("Regions", {"C2": "X"})),
        located(
            ("table_missing", "Regions!A1"),
            ("rows_under_table", "Regions!A2"),
            ("unknown_region", "Regions!C2"),
        ),
    ),
    Case(
        "layout-table-renamed",
        "masters",
        ("Regions",),
        edits(rename_table("Regions", "Table1")),
        located(("table_missing", "Regions!A1"), ("rows_under_table", "Regions!A2"), exit=0),
    ),  # found by its sheet: warnings only
    # Neither table nor sheet is recognisable: Regions is missing and every region
    # named elsewhere is unknown.
    Case(
        "layout-table-and-sheet-renamed",
        "masters",
        ("Regions", "Reps", "Customers"),
        edits(rename_table("Regions", "Table1"), rename_sheet("Regions", "Sheet1")),
        located(
            ("missing_table", "Regions"),
            ("unknown_region", "Reps!C2"),
            ("unknown_region", "Reps!C3"),
            ("unknown_region", "Customers!E2"),
            ("unknown_region", "Customers!E3"),
            ("unknown_region", "Customers!E4"),
        ),
    ),
    Case(
        "layout-dates-typed-as-datetimes",
        "finance",
        ("Payments",),
        edits(put("Payments", {"B2": dt.datetime(2026, 2, 10, 14, 30)})),
        located(exit=0, reads=[("Payments", 2, "date", dt.datetime(2026, 2, 10))]),
    ),
]
