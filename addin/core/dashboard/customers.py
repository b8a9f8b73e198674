"""New and lost customers per rep.

A customer is **new** in the month of its first purchase ever (a sales line with a
positive amount); it counts for its rep on the customer card (else the rep of its last
sale). It is **lost** once it has been silent for longer than its own usual purchase
interval, at least `lost_customer_months` (with the default 6, a monthly buyer last
buying in 2025-09 is lost in 2026-03 unless it bought again; a customer buying every
second month is not lost for skipping one); the loss counts against the rep who held it
through the silence — see `addin.core.lost_customers`. The year's list keeps only those
still gone at the review month. A customer is **active** when it
bought in the last `lost_customer_months` months up to the review month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window, employed_reps, month_labels, name_of
from addin.core.lost_customers import customer_losses
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
    # Customers coded in text order and days as integers: one stable integer sort, then
    # each customer's run of lines gives its first and last month and its last rep.
    cust, names = pd.factorize(bought["customer_id"].to_numpy(dtype=object), sort=True)
    day = bought["date"].to_numpy(dtype="datetime64[ns]").view("int64")
    order = np.lexsort((day, cust))
    cust, mno = cust[order], bought["mno"].to_numpy(dtype="int64")[order]
    starts = np.flatnonzero(np.r_[True, cust[1:] != cust[:-1]])
    ends = np.r_[starts[1:], len(cust)] - 1
    index = pd.Index(np.asarray(names, dtype=object)[cust[starts]], name="customer_id")
    rep = bought["rep_id"].to_numpy(dtype=object)[order[ends]]
    return pd.DataFrame(
        {
            "first": np.minimum.reduceat(mno, starts),
            "last": np.maximum.reduceat(mno, starts),
            # object, as a groupby's "last" of text gives (not inferred as str)
            "last_rep": pd.Series(rep, index=index, dtype=object),
        },
        index=index,
    )


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
    new_ytd = (first >= jan) & (first <= this)
    ids = span.index.to_numpy(dtype=object)
    card_rep = card["rep_id"].reindex(ids).fillna("").to_numpy(dtype=object)
    rep = np.where(card_rep == "", span["last_rep"].to_numpy(dtype=object), card_rep)
    holders = pd.DataFrame({"customer_id": card.index.to_numpy(), "rep_id": card["rep_id"]})
    losses = customer_losses(sales, holders, reps, lost_customer_months=gap, up_to=window.first_day)
    # The year's list shows who is still gone: one won back since is a customer again.
    still_gone = losses["last_month"].to_numpy() == span["last"].reindex(losses["customer_id"])
    losses = losses.loc[(losses["lost_month"] >= jan).to_numpy() & still_gone.to_numpy()]
    lost_first = span["first"].reindex(losses["customer_id"]).to_numpy()

    parts = [
        pd.DataFrame(
            {
                "customer_id": ids[new_ytd],
                "rep_id": rep[new_ytd],
                "move": "new",
                "month": month_labels(first[new_ytd]),
                "first_purchase": month_labels(first[new_ytd]),
                "last_purchase": month_labels(last[new_ytd]),
            }
        ),
        pd.DataFrame(
            {
                "customer_id": losses["customer_id"].to_numpy(dtype=object),
                "rep_id": losses["rep_id"].to_numpy(dtype=object),
                "move": "lost",
                "month": month_labels(losses["lost_month"].to_numpy()),
                "first_purchase": month_labels(lost_first),
                "last_purchase": month_labels(losses["last_month"].to_numpy()),
            }
        ),
    ]
    moves = pd.concat(parts, ignore_index=True)
    moves.insert(1, "name", name_of(card, "customer_id", moves["customer_id"]))
    moves = moves.sort_values(["month", "move", "rep_id", "customer_id"], kind="stable")
    moves = moves.reset_index(drop=True).loc[:, list(MOVE_COLUMNS)]

    won = pd.DataFrame(
        {
            "rep_id": rep,
            "active_customers": (last > this - gap).astype("int64"),
            "new_customers": (first == this).astype("int64"),
            "lost_customers": 0,
            "new_ytd": new_ytd.astype("int64"),
            "lost_ytd": 0,
        }
    )
    gone = pd.DataFrame(
        {
            "rep_id": losses["rep_id"].to_numpy(dtype=object),
            "lost_customers": (losses["lost_month"] == this).to_numpy(dtype="int64"),
            "lost_ytd": 1,
        }
    )
    counts = pd.concat([won, gone], ignore_index=True).fillna(0)
    by_rep = counts.groupby("rep_id", sort=True).sum().astype("int64")
    staff = employed_reps(reps, pd.Timestamp(window.year, 1, 1), window.as_of)
    every = pd.Index(sorted(set(staff) | (set(by_rep.index) - {""})))
    by_rep = by_rep.reindex(every, fill_value=0).rename_axis("rep_id").reset_index()
    by_rep.insert(1, "rep_name", name_of(reps, "rep_id", by_rep["rep_id"]))
    return moves, by_rep.loc[:, list(BY_REP_COLUMNS)]
