"""Customers won and lost in a period.

A purchase is an invoice line with a positive amount (a credit note is not a purchase).
- New: the customer's first purchase ever falls in the period; it counts for the rep on
  that first line.
- Lost: the customer fell silent for longer than its own usual purchase interval (at
  least `Settings.lost_customer_months`) in a month of the period; it counts against the
  rep who held it through the silence (`addin.core.lost_customers`).

Both look at the whole history, which does not change between the period and the one
before: `first_purchases` and `purchase_months` are worked out once per appraisal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.lost_customers import losses_from_months
from addin.core.reports.calendar import period_bounds


def first_purchases(sales: pd.DataFrame) -> pd.DataFrame:
    """customer_id, date, rep_id of each customer's first purchase ever (`sales` from
    `sales_frame`: the earliest date, then the earliest line)."""
    column = sales["customer_id"]
    customer = column.to_numpy()
    # Any numbering of the customers finds their first lines: `sales_frame`'s codes do.
    if isinstance(column.dtype, pd.CategoricalDtype):
        who = column.cat.codes.to_numpy()
    else:
        who = pd.factorize(customer)[0]
    bought = np.flatnonzero((sales["amount"].to_numpy() > 0) & (customer != ""))
    day = sales["date"].to_numpy(dtype="datetime64[D]")[bought].astype("int64")
    order = bought[np.lexsort((sales["order"].to_numpy()[bought], day))]
    _, first = np.unique(who[order], return_index=True)
    picked = order[np.sort(first)]
    return pd.DataFrame({c: sales[c].to_numpy()[picked] for c in ("customer_id", "date", "rep_id")})


def new_customers(firsts: pd.DataFrame, period: str) -> pd.Series:
    """Count per rep (index rep_id) of customers whose first purchase is in the period;
    `firsts` from `first_purchases`."""
    first, last = period_bounds(period)
    won = firsts.loc[(firsts["date"] >= first) & (firsts["date"] <= last)]
    return won.groupby("rep_id").size().astype("int64")


def lost_customers(
    bought: pd.DataFrame,
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    period: str,
    months: int,
) -> pd.Series:
    """Count per rep (index rep_id) of customers lost in a month of the period (see
    `addin.core.lost_customers`): silent for longer than their usual interval. `bought`
    from `addin.core.lost_customers.purchase_months`."""
    first, last = period_bounds(period)
    losses = losses_from_months(bought, customers, reps, lost_customer_months=months, up_to=last)
    inside = losses["lost_month"] >= first.year * 12 + first.month - 1
    return losses.loc[inside].groupby("rep_id").size().astype("int64")
