"""Payment application: which money settled which invoice, as of one date.

Order of application, per customer:
1. a payment naming one of the customer's invoices settles that invoice, up to what it
   owes (several naming the same invoice: by date, then payment_id); any excess joins
   the customer's pool;
2. the pool — payments naming no invoice, those excesses and credit notes (invoices
   whose total is negative) — settles the open invoices first-in-first-out by due date,
   then invoice date, then invoice_id; money is used in date order;
3. what is left is unapplied credit: per credit note on the credit note's own row, and
   for payments (plus "held" receipts) on one UNAPPLIED row per customer.
All arithmetic is in int64 cents, so per invoice and in total
amount − paid − credited = outstanding exactly. Everything is column arrays of codes,
day numbers and cents; text comes back only in the output tables (`age`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from addin.core.receivables.fifo import allocate_fifo, capped
from addin.core.receivables.frames import NO_DAY, group_sum, lexsort
from addin.core.receivables.invoices import Invoices
from addin.core.receivables.receipts import NAMED, POOL, Receipts

#: invoice_id of the row that holds a customer's unapplied payments.
UNAPPLIED = "UNAPPLIED"
#: Item kinds, in the order items of one customer are listed.
INVOICE, CREDIT_NOTE, UNAPPLIED_ITEM = 0, 1, 2
KINDS = np.array(["invoice", "credit_note", "unapplied"], dtype=object)
#: Sources of money in an application.
PAYMENT, CREDIT = 0, 1


@dataclass(frozen=True)
class Items:
    """Every invoice, credit note and unapplied balance in scope, per customer; invoices
    by due date, invoice date and id. `inv` and `rep` −1 for unapplied rows; `due` NO_DAY for
    credit notes and unapplied rows; money in cents."""

    inv: np.ndarray
    cust: np.ndarray
    rep: np.ndarray
    day: np.ndarray
    due: np.ndarray
    row: np.ndarray
    kind: np.ndarray
    amount: np.ndarray
    paid: np.ndarray
    credited: np.ndarray

    @property
    def outstanding(self) -> np.ndarray:
        return self.amount - self.paid - self.credited

    def take(self, where: np.ndarray) -> Items:
        return Items(*(getattr(self, f)[where] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Pairs:
    """Which money settled which invoice, one entry per pairing, by invoice (FIFO
    order), then the order the money was used: the invoice's code, customer and rep;
    the source (PAYMENT or CREDIT), where it is (the receipt's position, or the credit
    note's invoice code), its Excel row and day; whether it was named; and the cents."""

    inv: np.ndarray
    cust: np.ndarray
    rep: np.ndarray
    source: np.ndarray
    source_ref: np.ndarray
    source_row: np.ndarray
    source_day: np.ndarray
    named: np.ndarray
    cents: np.ndarray


@dataclass(frozen=True)
class Pairings:
    """Which money settled which invoice, in the order the pass found them: named
    payments, then FIFO. `inv` the invoice's position in `invoices` (the invoices in
    FIFO order), `source` PAYMENT or CREDIT, `source_ref` the receipt's position (or
    the credit note's position in `invoices`), whether it was named, and the cents."""

    invoices: Invoices
    inv: np.ndarray
    source: np.ndarray
    source_ref: np.ndarray
    cents: np.ndarray
    named: np.ndarray


@dataclass(frozen=True)
class Application:
    """The one pass ageing and collections share: `items`, the pairings of money with
    invoices, and the receipts with `applied`, the cents of each that reached invoices."""

    items: Items
    pairings: Pairings
    receipts: Receipts
    applied: np.ndarray

    def by_payments(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rep, receipt position, cents) of each pairing money from a payment made, in
        no particular order: what collections sums."""
        found = self.pairings
        paid = np.flatnonzero(found.source == PAYMENT)
        rep = found.invoices.rep[found.inv[paid]]
        return rep, found.source_ref[paid], found.cents[paid]

    # A frozen dataclass still has an instance __dict__, which is where this caches.
    @cached_property
    def pairs(self) -> Pairs:
        """The pairings as the applications table lists them (a sort of every pairing,
        made only for that audit trail)."""
        found = self.pairings
        return _pairs(
            found.invoices,
            self.receipts,
            found.inv,
            found.source,
            found.source_ref,
            found.cents,
            found.named,
        )


def apply_money(invoices: Invoices, receipts: Receipts, n_customers: int) -> Application:
    """`invoices` and `receipts` carry customer codes (`cust`) into a sorted vocabulary
    of `n_customers` and invoice codes (`inv`) that sort like the invoice ids."""
    order = lexsort((invoices.inv, invoices.day, invoices.due, invoices.cust))
    inv_key, id_rank = invoices.cust[order], invoices.inv[order]
    amount = invoices.cents[order]
    size = amount.size
    money, mode = receipts.cents, receipts.mode
    rec_key = receipts.cust

    # 1. payments naming an open invoice of their own customer
    row_of_invoice = np.full(int(max(id_rank.max(initial=0), receipts.inv.max(initial=0))) + 1, -1)
    row_of_invoice[id_rank] = np.arange(size)
    target = row_of_invoice[receipts.inv]
    # target −1 (not in scope) picks the appended 0: such receipts join the pool.
    named = (mode == NAMED) & (np.r_[amount, 0][target] > 0)
    n_idx = np.flatnonzero(named)
    n_idx = n_idx[lexsort((n_idx, target[n_idx]))]
    n_inv = target[n_idx]
    n_amt = money[n_idx]
    n_applied = capped(n_amt, n_inv, amount)
    named_paid = group_sum(n_inv, n_applied, amount.size)
    owed = np.where(amount > 0, amount, 0) - named_paid

    # 2. the pool, first-in-first-out
    pool_rec = np.flatnonzero(((mode == POOL) | (mode == NAMED)) & ~named)
    excess = n_amt - n_applied
    spill = n_idx[excess != 0]
    credit_notes = np.flatnonzero(amount < 0)
    m_src = np.concatenate([pool_rec, spill, credit_notes])
    m_kind = np.repeat([PAYMENT, PAYMENT, CREDIT], [pool_rec.size, spill.size, credit_notes.size])
    m_amt = np.concatenate([money[pool_rec], excess[excess != 0], -amount[credit_notes]])
    m_key = np.concatenate([rec_key[pool_rec], rec_key[spill], inv_key[credit_notes]])
    inv_day = invoices.day[order]
    m_day = np.concatenate([receipts.day[pool_rec], receipts.day[spill], inv_day[credit_notes]])
    # Refunds (negative receipts) reduce what the customer has available.
    available = np.maximum(group_sum(m_key, m_amt, n_customers), 0)
    pos = np.flatnonzero(m_amt > 0)
    pos = pos[lexsort((m_src[pos], m_kind[pos], m_day[pos], m_key[pos]))]
    usable = capped(m_amt[pos], m_key[pos], available)
    debts = np.flatnonzero(amount > 0)
    d_i, m_j, cents = allocate_fifo(inv_key[debts], owed[debts], m_key[pos], usable)
    f_inv, f_kind, f_src = debts[d_i], m_kind[pos][m_j], m_src[pos][m_j]

    by_payment = f_kind == PAYMENT
    paid = named_paid + group_sum(f_inv[by_payment], cents[by_payment], size)
    credited = group_sum(f_inv[~by_payment], cents[~by_payment], size) - group_sum(
        f_src[~by_payment], cents[~by_payment], size
    )
    applied = group_sum(n_idx, n_applied, len(receipts)) + group_sum(
        f_src[by_payment], cents[by_payment], len(receipts)
    )
    leftover = group_sum(rec_key, money - applied, n_customers)
    sorted_invoices = Invoices(
        *(getattr(invoices, f)[order] for f in Invoices.__dataclass_fields__)
    )
    pairings = Pairings(
        sorted_invoices,
        inv=np.concatenate([n_inv, f_inv]),
        source=np.concatenate([np.full(n_idx.size, PAYMENT), f_kind]),
        source_ref=np.concatenate([n_idx, f_src]),
        cents=np.concatenate([n_applied, cents]),
        named=np.concatenate([np.ones(n_idx.size, dtype=bool), np.zeros(cents.size, dtype=bool)]),
    )
    # The pass's working arrays are let go before the items are laid out: at a million
    # lines, memory the process has not used before is what costs (the kernel's faults).
    del order, inv_key, id_rank, amount, target, named, n_idx, n_inv, n_amt, n_applied
    del pool_rec, excess, spill, m_src, m_kind, m_amt, m_key, m_day, pos, usable, debts
    del d_i, m_j, cents, f_inv, f_kind, f_src, by_payment, row_of_invoice, inv_day
    items = _items(sorted_invoices, paid, credited, leftover)
    return Application(items, pairings, receipts, applied)


def _items(inv: Invoices, paid: np.ndarray, credited: np.ndarray, leftover: np.ndarray) -> Items:
    """Invoices, credit notes, then unapplied balances, per customer; invoices by due
    date, invoice date and id (credit notes have no due date)."""
    is_credit = inv.cents < 0
    has = np.flatnonzero(leftover != 0)
    blank = np.full(has.size, NO_DAY, dtype="int64")
    zero = np.zeros(has.size, dtype="int64")
    kind = np.concatenate([is_credit.astype("int8"), np.full(has.size, UNAPPLIED_ITEM, "int8")])
    day = np.concatenate([inv.day, blank])
    due = np.concatenate([np.where(is_credit, NO_DAY, inv.due), blank])
    inv_code = np.concatenate([inv.inv, np.full(has.size, -1, dtype="int64")])
    cust = np.concatenate([inv.cust, has])
    order = lexsort((np.maximum(inv_code, 0), day, due, kind, cust))
    items = Items(
        inv=inv_code,
        cust=cust,
        rep=np.concatenate([inv.rep, np.full(has.size, -1, dtype="int64")]),
        day=day,
        due=due,
        row=np.concatenate([inv.row, zero]),
        kind=kind,
        amount=np.concatenate([inv.cents, zero]),
        paid=np.concatenate([paid, leftover[has]]),
        credited=np.concatenate([credited, zero]),
    )
    return items.take(order)


def _pairs(
    inv: Invoices,
    rec: Receipts,
    inv_pos: np.ndarray,
    kind: np.ndarray,
    src: np.ndarray,
    cents: np.ndarray,
    named: np.ndarray,
) -> Pairs:
    """By invoice, then the day, kind and position of the money."""
    is_payment = kind == PAYMENT
    rec_pos = np.where(is_payment, src, 0)
    cn_pos = np.where(is_payment, 0, src)

    def pick(payment_values: np.ndarray, credit_values: np.ndarray) -> np.ndarray:
        if len(rec) == 0:
            return credit_values[cn_pos]
        return np.where(is_payment, payment_values[rec_pos], credit_values[cn_pos])

    source_day = pick(rec.day, inv.day)
    order = lexsort((src, kind, source_day, inv_pos))
    at, is_payment = inv_pos[order], is_payment[order]
    rec_pos, cn_pos = rec_pos[order], cn_pos[order]
    return Pairs(
        inv=inv.inv[at],
        cust=inv.cust[at],
        rep=inv.rep[at],
        source=kind[order],
        source_ref=np.where(is_payment, rec_pos, inv.inv[cn_pos]),
        source_row=np.where(is_payment, rec.row[rec_pos] if len(rec) else 0, inv.row[cn_pos]),
        source_day=source_day[order],
        named=named[order],
        cents=cents[order],
    )
