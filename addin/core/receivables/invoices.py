"""SalesLines → invoices: one row per invoice with its customer, rep, dates and total.

An invoice belongs to the customer of its first line (by line number); its rep is the
first line's rep, or the customer's rep when the line names none. Its due date is the
earliest due date its lines give, else invoice date + the customer's payment terms;
blank terms mean due on the invoice date, which the user is told once per customer.
An invoice whose total is negative is a credit note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows, show
from addin.core.receivables.fifo import run_starts
from addin.core.receivables.frames import dates, day_numbers, numbers, rows, text, to_cents
from addin.core.receivables.ids import BLANK, Ids
from addin.i18n import Msg
from addin.schema.names import ColumnName, SheetName

SHEET = "SalesLines"
_NO_DAY = np.iinfo("int64").max // 4


def invoice_lines(sales_lines: pd.DataFrame, ids: Ids) -> tuple[pd.DataFrame, list[Issue]]:
    """The lines that can be aged, each carrying its invoice's customer; all dates.

    `inv` and `cust` are the invoice and customer codes of `ids`."""
    lines = pd.DataFrame(
        {
            "invoice_id": ids.invoice_text(ids.sales_invoice),
            "line": numbers(sales_lines, "line"),
            "date": dates(sales_lines, "date"),
            "customer_id": ids.customer_text(ids.sales_customer),
            "rep_id": text(sales_lines, "rep_id"),
            "amount": numbers(sales_lines, "amount"),
            "due_date": dates(sales_lines, "due_date"),
            ROW: rows(sales_lines),
            "inv": ids.sales_invoice,
            "cust": ids.sales_customer,
        },
        index=sales_lines.index,
    )
    issues: list[Issue] = []
    blanks = {
        "invoice_id": pd.Series(ids.sales_invoice == BLANK, index=lines.index),
        "date": lines["date"].isna(),
        "customer_id": pd.Series(ids.sales_customer == BLANK, index=lines.index),
        "amount": lines["amount"].isna(),
    }
    for column, blank in blanks.items():
        issues += issues_for_rows(
            lines,
            blank,
            code="required_blank",
            sheet=SHEET,
            column=column,
            name=ColumnName(column),
            effect=Msg("blank.line_left_out"),
        )
    usable = ~np.logical_or.reduce([b.to_numpy() for b in blanks.values()])
    lines = lines.loc[usable].copy()
    issues += issues_for_rows(
        lines,
        pd.Series(~ids.on_card(lines["cust"].to_numpy()), index=lines.index),
        code="unknown_customer",
        sheet=SHEET,
        column="customer_id",
        table=SheetName("Customers"),
        effect=Msg("effect.no_terms"),
    )
    order, starts, group = _by_invoice(lines)
    cust = lines["cust"].to_numpy()
    belongs_code = cust[order[starts]][group]
    belongs = ids.customer_text(belongs_code)
    conflict = pd.Series(cust != belongs_code, index=lines.index)
    issues += [
        Issue(
            code="invoice_customer_conflict",
            args={"invoice": str(inv), "owner": str(own)},
            sheet=SHEET,
            row=int(r),
            column="customer_id",
            value=str(cust),
        )
        for inv, cust, own, r in zip(
            lines.loc[conflict, "invoice_id"],
            lines.loc[conflict, "customer_id"],
            belongs[conflict.to_numpy()],
            lines.loc[conflict, ROW],
            strict=True,
        )
    ]
    lines["customer_id"] = belongs
    lines["cust"] = belongs_code
    lines["amount_c"] = to_cents(lines["amount"])
    return lines, issues


def invoice_owners(lines: pd.DataFrame, ids: Ids) -> np.ndarray:
    """Customer code of every invoice code (−1: no such invoice in `lines`)."""
    owner = np.full(len(ids.invoices), -1, dtype="int64")
    owner[lines["inv"].to_numpy()] = lines["cust"].to_numpy()
    return owner


def invoices_as_of(
    lines: pd.DataFrame, card: pd.DataFrame, ids: Ids, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, list[Issue]]:
    """Invoices as they stood on `as_of`: only lines dated on or before it count.

    Columns: invoice_id, customer_id, rep_id, date, due_date, amount_c (cents), _row,
    and the codes inv and cust.
    """
    scope = lines.loc[lines["date"] <= as_of]
    order, starts, _ = _by_invoice(scope)
    first = order[starts]
    cents = scope["amount_c"].to_numpy(dtype="int64")[order]
    amount_c = np.add.reduceat(cents, starts) if starts.size else cents
    date_day = _min_day(scope["date"], order, starts)
    due_day = _min_day(scope["due_date"], order, starts)
    invoices = pd.DataFrame(
        {
            "invoice_id": scope["invoice_id"].to_numpy()[first],
            "customer_id": scope["customer_id"].to_numpy()[first],
            "rep_id": scope["rep_id"].to_numpy()[first],
            "date": _as_dates(date_day),
            "due_date": _as_dates(due_day),
            "amount_c": np.asarray(amount_c, dtype="int64"),
            ROW: scope[ROW].to_numpy()[first],
            "inv": scope["inv"].to_numpy()[first],
            "cust": scope["cust"].to_numpy()[first],
        }
    )
    cust = invoices["cust"].to_numpy()
    customer_rep = ids.card_values(card, "rep_id", cust)
    invoices["rep_id"] = np.where(invoices["rep_id"] == "", customer_rep, invoices["rep_id"])
    terms = pd.Series(
        ids.card_values(card, "payment_terms_days", cust).astype("float64"), index=invoices.index
    )
    by_terms = invoices["due_date"].isna()
    invoices["due_date"] = invoices["due_date"].where(
        ~by_terms, invoices["date"] + pd.to_timedelta(terms.clip(lower=0).fillna(0), unit="D")
    )
    no_terms = by_terms & terms.isna() & ids.on_card(cust)
    negative = by_terms & (terms < 0)
    issues = _terms_issues(card, no_terms, invoices, "missing_payment_terms")
    issues += _terms_issues(card, negative, invoices, "bad_payment_terms")
    return invoices, issues


def _terms_issues(
    card: pd.DataFrame, mask: pd.Series, invoices: pd.DataFrame, code: str
) -> list[Issue]:
    """One warning per customer (on its Customers row), however many invoices it has."""
    customers = card.loc[card.index.isin(invoices.loc[mask, "customer_id"])].sort_values(ROW)
    return [
        Issue(
            code=code,
            sheet="Customers",
            row=int(r),
            column="payment_terms_days",
            value="" if pd.isna(v) else show(v),
        )
        for r, v in zip(customers[ROW], customers["payment_terms_days"], strict=True)
    ]


def _by_invoice(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort order (invoice, line, row), start of each invoice in it, and each line's
    invoice as a position in those starts. Invoices come in order of first appearance."""
    codes = lines["inv"].to_numpy()
    _, first_seen = np.unique(codes, return_index=True)
    appearance = np.empty(int(codes.max()) + 1 if codes.size else 0, dtype="int64")
    appearance[codes[np.sort(first_seen)]] = np.arange(first_seen.size)
    seen = appearance[codes]
    line_no = lines["line"].fillna(np.inf).to_numpy()
    order = np.lexsort((lines[ROW].to_numpy(), line_no, seen))
    # `seen` numbers the invoices 0, 1, … as they appear, so it is the run of each line.
    return order, run_starts(seen[order]), seen


def _min_day(values: pd.Series, order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    if starts.size == 0:
        return np.zeros(0, dtype="int64")
    return np.minimum.reduceat(day_numbers(values)[order], starts)


def _as_dates(days: np.ndarray) -> pd.Series:
    known = days != _NO_DAY
    out = np.where(known, days, 0).astype("datetime64[D]").astype("datetime64[ns]")
    return pd.Series(out).where(known)
