"""Customers won and lost in a period.

A purchase is an invoice line with a positive amount (a credit note is not a purchase).
- New: the customer's first purchase ever falls in the period; it counts for the rep on
  that first line.
- Lost: the customer bought in the `Settings.lost_customer_months` months before the
  period and nothing in it; it counts against the customer's rep on the data card (the
  rep of its latest purchase when the card names none), who is responsible for keeping
  the customer.
"""

from __future__ import annotations

import pandas as pd

from addin.core.appraisal.periods import months_before
from addin.core.receivables.frames import text
from addin.core.reports.calendar import period_bounds


def _purchases(sales: pd.DataFrame) -> pd.DataFrame:
    bought = sales.loc[(sales["amount"] > 0) & (sales["customer_id"] != "")]
    return bought.sort_values(["date", "order"], kind="stable")


def new_customers(sales: pd.DataFrame, period: str) -> pd.Series:
    """Count per rep (index rep_id) of customers whose first purchase is in the period."""
    first, last = period_bounds(period)
    firsts = _purchases(sales).drop_duplicates("customer_id", keep="first")
    won = firsts.loc[(firsts["date"] >= first) & (firsts["date"] <= last)]
    return won.groupby("rep_id").size().astype("int64")


def lost_customers(
    sales: pd.DataFrame, customers: pd.DataFrame, period: str, months: int
) -> pd.Series:
    """Count per rep (index rep_id) of customers who bought in the `months` months
    before the period and nothing in it."""
    first, last = period_bounds(period)
    window_start = pd.Period(months_before(period, months)[0], freq="M").start_time
    bought = _purchases(sales)
    before = bought.loc[(bought["date"] >= window_start) & (bought["date"] < first)]
    during = bought.loc[(bought["date"] >= first) & (bought["date"] <= last), "customer_id"]
    gone = before.loc[~before["customer_id"].isin(set(during))]
    last_rep = gone.drop_duplicates("customer_id", keep="last").set_index("customer_id")["rep_id"]
    card = pd.Series(
        text(customers, "rep_id").to_numpy(), index=text(customers, "customer_id").to_numpy()
    )
    card = card[~card.index.duplicated()]
    owner = card.reindex(last_rep.index)
    owner = owner.where(owner.notna() & (owner != ""), last_rep)
    return owner.value_counts().astype("int64")
