"""Payments → receipts: checked, in scope for the as-of date, each with how it applies.

`mode` says where a receipt's money goes:
- NAMED: the invoice it names (up to what that invoice still owes; the excess FIFO);
- POOL: first-in-first-out over the customer's open invoices (also refunds, i.e.
  negative payments, which take money back off the customer's latest receipts);
- HELD: nowhere — it stays as unapplied credit, because its customer is unknown or
  the invoice it names is unknown or belongs to another customer. Shown, never lost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import Issue
from addin.core.receivables.frames import (
    NO_DAY,
    day_column,
    day_of,
    lexsort,
    numbers,
    raw,
    rows,
    to_cents,
)
from addin.core.receivables.ids import BLANK, Ids
from addin.core.receivables.located import issues_where
from addin.i18n import Msg
from addin.schema.names import ColumnName, SheetName

SHEET = "Payments"
HELD, NAMED, POOL = 0, 1, 2


@dataclass(frozen=True)
class Receipts:
    """Receipts in the order money is used (date, then Excel row): position in Payments,
    day number, customer and invoice codes, cents, mode and Excel row; `payment_ids`
    holds every payment's id as typed, in Payments order (to be cleaned for output in
    that order: reading a million strings in memory order is several times faster)."""

    payment_ids: np.ndarray
    position: np.ndarray
    day: np.ndarray
    cust: np.ndarray
    inv: np.ndarray
    cents: np.ndarray
    mode: np.ndarray
    row: np.ndarray

    def __len__(self) -> int:
        return int(self.cents.size)


def receipts_as_of(
    payments: pd.DataFrame, ids: Ids, owners: np.ndarray, as_of: pd.Timestamp
) -> tuple[Receipts, list[Issue]]:
    """Receipts dated on or before `as_of`, in the order money is used: date, then row.

    Every row is checked whatever its date; `owners` holds the customer code of each
    invoice code (from all SalesLines, not only those before `as_of`; −1 unknown).
    """
    all_days = day_column(payments, "date")
    amount = numbers(payments, "amount").to_numpy()
    row = rows(payments).to_numpy()
    issues: list[Issue] = []
    blank_date = all_days == NO_DAY
    for column, blank, shown in (
        ("date", blank_date, np.full(blank_date.size, np.datetime64("NaT"), "datetime64[ns]")),
        ("amount", np.isnan(amount), amount),
    ):
        issues += issues_where(
            blank,
            row,
            shown,
            code="required_blank",
            sheet=SHEET,
            column=column,
            name=ColumnName(column),
            effect=Msg("blank.payment_left_out"),
        )
    keep = np.flatnonzero(~blank_date & ~np.isnan(amount))
    cust, inv = ids.payment_customer[keep], ids.payment_invoice[keep]
    amount, row = amount[keep], row[keep]
    known_customer = ids.on_card(cust)
    named = inv != BLANK
    owner_code = owners[inv]
    known_invoice = (owner_code >= 0) & named
    mismatch = known_invoice & known_customer & (owner_code != cust)
    refund = amount < 0
    blank_customer = cust == BLANK

    def customer_text(at: np.ndarray) -> np.ndarray:
        return ids.customer_text(cust[at])

    issues += issues_where(
        blank_customer,
        row,
        customer_text,
        code="required_blank",
        sheet=SHEET,
        column="customer_id",
        name=ColumnName("customer_id"),
        effect=Msg("blank.unapplied"),
    )
    issues += issues_where(
        ~known_customer & ~blank_customer,
        row,
        customer_text,
        code="unknown_customer",
        sheet=SHEET,
        column="customer_id",
        table=SheetName("Customers"),
        effect=Msg("effect.unapplied"),
    )
    issues += issues_where(
        named & ~known_invoice,
        row,
        lambda at: ids.invoice_text(inv[at]),
        code="unknown_invoice",
        sheet=SHEET,
        column="invoice_id",
        table=SheetName("SalesLines"),
        effect=Msg("effect.unapplied"),
    )
    wrong = np.flatnonzero(mismatch)
    issues += [
        Issue(
            code="invoice_customer_mismatch",
            args={"owner": str(own), "customer": str(c)},
            sheet=SHEET,
            row=int(r),
            column="invoice_id",
            value=str(i),
        )
        for i, c, own, r in zip(
            ids.invoice_text(inv[wrong]),
            customer_text(wrong),
            ids.customer_text(owner_code[wrong]),
            row[wrong],
            strict=True,
        )
    ]
    issues += issues_where(
        refund, row, amount, code="negative_payment", sheet=SHEET, column="amount"
    )

    held = ~known_customer | (named & ~known_invoice) | mismatch
    mode = np.where(held, HELD, np.where(named & ~refund, NAMED, POOL)).astype("int8")
    cents = to_cents(amount)
    day = all_days[keep]
    used = np.flatnonzero((day <= day_of(as_of)) & (cents != 0))
    # Same-day receipts are used in the order finance entered them (Excel row).
    used = used[lexsort((row[used], day[used]))]
    return Receipts(
        payment_ids=raw(payments, "payment_id"),
        position=keep[used],
        day=day[used],
        cust=cust[used],
        inv=inv[used],
        cents=cents[used],
        mode=mode[used],
        row=row[used],
    ), issues
