"""Ageing buckets: days past due per open item, and bucket totals per customer/rep/region.

With upper bounds [30, 60, 90, 180] the columns are not_due, d1_30, d31_60, d61_90,
d91_180, over_180: an item due today is not_due, one exactly 30 days past due is in
d1_30, 31 days in d31_60. Credit notes with credit left and unapplied payments are not
aged; they sit in `unapplied_credit` (negative) so that `total` is what the customer owes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from addin.core.receivables.apply import INVOICE
from addin.core.receivables.frames import from_cents, group_sum

NOT_DUE = "not_due"
UNAPPLIED_CREDIT = "unapplied_credit"
#: days_overdue of items that are not aged (credit notes, unapplied money).
NOT_AGED = np.iinfo("int64").min


def bucket_columns(bounds: Sequence[int]) -> list[str]:
    """Column names for the buckets: not_due, d1_30, …, over_<last bound>."""
    labels = [NOT_DUE]
    low = 1
    for high in bounds:
        labels.append(f"d{low}_{high}")
        low = high + 1
    labels.append(f"over_{bounds[-1]}")
    return labels


def bucket_labels(bounds: Sequence[int]) -> np.ndarray:
    """Every slot's label: the buckets, then unapplied_credit."""
    return np.array([*bucket_columns(bounds), UNAPPLIED_CREDIT], dtype=object)


def age_days(
    kind: np.ndarray, due: np.ndarray, as_of_day: int, bounds: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """(days overdue — as_of − due date, NOT_AGED for credit — and bucket slot) per item."""
    is_invoice = kind == INVOICE
    days = np.where(is_invoice, as_of_day - np.where(is_invoice, due, 0), NOT_AGED)
    overdue_slot = 1 + np.searchsorted(np.asarray(bounds), days, side="left")
    slot = np.where(days > 0, overdue_slot, 0)
    return days, np.where(is_invoice, slot, len(bounds) + 2)


def rollup_cells(
    keys: np.ndarray, size: int, slot: np.ndarray, cents: np.ndarray, width: int
) -> np.ndarray:
    """(size × width) cent totals per (key, slot) from one integer bincount."""
    return group_sum(keys * width + slot, cents, size * width).reshape(size, width)


def rollup_table(
    key: str, members: np.ndarray, cells: np.ndarray, labels: np.ndarray
) -> pd.DataFrame:
    """One row per member: bucket totals, unapplied_credit, total and overdue, in
    currency."""
    columns: dict[str, object] = {key: np.asarray(members, dtype=object)}
    columns.update({label: from_cents(cells[:, n]) for n, label in enumerate(labels)})
    columns["total"] = from_cents(cells.sum(axis=1))
    columns["overdue"] = from_cents(cells[:, 1:-1].sum(axis=1))
    return pd.DataFrame(columns)
