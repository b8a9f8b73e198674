"""Last year's sales and collections per month × customer × product, on today's masters.

Payments carry no product, so a customer's collections of a month are spread over its
products by that month's sales mix (or, in a month without sales, by its product mix of
the year; a customer who bought nothing that year keeps them on product ""). Every row
is re-keyed by the customer's CURRENT card: history follows a customer to its new rep.

Works on integer codes of customers and products (one `factorize` each), so a million
ERP lines take a second or two, not a string `groupby` per step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue
from addin.core.plan.keys import (
    DIMENSIONS,
    HISTORY_COLUMN,
    factorized_ids,
    ids,
    sorted_inverse,
    taken,
)
from addin.core.plan.members import Members, customer_cards, plan_members, product_reasons

HISTORY_COLUMNS = (
    "month",
    "region_id",
    "rep_id",
    "customer_id",
    "product_id",
    "settlement_method",
    "channel",
    "last_year_sales",
    "last_year_collections",
    "reason",
)
MONTHS = 12


@dataclass(frozen=True, slots=True)
class CellCodes:
    """Each history cell's customer and product as positions in arrays of distinct ids:
    groupings by integer, not by hashing a million strings again."""

    customer: np.ndarray  # per cell, position in `customers` (-1: a missing id)
    customers: np.ndarray
    product: np.ndarray  # per cell, position in `products`
    products: np.ndarray


@dataclass(frozen=True, slots=True)
class History:
    """`cells`: one row per (month 1..12, customer, product) with history; `reason` is
    "" where the cell may carry a target, else why not (e.g. "customer_closed")."""

    cells: pd.DataFrame
    year: int | None
    issues: list[Issue] = field(default_factory=list)
    #: the members the cells were keyed on, and the masters and year they were made of:
    #: a split of the same masters takes them as they are rather than building them again
    members: Members | None = None
    masters: tuple[object, ...] = ()
    #: the cells' customers and products as codes, as `history_cube` made them
    codes: CellCodes | None = None

    def cell_codes(self) -> CellCodes:
        """The cells' customers and products as codes (made here when not given)."""
        if self.codes is not None:
            return self.codes
        customer, customers = pd.factorize(self.cells["customer_id"])
        product, products = pd.factorize(self.cells["product_id"])
        return CellCodes(customer, np.asarray(customers), product, np.asarray(products))

    def members_of(self, masters: tuple[object, ...]) -> Members | None:
        """The members made of exactly these master tables (the same objects, unchanged
        since) and year."""
        same = len(masters) == len(self.masters) and all(
            a is b or (not isinstance(a, pd.DataFrame) and a == b)
            for a, b in zip(masters, self.masters, strict=True)
        )
        return self.members if same else None


@dataclass(frozen=True, slots=True)
class _Lines:
    frame: pd.DataFrame  # the rows of the history year
    dates: pd.Series
    amount: np.ndarray
    rows: np.ndarray


def _years(frame: pd.DataFrame) -> pd.Series:
    if frame.empty or "date" not in frame.columns:
        return pd.Series(dtype="float64")
    return pd.to_datetime(frame["date"], errors="coerce").dt.year


def _lines(frame: pd.DataFrame, years: pd.Series, year: int) -> _Lines:
    amount = pd.to_numeric(frame["amount"], errors="coerce") if len(frame) else pd.Series()
    keep = (years == year) & amount.notna() if len(frame) else pd.Series(dtype=bool)
    part = frame.loc[keep] if len(frame) else frame
    rows = part[ROW].to_numpy() if ROW in part.columns else np.flatnonzero(keep.to_numpy()) + 2
    dates = pd.to_datetime(part["date"], errors="coerce") if len(part) else pd.Series()
    return _Lines(part, dates, amount[keep].to_numpy(dtype="float64"), rows)


def history_year(sales_years: pd.Series, payment_years: pd.Series, year: int) -> int | None:
    """The year before the plan year, else the latest earlier year with any data."""
    years = np.concatenate([sales_years.dropna().to_numpy(), payment_years.dropna().to_numpy()])
    earlier = [int(y) for y in np.unique(years) if y < year]
    if year - 1 in earlier:
        return year - 1
    return max(earlier) if earlier else None


