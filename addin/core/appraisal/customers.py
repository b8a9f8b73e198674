"""Customers won and lost in a period.

A purchase is an invoice line with a positive amount (a credit note is not a purchase).
- New: the customer's first purchase ever falls in the period; it counts for the rep on
  that first line.
- Lost: the customer fell silent for longer than its own usual purchase interval (at
  least `Settings.lost_customer_months`) in a month of the period; it counts against the
  rep who held it through the silence (`addin.core.lost_customers`).
"""

from __future__ import annotations

import pandas as pd

from addin.core.lost_customers import customer_losses
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
    sales: pd.DataFrame,
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    period: str,
    months: int,
) -> pd.Series:
    """Count per rep (index rep_id) of customers lost in a month of the period (see
    `addin.core.lost_customers`): silent for longer than their usual interval."""
    first, last = period_bounds(period)
    losses = customer_losses(sales, customers, reps, lost_customer_months=months, up_to=last)
    inside = losses["lost_month"] >= first.year * 12 + first.month - 1
    return losses.loc[inside].groupby("rep_id").size().astype("int64")
