"""The data behind the printable customer card: the tables its formulas look up.

The card itself is a sheet of formulas (written by the job); these frames are its
sources, laid out so that plain INDEX/MATCH and SUMIFS find everything — which works in
every Excel and in LibreOffice without Python:
- `customers`: one row per customer — data card, strategy card, receivables, review;
- `months`: customer × month of the last 12 months (only months with something);
- `visits` and `open_items`: the latest visits and the oldest open items of each
  customer, numbered 1, 2, … with a `key` "C00010#1" so the card can MATCH row k.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window, lookup_series, month_labels, strategy_classes
from addin.core.dashboard.plan import PlanCube, as_plan
from addin.core.receivables import bucket_columns
from addin.core.receivables.frames import dates, numbers, text

CARD_VISITS = 10
CARD_OPEN_ITEMS = 8
MONTHS = 12
_CARD_TEXT = (
    "name",
    "type",
    "channel",
    "region_id",
    "rep_id",
    "settlement_method",
    "status",
    "contact",
    "phone",
    "address",
)
_STRATEGY = ("sales_goal", "collection_goal", "support_policy", "key_actions")


def card_customers(
    customers: pd.DataFrame,
    strategy: pd.DataFrame,
    review: pd.DataFrame,
    ageing: pd.DataFrame,
    reps: pd.DataFrame,
    regions: pd.DataFrame,
    bounds: Sequence[int],
    year: int,
) -> pd.DataFrame:
    """One row per customer on the customer card, by customer_id."""
    ids = text(customers, "customer_id")
    keep = (ids != "") & ~ids.duplicated()
    out = pd.DataFrame({"customer_id": ids[keep].to_numpy()})
    for column in _CARD_TEXT:
        out[column] = text(customers, column)[keep].to_numpy()
    out.insert(
        5,
        "region_name",
        lookup_series(regions, "region_id", "name").reindex(out["region_id"]).fillna("").to_numpy(),
    )
    out.insert(
        7,
        "rep_name",
        lookup_series(reps, "rep_id", "name").reindex(out["rep_id"]).fillna("").to_numpy(),
    )
    out["credit_limit"] = numbers(customers, "credit_limit")[keep].to_numpy()
    out["payment_terms_days"] = numbers(customers, "payment_terms_days")[keep].to_numpy()
    out["since"] = dates(customers, "since")[keep].to_numpy()
    out = out.set_index("customer_id")

    card = _strategy_rows(strategy, year)
    out["strategy_class"] = strategy_classes(strategy, year).reindex(out.index).fillna("")
    for column in _STRATEGY:
        out[column] = card[column].reindex(out.index).to_numpy() if len(card) else np.nan

    # One reindex per source table, not one per column: 50,000 ids looked up once.
    reviewed = ["class", "score", "sales", "target", "collections", "visits"]
    rv = review.set_index("customer_id").loc[:, reviewed].reindex(out.index)
    for column in reviewed:
        out[column] = rv[column]
    money = [*bucket_columns(bounds), "total", "overdue", "credit_used_pct", "max_days_overdue"]
    aged = ageing.set_index("customer_id") if len(ageing) else pd.DataFrame()
    owed = (
        pd.DataFrame({c: numbers(aged, c) for c in money}, index=aged.index).reindex(out.index)
        if len(aged)
        else None
    )
    for column in money:
        out[column] = owed[column] if owed is not None else np.nan
    zero = [c for c in money if c not in ("credit_used_pct", "max_days_overdue")]
    out[zero] = out[zero].fillna(0.0)
    return (
        out.rename_axis("customer_id")
        .reset_index()
        .sort_values("customer_id")
        .reset_index(drop=True)
    )


def _strategy_rows(strategy: pd.DataFrame, year: int) -> pd.DataFrame:
    if strategy is None or strategy.empty:
        return pd.DataFrame()
    card = pd.DataFrame(
        {"customer_id": text(strategy, "customer_id"), "year": numbers(strategy, "year")}
    )
    for column in _STRATEGY:
        card[column] = strategy[column].to_numpy() if column in strategy.columns else None
    card = card.loc[card["year"].isna() | (card["year"] <= year)]
    card = card.sort_values("year", na_position="first", kind="stable")
    return card.drop_duplicates("customer_id", keep="last").set_index("customer_id")


def card_months(
    sales: pd.DataFrame,
    payments: pd.DataFrame,
    targets: pd.DataFrame | PlanCube | None,
    window: Window,
) -> pd.DataFrame:
    """customer_id, month, sales, collections, target for the 12 months up to the
    review month; only customer-months with something in them."""
    first, last = window.month_no - MONTHS + 1, window.month_no

    def within(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        keep = (
            (frame["mno"] >= first) & (frame["mno"] <= last) & (frame["date"] <= window.as_of)
        ).to_numpy()
        return (
            frame["customer_id"].to_numpy(dtype=object)[keep],
            frame["mno"].to_numpy(dtype="int64")[keep],
            frame["amount"].to_numpy(dtype="float64")[keep],
        )

    parts = {"sales": within(sales), "collections": within(payments)}
    found = as_plan(targets)
    if found is not None:
        plan = found.customers
        rows = np.flatnonzero((plan.mno >= first) & (plan.mno <= last))
        if len(rows):
            customer, labels = plan.text_codes("customer_id", rows)
            mno = plan.mno[rows].astype("int64")
            parts["target"] = (labels[customer], mno, plan.values("sales_target")[rows])
    # Summed by one integer per customer and month, customers numbered in text order:
    # aligning three tables on a (customer, month) MultiIndex cost more than the sums.
    codes, distinct = pd.factorize(np.concatenate([ids for ids, _, _ in parts.values()]))
    ids = np.asarray(distinct, dtype=object)
    order = np.argsort(ids, kind="stable")
    rank = np.empty(len(order), dtype="int64")
    rank[order] = np.arange(len(order))
    summed, at = [], 0
    for name, (_, mno, amount) in parts.items():
        key = rank[codes[at : at + len(mno)]] * MONTHS + (mno - first)
        at += len(mno)
        summed.append(pd.Series(amount).groupby(key).sum().rename(name))
    table = pd.concat(summed, axis=1).fillna(0.0).round(2)
    table = table.loc[(table != 0).any(axis=1)].sort_index()
    key = table.index.to_numpy(dtype="int64")
    table = table.reset_index(drop=True)
    table.insert(0, "customer_id", ids[order][key // MONTHS])
    table.insert(1, "month", month_labels(first + key % MONTHS))
    if "target" not in table.columns:
        table["target"] = np.nan
    return table.loc[:, ["customer_id", "month", "sales", "collections", "target"]]


def _numbered(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Keep the first `limit` rows of each customer (frame already in the wanted order)
    and give them `seq` 1, 2, … and `key` "customer#seq"."""
    seq = frame.groupby("customer_id").cumcount() + 1
    frame = frame.assign(seq=seq.to_numpy()).loc[seq.to_numpy() <= limit]
    key = frame["customer_id"].astype(str) + "#" + frame["seq"].astype(str)
    frame.insert(0, "key", key.to_numpy())
    return frame.reset_index(drop=True)


