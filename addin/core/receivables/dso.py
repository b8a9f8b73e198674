"""Days sales outstanding, by the standard formula (not the countback method):

    DSO = outstanding ÷ sales of the last `dso_days` days × dso_days

Sales are net invoiced amounts (credit notes included) dated in (as_of − dso_days,
as_of]; outstanding is what the customer owes net of unapplied credit, floored at 0.
Blank where there were no sales in the window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.receivables.frames import from_cents, group_sum

DSO_METHOD = "standard: outstanding ÷ sales of the last {days} days × {days}"


def window_sales(
    invoices: pd.DataFrame, as_of: pd.Timestamp, days: int, key: str, members: pd.Series
) -> np.ndarray:
    """Net sales (currency) of each of `members` (values of `key`) over invoices dated
    in the DSO window; 0 for members without any."""
    dated = invoices["date"].to_numpy()
    recent = (dated > np.datetime64(as_of - pd.Timedelta(days=days))) & (
        dated <= np.datetime64(as_of)
    )
    where = pd.Index(members).get_indexer(invoices[key].to_numpy()[recent])
    found = where >= 0
    cents = group_sum(where[found], invoices["amount_c"].to_numpy()[recent][found], len(members))
    return from_cents(cents)


def dso(owed: np.ndarray, sales: np.ndarray, days: int) -> np.ndarray:
    """DSO in days (1 decimal); blank (NaN) where there were no sales."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(owed, 0) / sales * days
    return np.where(sales > 0, np.round(ratio, 1), np.nan)
