"""The customer monthly review card (月评卡): one row per customer for the review month.

sales and collections are the month's invoiced amount (credit notes netted) and money
received; target is the plan's sales target for the customer and month (blank without a
plan); outstanding, overdue and credit_used_pct stand as of the as-of day; visits are
in-person DailyReport visits; price_violations count the month's lines below the floor
price; diversion_flags count the month's diversion warnings (foreign goods found, a
purchase jump); class is the Pareto ABC class, strategy_class the one on the strategy
card.

score (0–100) sums four parts, each scaled by how well the customer did:
- sales, 40: sales ÷ target (else ÷ its average month of the last 12), capped at 1;
- payment, 25: the share of what it owes that is not overdue (full marks owing nothing);
- credit, 15: full when within its credit limit, none when over it;
- conduct, 20: 10 off for price violations, 10 off for diversion flags.
A part that cannot be judged (a customer with no history and no target) is left out
and the others are scaled up to 100, so a new customer is not marked down for being new.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window
from addin.core.dashboard.plan import PlanCube, as_plan
from addin.core.receivables.frames import numbers

REVIEW_COLUMNS = (
    "customer_id",
    "name",
    "rep_id",
    "month",
    "sales",
    "target",
    "achievement_pct",
    "collections",
    "outstanding",
    "overdue",
    "credit_used_pct",
    "visits",
    "price_violations",
    "diversion_flags",
    "class",
    "strategy_class",
    "score",
)
POINTS = {"sales": 40.0, "payment": 25.0, "credit": 15.0, "conduct": 20.0}


def _per_customer(frame: pd.DataFrame, column: str, ids: pd.Index) -> np.ndarray:
    if frame.empty:
        return np.zeros(len(ids))
    return frame.groupby("customer_id")[column].sum().reindex(ids).fillna(0.0).to_numpy()


def _counts(keys: pd.Series, ids: pd.Index) -> np.ndarray:
    return keys.value_counts().reindex(ids).fillna(0).to_numpy(dtype="int64")


def review_customers(card: pd.DataFrame, *activity: pd.Series) -> pd.Index:
    """Every customer not closed, and any customer (closed or unknown) with activity."""
    open_ = card.index[card["status"] != "closed"]
    busy = pd.Index(pd.concat([s.astype(object) for s in activity], ignore_index=True).unique())
    return pd.Index(sorted(set(open_) | (set(busy) - {""})), name="customer_id")


def customer_review(
    *,
    card: pd.DataFrame,
    sales: pd.DataFrame,
    payments: pd.DataFrame,
    targets: pd.DataFrame | PlanCube | None,
    ageing: pd.DataFrame,
    daily: pd.DataFrame,
    cheap_lines: pd.DataFrame,
    diversion: pd.DataFrame,
    classes: pd.Series,
    strategy: pd.Series,
    window: Window,
) -> pd.DataFrame:
    """The review cards of the month (see module doc), by customer_id."""
    m, as_of = window.month_no, window.as_of
    month_sales = sales.loc[(sales["mno"] == m) & (sales["date"] <= as_of)]
    month_paid = payments.loc[(payments["mno"] == m) & (payments["date"] <= as_of)]
    visits = daily.loc[(daily["mno"] == m) & (daily["date"] <= as_of) & daily["in_person"]]
    owed = ageing.loc[ageing["total"].fillna(0) != 0] if len(ageing) else ageing
    ids = review_customers(
        card,
        month_sales["customer_id"],
        month_paid["customer_id"],
        owed["customer_id"] if len(owed) else pd.Series(dtype=object),
    )
    out = pd.DataFrame(index=ids)
    out["name"] = card["name"].reindex(ids).fillna("")
    out["rep_id"] = card["rep_id"].reindex(ids).fillna("")
    out["month"] = window.month
    out["sales"] = _per_customer(month_sales, "amount", ids).round(2)
    out["target"] = _targets(targets, window.month, ids)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["achievement_pct"] = np.where(
            out["target"] > 0, out["sales"] / out["target"] * 100, np.nan
        ).round(1)
    out["collections"] = _per_customer(month_paid, "amount", ids).round(2)
    aged = ageing.set_index("customer_id") if len(ageing) else pd.DataFrame()
    for column, source in (("outstanding", "total"), ("overdue", "overdue")):
        values = numbers(aged, source).reindex(ids) if len(aged) else pd.Series(np.nan, index=ids)
        out[column] = values.fillna(0.0).round(2).to_numpy()
    out["credit_used_pct"] = (
        numbers(aged, "credit_used_pct").reindex(ids).to_numpy() if len(aged) else np.nan
    )
    out["visits"] = _counts(visits["customer_id"], ids)
    out["price_violations"] = _counts(cheap_lines["customer_id"], ids)
    out["diversion_flags"] = _counts(diversion["customer_id"], ids)
    out["class"] = classes.reindex(ids).fillna("C").to_numpy()
    out["strategy_class"] = strategy.reindex(ids).fillna("").to_numpy()
    over_limit = (
        aged["over_limit"].reindex(ids).fillna(False).astype(bool).to_numpy()
        if "over_limit" in aged.columns
        else np.zeros(len(ids), dtype=bool)
    )
    out["score"] = review_score(out, _average_month(sales, m, ids), over_limit)
    return out.rename_axis("customer_id").reset_index().loc[:, list(REVIEW_COLUMNS)]


def _targets(targets: pd.DataFrame | PlanCube | None, month: str, ids: pd.Index) -> np.ndarray:
    found = as_plan(targets)
    plan = found.customers if found is not None else None
    if plan is None or "month" not in plan.frame.columns:
        return np.full(len(ids), np.nan)
    rows = np.flatnonzero(plan.month_is(month))
    if not len(rows):
        return np.full(len(ids), np.nan)
    customer, labels = plan.text_codes("customer_id", rows)
    per = pd.Series(plan.values("sales_target")[rows]).groupby(customer).sum()
    per.index = pd.Index(labels[per.index.to_numpy()], dtype=object)
    return per.reindex(ids).fillna(0.0).round(2).to_numpy()


def _average_month(sales: pd.DataFrame, m: int, ids: pd.Index) -> np.ndarray:
    """Average monthly sales over the 12 months before `m` (from the first purchase)."""
    before = sales.loc[(sales["mno"] >= m - 12) & (sales["mno"] < m), ["customer_id", "amount"]]
    first = sales.groupby("customer_id")["mno"].min().reindex(ids)
    months = (m - first.clip(lower=m - 12)).to_numpy(dtype="float64")
    total = before.groupby("customer_id")["amount"].sum().reindex(ids).fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(months > 0, total / months, np.nan)


def review_score(review: pd.DataFrame, average: np.ndarray, over_limit: np.ndarray) -> np.ndarray:
    """The 0–100 score of each review row (see module doc)."""
    sales = review["sales"].to_numpy(dtype="float64")
    target = review["target"].to_numpy(dtype="float64")
    basis = np.where(target > 0, target, np.where(average > 0, average, np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        sales_part = np.clip(sales / basis, 0.0, 1.0)
        owed = review["outstanding"].to_numpy(dtype="float64")
        late = review["overdue"].to_numpy(dtype="float64")
        payment_part = np.where(owed > 0, np.clip(1.0 - late / owed, 0.0, 1.0), 1.0)
    credit_part = np.where(over_limit, 0.0, 1.0)
    conduct_part = (
        1.0
        - 0.5 * (review["price_violations"].to_numpy() > 0)
        - 0.5 * (review["diversion_flags"].to_numpy() > 0)
    )
    parts = np.column_stack([sales_part, payment_part, credit_part, conduct_part])
    weights = np.array([POINTS[k] for k in ("sales", "payment", "credit", "conduct")])
    known = ~np.isnan(parts)
    earned = np.where(known, parts, 0.0) @ weights
    possible = known.astype("float64") @ weights
    return np.round(earned / possible * 100.0, 1)
