"""Invoiced sales lines (the ERP export) of the demo company, drawn vectorised.

Per customer and month the number of invoices is the rate rounded at random (see
`_regular_counts`), a rate that follows the
customer's type and size, its own growth, the trading calendar (`calendar.day_weights`)
and the days it was a customer at all. Rates are scaled so the expected number of lines
hits the size's target, then every draw (days, products, quantities, prices) is one
numpy call over all invoices or lines. A few lines are sold below the floor price and a
few are partly returned (credit notes: separate invoices with negative lines).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.demo.calendar import day_weights
from addin.demo.customers import Clientele
from addin.demo.masters import Catalogue, Staff
from addin.demo.rand import Rng

#: Per customer type (CUSTOMER_TYPES order): invoices per month for a typical customer,
#: extra lines per invoice (Poisson mean), value of a typical line, discount off list.
INVOICES_PER_MONTH = np.array([6.0, 4.0, 1.5, 5.0, 0.8])
EXTRA_LINES = np.array([4.0, 3.0, 1.2, 3.5, 0.6])
LINE_VALUE = np.array([9_000.0, 4_000.0, 700.0, 5_000.0, 500.0])
DISCOUNT_RANGE = np.array([[0.06, 0.10], [0.04, 0.08], [0.0, 0.03], [0.03, 0.08], [0.0, 0.0]])
CORE_PRODUCTS = 8  # a customer's usual assortment
BELOW_FLOOR_SHARE = 0.01
RETURN_SHARE = 0.004

SALES_COLUMNS = [
    "invoice_id", "line", "date", "customer_id", "product_id", "rep_id",
    "qty", "amount", "cost", "due_date",
]  # fmt: skip


@dataclass(frozen=True)
class Invoices:
    """One entry per invoice (credit notes included), for drawing payments."""

    invoice_id: np.ndarray
    customer: np.ndarray  # index into the customers table
    date: np.ndarray  # datetime64[D]
    total: np.ndarray  # sum of the invoice's lines (negative for a credit note)
    returned: np.ndarray  # credit notes raised against this invoice (≤ 0)


def _active_weight(
    first: np.ndarray, last: np.ndarray, lo: np.ndarray, hi: np.ndarray, cum: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calendar weight of days in [first, last] ∩ [lo, hi] (day indices); also the bounds."""
    start = np.maximum(first[:, None], lo[None, :])
    stop = np.minimum(last[:, None], hi[None, :])
    weight = np.where(stop >= start, cum[np.maximum(stop, start) + 1] - cum[start], 0.0)
    return weight, start, stop


def _regular_counts(rng: Rng, rate: np.ndarray) -> np.ndarray:
    """Invoices per customer and month. Trade customers reorder on a rhythm, so the count
    is the expected one rounded up or down at random (far less spread than Poisson, whose
    empty and double months made targets from history meaningless: a rep at 370 % of a
    month that happened to be empty the year before)."""
    whole = np.floor(rate)
    return (whole + (rng.random(rate.shape) < rate - whole)).astype(np.int64)


