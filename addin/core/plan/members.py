"""Who can carry a target in the plan year, and where each customer sits now.

History is re-keyed by a customer's CURRENT card (rep, region, channel, settlement), so
these tables are the single place that says which rep a customer's sales count for.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.plan.keys import ids, lowered

#: Customer statuses that get no target ("inactive/closed").
NO_TARGET_STATUS = {"closed": "customer_closed", "dormant": "customer_dormant"}
#: Products.status values (optional column) meaning the product is no longer sold.
DISCONTINUED = {"discontinued", "inactive", "closed", "obsolete", "停产", "停售"}


@dataclass(frozen=True, slots=True)
class Members:
    """Master data indexed by id. `reason` is "" for members that may get a target."""

    #: rep_id, region_id, settlement_method, channel, name, since, payment_terms_days,
    #: reason, _row
    customers: pd.DataFrame
    reps: pd.DataFrame  # region_id, name, hire_date, leave_date, reason, _row
    products: pd.DataFrame  # name, category, reason, _row
    regions: pd.DataFrame  # name, parent_id, _row
    year: int


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return ids(frame[name])
    return pd.Series("", index=frame.index, dtype=object)


def _dates(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return pd.to_datetime(frame[name], errors="coerce")
    return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")


def _rows(frame: pd.DataFrame) -> pd.Series:
    if ROW in frame.columns:
        return frame[ROW]
    return pd.Series(range(2, len(frame) + 2), index=frame.index)


def _by_id(frame: pd.DataFrame, key: str, columns: dict[str, pd.Series]) -> pd.DataFrame:
    out = pd.DataFrame({"_id": _column(frame, key), **columns, ROW: _rows(frame)})
    out = out[out["_id"] != ""].drop_duplicates("_id")  # the reader reports duplicate ids
    return out.set_index("_id").rename_axis(key)


def plan_members(
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    products: pd.DataFrame,
    regions: pd.DataFrame | None,
    year: int,
) -> Members:
    start = pd.Timestamp(year=year, month=1, day=1)
    leave = _dates(reps, "leave_date")
    rep_table = _by_id(
        reps,
        "rep_id",
        {
            "region_id": _column(reps, "region_id"),
            "name": _column(reps, "name"),
            "hire_date": _dates(reps, "hire_date"),
            "leave_date": leave,
            "reason": pd.Series("", index=reps.index, dtype=object).mask(leave < start, "rep_left"),
        },
    )

    status = (
        lowered(customers["status"])
        if "status" in customers.columns
        else pd.Series("", index=customers.index, dtype=object)
    )
    cust = _by_id(
        customers,
        "customer_id",
        {
            "rep_id": _column(customers, "rep_id"),
            "region_id": _column(customers, "region_id"),
            "settlement_method": lowered(_column(customers, "settlement_method"), "_"),
            "channel": lowered(_column(customers, "channel"), "_"),
            "name": _column(customers, "name"),
            "since": _dates(customers, "since"),
            "payment_terms_days": pd.to_numeric(
                customers.get("payment_terms_days", pd.Series(np.nan, index=customers.index)),
                errors="coerce",
            ),
            "status": status,
        },
    )
    rep_reason = rep_table["reason"].reindex(cust["rep_id"]).to_numpy()
    reason = pd.Series("", index=cust.index, dtype=object)
    reason = reason.mask(pd.isna(rep_reason), "unknown_rep").mask(cust["rep_id"] == "", "no_rep")
    reason = reason.mask(rep_reason == "rep_left", "rep_left")
    for status_value, why in NO_TARGET_STATUS.items():
        reason = reason.mask(cust["status"] == status_value, why)
    rep_region = rep_table["region_id"].reindex(cust["rep_id"]).fillna("").to_numpy()
    cust["region_id"] = cust["region_id"].mask(cust["region_id"] == "", rep_region)
    cust["reason"] = reason

    prod_status = lowered(products["status"]) if "status" in products.columns else None
    prod_reason = pd.Series("", index=products.index, dtype=object)
    if prod_status is not None:
        prod_reason = prod_reason.mask(prod_status.isin(DISCONTINUED), "product_discontinued")
    if "discontinued" in products.columns:
        flag = lowered(products["discontinued"]).isin({"yes", "true", "1", "y", "是"})
        prod_reason = prod_reason.mask(flag, "product_discontinued")
    prod_table = _by_id(
        products,
        "product_id",
        {
            "name": _column(products, "name"),
            "category": _column(products, "category"),
            "reason": prod_reason,
        },
    )
    reg = regions if regions is not None else pd.DataFrame({"region_id": [], "name": []})
    reg_table = _by_id(
        reg, "region_id", {"name": _column(reg, "name"), "parent_id": _column(reg, "parent_id")}
    )
    return Members(cust, rep_table, prod_table, reg_table, year)


def customer_cards(members: Members, customer_ids: pd.Series) -> pd.DataFrame:
    """Current rep/region/settlement/channel and no-target reason of each customer id."""
    known = members.customers.reindex(customer_ids.to_numpy())
    out = pd.DataFrame(index=customer_ids.index)
    for col in ("rep_id", "region_id", "settlement_method", "channel"):
        out[col] = known[col].fillna("").to_numpy()
    out["reason"] = known["reason"].fillna("unknown_customer").to_numpy()
    return out


def product_reasons(members: Members, product_ids: pd.Series) -> pd.Series:
    """No-target reason per product id ("" = may get a target; blank product is allowed)."""
    reason = members.products["reason"].reindex(product_ids.to_numpy()).to_numpy()
    out = pd.Series(reason, index=product_ids.index, dtype=object).fillna("unknown_product")
    return out.mask(product_ids == "", "")
