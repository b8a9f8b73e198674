"""Tables cross the Excel boundary in one call each way: ten times the rows, same calls."""

from __future__ import annotations

import shutil

import openpyxl
from openpyxl.utils import get_column_letter

import addin.entry as sd
from addin.io.reader import WorkbookFile
from addin.schema import TABLES


def grow(path, factor: int, keep: int = 40) -> int:
    """The first `keep` sales lines and payments, `factor` times over with new ids."""
    with WorkbookFile(path) as book:
        lines = book.read(TABLES["SalesLines"]).frame
        payments = book.read(TABLES["Payments"]).frame
    wb = openpyxl.load_workbook(path)
    for name, frame, key in (
        ("SalesLines", lines, "invoice_id"),
        ("Payments", payments, "payment_id"),
    ):
        ws = wb[name]
        table = ws.tables[name]
        first = int(frame["_row"].min())
        last_used = int(frame["_row"].max())
        width = ws.max_column
        rows = [
            [ws.cell(row=r, column=c).value for c in range(1, width + 1)]
            for r in range(first, last_used + 1)
        ]
        invoice = frame.columns.get_loc("invoice_id") if "invoice_id" in frame else None
        keys = [k for k in frame.columns if k != "_row"]
        if name == "SalesLines":
            source = rows[:keep]
            kept = {r[keys.index("invoice_id")] for r in source}
        else:  # payments of the kept invoices only, so the copies stay clean
            pos = keys.index("invoice_id")
            source = [r for r in rows if r[pos] in kept][:keep]
        del invoice
        formats = [ws.cell(row=first, column=c).number_format for c in range(1, width + 1)]
        ws.delete_rows(first, ws.max_row)
        ids = [
            c
            for c in range(1, width + 1)
            if ws.cell(row=first - 1, column=c).value
            and str(ws.cell(row=first - 1, column=c).value).lower().replace(" ", "_")
            in (key, "invoice_id")
        ]
        row = first
        for k in range(factor):
            for values in source:
                for c, value in enumerate(values, start=1):
                    if c in ids and value is not None and k:
                        value = f"{value}-{k}"
                    ws.cell(row=row, column=c, value=value).number_format = formats[c - 1]
                row += 1
        table.ref = f"A{first - 1}:{get_column_letter(width)}{row - 1}"
    wb.save(path)
    return keep * factor


def calls_for_age(company, open_caller, excel) -> dict[str, int]:
    open_caller(company / "finance.xlsx")
    before = dict(excel.calls)
    message = sd.age()
    assert message.startswith("age: done"), message
    return {k: v - before.get(k, 0) for k, v in excel.calls.items() if v != before.get(k, 0)}


def test_age_makes_the_same_calls_at_ten_times_the_rows(company, tmp_path, open_caller, excel):
    big = tmp_path / "big" / "co"
    shutil.copytree(company, big)
    assert grow(company / "finance.xlsx", 1) == 40
    assert grow(big / "finance.xlsx", 10) == 400
    small_calls = calls_for_age(company, open_caller, excel)
    big_calls = calls_for_age(big, open_caller, excel)
    assert small_calls == big_calls
    # one value write per output table the job filled, and no cell reads at all
    assert small_calls["write:value"] >= 7
    assert not any(k.startswith("read:value") for k in small_calls)


def test_reading_a_table_is_one_call_whatever_its_size(company, open_caller, excel):
    import pandas as pd

    book = open_caller(company / "finance.xlsx")
    before = excel.calls["read:value"]
    frame = (
        book.sheets["SalesLines"]
        .tables["SalesLines"]
        .range.options(pd.DataFrame, index=False)
        .value
    )
    assert len(frame) > 50
    assert excel.calls["read:value"] - before == 1