def _orphan_collections(
    pay_cm: np.ndarray,
    month_total: np.ndarray,
    cell_cp: np.ndarray,
    pos: np.ndarray,
    n_products: int,
    blank: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Payments in months without sales: by the customer's product mix of the year.

    Returns (customer, product, month, amount) arrays of the extra cells."""
    orphan = np.flatnonzero((pay_cm != 0) & (month_total <= 0))
    cust, month, amount = orphan // MONTHS, orphan % MONTHS, pay_cm[orphan]
    pairs, inv = sorted_inverse(cell_cp)
    year_pos = np.bincount(np.asarray(inv).ravel(), weights=pos, minlength=len(pairs))
    pair_cust = pairs // n_products
    cust_total = pd.Series(year_pos).groupby(pair_cust).transform("sum").to_numpy()
    mix = pd.DataFrame({"c": pair_cust, "p": pairs % n_products, "share": year_pos})
    mix = mix[year_pos > 0].assign(share=lambda f: f["share"] / cust_total[year_pos > 0])
    paid = pd.DataFrame({"c": cust, "m": month, "amount": amount})
    spread = paid.merge(mix, on="c", how="inner")
    alone = paid[~paid["c"].isin(mix["c"])]
    return (
        np.concatenate([spread["c"], alone["c"]]).astype("int64"),
        np.concatenate([spread["p"], np.full(len(alone), blank)]).astype("int64"),
        np.concatenate([spread["m"], alone["m"]]).astype("int64"),
        np.concatenate([spread["amount"] * spread["share"], alone["amount"]]).astype("float64"),
    )


def _first_rows(codes: np.ndarray, bad: np.ndarray, rows: np.ndarray) -> pd.DataFrame:
    """code, first Excel row and count of the rows whose code is bad."""
    hit = bad[codes]
    found, first, count = np.unique(codes[hit], return_index=True, return_counts=True)
    return pd.DataFrame({"code": found, "row": rows[hit][first], "count": count})


def history_by_dimension(history: History) -> dict[str, pd.DataFrame]:
    """Last-year sums per member of every dimension, both measures.

    Rep, region, settlement and channel follow from the customer, so they are summed
    from the per-customer totals: three passes over the history, not seven. Customers
    and products are grouped by their codes (the same groups in the same order as their
    ids, first seen first, and the same sums)."""
    cells = history.cells
    hist = list(HISTORY_COLUMN.values())
    if cells.empty:
        return {d: pd.DataFrame(columns=hist, dtype="float64") for d in DIMENSIONS}
    codes = history.cell_codes()
    values = cells[hist]
    by_customer = _by_code(values, codes.customer, codes.customers, "customer_id")
    first = np.unique(codes.customer, return_index=True)[1]
    cards = cells.iloc[np.sort(first)].set_index("customer_id")
    out = {
        "month": cells.groupby("month")[hist].sum(),
        "customer": by_customer,
        "product": _by_code(values, codes.product, codes.products, "product_id"),
    }
    for dim in ("region", "rep", "settlement", "channel"):
        key = cards[DIMENSIONS[dim]].reindex(by_customer.index).to_numpy()
        out[dim] = by_customer.groupby(key).sum()
    return out


def _by_code(values: pd.DataFrame, code: np.ndarray, ids: np.ndarray, name: str) -> pd.DataFrame:
    """`values` summed per id, first seen first, as a group-by on the ids sums them."""
    known = code >= 0  # a missing id is in no group
    sums = values[known].groupby(code[known], sort=False).sum()
    return sums.set_axis(pd.Index(ids[sums.index.to_numpy()], name=name))


def history_cube(
    sales_lines: pd.DataFrame,
    payments: pd.DataFrame,
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    products: pd.DataFrame,
    year: int,
    regions: pd.DataFrame | None = None,
) -> History:
    """Last year's history per (month, customer, product) on the current masters."""
    members = plan_members(customers, reps, products, regions, year)
    s_years, p_years = _years(sales_lines), _years(payments)
    hist_year = history_year(s_years, p_years, year)
    if hist_year is None:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in HISTORY_COLUMNS})
        issue = Issue(code="no_history", args={"year": year}, sheet="SalesLines")
        return History(empty, None, [issue])
    issues: list[Issue] = []
    if hist_year != year - 1:
        issues.append(
            Issue(
                code="history_year_fallback",
                args={"year": year - 1},
                sheet="SalesLines",
                column="date",
                value=str(hist_year),
            )
        )
    sold, paid = _lines(sales_lines, s_years, hist_year), _lines(payments, p_years, hist_year)
    empty_ids = pd.Series(dtype=object)
    s_cust = sold.frame["customer_id"] if len(sold.frame) else empty_ids
    p_cust = paid.frame["customer_id"] if len(paid.frame) else empty_ids
    (s_c, p_c), customers_u = factorized_ids(s_cust, p_cust)
    s_prod = sold.frame["product_id"] if len(sold.frame) else empty_ids
    (s_p, last), products_u = factorized_ids(s_prod, pd.Series([""], dtype=object))
    blank = int(last[0])
    n_c, n_p = len(customers_u), len(products_u)
    s_m = sold.dates.dt.month.to_numpy(dtype="int64") - 1 if len(s_cust) else s_c
    p_m = paid.dates.dt.month.to_numpy(dtype="int64") - 1 if len(p_cust) else p_c

    keys, inv = sorted_inverse((s_m * n_c + s_c) * n_p + s_p)
    sales = np.bincount(np.asarray(inv).ravel(), weights=sold.amount, minlength=len(keys))
    month, cust, prod = keys // (n_c * n_p), (keys // n_p) % n_c, keys % n_p
    pos = np.clip(sales, 0, None)
    cm = cust * MONTHS + month
    month_total = np.bincount(cm, weights=pos, minlength=n_c * MONTHS)
    pay_cm = np.bincount(p_c * MONTHS + p_m, weights=paid.amount, minlength=n_c * MONTHS)
    share = np.divide(pos, month_total[cm], out=np.zeros_like(pos), where=month_total[cm] > 0)
    coll = pay_cm[cm] * share
    oc, op, om, oa = _orphan_collections(pay_cm, month_total, cust * n_p + prod, pos, n_p, blank)
    all_keys = np.concatenate([keys, (om * n_c + oc) * n_p + op])
    keys, inv = sorted_inverse(all_keys)
    inv = np.asarray(inv).ravel()
    sales = np.bincount(inv, weights=np.append(sales, np.zeros(len(oa))), minlength=len(keys))
    coll = np.bincount(inv, weights=np.append(coll, oa), minlength=len(keys))
    month, cust, prod = keys // (n_c * n_p), (keys // n_p) % n_c, keys % n_p

    cards = customer_cards(members, pd.Series(customers_u, dtype=object))
    # A customer missing from the masters keeps the rep of its latest invoice, so its
    # history still shows under someone in TargetCheck.
    unknown = (cards["reason"] == "unknown_customer").to_numpy()
    if unknown.any() and len(s_c):
        order = np.lexsort((sold.dates.to_numpy(), s_c))
        last = order[np.r_[np.flatnonzero(np.diff(s_c[order])), len(order) - 1]]
        rep = pd.Series(ids(sold.frame["rep_id"]).to_numpy()[last], index=s_c[last])
        cards.loc[unknown, "rep_id"] = rep.reindex(np.flatnonzero(unknown)).fillna("").to_numpy()
        region = members.reps["region_id"].reindex(cards["rep_id"]).fillna("").to_numpy()
        cards.loc[unknown, "region_id"] = region[unknown]
    prod_reason = product_reasons(members, pd.Series(products_u, dtype=object)).to_numpy()
    cust_reason = cards["reason"].to_numpy()
    # A cell's reason is its customer's, else its product's: taken from both short lists.
    reasons = np.concatenate([cust_reason, prod_reason]).astype(object)
    own = np.asarray(cust_reason != "", dtype=bool)[cust]
    reason = taken(reasons, np.where(own, cust, len(cust_reason) + prod))
    cells = pd.DataFrame(
        {
            "month": month + 1,
            **{c: taken(cards[c].to_numpy(), cust) for c in ("region_id", "rep_id")},
            "customer_id": taken(np.asarray(customers_u, dtype=object), cust),
            "product_id": taken(np.asarray(products_u, dtype=object), prod),
            **{c: taken(cards[c].to_numpy(), cust) for c in ("settlement_method", "channel")},
            "last_year_sales": sales,
            "last_year_collections": coll,
            "reason": reason,
        },
        copy=False,  # every column is new: not copied again
    )
    lines = {
        "SalesLines": (s_c, sold.rows),
        "Payments": (p_c, paid.rows),
        "products": (s_p, sold.rows),
    }
    issues += _issues(members, customers_u, products_u, cards, lines, cust)
    masters = (customers, reps, products, regions, year)
    codes = CellCodes(cust, np.asarray(customers_u), prod, np.asarray(products_u))
    return History(cells[list(HISTORY_COLUMNS)], hist_year, issues, members, masters, codes)


