"""Payments → receipts: checked, in scope for the as-of date, each with how it applies.

`mode` says where a receipt's money goes:
- "named": the invoice it names (up to what that invoice still owes; the excess FIFO);
- "pool": first-in-first-out over the customer's open invoices (also refunds, i.e.
  negative payments, which take money back off the customer's latest receipts);
- "held": nowhere — it stays as unapplied credit, because its customer is unknown or
  the invoice it names is unknown or belongs to another customer. Shown, never lost.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows
from addin.core.receivables.frames import dates, numbers, rows, text, to_cents
from addin.core.receivables.ids import BLANK, Ids
from addin.i18n import Msg
from addin.schema.names import ColumnName, SheetName

SHEET = "Payments"
RECEIPT_COLUMNS = (
    "payment_id",
    "date",
    "customer_id",
    "invoice_id",
    "amount_c",
    "mode",
    ROW,
    "cust",
    "inv",
)


def receipts_as_of(
    payments: pd.DataFrame, ids: Ids, owners: np.ndarray, as_of: pd.Timestamp
) -> tuple[pd.DataFrame, list[Issue]]:
    """Receipts dated on or before `as_of`, in the order money is used: date, then row.

    Every row is checked whatever its date; `owners` holds the customer code of each
    invoice code (from all SalesLines, not only those before `as_of`; −1 unknown).
    """
    frame = pd.DataFrame(
        {
            "payment_id": text(payments, "payment_id"),
            "date": dates(payments, "date"),
            "customer_id": ids.customer_text(ids.payment_customer),
            "invoice_id": ids.invoice_text(ids.payment_invoice),
            "amount": numbers(payments, "amount"),
            ROW: rows(payments),
            "cust": ids.payment_customer,
            "inv": ids.payment_invoice,
        },
        index=payments.index,
    )
    issues: list[Issue] = []
    for column, blank in (("date", frame["date"].isna()), ("amount", frame["amount"].isna())):
        issues += issues_for_rows(
            frame,
            blank,
            code="required_blank",
            sheet=SHEET,
            column=column,
            name=ColumnName(column),
            effect=Msg("blank.payment_left_out"),
        )
    frame = frame.loc[frame["date"].notna() & frame["amount"].notna()].copy()

    cust, inv = frame["cust"].to_numpy(), frame["inv"].to_numpy()
    known_customer = pd.Series(ids.on_card(cust), index=frame.index)
    named = pd.Series(inv != BLANK, index=frame.index)
    owner_code = owners[inv]
    known_invoice = pd.Series(owner_code >= 0, index=frame.index) & named
    mismatch = known_invoice & known_customer & (owner_code != cust)
    owner = ids.customer_text(np.maximum(owner_code, BLANK))
    refund = frame["amount"] < 0
    blank_customer = pd.Series(cust == BLANK, index=frame.index)
    issues += issues_for_rows(
        frame,
        blank_customer,
        code="required_blank",
        sheet=SHEET,
        column="customer_id",
        name=ColumnName("customer_id"),
        effect=Msg("blank.unapplied"),
    )
    issues += issues_for_rows(
        frame,
        ~known_customer & ~blank_customer,
        code="unknown_customer",
        sheet=SHEET,
        column="customer_id",
        table=SheetName("Customers"),
        effect=Msg("effect.unapplied"),
    )
    issues += issues_for_rows(
        frame,
        named & ~known_invoice,
        code="unknown_invoice",
        sheet=SHEET,
        column="invoice_id",
        table=SheetName("SalesLines"),
        effect=Msg("effect.unapplied"),
    )
    issues += [
        Issue(
            code="invoice_customer_mismatch",
            args={"owner": str(own), "customer": str(cust)},
            sheet=SHEET,
            row=int(r),
            column="invoice_id",
            value=str(inv),
        )
        for inv, cust, own, r in zip(
            frame.loc[mismatch, "invoice_id"],
            frame.loc[mismatch, "customer_id"],
            owner[mismatch.to_numpy()],
            frame.loc[mismatch, ROW],
            strict=True,
        )
    ]
    issues += issues_for_rows(
        frame,
        refund,
        code="negative_payment",
        sheet=SHEET,
        column="amount",
    )

    held = ~known_customer | (named & ~known_invoice) | mismatch
    frame["mode"] = np.where(held, "held", np.where(named & ~refund, "named", "pool"))
    frame["amount_c"] = to_cents(frame["amount"])
    frame = frame.loc[(frame["date"] <= as_of) & (frame["amount_c"] != 0)]
    # Same-day receipts are used in the order finance entered them (Excel row).
    order = np.lexsort((frame[ROW].to_numpy(), frame["date"].to_numpy()))
    return frame.iloc[order].reset_index(drop=True).loc[:, list(RECEIPT_COLUMNS)], issues
