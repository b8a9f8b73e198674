"""The dunning worklist: customers to chase, most overdue first, with the next step.

A customer's days overdue are those of its oldest overdue invoice; its step is the
number of dunning levels reached (levels [1, 31, 61, 91] → 1–30 days step 1, 31–60
step 2, 61–90 step 3, 91+ step 4). Customers not yet at the first level are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from addin.core.receivables.frames import (
    as_dates,
    from_cents,
    group_sum,
    int_or_blank,
    lexsort,
    members_of,
)
from addin.core.receivables.summaries import Aged
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
    aged: Aged,
    due: np.ndarray,
    is_invoice: np.ndarray,
    customers: np.ndarray,
    per_customer: dict[str, np.ndarray],
    levels: Sequence[int],
    actions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per customer with overdue invoices at or past the first dunning level.

    `aged` are the open items, `due` their due days and `is_invoice` which are
    invoices; `per_customer` holds name, rep_id (the responsible rep), contact and
    phone per customer code. `unapplied_credit` is shown so nobody chases a customer
    whose money is sitting unapplied.
    """
    late = np.flatnonzero(is_invoice & (aged.days > 0))
    members, position = members_of(aged.cust[late], customers.size)
    where = position[aged.cust[late]]
    days = np.full(members.size, np.iinfo("int64").min, dtype="int64")
    np.maximum.at(days, where, aged.days[late])
    oldest = np.full(members.size, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(oldest, where, due[late])
    overdue_c = group_sum(where, aged.cents[late], members.size)
    credit = np.flatnonzero(~is_invoice)
    at = position[aged.cust[credit]]
    mine = at >= 0
    credit_c = group_sum(at[mine], aged.cents[credit][mine], members.size)
    steps = step_for(days, levels)
    chase = np.flatnonzero(steps > 0)
    chase = chase[lexsort((members[chase], -overdue_c[chase], -days[chase]))]
    code = members[chase]
    work = pd.DataFrame(
        {
            "customer_id": customers[code],
            "name": per_customer["name"][code],
            "rep_id": per_customer["rep_id"][code],
            "contact": per_customer["contact"][code],
            "phone": per_customer["phone"][code],
            "oldest_due": as_dates(oldest[chase]),
            "days_overdue": int_or_blank(days[chase], np.ones(chase.size, dtype=bool)),
            "overdue": from_cents(overdue_c[chase]),
            "unapplied_credit": from_cents(credit_c[chase]),
            "step": int_or_blank(steps[chase], np.ones(chase.size, dtype=bool)),
            "action": action_for(steps[chase], actions),
        }
    )
    return work.loc[:, list(DUNNING_COLUMNS)]
