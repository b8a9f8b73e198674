"""The demo's sales lines and payments look like a real receivables ledger."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from addin.demo import DemoCompany, generate_company
from addin.demo.strategy import abc_classes


@cache
def company(size: str = "small", seed: int = 7) -> DemoCompany:
    return generate_company(size, seed=seed)  # type: ignore[arg-type]


def invoices(demo: DemoCompany) -> pd.DataFrame:
    lines = demo.sales_lines
    return lines.groupby("invoice_id").agg(
        customer_id=("customer_id", "first"),
        date=("date", "first"),
        due_date=("due_date", "first"),
        amount=("amount", "sum"),
    )


def test_history_covers_two_years_and_the_plan_year_to_the_cutoff() -> None:
    demo = company()
    years = demo.sales_lines["date"].dt.year.value_counts()
    assert set(years.index) == {demo.year - 2, demo.year - 1, demo.year}
    assert demo.sales_lines["date"].max() <= pd.Timestamp(demo.cutoff)
    assert demo.sales_lines["date"].max().month == demo.cutoff.month


def test_february_is_low_and_the_year_end_is_high() -> None:
    for seed in (7, 8, 9):
        lines = company(seed=seed).sales_lines
        history = lines.loc[lines["date"].dt.year < company(seed=seed).year]
        month = history.groupby(history["date"].dt.month)["amount"].sum()
        assert month[2] < 0.8 * month[11]
        assert month[2] < 0.8 * month[12]


def test_sales_grow_from_one_year_to_the_next() -> None:
    demo = company("medium")
    by_year = demo.sales_lines.groupby(demo.sales_lines["date"].dt.year)["amount"].sum()
    growth = by_year[demo.year - 1] / by_year[demo.year - 2] - 1
    assert 0.03 < growth < 0.30


def test_every_line_is_booked_to_a_rep_employed_that_day() -> None:
    demo = company("medium")
    reps = demo.reps.set_index("rep_id")
    lines = demo.sales_lines.join(reps[["hire_date", "leave_date"]], on="rep_id")
    employed = (lines["date"] >= lines["hire_date"]) & (
        lines["leave_date"].isna() | (lines["date"] <= lines["leave_date"])
    )
    assert employed.all()
    # The leavers' customers were handed over: their lines carry two rep ids over time.
    leavers = set(reps.index[reps["leave_date"].notna()])
    assert leavers & set(lines["rep_id"])


def test_lines_are_priced_between_floor_and_list_with_a_few_below_floor() -> None:
    demo = company("medium")
    lines = demo.sales_lines.join(demo.products.set_index("product_id"), on="product_id")
    sold = lines.loc[lines["qty"] > 0]
    price = sold["amount"] / sold["qty"]
    assert (price <= sold["unit_price"] + 0.01).all()
    below = (price < sold["floor_price"] - 0.01).mean()
    assert 0.001 < below < 0.03
    assert np.allclose(sold["cost"], (sold["qty"] * sold["unit_cost"]).round(2))
    margin = 1 - sold["cost"].sum() / sold["amount"].sum()
    assert 0.15 < margin < 0.45


def test_credit_notes_are_separate_negative_invoices() -> None:
    lines = company("medium").sales_lines
    notes = lines.loc[lines["amount"] < 0]
    assert len(notes) >= 50
    assert notes["invoice_id"].str.startswith("CRN").all()
    assert (notes["qty"] < 0).all() and (notes["cost"] < 0).all()
    assert notes["due_date"].isna().all()
    assert (lines.loc[lines["invoice_id"].str.startswith("INV"), "amount"] > 0).all()


def test_due_date_is_invoice_date_plus_the_customers_terms() -> None:
    demo = company()
    lines = demo.sales_lines.loc[demo.sales_lines["amount"] > 0]
    terms = lines["customer_id"].map(demo.customers.set_index("customer_id")["payment_terms_days"])
    with_terms = terms.notna()
    days = pd.to_timedelta(terms[with_terms].astype("int64"), unit="D")
    assert (lines.loc[with_terms, "due_date"] == lines.loc[with_terms, "date"] + days).all()
    assert lines.loc[~with_terms, "due_date"].isna().all()


def test_payers_behave_like_real_customers() -> None:
    demo = company("medium")
    pays = demo.payments
    bills = invoices(demo)
    named = pays.dropna(subset=["invoice_id"])
    # A named invoice is always the payer's own, and money never comes before the invoice.
    owner = named["invoice_id"].map(bills["customer_id"])
    assert (owner == named["customer_id"]).all()
    assert (named["date"] >= named["invoice_id"].map(bills["date"])).all()
    # Some payments name their invoice, some do not.
    assert 0.05 < pays["invoice_id"].isna().mean() < 0.5
    paid = named.groupby("invoice_id")["amount"].agg(["sum", "count"])
    owed = bills["amount"].reindex(paid.index)
    assert (paid["sum"] > owed + 1).sum() >= 3  # overpayments
    assert (paid["count"] >= 2).sum() >= 10  # paid in instalments
    # Late payers: paid well after the due date; bad debts: old invoices never paid.
    lateness = (named["date"] - named["invoice_id"].map(bills["due_date"])).dt.days
    assert (lateness > 60).mean() > 0.03
    assert (lateness.between(-5, 10)).mean() > 0.3
    settled = set(pays["invoice_id"].dropna())
    never_named = bills.loc[(bills["amount"] > 0) & ~bills.index.isin(settled)]
    cutoff = pd.Timestamp(demo.cutoff)
    old = never_named.loc[never_named["due_date"] < cutoff - pd.Timedelta(days=180)]
    assert len(old) >= 10


def test_receivables_stay_open_at_the_cutoff_but_most_money_comes_in() -> None:
    demo = company("medium")
    sales = demo.sales_lines["amount"].sum()
    paid = demo.payments["amount"].sum()
    assert 0.80 < paid / sales < 0.98
    balance = (
        demo.sales_lines.groupby("customer_id")["amount"]
        .sum()
        .sub(demo.payments.groupby("customer_id")["amount"].sum(), fill_value=0)
    )
    limit = demo.customers.set_index("customer_id")["credit_limit"]
    over = balance.reindex(limit.index).fillna(0) > limit.where(limit > 0)
    assert 0 < over.sum() < 0.25 * (limit > 0).sum()


def test_strategy_classes_come_from_last_years_sales() -> None:
    demo = company("medium")
    lines = demo.sales_lines
    last_year = lines.loc[lines["date"].dt.year == demo.year - 1]
    sales = last_year.groupby("customer_id")["amount"].sum()
    card = demo.strategy.set_index("customer_id")
    assert (card["year"] == demo.year).all()
    assert set(card.index) <= set(sales.index[sales > 0])
    expected = abc_classes(sales.reindex(card.index), 80.0, 95.0)
    assert (card["class"] == expected).all()
    carded = sales.reindex(card.index)
    share_a = carded[card["class"] == "A"].sum() / carded.sum()
    assert 0.78 < share_a < 0.85
    assert (card["sales_goal"] > 0).all()
    assert (card["collection_goal"] <= card["sales_goal"]).all()
    ratio = card["sales_goal"] / sales.reindex(card.index)
    assert ratio.median() > 1.0


def test_abc_classes_by_hand() -> None:
    # Cumulative shares 50, 80, 90, 96, 100: the customer crossing a threshold still
    # belongs to the higher class, so A covers at least 80 % of sales.
    sales = pd.Series({"d": 6.0, "a": 50.0, "e": 4.0, "b": 30.0, "c": 10.0})
    expected = {"d": "B", "a": "A", "e": "C", "b": "A", "c": "B"}
    assert abc_classes(sales, 80, 95).to_dict() == expected
    assert abc_classes(pd.Series({"x": 95.0, "y": 5.0}), 80, 95).tolist() == ["A", "C"]
