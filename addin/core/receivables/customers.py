"""The customer data card, reduced to what receivables needs, one row per customer."""

from __future__ import annotations

import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows
from addin.core.receivables.frames import numbers, rows, text
from addin.i18n import Msg
from addin.schema.names import ColumnList

CARD_TEXT = ("name", "rep_id", "region_id", "contact", "phone")
CARD_NUMBERS = ("credit_limit", "payment_terms_days")


def customer_card(customers: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Customers indexed by customer_id: name, rep_id, region_id, contact, phone,
    credit_limit, payment_terms_days and `_row`.

    A repeated customer_id keeps its first row (the generic table check reports the
    repeat as `duplicate_key`, with the same code so a job can drop one of the two).
    """
    ids = text(customers, "customer_id", distinct=True)
    card = pd.DataFrame({"customer_id": ids}, index=customers.index)
    for column in CARD_TEXT:
        card[column] = text(customers, column, distinct=column == "name")
    for column in CARD_NUMBERS:
        card[column] = numbers(customers, column)
    card[ROW] = rows(customers)
    card = card.loc[card["customer_id"] != ""]
    repeated = card["customer_id"].duplicated(keep="first")
    if not repeated.any():  # the usual card: no grouping by id just to word no issue
        return card.set_index("customer_id"), []
    issues = issues_for_rows(
        card,
        repeated,
        code="duplicate_key",
        sheet="Customers",
        column="customer_id",
        detail=card.groupby("customer_id")[ROW].transform("first"),
        keys=ColumnList(("customer_id",)),
        effect=Msg("effect.first_row_used"),
    )
    return card.loc[~repeated].set_index("customer_id"), issues


def lookup(card: pd.DataFrame, column: str, customer_ids: pd.Series) -> pd.Series:
    """`column` of the card for each customer id (blank/NaN for unknown customers)."""
    values = card[column].reindex(customer_ids.to_numpy())
    values.index = customer_ids.index
    if column in CARD_TEXT:
        return values.fillna("").astype(str)
    return values.astype("float64")
