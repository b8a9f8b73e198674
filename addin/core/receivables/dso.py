"""Days sales outstanding, by the standard formula (not the countback method):

    DSO = outstanding ÷ sales of the last `dso_days` days × dso_days

Sales are net invoiced amounts (credit notes included) dated in (as_of − dso_days,
as_of]; outstanding is what the customer owes net of unapplied credit, floored at 0.
Blank where there were no sales in the window.
"""

from __future__ import annotations

import numpy as np

from addin.core.receivables.frames import from_cents, group_sum

DSO_METHOD = "standard: outstanding ÷ sales of the last {days} days × {days}"


def window_sales(
    day: np.ndarray, cents: np.ndarray, as_of_day: int, days: int, member: np.ndarray, size: int
) -> np.ndarray:
    """Net sales (currency) of each of `size` members over invoices dated in the DSO
    window; `member` is each invoice's member position (−1: none); 0 for members
    without any."""
    recent = (day > as_of_day - days) & (day <= as_of_day) & (member >= 0)
    return from_cents(group_sum(member[recent], cents[recent], size))


def dso(owed: np.ndarray, sales: np.ndarray, days: int) -> np.ndarray:
    """DSO in days (1 decimal); blank (NaN) where there were no sales."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(owed, 0) / sales * days
    return np.where(sales > 0, np.round(ratio, 1), np.nan)
