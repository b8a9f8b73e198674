"""New and lost customers per rep.

A customer is **new** in the month of its first purchase ever (a sales line with a
positive amount). It is **lost** in the month that completes `lost_customer_months`
months without a purchase after its last one: with the default 6, a customer last
buying in 2025-09 is lost in 2026-03 unless it bought again. A customer is **active**
when it bought in the last `lost_customer_months` months up to the review month.
Each customer counts for its rep on the customer card (else the rep of its last sale),
because that is who must win it back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window, employed_reps, month_labels, name_of
from addin.core.settings import Settings

MOVE_COLUMNS = (
    "customer_id",
    "name",
    "rep_id",
    "move",
    "month",
    "first_purchase",
    "last_purchase",
)
BY_REP_COLUMNS = (
    "rep_id",
    "rep_name",
    "active_customers",
    "new_customers",
    "lost_customers",
    "new_ytd",
    "lost_ytd",
)


def purchase_span(sales: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Per customer: first and last month (numbers) with a purchase up to the review
    month, and the rep of its last sale."""
    bought = sales.loc[(sales["amount"] > 0) & (sales["mno"] <= window.month_no)]
    if bought.empty:
        return pd.DataFrame(columns=["first", "last", "last_rep"]).astype(
            {"first": "int64", "last": "int64", "last_rep": object}
        )
    ordered = bought.sort_values(["customer_id", "date"], kind="stable")
    span = ordered.groupby("customer_id", sort=True).agg(
        first=("mno", "min"), last=("mno", "max"), last_rep=("rep_id", "last")
    )
    return span


def customer_moves(
    sales: pd.DataFrame,
    card: pd.DataFrame,
    reps: pd.DataFrame,
    window: Window,
    settings: Settings,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(moves, by_rep): the new and lost customers of the plan year up to the review
    month, one row each; and per rep the counts of the month and the year to date."""
    span = purchase_span(sales, window)
    gap = settings.lost_customer_months
    this, jan = window.month_no, window.year * 12
    first, last = span["first"].to_numpy(), span["last"].to_numpy()
    lost_in = last + gap
    new_ytd = (first >= jan) & (first <= this)
    lost_ytd = (lost_in >= jan) & (lost_in <= this)
    ids = span.index.to_numpy(dtype=object)
    card_rep = card["rep_id"].reindex(ids).fillna("").to_numpy(dtype=object)
    rep = np.where(card_rep == "", span["last_rep"].to_numpy(dtype=object), card_rep)

    parts = []
    for move, mask, when in (("new", new_ytd, first), ("lost", lost_ytd, lost_in)):
        parts.append(
            pd.DataFrame(
                {
                    "customer_id": ids[mask],
                    "rep_id": rep[mask],
                    "move": move,
                    "month": month_labels(when[mask]),
                    "first_purchase": month_labels(first[mask]),
                    "last_purchase": month_labels(last[mask]),
                }
            )
        )
    moves = pd.concat(parts, ignore_index=True)
    moves.insert(1, "name", name_of(card, "customer_id", moves["customer_id"]))
    moves = moves.sort_values(["month", "move", "rep_id", "customer_id"], kind="stable")
    moves = moves.reset_index(drop=True).loc[:, list(MOVE_COLUMNS)]

    counts = pd.DataFrame(
        {
            "rep_id": rep,
            "active_customers": (last > this - gap).astype("int64"),
            "new_customers": (first == this).astype("int64"),
            "lost_customers": (lost_in == this).astype("int64"),
            "new_ytd": new_ytd.astype("int64"),
            "lost_ytd": lost_ytd.astype("int64"),
        }
    )
    by_rep = counts.groupby("rep_id", sort=True).sum()
    staff = employed_reps(reps, pd.Timestamp(window.year, 1, 1), window.as_of)
    every = pd.Index(sorted(set(staff) | (set(by_rep.index) - {""})))
    by_rep = by_rep.reindex(every, fill_value=0).rename_axis("rep_id").reset_index()
    by_rep.insert(1, "rep_name", name_of(reps, "rep_id", by_rep["rep_id"]))
    return moves, by_rep.loc[:, list(BY_REP_COLUMNS)]
