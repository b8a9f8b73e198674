"""The dunning worklist: customers to chase, most overdue first, with the next step.

A customer's days overdue are those of its oldest overdue invoice; its step is the
number of dunning levels reached (levels [1, 31, 61, 91] → 1–30 days step 1, 31–60
step 2, 61–90 step 3, 91+ step 4). Customers not yet at the first level are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from addin.core.receivables.customers import lookup
from addin.core.receivables.fifo import run_starts
from addin.core.receivables.frames import day_numbers, from_cents, group_sum
from addin.i18n import t


def default_actions(lang: str = "en") -> tuple[str, ...]:
    """The dunning steps' actions in the company's language (catalogue `dunning.*`)."""
    return tuple(t(lang, f"dunning.step{n}") for n in range(1, 5))


DEFAULT_ACTIONS: tuple[str, ...] = default_actions("en")
DUNNING_COLUMNS = (
    "customer_id",
    "name",
    "rep_id",
    "contact",
    "phone",
    "oldest_due",
    "days_overdue",
    "overdue",
    "unapplied_credit",
    "step",
    "action",
)


def step_for(days_overdue: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Dunning step (0 = none yet) for each days-overdue count."""
    return np.searchsorted(np.asarray(levels), days_overdue, side="right")


def action_for(steps: np.ndarray, actions: Sequence[str] | None = None) -> np.ndarray:
    """Action text per step; steps beyond the list repeat its last text."""
    texts = np.asarray(list(actions or DEFAULT_ACTIONS) or [""], dtype=object)
    return texts[np.clip(steps, 1, len(texts)) - 1]


def dunning_worklist(
    aged: pd.DataFrame,
    card: pd.DataFrame,
    customer_rep: pd.Series,
    levels: Sequence[int],
    actions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per customer with overdue invoices at or past the first dunning level.

    `aged` are the open items with days_overdue/bucket; `customer_rep` maps each
    customer_id to its responsible rep. `unapplied_credit` is shown so nobody chases a
    customer whose money is sitting unapplied.
    """
    late = aged.loc[(aged["kind"] == "invoice") & (aged["days_overdue"].fillna(0) > 0)]
    keys, members = pd.factorize(late["customer_id"], sort=True)
    order = np.argsort(keys, kind="stable")
    starts = run_starts(keys[order])
    ids = pd.Series(np.asarray(members, dtype=object))
    days = _per_customer(np.maximum, late["days_overdue"].to_numpy("int64"), order, starts)
    oldest = _per_customer(np.minimum, day_numbers(late["due_date"]), order, starts)
    overdue_c = _per_customer(np.add, late["outstanding_c"].to_numpy("int64"), order, starts)
    credit = aged.loc[aged["kind"] != "invoice"]
    where = pd.Index(ids).get_indexer(pd.Index(credit["customer_id"]))
    mine = where >= 0
    credit_c = group_sum(where[mine], credit["outstanding_c"].to_numpy()[mine], len(ids))
    steps = step_for(days, levels)
    work = pd.DataFrame(
        {
            "customer_id": ids,
            "name": lookup(card, "name", ids).to_numpy(),
            "rep_id": customer_rep.reindex(ids).fillna("").to_numpy(),
            "contact": lookup(card, "contact", ids).to_numpy(),
            "phone": lookup(card, "phone", ids).to_numpy(),
            "oldest_due": oldest.astype("datetime64[D]").astype("datetime64[ns]"),
            "days_overdue": pd.array(days, dtype="Int64"),
            "overdue": from_cents(overdue_c),
            "unapplied_credit": from_cents(credit_c),
            "step": pd.array(steps, dtype="Int64"),
            "action": action_for(steps, actions),
        }
    )
    work = work.loc[steps > 0]
    work = work.sort_values(
        ["days_overdue", "overdue", "customer_id"], ascending=[False, False, True], kind="stable"
    )
    return work.reset_index(drop=True).loc[:, list(DUNNING_COLUMNS)]


def _per_customer(
    reduce: np.ufunc, values: np.ndarray, order: np.ndarray, starts: np.ndarray
) -> np.ndarray:
    if starts.size == 0:
        return np.zeros(0, dtype="int64")
    return reduce.reduceat(values[order], starts)