def generate_sales(
    rng: Rng,
    clientele: Clientele,
    staff: Staff,
    catalogue: Catalogue,
    history: dt.date,
    cutoff: dt.date,
    target_lines: int,
) -> tuple[pd.DataFrame, Invoices]:
    days, weight = day_weights(history, cutoff)
    weight = weight / weight.mean()
    cum = np.r_[0.0, np.cumsum(weight)]
    months = days.astype("datetime64[M]")
    month_first = np.flatnonzero(np.r_[True, months[1:] != months[:-1]])
    month_last = np.r_[month_first[1:] - 1, len(days) - 1]
    n_months = len(month_first)

    origin = days[0]
    first = np.clip((clientele.first_day - origin).astype(np.int64), 0, len(days) - 1)
    last = np.clip((clientele.last_day - origin).astype(np.int64), -1, len(days) - 1)
    active, lo, hi = _active_weight(first, last, month_first, month_last, cum)

    kind = clientele.type_index
    n_cust = len(kind)
    growth = rng.normal(0.10, 0.12, n_cust)
    trend = (1.0 + growth[:, None]) ** (np.arange(n_months)[None, :] / 12.0)
    per_day = INVOICES_PER_MONTH[kind] * np.sqrt(clientele.scale) / 30.4
    rate = per_day[:, None] * active * trend
    expected = float((rate * (1.0 + EXTRA_LINES[kind])[:, None]).sum())
    rate *= target_lines / max(expected, 1e-9)

    count = _regular_counts(rng, rate).ravel()
    cell = np.repeat(np.arange(count.size), count)
    cust = cell // n_months
    # A day inside the customer's active part of the month, weighted by the calendar.
    a = cum[lo.ravel()[cell]]
    b = cum[hi.ravel()[cell] + 1]
    day = np.searchsorted(cum, a + (b - a) * rng.random(len(cell)), side="right") - 1
    day = np.clip(day, lo.ravel()[cell], hi.ravel()[cell])
    n_inv = len(cell)

    lines_per = np.minimum(1 + rng.poisson(EXTRA_LINES[kind[cust]]), 15)
    inv_of_line = np.repeat(np.arange(n_inv), lines_per)
    line_no = np.arange(len(inv_of_line)) - np.repeat(np.cumsum(lines_per) - lines_per, lines_per)
    c_line = cust[inv_of_line]

    popularity = np.cumsum(catalogue.popularity)
    popularity /= popularity[-1]
    n_prod = len(popularity)
    core = np.minimum(np.searchsorted(popularity, rng.random((n_cust, CORE_PRODUCTS))), n_prod - 1)
    start = rng.integers(0, CORE_PRODUCTS, n_inv)[inv_of_line]
    usual = core[c_line, (start + line_no) % CORE_PRODUCTS]
    other = np.minimum(np.searchsorted(popularity, rng.random(len(c_line))), n_prod - 1)
    product = np.where(rng.random(len(c_line)) < 0.75, usual, other)

    products = catalogue.products
    list_price = products["unit_price"].to_numpy()[product]
    floor = products["floor_price"].to_numpy()[product]
    unit_cost = products["unit_cost"].to_numpy()[product]
    disc_lo, disc_hi = DISCOUNT_RANGE[kind, 0], DISCOUNT_RANGE[kind, 1]
    discount = (disc_lo + (disc_hi - disc_lo) * rng.random(n_cust))[c_line]
    price = np.maximum(list_price * (1.0 - discount), floor)
    cheap = rng.random(len(price)) < BELOW_FLOOR_SHARE
    price[cheap] = floor[cheap] * rng.uniform(0.90, 0.98, cheap.sum())
    price = np.round(price, 2)
    value = (LINE_VALUE[kind] * np.sqrt(clientele.scale))[c_line]
    qty = np.maximum(1.0, np.round(value / list_price * rng.lognormal(0.0, 0.5, len(price))))

    lines = {
        "inv": inv_of_line,
        "line": line_no + 1,
        "day": day[inv_of_line],
        "cust": c_line,
        "product": product,
        "qty": qty,
        "amount": np.round(qty * price, 2),
        "cost": np.round(qty * unit_cost, 2),
    }
    returns = _credit_notes(rng, lines, price, unit_cost, n_inv, len(days) - 1)
    return _finish(lines, returns, n_inv, clientele, staff, catalogue, days)


def _credit_notes(
    rng: Rng,
    lines: dict[str, np.ndarray],
    price: np.ndarray,
    unit_cost: np.ndarray,
    n_inv: int,
    last_day: int,
) -> dict[str, np.ndarray]:
    """Part of a few lines comes back a few weeks later: one credit note per return."""
    picked = np.flatnonzero(rng.random(len(price)) < RETURN_SHARE)
    if len(picked) < 2 and len(price) >= 2:
        picked = rng.choice(len(price), 2, replace=False)
    day = lines["day"][picked] + rng.integers(3, 40, len(picked))
    picked, day = picked[day <= last_day], day[day <= last_day]
    back = np.maximum(1.0, np.ceil(lines["qty"][picked] * rng.uniform(0.1, 0.6, len(picked))))
    return {
        "inv": n_inv + np.arange(len(picked)),
        "line": np.ones(len(picked), dtype=np.int64),
        "day": day,
        "cust": lines["cust"][picked],
        "product": lines["product"][picked],
        "qty": -back,
        "amount": -np.round(back * price[picked], 2),
        "cost": -np.round(back * unit_cost[picked], 2),
        "against": lines["inv"][picked],
    }


