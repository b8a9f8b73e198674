"""Collections achieved per rep and month, for collection targets and appraisal.

Money that settled an invoice is credited to that invoice's rep; money left unapplied
(overpayments, held receipts, refunds) to the customer's current rep. The month is the
month the payment was received. Credit notes are not collections.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.receivables.frames import from_cents, group_sum


def collections_by_rep(
    receipts: pd.DataFrame, applications: pd.DataFrame, receipt_rep: np.ndarray
) -> pd.DataFrame:
    """(rep_id, month "YYYY-MM", collected) sorted by rep then month.

    `receipts` carry amount_c and applied_c; `applications` the payment → invoice pairs
    with the invoice's rep_id; `receipt_rep` is the current rep of each receipt's
    customer.
    """
    settled = applications.loc[applications["source"] == "payment"]
    rep = np.concatenate([settled["rep_id"].to_numpy(dtype=object), receipt_rep.astype(object)])
    month = np.concatenate(
        [
            settled["source_date"].to_numpy(dtype="datetime64[M]"),
            receipts["date"].to_numpy(dtype="datetime64[M]"),
        ]
    ).astype("int64")
    cents = np.concatenate(
        [
            settled["amount_c"].to_numpy(dtype="int64"),
            (receipts["amount_c"] - receipts["applied_c"]).to_numpy(dtype="int64"),
        ]
    )
    keep = cents != 0
    rep_code, reps = pd.factorize(rep[keep], sort=True)
    month, cents = month[keep], cents[keep]
    low = int(month.min()) if month.size else 0
    width = int(month.max()) - low + 1 if month.size else 1
    cells = group_sum(rep_code * width + (month - low), cents, len(reps) * width)
    where = np.flatnonzero(cells)
    months = (where % width + low).astype("datetime64[M]")
    return pd.DataFrame(
        {
            "rep_id": np.asarray(reps, dtype=object)[where // width],
            "month": np.datetime_as_string(months, unit="M").astype(object),
            "collected": from_cents(cells[where]),
        }
    )
