"""`age_receivables`: from SalesLines, Payments and the customer card to open items,
ageing per customer/rep/region, the dunning worklist, the credit check and collections.

Customer and invoice ids are coded once on entry (`entry_ids`); application, buckets,
summaries and dunning work on those codes, and text is looked up again only to build
the output tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from addin.core.issues import Issue
from addin.core.receivables.ageing import NOT_AGED, age_days, bucket_labels
from addin.core.receivables.apply import (
    INVOICE,
    KINDS,
    PAYMENT,
    UNAPPLIED,
    UNAPPLIED_ITEM,
    Application,
    Items,
    Pairs,
    apply_money,
)
from addin.core.receivables.collections import collections_by_rep
from addin.core.receivables.customers import customer_card
from addin.core.receivables.dso import DSO_METHOD
from addin.core.receivables.dunning import default_actions, dunning_worklist
from addin.core.receivables.frames import (
    as_dates,
    clean_each,
    day_of,
    from_cents,
    int_or_blank,
    text,
)
from addin.core.receivables.ids import Ids, entry_ids
from addin.core.receivables.invoices import (
    Invoices,
    invoice_lines,
    invoice_owners,
    invoices_as_of,
)
from addin.core.receivables.receipts import receipts_as_of
from addin.core.receivables.summaries import (
    Aged,
    Sales,
    company_totals,
    credit_check,
    customer_ageing,
    group_ageing,
)
from addin.core.settings import Settings


@dataclass(frozen=True)
class AuditTrail:
    """What `AgeingResult.items` and `.applications` are made from, still as codes.

    Neither `salesdesk age` nor the dashboard writes them, and their text columns
    (half a million application rows on a large ledger) cost more than the ageing
    tables together, so they are built the first time they are asked for."""

    ids: Ids
    items: Items
    aged: Aged
    application: Application
    rep_names: np.ndarray
    labels: np.ndarray

    def item_table(self, where: np.ndarray | None = None) -> pd.DataFrame:
        """The items (those at positions `where`, or all) as `AgeingResult.items`."""
        items = self.items if where is None else self.items.take(where)
        aged = self.aged if where is None else self.aged.take(where)
        return _public_items(self.ids, items, aged, self.rep_names, self.labels)

    def application_table(self) -> pd.DataFrame:
        return _public_applications(self.ids, self.application, self.rep_names)


@dataclass(frozen=True)
class AgeingResult:
    """Everything `salesdesk age` writes. Money in currency units (float64, exact cents).

    `items` holds every invoice, credit note and unapplied balance in scope, settled or
    not, and `applications` which money settled which invoice: the audit trail behind
    `open_items`, made from `trail` on first use. `by_rep` groups items by the invoice's
    rep (unapplied money by the customer's rep), matching how `collections` credits reps.
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
    issues: list[Issue]
    dso_method: str
    trail: AuditTrail = field(repr=False, compare=False)

    # A frozen dataclass still has an instance __dict__, which is where these cache.
    @cached_property
    def items(self) -> pd.DataFrame:
        return self.trail.item_table()

    @cached_property
    def applications(self) -> pd.DataFrame:
        return self.trail.application_table()


@dataclass(frozen=True)
class Applied:
    """The application of payments as of one date, shared by ageing and appraisal:
    the customer card, the coded ids, the invoices in scope, which money settled which
    invoice, the sorted rep ids (`reps`, "" first) that rep codes point into, the
    responsible rep per customer code, and the issues found."""

    card: pd.DataFrame
    ids: Ids
    invoices: Invoices
    application: Application
    reps: np.ndarray
    rep_by_code: np.ndarray
    issues: list[Issue]

    def collections(self) -> pd.DataFrame:
        """(rep_id, month, collected), as `age_receivables` reports it."""
        receipt_rep = self.rep_by_code[self.application.receipts.cust]
        return collections_by_rep(self.application, receipt_rep, self.reps)


def apply_payments(
    sales_lines: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, as_of: dt.date
) -> Applied:
    """Which money settled which invoice as of the end of `as_of`: the one pass that
    ageing, collections and appraisal share."""
    stamp = pd.Timestamp(as_of).normalize()
    card, issues = customer_card(customers)
    ids = entry_ids(sales_lines, payments, card)
    lines, found = invoice_lines(sales_lines, ids)
    issues += found
    invoices, reps, found = invoices_as_of(lines, card, ids, stamp)
    issues += found
    owners = invoice_owners(lines, ids)
    del lines  # a million lines' arrays, not held while the money is applied (peak memory)
    receipts, found = receipts_as_of(payments, ids, owners, stamp)
    issues += found
    application = apply_money(invoices, receipts, len(ids.customers))
    rep_by_code = _customer_reps(reps.of_customer, invoices)
    return Applied(card, ids, invoices, application, reps.names, rep_by_code, issues)


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
    today = day_of(stamp)
    bounds = settings.ageing_buckets
    labels = bucket_labels(bounds)
    applied = apply_payments(sales_lines, payments, customers, stamp.date())
    card, ids, invoices = applied.card, applied.ids, applied.invoices
    rep_by_code, rep_names = applied.rep_by_code, applied.reps
    region_text = _customer_regions(card, ids, rep_names[rep_by_code], reps)
    region_by_code, region_names = pd.factorize(region_text, sort=True)
    region_names = np.asarray(region_names, dtype=object)
    codes = np.arange(len(ids.customers))
    per_customer = {
        "name": ids.card_values(card, "name", codes),
        "contact": ids.card_values(card, "contact", codes),
        "phone": ids.card_values(card, "phone", codes),
        "credit_limit": ids.card_values(card, "credit_limit", codes).astype("float64"),
        "rep_id": rep_names[rep_by_code],
        "region_id": region_text,
    }
    items = applied.application.items
    # Unapplied money is the customer's, so it counts for the customer's rep.
    item_rep = np.where(items.kind == UNAPPLIED_ITEM, rep_by_code[items.cust], items.rep)
    days, slot = age_days(items.kind, items.due, today, bounds)
    everything = Aged(
        cust=items.cust,
        rep=item_rep,
        region=region_by_code[items.cust],
        days=days,
        slot=slot,
        cents=items.outstanding,
    )
    still_open = np.flatnonzero(everything.cents != 0)
    aged = everything.take(still_open)
    sales = Sales(
        cust=invoices.cust,
        rep=invoices.rep,
        region=region_by_code[invoices.cust],
        day=invoices.day,
        cents=invoices.cents,
    )
    ageing = customer_ageing(
        aged,
        sales,
        ids.customers,
        per_customer,
        today,
        labels,
        settings.overdue_policy_days,
        settings.dso_days,
    )
    trail = AuditTrail(ids, items, everything, applied.application, rep_names, labels)
    return AgeingResult(
        as_of=stamp.date(),
        open_items=_open_items(trail, still_open),
        ageing=ageing,
        by_rep=group_ageing(
            aged, sales, "rep_id", rep_names, reps, today, labels, settings.dso_days
        ),
        by_region=group_ageing(
            aged, sales, "region_id", region_names, regions, today, labels, settings.dso_days
        ),
        totals=company_totals(aged, sales, today, labels, settings.dso_days),
        dunning=dunning_worklist(
            aged,
            items.due[still_open],
            items.kind[still_open] == INVOICE,
            ids.customers,
            per_customer,
            settings.dunning_levels,
            dunning_actions or default_actions(settings.lang),
        ),
        credit_check=credit_check(ageing),
        collections=applied.collections(),
        issues=applied.issues,
        dso_method=DSO_METHOD.format(days=settings.dso_days),
        trail=trail,
    )


def collections_as_of(
    sales_lines: pd.DataFrame, payments: pd.DataFrame, customers: pd.DataFrame, as_of: dt.date
) -> pd.DataFrame:
    """(rep_id, month, collected) as `age_receivables` reports it, from the application
    of payments alone: no ageing, summaries or worklists (appraisal needs only this)."""
    return apply_payments(sales_lines, payments, customers, as_of).collections()


def _open_items(trail: AuditTrail, still_open: np.ndarray) -> pd.DataFrame:
    """The open items, made from those items alone (a fraction of all on a ledger whose
    invoices are mostly paid)."""
    if still_open.size == 0:
        # As all items filtered to none: the columns keep the types the items have.
        return trail.item_table().iloc[still_open].reset_index(drop=True)
    return trail.item_table(still_open)


def _customer_reps(card_reps: np.ndarray, invoices: Invoices) -> np.ndarray:
    """Responsible rep code per customer code: the card's, else the rep of its latest
    invoice (code 0 is no rep)."""
    named = np.flatnonzero(invoices.rep != 0)
    from_invoice = np.zeros(card_reps.size, dtype="int64")
    if named.size:
        # Latest = largest (day, position): one key per invoice, its maximum per
        # customer, no sort.
        day = invoices.day[named]
        key = (day - day.min()) * named.size + np.arange(named.size)
        latest = np.full(card_reps.size, -1, dtype="int64")
        np.maximum.at(latest, invoices.cust[named], key)
        has = np.flatnonzero(latest >= 0)
        from_invoice[has] = invoices.rep[named[latest[has] % named.size]]
    return np.where(card_reps == 0, from_invoice, card_reps)


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


def _texts(
    vocabulary: np.ndarray | pd.api.extensions.ExtensionArray, codes: np.ndarray | None
) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Text of each code as a pandas string array (the vocabulary itself without
    codes): the vocabulary is checked once as text, then each column is a plain take
    (no per-value inference on a million rows)."""
    if codes is not None and codes.size == 0:
        return np.zeros(0, dtype=object)  # object, as an empty table was
    texts = pd.array(vocabulary, dtype="str") if isinstance(vocabulary, np.ndarray) else vocabulary
    return texts if codes is None else texts.take(codes)


def _invoice_texts(ids: Ids, codes: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """The invoice ids of `codes` (−1: UNAPPLIED) as a pandas string array: only the
    ids taken become text (open items are a fraction of all invoices)."""
    if codes.size == 0:
        return np.zeros(0, dtype=object)  # object, as an empty table was
    texts = ids.invoice_text(np.maximum(codes, 0))
    texts[codes < 0] = UNAPPLIED
    return pd.array(texts, dtype="str")


def _public_items(
    ids: Ids, items: Items, aged: Aged, rep_names: np.ndarray, labels: np.ndarray
) -> pd.DataFrame:
    """The items as `salesdesk age` writes them (money in currency)."""
    return pd.DataFrame(
        {
            "invoice_id": _invoice_texts(ids, items.inv),
            "customer_id": _texts(ids.customers, items.cust),
            "rep_id": _texts(rep_names, aged.rep),
            "date": as_dates(items.day),
            "due_date": as_dates(items.due),
            "amount": from_cents(items.amount),
            "paid": from_cents(items.paid),
            "credited": from_cents(items.credited),
            "outstanding": from_cents(aged.cents),
            "days_overdue": int_or_blank(aged.days, aged.days != NOT_AGED),
            "bucket": _texts(labels, aged.slot),
            "kind": _texts(KINDS, items.kind),
        }
    )


def _public_applications(ids: Ids, application: Application, rep_names: np.ndarray) -> pd.DataFrame:
    """One row per (money, invoice) pairing, by customer, invoice and the order money
    was used."""
    pairs: Pairs = application.pairs
    is_payment = pairs.source == PAYMENT
    receipts = application.receipts
    # Payment ids cleaned in Payments order, then taken; "" last for credit notes.
    payment_ids = _texts(np.append(clean_each(receipts.payment_ids), ""), None)
    where = np.full(pairs.source.size, len(payment_ids) - 1)
    where[is_payment] = receipts.position[pairs.source_ref[is_payment]]
    source_id = payment_ids.take(where) if where.size else np.zeros(0, dtype=object)
    credit = ~is_payment
    if credit.any():
        source_id[credit] = ids.invoice_text(pairs.source_ref[credit])
    return pd.DataFrame(
        {
            "invoice_id": _invoice_texts(ids, pairs.inv),
            "customer_id": _texts(ids.customers, pairs.cust),
            "rep_id": _texts(rep_names, pairs.rep),
            "source": _texts(np.array(["payment", "credit_note"], dtype=object), pairs.source),
            "source_id": source_id,
            "source_row": pairs.source_row.astype("int64"),
            "source_date": as_dates(pairs.source_day),
            "how": _texts(np.array(["fifo", "named"], dtype=object), pairs.named.astype("int8")),
            "amount": from_cents(pairs.cents),
        }
    )