def _finish(
    lines: dict[str, np.ndarray],
    returns: dict[str, np.ndarray],
    n_inv: int,
    clientele: Clientele,
    staff: Staff,
    catalogue: Catalogue,
    days: np.ndarray,
) -> tuple[pd.DataFrame, Invoices]:
    """Number the invoices in date order per year, attribute reps, build the table."""
    against = returns.pop("against")
    cols = {k: np.r_[lines[k], returns[k]] for k in lines}
    n_all = n_inv + len(against)
    is_note = np.r_[np.zeros(n_inv, bool), np.ones(len(against), bool)]
    inv_day = np.zeros(n_all, dtype=np.int64)
    inv_day[cols["inv"]] = cols["day"]
    inv_cust = np.zeros(n_all, dtype=np.int64)
    inv_cust[cols["inv"]] = cols["cust"]

    date = days[inv_day]
    year = date.astype("datetime64[Y]").astype(np.int64) + 1970
    order = np.lexsort((np.arange(n_all), inv_cust, inv_day, is_note))
    seq = np.empty(n_all, dtype=np.int64)
    # Running number per (kind, year): invoices and credit notes have their own series.
    group = (is_note.astype(np.int64) * 10_000 + year)[order]
    starts = np.r_[True, group[1:] != group[:-1]]
    seq[order] = np.arange(n_all) - np.maximum.accumulate(np.where(starts, np.arange(n_all), 0)) + 1
    prefix = np.where(is_note, "CRN", "INV")
    inv_id = np.char.add(
        np.char.add(np.char.add(prefix, year.astype(str)), "-"), np.char.zfill(seq.astype(str), 6)
    )

    # The rep at the time: a new hire's customers belonged to the leaver before handover.
    cust = cols["cust"]
    line_date = days[cols["day"]]
    rep = clientele.rep[cust]
    before = (staff.predecessor[rep] >= 0) & (line_date < staff.handover[rep])
    rep = np.where(before, staff.predecessor[rep], rep)

    terms = clientele.terms[cust]
    due = line_date + np.where(np.isnan(terms), 0, terms).astype("timedelta64[D]")
    due = np.where(np.isnan(terms) | (cols["amount"] < 0), np.datetime64("NaT"), due)
    frame = pd.DataFrame(
        {
            "invoice_id": inv_id[cols["inv"]],
            "line": cols["line"].astype(np.int64),
            "date": line_date.astype("datetime64[ns]"),
            "customer_id": clientele.customers["customer_id"].to_numpy()[cust],
            "product_id": catalogue.products["product_id"].to_numpy()[cols["product"]],
            "rep_id": staff.reps["rep_id"].to_numpy()[rep],
            "qty": cols["qty"].astype("float64"),
            "amount": cols["amount"].astype("float64"),
            "cost": cols["cost"].astype("float64"),
            "due_date": due.astype("datetime64[ns]"),
        }
    )
    frame = frame.sort_values(["date", "invoice_id", "line"], kind="stable").reset_index(drop=True)
    for column in ("invoice_id", "customer_id", "product_id", "rep_id"):
        frame[column] = frame[column].astype(str)

    total = np.bincount(cols["inv"], weights=cols["amount"], minlength=n_all)
    returned = np.zeros(n_all)
    np.add.at(returned, against, total[n_inv:])
    invoices = Invoices(
        invoice_id=inv_id,
        customer=inv_cust,
        date=date,
        total=np.round(total, 2),
        returned=np.round(returned, 2),
    )
    return frame[SALES_COLUMNS], invoices