def card_visits(daily: pd.DataFrame, as_of: pd.Timestamp, limit: int = CARD_VISITS) -> pd.DataFrame:
    """The latest DailyReport rows of each customer up to `as_of`, newest first."""
    rows = daily.loc[(daily["date"] <= as_of) & (daily["customer_id"] != "")]
    rows = rows.assign(_start=rows["start_time"].astype(str))
    rows = rows.sort_values(
        ["customer_id", "date", "_start"], ascending=[True, False, False], kind="stable"
    )
    rows = rows.loc[
        :,
        [
            "customer_id",
            "date",
            "rep_id",
            "visit_type",
            "order_amount",
            "collection_amount",
            "feedback",
        ],
    ]
    return _numbered(rows, limit)


def card_open_items(open_items: pd.DataFrame, limit: int = CARD_OPEN_ITEMS) -> pd.DataFrame:
    """The oldest open items of each customer (what to chase first)."""
    rows = open_items.loc[open_items["outstanding"] != 0]
    rows = rows.sort_values(["customer_id", "date", "invoice_id"], kind="stable")
    rows = rows.loc[
        :, ["customer_id", "invoice_id", "date", "due_date", "outstanding", "days_overdue"]
    ]
    # Not yet due is not "−20 days overdue": leave it blank.
    late = pd.to_numeric(rows["days_overdue"], errors="coerce")
    rows["days_overdue"] = late.where(late > 0).astype("Int64")
    return _numbered(rows, limit)
