"""Result KPIs from the finance records: sales, gross profit, customers served, sales
below the floor price, and collections.

Every invoice line counts for the rep on the line (credit notes, with negative amounts,
net off). Money collected counts for the rep of the invoice it settled — the receivables
core applies payments and reports (rep_id, month, collected).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from addin.core.receivables import collections_as_of
from addin.core.receivables.frames import clean, dates, numbers, text
from addin.core.reports.calendar import period_bounds
from addin.core.reports.codes import joint_codes
from addin.core.reports.unique import factorized
from addin.core.settings import Settings

#: Amounts are rounded to the cent, so a line at exactly the floor price may come out up
#: to half a cent below floor × qty; only a shortfall beyond that is a violation.
_CENT_SLACK = 0.005


def text_category(frame: pd.DataFrame, column: str) -> pd.Categorical:
    """A column as `text` gives it (stripped, "" where blank or absent), held as a
    categorical of its distinct texts in text order: what reads it later (grouping,
    `code_ids`, `text` again) reads the codes instead of hashing a million ids."""
    if column not in frame.columns:
        blank = pd.Index([""], dtype=object)
        return pd.Categorical.from_codes(np.zeros(len(frame), dtype="int64"), categories=blank)
    raw, distinct = factorized(frame[column])
    names = np.append(clean(np.asarray(distinct, dtype=object)), "")  # code -1: blank
    code, vocab = pd.factorize(names, sort=True)
    return pd.Categorical.from_codes(
        code[raw], categories=pd.Index(vocab, dtype=object), validate=False
    )


def sales_frame(lines: pd.DataFrame, products: pd.DataFrame) -> pd.DataFrame:
    """SalesLines as rep_id, customer_id, product_id (`text_category`), date, qty,
    amount, cost, floor_price, row order.

    A blank cost is taken as qty × the product's unit_cost (0 when that is unknown too),
    so gross profit is not inflated by lines the ERP exported without a cost.
    """
    catalog = pd.DataFrame(
        {
            "product_id": text(products, "product_id"),
            "floor_price": numbers(products, "floor_price"),
            "unit_cost": numbers(products, "unit_cost"),
        }
    ).drop_duplicates("product_id")
    product = text_category(lines, "product_id")
    out = pd.DataFrame(
        {
            "rep_id": text_category(lines, "rep_id"),
            "customer_id": text_category(lines, "customer_id"),
            "product_id": product,
            "date": dates(lines, "date"),
            "qty": numbers(lines, "qty"),
            "amount": numbers(lines, "amount").fillna(0.0),
            "cost": numbers(lines, "cost"),
            "order": np.arange(len(lines)),
        },
        index=lines.index,
    )
    # The catalog looked up once per distinct product, then spread by code.
    at = np.append(pd.Index(catalog["product_id"]).get_indexer(product.categories), -1)
    at = at[product.codes]
    found = at >= 0
    for column in ("floor_price", "unit_cost"):
        values = np.full(len(out), np.nan)
        values[found] = catalog[column].to_numpy()[at[found]]
        out[column] = values
    estimate = (out["qty"] * out["unit_cost"]).fillna(0.0)
    out["cost"] = out["cost"].fillna(estimate)
    return out.loc[out["date"].notna()].drop(columns="unit_cost")


def in_period(frame: pd.DataFrame, period: str, column: str = "date") -> pd.DataFrame:
    first, last = period_bounds(period)
    when = frame[column]
    return frame.loc[(when >= first) & (when <= last)]


def sales_results(sales: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per rep (index rep_id): sales, gross_profit, active_customers, price_violations.

    Grouped on integer codes of rep and customer (read from `code_ids` columns, so the
    ids are not hashed again per period), in the order grouping by the text would give.
    """
    lines = in_period(sales, period)
    amount = lines["amount"].to_numpy(dtype="float64")
    below = (
        (lines["qty"] > 0)
        & (lines["amount"] > 0)
        & lines["floor_price"].notna()
        & (lines["amount"] < lines["floor_price"] * lines["qty"] - _CENT_SLACK)
    )
    (rep,), reps = joint_codes(lines["rep_id"])
    (customer,), customers = joint_codes(lines["customer_id"])
    named = rep >= 0
    table = pd.DataFrame(
        {
            "sales": amount[named],
            "gross_profit": (amount - lines["cost"].to_numpy(dtype="float64"))[named],
            "price_violations": below.to_numpy(dtype="int64")[named],
        }
    )
    out = table.groupby(rep[named]).sum()
    at = out.index.to_numpy(dtype="int64")
    out.index = pd.Index(np.asarray(reps, dtype=object)[at], name="rep_id")
    # A customer is active for a rep whose lines to it sum above 0; a blank customer
    # counts as one customer, as its blank text did.
    width = len(customers) + 1
    pair = rep[named] * width + np.where(customer >= 0, customer, len(customers))[named]
    bought = pd.Series(amount[named]).groupby(pair).sum()
    active = bought.index.to_numpy(dtype="int64")[bought.to_numpy() > 0] // width
    out["active_customers"] = np.bincount(active, minlength=len(reps))[at].astype("int64")
    return out


def sales_by_rep(rep_id: pd.Series, amount: pd.Series) -> pd.Series:
    """Sales per rep (index rep_id) of lines `in_period`: `sales_results`' sales column
    alone, summed the same way (the same groups, rows and order)."""
    (rep,), reps = joint_codes(rep_id)
    named = rep >= 0
    out = pd.Series(amount.to_numpy(dtype="float64")[named]).groupby(rep[named]).sum()
    at = out.index.to_numpy(dtype="int64")
    out.index = pd.Index(np.asarray(reps, dtype=object)[at], name="rep_id")
    return out.rename("sales")


def collections_by_month(
    lines: pd.DataFrame,
    payments: pd.DataFrame,
    customers: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
) -> pd.DataFrame:
    """(rep_id, month, collected) from the receivables core, payments up to `as_of`:
    one application of payments to invoices, without ageing anything.

    The core's own input issues are the age job's to report; appraisal only uses the
    collections it credits.
    """
    return collections_as_of(lines, payments, customers, as_of)


def collections_in(collections: pd.DataFrame, period: str) -> pd.Series:
    """Collections per rep (index rep_id) in the months of the period."""
    first, last = period_bounds(period)
    months = pd.period_range(first, last, freq="M").strftime("%Y-%m")
    rows = collections.loc[collections["month"].isin(months)]
    return rows.groupby("rep_id")["collected"].sum()
