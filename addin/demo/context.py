"""What a rep knows when filling the month's reports: customers, days, habits, history.

`month_data` does the work shared by every rep of one period once (the class of each
customer, last year's sales grouped by current rep), so filling a thousand reps' reports
does not scan a million sales lines a thousand times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from addin.demo.rand import Rng, stream

if TYPE_CHECKING:
    from addin.demo.company import DemoCompany


@dataclass(frozen=True)
class MonthData:
    period: str
    first: pd.Timestamp  # first day of the period
    last: pd.Timestamp  # last day of the period
    holidays: pd.DatetimeIndex
    reps: pd.DataFrame  # indexed by rep_id
    customers: pd.DataFrame  # not closed, with `class`
    customers_by_rep: dict[str, np.ndarray]
    history: pd.DataFrame  # sales lines of the 12 months before the period
    history_by_rep: dict[str, np.ndarray]  # by the customer's current rep
    products: pd.DataFrame
    regions: pd.DataFrame
    all_customers: np.ndarray  # every customer id …
    all_owners: np.ndarray  # … and its rep, for picking a customer of another rep
    typical: pd.Series  # average invoice value per customer over the 12 months
    pairs: pd.DataFrame  # (customer_id, product_id, amount) sold over the 12 months
    pairs_by_rep: dict[str, np.ndarray]
    area_parent: pd.Series  # leaf region (area) id → its region id
    lang: str | None = None  # the company's language, if reps all write in it


def _positions(keys: np.ndarray) -> dict[str, np.ndarray]:
    """Row positions of each distinct key."""
    groups = pd.Series(np.arange(len(keys))).groupby(keys).indices
    return {str(k): np.asarray(v, dtype=np.int64) for k, v in groups.items()}


def month_data(company: DemoCompany, period: str) -> MonthData:
    first = pd.Timestamp(f"{period}-01")
    last = first + pd.offsets.MonthEnd(0)
    cards = company.customers
    classes = company.strategy.sort_values("year").drop_duplicates("customer_id", keep="last")
    open_ = cards.loc[cards["status"].astype(str) != "closed"]
    open_ = open_.merge(classes[["customer_id", "class"]], on="customer_id", how="left")
    open_["class"] = open_["class"].fillna("C").astype(str)
    lines = company.sales_lines
    window = (lines["date"] >= first - pd.DateOffset(months=12)) & (lines["date"] < first)
    history = lines.loc[window]
    owner = cards.set_index("customer_id")["rep_id"].astype(str)
    owners = history["customer_id"].map(owner).fillna("").to_numpy()
    holidays = company.settings_overrides.get("holidays", [])
    per_invoice = history.groupby(["customer_id", "invoice_id"])["amount"].sum()
    typical = per_invoice[per_invoice > 0].groupby(level=0).mean()
    sold = history.loc[history["amount"] > 0]
    pairs = sold.groupby(["customer_id", "product_id"])["amount"].sum().reset_index()
    pair_owner = pairs["customer_id"].map(owner).fillna("").to_numpy()
    regions = company.regions
    leaves = regions.loc[~regions["region_id"].isin(regions["parent_id"].dropna())]
    return MonthData(
        period=period,
        first=first,
        last=last,
        holidays=pd.DatetimeIndex(pd.to_datetime(pd.Series(holidays, dtype=object))),
        reps=company.reps.assign(rep_id=company.reps["rep_id"].astype(str)).set_index("rep_id"),
        customers=open_,
        customers_by_rep=_positions(open_["rep_id"].astype(str).to_numpy()),
        history=history,
        history_by_rep=_positions(owners),
        products=company.products,
        regions=company.regions,
        all_customers=cards["customer_id"].astype(str).to_numpy(),
        all_owners=cards["rep_id"].astype(str).to_numpy(),
        typical=typical,
        pairs=pairs,
        pairs_by_rep=_positions(pair_owner),
        area_parent=leaves.set_index(leaves["region_id"].astype(str))["parent_id"].astype(str),
        lang=company.lang,
    )


@dataclass(frozen=True)
class RepContext:
    rep_id: str
    month: MonthData
    days: pd.DatetimeIndex  # working days the rep was employed in the period
    customers: pd.DataFrame  # the rep's open customers, with `class`
    history: pd.DataFrame  # their sales lines of the 12 months before the period
    pairs: pd.DataFrame  # their (customer_id, product_id, amount) of those 12 months
    lang: str  # "zh" or "en": a rep writes in one language
    rng: Rng

    @property
    def period(self) -> str:
        return self.month.period

    def other_customer(self) -> str | None:
        """A customer who belongs to another rep (None if there is none)."""
        month = self.month
        others = month.all_customers[month.all_owners != self.rep_id]
        return str(others[int(self.rng.integers(len(others)))]) if len(others) else None


def rep_language(seed: int, rep_id: str, company_lang: str | None = None) -> str:
    """The company's language, or (a company of both) about two reps in three write zh."""
    if company_lang:
        return company_lang
    return "zh" if stream(seed, "lang", rep_id).random() < 0.65 else "en"


def rep_context(month: MonthData, rep_id: str, seed: int) -> RepContext:
    days = pd.date_range(month.first, month.last, freq="D")
    keep = (days.day_of_week < 5) & ~days.isin(month.holidays)
    if rep_id in month.reps.index:
        hire: Any = month.reps.at[rep_id, "hire_date"]
        leave: Any = month.reps.at[rep_id, "leave_date"]
        if not pd.isna(hire):
            keep &= days >= pd.Timestamp(hire)
        if not pd.isna(leave):
            keep &= days <= pd.Timestamp(leave)
    mine = month.customers_by_rep.get(rep_id, np.zeros(0, dtype=np.int64))
    sold = month.history_by_rep.get(rep_id, np.zeros(0, dtype=np.int64))
    return RepContext(
        rep_id=rep_id,
        month=month,
        days=days[keep],
        customers=month.customers.iloc[mine].reset_index(drop=True),
        history=month.history.iloc[sold],
        pairs=month.pairs.iloc[month.pairs_by_rep.get(rep_id, np.zeros(0, dtype=np.int64))],
        lang=rep_language(seed, rep_id, month.lang),
        rng=stream(seed, "reports", rep_id, month.period),
    )


def typical_order(ctx: RepContext) -> pd.Series:
    """Average invoice value per customer of the rep over the last year (2,000 if none)."""
    return ctx.month.typical.reindex(ctx.customers["customer_id"]).fillna(2_000.0)
