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
    settled_rep, settled_at, settled_cents = applied.by_payments()
    # Each receipt's month once, taken for its pairings, not worked out per pairing;
    # of the money left unapplied only the receipts that have some.
    receipt_month = month_numbers(receipts.day)
    left = receipts.cents - applied.applied
    has_left = np.flatnonzero(left)
    rep = np.concatenate([settled_rep, receipt_rep[has_left]])
    month = np.concatenate([receipt_month[settled_at], receipt_month[has_left]])
    cents = np.concatenate([settled_cents, left[has_left]])
    present, position = members_of(rep, reps.size)
    low = int(month.min()) if month.size else 0
    width = int(month.max()) - low + 1 if month.size else 1
    cells = group_sum(position[rep] * width + (month - low), cents, present.size * width)
    where = np.flatnonzero(cells)
    months = (where % width + low).astype("datetime64[M]")
    return pd.DataFrame(
        {
            "rep_id": reps[present[where // width]],
            "month": np.datetime_as_string(months, unit="M").astype(object),
            "collected": from_cents(cells[where]),
        }
    )
