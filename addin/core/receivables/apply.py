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
amount − paid − credited = outstanding exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.receivables.fifo import allocate_fifo, capped
from addin.core.receivables.frames import day_numbers, group_sum

#: invoice_id of the row that holds a customer's unapplied payments.
UNAPPLIED = "UNAPPLIED"
_PAYMENT, _CREDIT = 0, 1


@dataclass(frozen=True)
class Application:
    """`items`: every invoice, credit note and unapplied balance in scope, in cents
    (kind ∈ invoice/credit_note/unapplied). `applications`: one row per (money, invoice)
    pairing. `receipts`: the receipts with `applied_c`, the cents that reached invoices."""

    items: pd.DataFrame
    applications: pd.DataFrame
    receipts: pd.DataFrame


def apply_money(
    invoices: pd.DataFrame, receipts: pd.DataFrame, customers: np.ndarray, invoice_ids: np.ndarray
) -> Application:
    """`invoices` and `receipts` carry customer codes (`cust`) into the sorted
    `customers` and invoice codes (`inv`) into the sorted `invoice_ids`."""
    size = len(customers)
    inv_key = invoices["cust"].to_numpy(dtype="int64")
    rec_key = receipts["cust"].to_numpy(dtype="int64")
    id_rank = invoices["inv"].to_numpy(dtype="int64")
    order = np.lexsort(
        (id_rank, day_numbers(invoices["date"]), day_numbers(invoices["due_date"]), inv_key)
    )
    inv = invoices.iloc[order].reset_index(drop=True)
    inv_key, id_rank = inv_key[order], id_rank[order]
    amount = inv["amount_c"].to_numpy(dtype="int64")
    money = receipts["amount_c"].to_numpy(dtype="int64")
    mode = receipts["mode"].to_numpy()

    # 1. payments naming an open invoice of their own customer
    row_of_invoice = np.full(len(invoice_ids), -1, dtype="int64")
    row_of_invoice[inv["inv"].to_numpy()] = np.arange(len(inv))
    target = row_of_invoice[receipts["inv"].to_numpy()]
    # target -1 (not in scope) picks the appended 0: such receipts join the pool.
    named = (mode == "named") & (np.r_[amount, 0][target] > 0)
    n_idx = np.flatnonzero(named)
    n_idx = n_idx[np.lexsort((n_idx, target[n_idx]))]
    n_inv = target[n_idx]
    n_amt = money[n_idx]
    n_applied = capped(n_amt, n_inv, amount)
    owed = np.where(amount > 0, amount, 0) - group_sum(n_inv, n_applied, len(inv))

    # 2. the pool, first-in-first-out
    pool_rec = np.flatnonzero(((mode == "pool") | (mode == "named")) & ~named)
    excess = n_amt - n_applied
    credit_notes = np.flatnonzero(amount < 0)
    m_src = np.concatenate([pool_rec, n_idx[excess != 0], credit_notes])
    m_kind = np.repeat(
        [_PAYMENT, _PAYMENT, _CREDIT], [pool_rec.size, (excess != 0).sum(), credit_notes.size]
    )
    m_amt = np.concatenate([money[pool_rec], excess[excess != 0], -amount[credit_notes]])
    m_key = np.concatenate([rec_key[pool_rec], rec_key[n_idx[excess != 0]], inv_key[credit_notes]])
    m_day = np.concatenate(
        [
            day_numbers(receipts["date"])[np.concatenate([pool_rec, n_idx[excess != 0]])],
            day_numbers(inv["date"])[credit_notes],
        ]
    )
    # Refunds (negative receipts) reduce what the customer has available.
    available = np.maximum(group_sum(m_key, m_amt, size), 0)
    pos = np.flatnonzero(m_amt > 0)
    pos = pos[np.lexsort((m_src[pos], m_kind[pos], m_day[pos], m_key[pos]))]
    usable = capped(m_amt[pos], m_key[pos], available)
    debts = np.flatnonzero(amount > 0)
    d_i, m_j, cents = allocate_fifo(inv_key[debts], owed[debts], m_key[pos], usable)
    f_inv, f_kind, f_src = debts[d_i], m_kind[pos][m_j], m_src[pos][m_j]

    by_payment = f_kind == _PAYMENT
    paid = group_sum(n_inv, n_applied, len(inv)) + group_sum(
        f_inv[by_payment], cents[by_payment], len(inv)
    )
    credited = group_sum(f_inv[~by_payment], cents[~by_payment], len(inv)) - group_sum(
        f_src[~by_payment], cents[~by_payment], len(inv)
    )
    applied = group_sum(n_idx, n_applied, len(receipts)) + group_sum(
        f_src[by_payment], cents[by_payment], len(receipts)
    )
    rec = receipts.assign(applied_c=applied)
    leftover = group_sum(rec_key, money - applied, size)

    items = _items(inv, inv_key, id_rank, paid, credited, customers, leftover)
    applications = _applications(
        inv,
        rec,
        np.concatenate([n_inv, f_inv]),
        np.concatenate([np.full(n_idx.size, _PAYMENT), f_kind]),
        np.concatenate([n_idx, f_src]),
        np.concatenate([n_applied, cents]),
        np.concatenate([np.full(n_idx.size, "named"), np.full(cents.size, "fifo")]),
    )
    return Application(items, applications, rec)


