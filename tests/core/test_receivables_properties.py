"""Whatever the invoices, credit notes and payments: everything reconciles to the cent.

Σ invoiced − Σ payments = Σ outstanding (unapplied credit included), per customer and
overall; no invoice is owed below 0 or above its amount; every table adds up to the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.issues import ROW
from addin.core.receivables import age_receivables, bucket_columns, collections_as_of
from addin.core.settings import Settings
from tests.core.receivables_frames import START, ledger_tables

CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["C1", "C2", "C3"],
        "name": ["A", "B", "C"],
        "region_id": ["N", "S", "N"],
        "rep_id": ["R1", "R2", "R1"],
        "credit_limit": [1000.0, np.nan, 0.0],
        "payment_terms_days": [30.0, np.nan, 7.0],
        ROW: [2, 3, 4],
    }
)

day = st.integers(0, 150)
cents = st.integers(-20_000, 100_000)
invoice = st.tuples(
    st.sampled_from(["C1", "C2", "C3", "C8"]),  # C8 is not in Customers
    day,
    st.lists(cents, min_size=1, max_size=3),
    st.one_of(st.none(), day),
    st.sampled_from(["R1", "R2", "R3", ""]),
)
payment = st.tuples(
    st.sampled_from(["C1", "C2", "C3", "C9"]),
    day,
    st.one_of(st.integers(1, 120_000), st.integers(-5_000, 0)),
    st.integers(-2, 12),  # index of the invoice named; -1 none, -2 an unknown one
)


def in_cents(values: pd.Series) -> pd.Series:
    return pd.Series(
        np.rint(values.to_numpy(dtype="float64") * 100).astype("int64"), index=values.index
    )


@hyp_settings(max_examples=80, deadline=None)
@given(
    invoices=st.lists(invoice, max_size=10),
    payments=st.lists(payment, max_size=10),
    as_of_day=st.integers(0, 160),
)
def test_everything_reconciles_to_the_cent(
    invoices: list[tuple[Any, ...]], payments: list[tuple[Any, ...]], as_of_day: int
) -> None:
    sales, money = ledger_tables(invoices, payments)
    as_of = (START + pd.Timedelta(days=as_of_day)).date()
    result = age_receivables(sales, money, CUSTOMERS, Settings(), as_of)

    stamp = pd.Timestamp(as_of)
    invoiced = (
        in_cents(sales.loc[sales["date"] <= stamp, "amount"]).groupby(sales["customer_id"]).sum()
    )
    received = (
        in_cents(money.loc[money["date"] <= stamp, "amount"]).groupby(money["customer_id"]).sum()
    )
    expected = invoiced.sub(received, fill_value=0)
    items = result.items
    owed = in_cents(items["outstanding"]).groupby(items["customer_id"]).sum()
    both = pd.concat([expected, owed], axis=1).fillna(0)
    assert (both.iloc[:, 0] == both.iloc[:, 1]).all(), both
    assert owed.sum() == expected.sum()

    amount, paid = in_cents(items["amount"]), in_cents(items["paid"])
    credited, left = in_cents(items["credited"]), in_cents(items["outstanding"])
    assert (amount - paid - credited == left).all()
    inv = items["kind"] == "invoice"
    assert ((left[inv] >= 0) & (left[inv] <= amount[inv])).all()
    cn = items["kind"] == "credit_note"
    assert ((left[cn] <= 0) & (left[cn] >= amount[cn])).all()

    applied = (
        in_cents(result.applications["amount"]).groupby(result.applications["invoice_id"]).sum()
    )
    settled = (paid + credited)[inv].groupby(items.loc[inv, "invoice_id"]).sum()
    assert applied.reindex(settled.index, fill_value=0).equals(settled)

    assert in_cents(result.collections["collected"]).sum() == received.sum()
    # Appraisal's shortcut (the application pass only) credits exactly the same.
    alone = collections_as_of(sales, money, CUSTOMERS, as_of)
    pd.testing.assert_frame_equal(alone, result.collections)

    money_cols = [*bucket_columns(Settings().ageing_buckets), "unapplied_credit"]
    ageing = result.ageing
    assert (in_cents(ageing[money_cols].sum(axis=1)) == in_cents(ageing["total"])).all()
    for table in (ageing, result.by_rep, result.by_region, result.totals):
        assert in_cents(table["total"]).sum() == owed.sum()
    assert in_cents(result.open_items["outstanding"]).sum() == owed.sum()
    # Open items are made apart from the items: they must be the items still owed, row
    # for row and type for type (the empty table too).
    still_owed = items.loc[left != 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(result.open_items, still_owed, check_exact=True)
