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

from addin.core.receivables.frames import from_cents, group_sum

NOT_DUE = "not_due"
UNAPPLIED_CREDIT = "unapplied_credit"


def bucket_columns(bounds: Sequence[int]) -> list[str]:
    """Column names for the buckets: not_due, d1_30, …, over_<last bound>."""
    labels = [NOT_DUE]
    low = 1
    for high in bounds:
        labels.append(f"d{low}_{high}")
        low = high + 1
    labels.append(f"over_{bounds[-1]}")
    return labels


def aged_items(
    items: pd.DataFrame, as_of: pd.Timestamp, bounds: Sequence[int], *, keep_settled: bool = False
) -> pd.DataFrame:
    """Items with anything outstanding (or all, with `keep_settled`), with days_overdue
    (as_of − due_date; blank for credit) and bucket."""
    aged = items.copy() if keep_settled else items.loc[items["outstanding_c"] != 0].copy()
    is_invoice = (aged["kind"] == "invoice").to_numpy()
    days = (as_of - aged["due_date"]).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    days = np.where(is_invoice, days, np.nan)
    labels = np.array([*bucket_columns(bounds), UNAPPLIED_CREDIT], dtype=object)
    overdue_slot = 1 + np.searchsorted(np.asarray(bounds), np.nan_to_num(days), side="left")
    slot = np.where(days > 0, overdue_slot, 0)
    aged["days_overdue"] = pd.array(np.where(is_invoice, days, np.nan), dtype="Int64")
    aged["bucket"] = labels[np.where(is_invoice, slot, len(labels) - 1)]
    return aged


def rollup(aged: pd.DataFrame, key: str, bounds: Sequence[int]) -> pd.DataFrame:
    """One row per `key` value, sorted by it: bucket totals, unapplied_credit, total and
    overdue, in currency. Built from one integer bincount over (key, bucket) pairs."""
    labels = [*bucket_columns(bounds), UNAPPLIED_CREDIT]
    keys, members = pd.factorize(aged[key], sort=True)
    slots = pd.Categorical(aged["bucket"], categories=labels).codes.astype("int64")
    width = len(labels)
    cells = group_sum(keys * width + slots, aged["outstanding_c"].to_numpy(), len(members) * width)
    cells = cells.reshape(len(members), width)
    columns: dict[str, object] = {key: np.asarray(members, dtype=object)}
    columns.update({label: from_cents(cells[:, n]) for n, label in enumerate(labels)})
    columns["total"] = from_cents(cells.sum(axis=1))
    columns["overdue"] = from_cents(cells[:, 1:-1].sum(axis=1))
    return pd.DataFrame(columns)


def to_money(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Cent columns to currency (float64)."""
    out = table.copy()
    for column in columns:
        out[column] = from_cents(out[column].to_numpy())
    return out
