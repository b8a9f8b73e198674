"""Money received from the demo company's customers, drawn vectorised.

Each customer has a payer profile (prompt, slow, late, bad, defaulter; cash customers
pay on delivery) and a habit for naming invoices (always, sometimes, never, or one
monthly transfer for everything — a statement payer). Per invoice: a delay against the
due date from the profile, sometimes a dispute, a few partial payments (some never
completed), a few overpayments, a few invoices never paid. A partly returned invoice is
paid net of its credit note. Only money received by the cut-off day is listed, so the
ledger at the cut-off holds realistic open and overdue items.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from addin.demo.customers import Clientele
from addin.demo.rand import Rng, blank_unless
from addin.demo.sales import Invoices

PROMPT, SLOW, LATE, BAD, DEFAULTER, CASH = range(6)
PROFILE_SHARE = np.array([0.55, 0.27, 0.11, 0.05, 0.02])
ALWAYS, SOMETIMES, NEVER, STATEMENT = range(4)
NAMING_SHARE = np.array([0.60, 0.15, 0.10, 0.15])
DISPUTE, LOST, PARTIAL, UNFINISHED, OVERPAY = 0.02, 0.003, 0.05, 0.3, 0.003

PAYMENT_COLUMNS = ["payment_id", "date", "customer_id", "amount", "invoice_id"]


def _profiles(rng: Rng, clientele: Clientele) -> tuple[np.ndarray, np.ndarray]:
    n = len(clientele.terms)
    cash = clientele.customers["settlement_method"].to_numpy() == "cash"
    profile = rng.choice(5, n, p=PROFILE_SHARE)
    # A chain or distributor pays on a fixed payment run, slow at worst: one of them paying
    # months of backlog at once would show its rep at several times his collection target.
    big = clientele.customers["type"].isin(["key_account", "distributor"]).to_numpy()
    profile[big & (profile > SLOW)] = SLOW
    credit = np.flatnonzero(~cash & ~big)
    # Even a small company has one bad payer and one defaulter among its credit customers.
    for kind, slot in ((BAD, 0), (DEFAULTER, 1)):
        if len(credit) > 2 and not (profile[credit] == kind).any():
            profile[credit[slot]] = kind
    profile[cash] = CASH
    naming = rng.choice(4, n, p=NAMING_SHARE)
    naming[cash] = ALWAYS
    return profile, naming


def generate_payments(
    rng: Rng, clientele: Clientele, invoices: Invoices, cutoff: dt.date
) -> pd.DataFrame:
    profile, naming = _profiles(rng, clientele)
    bill = invoices.total > 0
    inv = np.flatnonzero(bill)
    cust = invoices.customer[inv]
    day = invoices.date[inv].astype(np.int64)
    terms = clientele.terms[cust]
    # A customer without terms pays as if it had the usual 30 days.
    due = (day + np.where(np.isnan(terms), 30, terms)).astype(np.int64)
    n = len(inv)
    kind = profile[cust]

    slow = rng.integers(3, 36, n)
    delay = np.select(
        [kind == CASH, kind == PROMPT, (kind == SLOW) | (kind == DEFAULTER), kind == LATE],
        [
            rng.integers(0, 3, n) - (due - day),
            np.clip(np.round(rng.normal(-3, 4, n)), -20, 10),
            slow,
            rng.integers(30, 121, n),
        ],
        default=rng.integers(60, 241, n),
    ).astype(np.int64)
    pay = due + delay
    disputed = (kind != CASH) & (rng.random(n) < DISPUTE)
    pay[disputed] += rng.integers(30, 91, disputed.sum())
    pay = np.maximum(pay, day)

    never = rng.random(n) < LOST
    never |= (kind == BAD) & (rng.random(n) < 0.35)
    # A defaulter stops paying some weeks before its last invoices (cash-flow trouble).
    last_buy = np.full(len(clientele.terms), np.iinfo(np.int64).min)
    np.maximum.at(last_buy, cust, day)
    stop = last_buy - rng.integers(30, 120, len(last_buy))
    never |= (kind == DEFAULTER) & (day >= stop[cust])

    amount = np.round(invoices.total[inv] + invoices.returned[inv], 2)
    keep = ~never & (amount > 0)
    split = keep & (kind != CASH) & (rng.random(n) < PARTIAL)
    first_part = np.round(amount * rng.uniform(0.3, 0.8, n), 2)
    second = split & (rng.random(n) >= UNFINISHED)

    rows_inv = np.r_[inv[keep], inv[second]]
    rows_day = np.r_[pay[keep], pay[second] + rng.integers(15, 76, second.sum())]
    rows_amt = np.r_[np.where(split, first_part, amount)[keep], (amount - first_part)[second]]
    over = rng.random(len(rows_amt)) < OVERPAY
    rows_amt[over] = np.maximum(np.ceil(rows_amt[over] / 1000.0) * 1000.0, rows_amt[over] + 500.0)
    in_time = rows_day <= np.datetime64(cutoff, "D").astype(np.int64)
    rows_inv, rows_day, rows_amt = rows_inv[in_time], rows_day[in_time], rows_amt[in_time]
    rows_cust = invoices.customer[rows_inv]

    habit = naming[rows_cust]
    named = (habit == ALWAYS) | ((habit == SOMETIMES) & (rng.random(len(habit)) < 0.5))
    frame = pd.DataFrame(
        {
            "cust": rows_cust,
            "day": rows_day,
            "amount": rows_amt,
            "invoice_id": blank_unless(named, invoices.invoice_id[rows_inv]),
            "statement": habit == STATEMENT,
        }
    )
    frame = _monthly_transfers(frame)
    return _finish(frame, clientele)


def _monthly_transfers(frame: pd.DataFrame) -> pd.DataFrame:
    """Statement payers send one transfer a month for everything, naming no invoice."""
    lumps = frame.loc[frame["statement"]]
    month = lumps["day"].to_numpy().astype("datetime64[D]").astype("datetime64[M]")
    lumps = (
        lumps.assign(month=month)
        .groupby(["cust", "month"], sort=False)
        .agg(day=("day", "max"), amount=("amount", "sum"))
        .reset_index()
        .drop(columns="month")
        .assign(invoice_id=None)
    )
    single = frame.loc[~frame["statement"], ["cust", "day", "amount", "invoice_id"]]
    return pd.concat([single, lumps[["cust", "day", "amount", "invoice_id"]]], ignore_index=True)


def _finish(frame: pd.DataFrame, clientele: Clientele) -> pd.DataFrame:
    frame = frame.sort_values(["day", "cust", "amount"], kind="stable").reset_index(drop=True)
    date = frame["day"].to_numpy().astype("datetime64[D]")
    year = date.astype("datetime64[Y]").astype(np.int64) + 1970
    n = len(frame)
    starts = np.r_[True, year[1:] != year[:-1]] if n else np.zeros(0, bool)
    seq = np.arange(n) - np.maximum.accumulate(np.where(starts, np.arange(n), 0)) + 1
    ids = np.char.add(
        np.char.add(np.char.add("PAY", year.astype(str)), "-"), np.char.zfill(seq.astype(str), 6)
    )
    out = pd.DataFrame(
        {
            "payment_id": ids.astype(str),
            "date": date.astype("datetime64[ns]"),
            "customer_id": clientele.customers["customer_id"].to_numpy()[frame["cust"].to_numpy()],
            "amount": np.round(frame["amount"].to_numpy(dtype="float64"), 2),
            "invoice_id": frame["invoice_id"].to_numpy(dtype=object),
        }
    )
    out["invoice_id"] = pd.Series(out["invoice_id"].to_numpy(), dtype="str")
    return out[PAYMENT_COLUMNS]
