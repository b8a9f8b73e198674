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
from addin.core.receivables.apply import Application, apply_money
from addin.core.receivables.collections import collections_by_rep
from addin.core.receivables.customers import customer_card
from addin.core.receivables.dso import DSO_METHOD
from addin.core.receivables.dunning import default_actions, dunning_worklist
from addin.core.receivables.frames import day_numbers, text
from addin.core.receivables.ids import Ids, entry_ids
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
    card, ids, invoices, applied, issues = _application(sales_lines, payments, customers, stamp)
    rep_by_code = _customer_reps(card, ids, invoices)
    region_by_code = _customer_regions(card, ids, rep_by_code, reps)
    # Customers as they appear in the items (the card's first, as before): the tables
    # keyed by customer show exactly these.
    present = np.zeros(len(ids.customers), dtype=bool)
    present[ids.card_row >= 0] = True
    present[applied.items["cust"].to_numpy()] = True
    customer_rep = pd.Series(rep_by_code[present], index=ids.customers[present], dtype=object)
    items = applied.items
    item_cust = items["cust"].to_numpy()
    rep_of_customer = rep_by_code[item_cust]
    items = items.assign(
        rep_id=np.where(items["kind"] == "unapplied", rep_of_customer, items["rep_id"]),
        rep_of_customer=rep_of_customer,
        region_id=region_by_code[item_cust],
    )
    invoices = invoices.assign(region_id=region_by_code[invoices["cust"].to_numpy()])
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
            aged,
            card,
            customer_rep,
            settings.dunning_levels,
            dunning_actions or default_actions(settings.lang),
        ),
        credit_check=credit_check(ageing),
        collections=collections_by_rep(
            applied.receipts, applied.applications, rep_by_code[applied.receipts["cust"]]
        ),
        items=_public_items(aged_items(items, stamp, bounds, keep_settled=True)),
        applications=to_money(applied.applications, ["amount_c"]).rename(
            columns={"amount_c": "amount"}
        ),
        issues=issues,
        dso_method=DSO_METHOD.format(days=settings.dso_days),
    )


def collections_as_of(
    sales_lines: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, as_of: dt.date
) -> pd.DataFrame:
    """(rep_id, month, collected) as `age_receivables` reports it, from the application
    of payments alone: no ageing, summaries or worklists (appraisal needs only this)."""
    stamp = pd.Timestamp(as_of).normalize()
    card, ids, invoices, applied, _ = _application(sales_lines, payments, customers, stamp)
    rep_by_code = _customer_reps(card, ids, invoices)
    receipt_rep = rep_by_code[applied.receipts["cust"].to_numpy()]
    return collections_by_rep(applied.receipts, applied.applications, receipt_rep)


def _application(
    sales_lines: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, stamp: pd.Timestamp
) -> tuple[pd.DataFrame, Ids, pd.DataFrame, Application, list[Issue]]:
    """The customer card, coded ids, invoices as of `stamp` and which money settled
    which invoice: the one pass ageing and collections share."""
    card, issues = customer_card(customers)
    ids = entry_ids(sales_lines, payments, card)
    lines, found = invoice_lines(sales_lines, ids)
    issues += found
    invoices, found = invoices_as_of(lines, card, ids, stamp)
    issues += found
    receipts, found = receipts_as_of(payments, ids, invoice_owners(lines, ids), stamp)
    issues += found
    applied = apply_money(invoices, receipts, ids.customers, ids.invoices)
    return card, ids, invoices, applied, issues


def _customer_reps(card: pd.DataFrame, ids: Ids, invoices: pd.DataFrame) -> np.ndarray:
    """Responsible rep per customer code: the card's, else the rep of its latest invoice."""
    codes = np.arange(len(ids.customers))
    reps = ids.card_values(card, "rep_id", codes)
    named = invoices.loc[invoices["rep_id"] != ""]
    cust = named["cust"].to_numpy()
    order = np.lexsort((np.arange(cust.size), day_numbers(named["date"]), cust))
    last = order[np.r_[cust[order][1:] != cust[order][:-1], True]] if cust.size else order
    from_invoice = np.full(len(ids.customers), "", dtype=object)
    from_invoice[cust[last]] = named["rep_id"].to_numpy()[last]
    return np.where(reps == "", from_invoice, reps)


def _customer_regions(
    card: pd.DataFrame, ids: Ids, rep_by_code: np.ndarray, reps: pd.DataFrame | None
) -> np.ndarray:
    """Region per customer code: the card's, else its rep's region (when Reps is given)."""
    regions = ids.card_values(card, "region_id", np.arange(len(ids.customers)))
    if reps is not None and "region_id" in reps.columns:
        rep_region = pd.Series(text(reps, "region_id").to_numpy(), index=text(reps, "rep_id"))
        rep_region = rep_region[~rep_region.index.duplicated()]
        fallback = rep_region.reindex(rep_by_code).fillna("").to_numpy(dtype=object)
        regions = np.where(regions == "", fallback, regions)
    return regions


def _public_items(aged: pd.DataFrame) -> pd.DataFrame:
    out = aged.reset_index(drop=True)
    for column in _MONEY:
        out[column] = out.pop(f"{column}_c").to_numpy() / 100.0
    return out.loc[:, list(OPEN_ITEM_COLUMNS)]