def _items(
    inv: pd.DataFrame,
    inv_key: np.ndarray,
    id_rank: np.ndarray,
    paid: np.ndarray,
    credited: np.ndarray,
    customers: np.ndarray,
    leftover: np.ndarray,
) -> pd.DataFrame:
    """Invoices, credit notes, then unapplied balances, per customer; invoices by due
    date, invoice date and id (credit notes have no due date)."""
    is_credit = (inv["amount_c"] < 0).to_numpy()
    invoices = inv.loc[:, ["invoice_id", "customer_id", "rep_id", "date", "due_date", ROW, "cust"]]
    invoices["due_date"] = invoices["due_date"].where(~is_credit)
    invoices["kind"] = np.where(is_credit, "credit_note", "invoice")
    invoices["amount_c"] = inv["amount_c"].to_numpy()
    invoices["paid_c"] = paid
    invoices["credited_c"] = credited
    has = np.flatnonzero(leftover != 0)
    none = pd.Series(pd.NaT, index=range(has.size), dtype="datetime64[ns]")
    unapplied = pd.DataFrame(
        {
            "invoice_id": UNAPPLIED,
            "customer_id": customers[has],
            "rep_id": "",
            "date": none,
            "due_date": none,
            ROW: 0,
            "kind": "unapplied",
            "amount_c": 0,
            "paid_c": leftover[has],
            "credited_c": 0,
            "cust": has,
        }
    )
    items = pd.concat([invoices, unapplied], ignore_index=True) if has.size else invoices
    items["outstanding_c"] = items["amount_c"] - items["paid_c"] - items["credited_c"]
    order = np.lexsort(
        (
            np.concatenate([id_rank, np.zeros(has.size, dtype="int64")]),
            day_numbers(items["date"]),
            day_numbers(items["due_date"]),
            np.concatenate([is_credit.astype("int64"), np.full(has.size, 2)]),
            np.concatenate([inv_key, has]),
        )
    )
    return items.iloc[order].reset_index(drop=True)


def _applications(
    inv: pd.DataFrame,
    rec: pd.DataFrame,
    inv_pos: np.ndarray,
    kind: np.ndarray,
    src: np.ndarray,
    cents: np.ndarray,
    how: np.ndarray,
) -> pd.DataFrame:
    """invoice_id, customer_id, rep_id (the invoice's), source, source_id, source_row,
    source_date, how, amount_c — by customer, invoice, then the order money was used."""
    is_payment = kind == _PAYMENT
    rec_pos = np.where(is_payment, src, 0)
    cn_pos = np.where(is_payment, 0, src)

    def pick(payment_values: pd.Series, credit_values: pd.Series) -> np.ndarray:
        if len(rec) == 0:
            return credit_values.to_numpy()[cn_pos]
        return np.where(
            is_payment, payment_values.to_numpy()[rec_pos], credit_values.to_numpy()[cn_pos]
        )

    frame = pd.DataFrame(
        {
            "invoice_id": inv["invoice_id"].to_numpy()[inv_pos],
            "customer_id": inv["customer_id"].to_numpy()[inv_pos],
            "rep_id": inv["rep_id"].to_numpy()[inv_pos],
            "source": np.where(is_payment, "payment", "credit_note"),
            "source_id": pick(rec["payment_id"], inv["invoice_id"]),
            "source_row": pick(rec[ROW], inv[ROW]).astype("int64"),
            "source_date": pd.to_datetime(pick(rec["date"], inv["date"])),
            "how": how,
            "amount_c": cents.astype("int64"),
        }
    )
    order = np.lexsort((src, kind, day_numbers(frame["source_date"]), inv_pos))
    return frame.iloc[order].reset_index(drop=True)
