"""Collections achieved per rep and month, for collection targets and appraisal.

Money that settled an invoice is credited to that invoice's rep; money left unapplied
(overpayments, held receipts, refunds) to the customer's current rep. The month is the
month the payment was received. Credit notes are not collections.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.receivables.apply import Application
from addin.core.receivables.frames import from_cents, group_sum, members_of
from addin.core.reports.codes import month_numbers


def collections_by_rep(
    applied: Application, receipt_rep: np.ndarray, reps: np.ndarray
) -> pd.DataFrame:
    """(rep_id, month "YYYY-MM", collected) sorted by rep then month.

    Reps are codes into the sorted texts `reps`; `receipt_rep` is the current rep of
    each receipt's customer.
    """
    receipts = applied.receipts
    # Sums per cell only: the pairings need not be in the applications table's order.
    settled_rep, settled_day, settled_cents = applied.by_payments()
    rep = np.concatenate([settled_rep, receipt_rep])
    day = np.concatenate([settled_day, receipts.day])
    month = month_numbers(day)
    cents = np.concatenate([settled_cents, receipts.cents - applied.applied])
    keep = cents != 0
    present, position = members_of(rep[keep], reps.size)
    rep_code = position[rep[keep]]
    month, cents = month[keep], cents[keep]
    low = int(month.min()) if month.size else 0
    width = int(month.max()) - low + 1 if month.size else 1
    cells = group_sum(rep_code * width + (month - low), cents, present.size * width)
    where = np.flatnonzero(cells)
    months = (where % width + low).astype("datetime64[M]")
    return pd.DataFrame(
        {
            "rep_id": reps[present[where // width]],
            "month": np.datetime_as_string(months, unit="M").astype(object),
            "collected": from_cents(cells[where]),
        }
    )
