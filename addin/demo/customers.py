"""The customer data cards (资料卡) of the demo company.

Customers sit in areas, each looked after by one of the area's current reps (regional
managers keep a few key accounts themselves). Type drives channel, settlement method
and size; settlement drives payment terms (cash customers: 0 days; a few credit cards
were never given terms). Most customers are old; some were won during the history, some
went quiet (dormant) and a few closed. The credit limit is set from last year's actual
sales once those exist (`set_credit_limits`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.demo.masters import Areas, Staff
from addin.demo.names import company_names, mobile_numbers, person_names
from addin.demo.rand import Rng, id_width, make_ids
from addin.schema.vocab import CHANNELS, CUSTOMER_STATUS, CUSTOMER_TYPES, SETTLEMENT_METHODS

TYPE_SHARE = np.array([0.08, 0.17, 0.50, 0.10, 0.15])
#: P(channel | type), rows in CUSTOMER_TYPES order, columns in CHANNELS order.
CHANNEL_GIVEN_TYPE = np.array(
    [[0.80, 0.10, 0.10, 0.0], [0.90, 0.05, 0.05, 0.0], [0.55, 0.30, 0.15, 0.0],
     [0.0, 0.60, 0.30, 0.10], [0.0, 0.0, 0.20, 0.80]]
)  # fmt: skip
#: P(settlement | type), columns in SETTLEMENT_METHODS order.
SETTLEMENT_GIVEN_TYPE = np.array(
    [[0.05, 0.45, 0.30, 0.20], [0.20, 0.40, 0.35, 0.05], [0.45, 0.25, 0.30, 0.0],
     [0.0, 0.50, 0.30, 0.20], [0.40, 0.20, 0.40, 0.0]]
)  # fmt: skip
NO_TERMS_SHARE = 0.03
#: Payment terms offered per settlement method (cash customers: 0, due at once).
TERMS = {
    "credit": ((30, 45, 60, 90), (0.35, 0.2, 0.3, 0.15)),
    "bank_transfer": ((15, 30, 45, 60), (0.2, 0.5, 0.2, 0.1)),
    "acceptance_bill": ((60, 90, 120), (0.3, 0.5, 0.2)),
}
#: One customer of each sensible combination, so even a tiny company shows every value.
COVERAGE = (
    ("distributor", "traditional", "credit"),
    ("wholesaler", "traditional", "cash"),
    ("retailer", "modern_trade", "bank_transfer"),
    ("key_account", "online", "acceptance_bill"),
    ("end_user", "direct", "bank_transfer"),
)

CUSTOMER_COLUMNS = [
    "customer_id", "name", "type", "channel", "region_id", "rep_id", "settlement_method",
    "credit_limit", "payment_terms_days", "since", "status", "contact", "phone",
]  # fmt: skip


@dataclass(frozen=True)
class Clientele:
    customers: pd.DataFrame  # the Customers table (credit_limit still NaN)
    type_index: np.ndarray  # position in CUSTOMER_TYPES
    scale: np.ndarray  # relative size of the customer's business with us
    first_day: np.ndarray  # datetime64[D]: first day it can buy (since)
    last_day: np.ndarray  # datetime64[D]: last day it buys (closed/dormant stop early)
    rep: np.ndarray  # index into Staff.reps of the current rep
    terms: np.ndarray  # payment terms in days (0 for cash), NaN when never set


def _pick(rng: Rng, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One category per row from the conditional table `probs[rows]`, vectorised."""
    cum = np.cumsum(probs[rows], axis=1)
    return (rng.random(len(rows))[:, None] > cum).sum(axis=1)


def _quota(n: int, weight: np.ndarray) -> np.ndarray:
    """n split in proportion to weight, whole numbers that add up (largest remainder)."""
    exact = n * weight / weight.sum()
    quota = np.floor(exact).astype(np.int64)
    quota[np.argsort(quota - exact, kind="stable")[: n - quota.sum()]] += 1
    return quota


