"""Ageing tables per customer, rep, region and for the company, and the credit check."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from addin.core.receivables.ageing import UNAPPLIED_CREDIT, bucket_columns, rollup
from addin.core.receivables.customers import lookup
from addin.core.receivables.dso import dso, window_sales
from addin.core.receivables.frames import text


def _with_dso(
    table: pd.DataFrame, key: str, invoices: pd.DataFrame, as_of: pd.Timestamp, days: int
) -> pd.DataFrame:
    sales = window_sales(invoices, as_of, days, key, table[key])
    table["dso"] = dso(table["total"].to_numpy(), sales, days)
    return table


def customer_ageing(
    aged: pd.DataFrame,
    invoices: pd.DataFrame,
    card: pd.DataFrame,
    as_of: pd.Timestamp,
    bounds: Sequence[int],
    policy_days: int,
    dso_days: int,
) -> pd.DataFrame:
    """Ageing per customer with credit use, policy flag and DSO, sorted by customer_id.

    credit_used_pct is blank when the customer has no credit limit (blank or 0); a
    limit of 0 still makes any amount owed `over_limit` (cash customers).
    """
    table = _with_dso(rollup(aged, "customer_id", bounds), "customer_id", invoices, as_of, dso_days)
    ids = table["customer_id"]
    first = aged.drop_duplicates("customer_id").set_index("customer_id")
    table.insert(1, "name", lookup(card, "name", ids).to_numpy())
    table.insert(2, "rep_id", first["rep_of_customer"].reindex(ids).to_numpy())
    table.insert(3, "region_id", first["region_id"].reindex(ids).to_numpy())
    limit = lookup(card, "credit_limit", ids).to_numpy()
    limit_c = np.rint(limit * 100)
    total_c = np.rint(table["total"].to_numpy(dtype="float64") * 100)
    worst = aged.groupby("customer_id")["days_overdue"].max().reindex(ids)
    table["credit_limit"] = limit
    with np.errstate(divide="ignore", invalid="ignore"):
        table["credit_used_pct"] = np.where(limit > 0, np.round(total_c / limit_c * 100, 1), np.nan)
    table["over_limit"] = ~np.isnan(limit) & (total_c > limit_c)
    table["max_days_overdue"] = pd.array(worst.to_numpy(), dtype="Int64")
    table["overdue_beyond_policy"] = (worst.fillna(0) > policy_days).to_numpy()
    dso_values = table.pop("dso")
    table["dso"] = dso_values
    return table


def group_ageing(
    aged: pd.DataFrame,
    invoices: pd.DataFrame,
    key: str,
    names: pd.DataFrame | None,
    as_of: pd.Timestamp,
    bounds: Sequence[int],
    dso_days: int,
) -> pd.DataFrame:
    """Ageing per rep or region (`key`), with a `name` column when `names` is given."""
    table = _with_dso(rollup(aged, key, bounds), key, invoices, as_of, dso_days)
    if names is not None and key in names.columns:
        by_id = pd.Series(text(names, "name").to_numpy(), index=text(names, key).to_numpy())
        by_id = by_id[~by_id.index.duplicated()]
        table.insert(1, "name", by_id.reindex(table[key]).fillna("").to_numpy())
    return table


def company_totals(
    aged: pd.DataFrame,
    invoices: pd.DataFrame,
    as_of: pd.Timestamp,
    bounds: Sequence[int],
    dso_days: int,
) -> pd.DataFrame:
    """One row: the company's buckets, unapplied credit, total, overdue and DSO."""
    everyone = aged.assign(scope="TOTAL")
    table = _with_dso(
        rollup(everyone, "scope", bounds), "scope", invoices.assign(scope="TOTAL"), as_of, dso_days
    )
    if table.empty:
        money = [*bucket_columns(bounds), UNAPPLIED_CREDIT, "total", "overdue"]
        table = pd.DataFrame([{"scope": "TOTAL", **dict.fromkeys(money, 0.0), "dso": np.nan}])
    return table


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
    furthest over the limit first."""
    flagged = ageing.loc[ageing["over_limit"] | ageing["overdue_beyond_policy"]].copy()
    over_by = flagged["total"] - flagged["credit_limit"]
    flagged["over_by"] = over_by.where(flagged["over_limit"]).round(2)
    flagged = flagged.sort_values(
        ["over_limit", "over_by", "max_days_overdue", "customer_id"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    )
    return flagged.reset_index(drop=True).loc[:, list(CREDIT_COLUMNS)]
