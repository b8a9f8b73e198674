"""`age_receivables`: from SalesLines, Payments and the customer card to open items,
ageing per customer/rep/region, the dunning worklist, the credit check and collections.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import Issue
from addin.core.receivables.ageing import aged_items, to_money
from addin.core.receivables.apply import apply_money
from addin.core.receivables.collections import collections_by_rep
from addin.core.receivables.customers import customer_card
from addin.core.receivables.dso import DSO_METHOD
from addin.core.receivables.dunning import dunning_worklist
from addin.core.receivables.frames import day_numbers, text
from addin.core.receivables.invoices import invoice_lines, invoice_owners, invoices_as_of
from addin.core.receivables.receipts import receipts_as_of
from addin.core.receivables.summaries import (
    company_totals,
    credit_check,
    customer_ageing,
    group_ageing,
)
from addin.core.settings import Settings

OPEN_ITEM_COLUMNS = (
    "invoice_id",
    "customer_id",
    "rep_id",
    "date",
    "due_date",
    "amount",
    "paid",
    "credited",
    "outstanding",
    "days_overdue",
    "bucket",
    "kind",
)
_MONEY = ("amount", "paid", "credited", "outstanding")


@dataclass(frozen=True)
class AgeingResult:
    """Everything `salesdesk age` writes. Money in currency units (float64, exact cents).

    `items` holds every invoice, credit note and unapplied balance in scope, settled or
    not, and `applications` which money settled which invoice: the audit trail behind
    `open_items`. `by_rep` groups items by the invoice's rep (unapplied money by the
    customer's rep), matching how `collections` credits reps.
    """

    as_of: dt.date
    open_items: pd.DataFrame
    ageing: pd.DataFrame
    by_rep: pd.DataFrame
    by_region: pd.DataFrame
    totals: pd.DataFrame
    dunning: pd.DataFrame
    credit_check: pd.DataFrame
    collections: pd.DataFrame
    items: pd.DataFrame
    applications: pd.DataFrame
    issues: list[Issue]
    dso_method: str


def age_receivables(
    sales_lines: pd.DataFrame,
    payments: pd.DataFrame,
    customers: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    reps: pd.DataFrame | None = None,
    regions: pd.DataFrame | None = None,
    *,
    dunning_actions: Sequence[str] | None = None,
) -> AgeingResult:
    """Receivables as they stood at the end of `as_of` (invoices and payments dated on
    or before it). Never raises on bad rows: they come back as `issues`."""
    stamp = pd.Timestamp(as_of).normalize()
    bounds = settings.ageing_buckets
    card, issues = customer_card(customers)
    lines, found = invoice_lines(sales_lines, card)
    issues += found
    invoices, found = invoices_as_of(lines, card, stamp)
    issues += found
    receipts, found = receipts_as_of(payments, card, invoice_owners(lines), stamp)
    issues += found
    applied = apply_money(invoices, receipts)

    customer_rep = _customer_reps(card, invoices, applied.items["customer_id"])
    customer_region = _customer_regions(card, customer_rep, reps)
    items = applied.items
    rep_of_customer = customer_rep.reindex(items["customer_id"]).to_numpy()
    items = items.assign(
        rep_id=np.where(items["kind"] == "unapplied", rep_of_customer, items["rep_id"]),
        rep_of_customer=rep_of_customer,
        region_id=customer_region.reindex(items["customer_id"]).to_numpy(),
    )
    invoices = invoices.assign(
        region_id=customer_region.reindex(invoices["customer_id"]).to_numpy()
    )
    aged = aged_items(items, stamp, bounds)
    ageing = customer_ageing(
        aged, invoices, card, stamp, bounds, settings.overdue_policy_days, settings.dso_days
    )
    return AgeingResult(
        as_of=stamp.date(),
        open_items=_public_items(aged),
        ageing=ageing,
        by_rep=group_ageing(aged, invoices, "rep_id", reps, stamp, bounds, settings.dso_days),
        by_region=group_ageing(
            aged, invoices, "region_id", regions, stamp, bounds, settings.dso_days
        ),
        totals=company_totals(aged, invoices, stamp, bounds, settings.dso_days),
        dunning=dunning_worklist(
            aged, card, customer_rep, settings.dunning_levels, dunning_actions
        ),
        credit_check=credit_check(ageing),
        collections=collections_by_rep(applied.receipts, applied.applications, customer_rep),
        items=_public_items(aged_items(items, stamp, bounds, keep_settled=True)),
        applications=to_money(applied.applications, ["amount_c"]).rename(
            columns={"amount_c": "amount"}
        ),
        issues=issues,
        dso_method=DSO_METHOD.format(days=settings.dso_days),
    )


def _customer_reps(
    card: pd.DataFrame, invoices: pd.DataFrame, customer_ids: pd.Series
) -> pd.Series:
    """Responsible rep per customer: the card's, else the rep of its latest invoice."""
    ids = pd.Index(pd.unique(pd.concat([pd.Series(card.index), customer_ids])))
    latest = invoices.iloc[np.argsort(day_numbers(invoices["date"]), kind="stable")]
    latest = latest.loc[latest["rep_id"] != ""].drop_duplicates("customer_id", keep="last")
    from_invoice = pd.Series(latest["rep_id"].to_numpy(), index=latest["customer_id"].to_numpy())
    reps = card["rep_id"].reindex(ids)
    reps = reps.where(reps.notna() & (reps != ""), from_invoice.reindex(ids))
    return reps.fillna("").astype(object)


def _customer_regions(
    card: pd.DataFrame, customer_rep: pd.Series, reps: pd.DataFrame | None
) -> pd.Series:
    """Region per customer: the card's, else its rep's region (when Reps is given)."""
    regions = card["region_id"].reindex(customer_rep.index)
    if reps is not None and "region_id" in reps.columns:
        rep_region = pd.Series(text(reps, "region_id").to_numpy(), index=text(reps, "rep_id"))
        rep_region = rep_region[~rep_region.index.duplicated()]
        fallback = rep_region.reindex(customer_rep.to_numpy())
        fallback.index = customer_rep.index
        regions = regions.where(regions.notna() & (regions != ""), fallback)
    return regions.fillna("").astype(object)


def _public_items(aged: pd.DataFrame) -> pd.DataFrame:
    out = aged.reset_index(drop=True)
    for column in _MONEY:
        out[column] = out.pop(f"{column}_c").to_numpy() / 100.0
    return out.loc[:, list(OPEN_ITEM_COLUMNS)]