def _unknown_ids(
    code: str,
    what: str,
    names: np.ndarray,
    bad: np.ndarray,
    lines: tuple[np.ndarray, np.ndarray],
    sheet: str,
) -> list[Issue]:
    """One warning per unknown id, at the first line that uses it."""
    found = _first_rows(lines[0], bad, lines[1])
    column = f"{what}_id"
    return [
        Issue(
            code=code,
            args={"count": int(n)},
            sheet=sheet,
            row=int(r),
            column=column,
            value=str(names[c]),
        )
        for c, r, n in zip(found["code"], found["row"], found["count"], strict=True)
    ]


def _issues(
    members: Members,
    customers_u: np.ndarray,
    products_u: np.ndarray,
    cards: pd.DataFrame,
    lines: dict[str, tuple[np.ndarray, np.ndarray]],
    customer_codes: np.ndarray,
) -> list[Issue]:
    """Unknown ids where history names them; cards with history whose rep is missing,
    unknown or gone (`customer_codes`: each history cell's customer)."""
    unknown_c = (cards["reason"] == "unknown_customer").to_numpy()
    unknown_p = np.asarray(~pd.Index(products_u).isin(members.products.index) & (products_u != ""))
    issues = [
        *_unknown_ids(
            "history_unknown_customer",
            "customer",
            customers_u,
            unknown_c,
            lines["SalesLines"],
            "SalesLines",
        ),
        *_unknown_ids(
            "history_unknown_customer",
            "customer",
            customers_u,
            unknown_c,
            lines["Payments"],
            "Payments",
        ),
        *_unknown_ids(
            "history_unknown_product",
            "product",
            products_u,
            unknown_p,
            lines["products"],
            "SalesLines",
        ),
    ]
    with_history = np.bincount(customer_codes, minlength=len(customers_u)) > 0
    cards_with_history = members.customers.loc[
        members.customers.index.isin(pd.Index(customers_u[with_history]))
    ]
    for why, code in (
        ("no_rep", "customer_without_rep"),
        ("unknown_rep", "customer_rep_unknown"),
    ):
        bad = cards_with_history[cards_with_history["reason"] == why]
        issues += [
            Issue(
                code=code,
                args={"customer": str(cid)},
                sheet="Customers",
                row=int(row),
                column="rep_id",
                value=str(rep),
            )
            for cid, row, rep in zip(bad.index, bad[ROW], bad["rep_id"], strict=True)
        ]
    left = cards_with_history[cards_with_history["reason"] == "rep_left"]
    for rep_id, count in left.groupby("rep_id").size().items():
        rep_row = int(cast(int, members.reps.at[rep_id, ROW]))
        day = pd.Timestamp(cast(pd.Timestamp, members.reps.at[rep_id, "leave_date"])).date()
        issues.append(
            Issue(
                code="rep_left_with_customers",
                args={"day": day.isoformat(), "count": int(count)},
                sheet="Reps",
                row=rep_row,
                column="leave_date",
                value=str(rep_id),
            )
        )
    return issues
