"""Ageing tables per customer, rep, region and for the company, and the credit check.

Open items arrive as arrays (`Aged`): customer, rep and region codes (each into a
sorted vocabulary, so codes order like the ids), bucket slots and cents; each table is
one bincount over (member, slot).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.receivables.ageing import NOT_AGED, rollup_cells, rollup_table
from addin.core.receivables.dso import dso
from addin.core.receivables.dso import window_sales as _window_sales
from addin.core.receivables.frames import int_or_blank, members_of, text


@dataclass(frozen=True)
class Aged:
    """Open items (or all) with what the tables group by: customer code, rep code (the
    invoice's; the customer's for unapplied money) and region code, days overdue
    (NOT_AGED when not aged), bucket slot and outstanding cents."""

    cust: np.ndarray
    rep: np.ndarray
    region: np.ndarray
    days: np.ndarray
    slot: np.ndarray
    cents: np.ndarray

    def take(self, where: np.ndarray) -> Aged:
        return Aged(*(getattr(self, f)[where] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Sales:
    """Invoices in scope for DSO: customer, rep and region codes, day, cents."""

    cust: np.ndarray
    rep: np.ndarray
    region: np.ndarray
    day: np.ndarray
    cents: np.ndarray


def _with_dso(
    table: pd.DataFrame, sales: Sales, member: np.ndarray, as_of_day: int, days: int
) -> pd.DataFrame:
    window = _window_sales(sales.day, sales.cents, as_of_day, days, member, len(table))
    table["dso"] = dso(table["total"].to_numpy(), window, days)
    return table


def customer_ageing(
    aged: Aged,
    sales: Sales,
    customers: np.ndarray,
    per_customer: dict[str, np.ndarray],
    as_of_day: int,
    labels: np.ndarray,
    policy_days: int,
    dso_days: int,
) -> pd.DataFrame:
    """Ageing per customer with credit use, policy flag and DSO, sorted by customer_id.

    `customers` is the sorted vocabulary; `per_customer` holds name, rep_id, region_id
    and credit_limit per customer code. credit_used_pct is blank when the customer has
    no credit limit (blank or 0); a limit of 0 still makes any amount owed `over_limit`
    (cash customers).
    """
    members, position = members_of(aged.cust, customers.size)
    where = position[aged.cust]
    cells = rollup_cells(where, members.size, aged.slot, aged.cents, labels.size)
    table = rollup_table("customer_id", customers[members], cells, labels)
    table = _with_dso(table, sales, position[sales.cust], as_of_day, dso_days)
    table.insert(1, "name", per_customer["name"][members])
    table.insert(2, "rep_id", per_customer["rep_id"][members])
    table.insert(3, "region_id", per_customer["region_id"][members])
    limit = per_customer["credit_limit"][members]
    limit_c = np.rint(limit * 100)
    total_c = cells.sum(axis=1)
    worst = np.full(members.size, NOT_AGED, dtype="int64")
    np.maximum.at(worst, where, aged.days)
    known = worst != NOT_AGED
    table["credit_limit"] = limit
    with np.errstate(divide="ignore", invalid="ignore"):
        table["credit_used_pct"] = np.where(limit > 0, np.round(total_c / limit_c * 100, 1), np.nan)
    table["over_limit"] = ~np.isnan(limit) & (total_c > limit_c)
    # Items not yet due count as 0 days overdue here: "most days overdue -10" would read
    # as a debt, where the customer owes nothing yet (open items keep their -10: due in
    # 10 days, in the not-due bucket).
    table["max_days_overdue"] = int_or_blank(np.maximum(worst, 0), known)
    table["overdue_beyond_policy"] = np.where(known, worst, 0) > policy_days
    dso_values = table.pop("dso")
    table["dso"] = dso_values
    return table


def group_ageing(
    aged: Aged,
    sales: Sales,
    key: str,
    vocabulary: np.ndarray,
    names: pd.DataFrame | None,
    as_of_day: int,
    labels: np.ndarray,
    dso_days: int,
) -> pd.DataFrame:
    """Ageing per rep or region (`key`; `vocabulary` the sorted texts of its codes),
    with a `name` column when `names` is given."""
    codes = aged.rep if key == "rep_id" else aged.region
    members, position = members_of(codes, vocabulary.size)
    cells = rollup_cells(position[codes], members.size, aged.slot, aged.cents, labels.size)
    table = rollup_table(key, vocabulary[members], cells, labels)
    sold = sales.rep if key == "rep_id" else sales.region
    table = _with_dso(table, sales, position[sold], as_of_day, dso_days)
    if names is not None and key in names.columns:
        by_id = pd.Series(text(names, "name").to_numpy(), index=text(names, key).to_numpy())
        by_id = by_id[~by_id.index.duplicated()]
        table.insert(1, "name", by_id.reindex(table[key]).fillna("").to_numpy())
    return table


def company_totals(
    aged: Aged, sales: Sales, as_of_day: int, labels: np.ndarray, dso_days: int
) -> pd.DataFrame:
    """One row: the company's buckets, unapplied credit, total, overdue and DSO."""
    if aged.cents.size == 0:
        money = [*labels, "total", "overdue"]
        return pd.DataFrame([{"scope": "TOTAL", **dict.fromkeys(money, 0.0), "dso": np.nan}])
    cells = rollup_cells(np.zeros_like(aged.slot), 1, aged.slot, aged.cents, labels.size)
    table = rollup_table("scope", np.array(["TOTAL"], dtype=object), cells, labels)
    return _with_dso(table, sales, np.zeros(sales.day.size, dtype="int64"), as_of_day, dso_days)


CREDIT_COLUMNS = (
    "customer_id",
    "name",
    "rep_id",
    "credit_limit",
    "total",
    "over_by",
    "credit_used_pct",
    "max_days_overdue",
    "over_limit",
    "overdue_beyond_policy",
)


def credit_check(ageing: pd.DataFrame) -> pd.DataFrame:
    """Customers over their credit limit or with items overdue beyond policy,
    furthest over the limit first, then by customer_id.

    `ageing` is `customer_ageing`'s table, one row per customer sorted by customer_id:
    the stable sort keeps that order among ties, with no sort of the ids' text."""
    flagged = ageing.loc[ageing["over_limit"] | ageing["overdue_beyond_policy"]].copy()
    over_by = flagged["total"] - flagged["credit_limit"]
    flagged["over_by"] = over_by.where(flagged["over_limit"]).round(2)
    flagged = flagged.sort_values(
        ["over_limit", "over_by", "max_days_overdue"],
        ascending=[False, False, False],
        na_position="last",
        kind="stable",
    )
    return flagged.reset_index(drop=True).loc[:, list(CREDIT_COLUMNS)]