def build_customers(
    rng: Rng, n: int, areas: Areas, staff: Staff, history: dt.date, cutoff: dt.date
) -> Clientele:
    kind = rng.choice(len(CUSTOMER_TYPES), n, p=TYPE_SHARE)
    channel = _pick(rng, CHANNEL_GIVEN_TYPE, kind)
    settle = _pick(rng, SETTLEMENT_GIVEN_TYPE, kind)
    block = rng.choice(n, min(n, len(COVERAGE)), replace=False)
    for row, (t, c, s) in zip(block, COVERAGE, strict=False):
        kind[row] = CUSTOMER_TYPES.index(t)
        channel[row] = CHANNELS.index(c)
        settle[row] = SETTLEMENT_METHODS.index(s)

    # Areas get customers in proportion to their reps, and reps share them evenly, so
    # every area rep has a full round to drive.
    field = np.flatnonzero((staff.area >= 0) & staff.current)
    per_area = np.bincount(staff.area[field], minlength=len(areas.ids))
    area = rng.permutation(np.repeat(np.arange(len(areas.ids)), _quota(n, per_area)))
    by_area = field[np.argsort(staff.area[field], kind="stable")]
    offset = np.r_[0, np.cumsum(per_area)[:-1]]
    grouped = np.argsort(area, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[grouped] = np.arange(n) - np.searchsorted(area[grouped], area[grouped])
    rep = by_area[offset[area] + rank % per_area[area]]
    own = (kind == CUSTOMER_TYPES.index("key_account")) & (rng.random(n) < 0.25)
    rep[own] = staff.manager_of_region[areas.region[area[own]]]

    # Since: most before the history; 15 % won during it (never before their rep's start).
    start, end = np.datetime64(history, "D"), np.datetime64(cutoff, "D")
    span = int((end - start).astype(np.int64))
    new = rng.random(n) < 0.15
    opened = np.datetime64("2008-01-01", "D")
    old_since = opened + rng.integers(0, (start - opened).astype(np.int64), n)
    new_since = start + rng.integers(0, span - 60, n)
    since = np.where(new, new_since, old_since).astype("datetime64[D]")
    hired = staff.reps["hire_date"].to_numpy().astype("datetime64[D]")[rep]
    since = np.where(new, np.maximum(since, hired), since)

    status = rng.choice(3, n, p=[0.92, 0.05, 0.03])
    status[new] = 0
    old = np.flatnonzero(~new)
    if len(old) >= 3 and not (status == 1).any():
        status[old[0]] = 1
    if len(old) >= 3 and not (status == 2).any():
        status[old[1]] = 2
    last = np.full(n, end)
    dormant, closed = status == 1, status == 2
    last[dormant] = end - rng.integers(200, 360, dormant.sum())
    last[closed] = start + rng.integers(120, max(span - 400, 121), closed.sum())

    terms = np.zeros(n)  # cash customers pay on delivery: due on the invoice date
    for method, (days, probs) in TERMS.items():
        here = settle == SETTLEMENT_METHODS.index(method)
        terms[here] = rng.choice(days, here.sum(), p=probs)
    # A few credit cards were never given terms (the ERP then leaves the due date blank).
    on_credit = np.flatnonzero(settle != SETTLEMENT_METHODS.index("cash"))
    blank = on_credit[rng.random(len(on_credit)) < NO_TERMS_SHARE]
    if not len(blank) and len(on_credit):
        blank = on_credit[[int(rng.integers(len(on_credit)))]]
    terms[blank] = np.nan

    type_names = np.array(CUSTOMER_TYPES)[kind]
    flat = np.array([c for group in areas.cities for c in group])
    count = np.array([len(group) for group in areas.cities])
    first_city = np.r_[0, np.cumsum(count)[:-1]]
    cities = flat[first_city[area] + (rng.random(n) * count[area]).astype(np.int64)]
    frame = pd.DataFrame(
        {
            "name": company_names(rng, cities, type_names),
            "type": type_names,
            "channel": np.array(CHANNELS)[channel],
            "region_id": areas.ids[area],
            "rep_id": staff.reps["rep_id"].to_numpy()[rep],
            "settlement_method": np.array(SETTLEMENT_METHODS)[settle],
            "credit_limit": np.nan,
            "payment_terms_days": pd.Series(terms, dtype="float64").astype("Int64"),
            "since": pd.to_datetime(since).astype("datetime64[ns]"),
            "status": np.array(CUSTOMER_STATUS)[status],
            "contact": person_names(rng, n, pinyin=False),
            "phone": mobile_numbers(rng, n),
        }
    )
    # Customer numbers follow the order customers were opened, as in an ERP.
    order = np.lexsort((np.arange(n), since))
    frame = frame.iloc[order].reset_index(drop=True)
    frame.insert(0, "customer_id", make_ids("C", np.arange(1, n + 1), id_width(n, 5)))
    for column in ("customer_id", "name", "type", "channel", "region_id", "rep_id", "contact"):
        frame[column] = frame[column].astype(str)
    frame["settlement_method"] = frame["settlement_method"].astype(str)
    frame["status"] = frame["status"].astype(str)
    frame["phone"] = frame["phone"].astype(str)
    scale = rng.lognormal(0.0, 0.9, n)
    return Clientele(
        customers=frame[CUSTOMER_COLUMNS],
        type_index=kind[order],
        scale=scale[order],
        first_day=since[order],
        last_day=last[order],
        rep=rep[order],
        terms=terms[order],
    )


def set_credit_limits(
    customers: pd.DataFrame, last_year_sales: pd.Series, rng: Rng
) -> pd.DataFrame:
    """Credit limit ≈ the receivable the terms create, with headroom; 0 for cash customers.

    `last_year_sales` is indexed by customer_id. Limits are round numbers, as a credit
    committee would set them; customers with no sales last year get the smallest limit.
    """
    sales = last_year_sales.reindex(customers["customer_id"]).fillna(0.0).to_numpy()
    terms = customers["payment_terms_days"].astype("float64").fillna(30.0).to_numpy()
    raw = sales / 12.0 * (terms / 30.0 + 1.0) * rng.uniform(1.2, 2.0, len(customers))
    limit = np.maximum(np.ceil(raw / 10_000.0) * 10_000.0, 10_000.0)
    limit[customers["settlement_method"].to_numpy() == "cash"] = 0.0
    out = customers.copy()
    out["credit_limit"] = limit.astype("float64")
    return out
