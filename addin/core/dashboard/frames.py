"""The dashboard's inputs, cleaned once: ids as text, dates at midnight, months as numbers.

Every module of the dashboard works on these shapes, so each input column is parsed a
single time even when a million sales lines feed six different tables. A month is held
as the integer `year * 12 + month - 1` ("month number"), so "the 12 months up to M" is
plain integer arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.receivables.frames import dates, numbers, rows, text
from addin.core.reports.visits import in_person

#: Month number of a blank date: far before any real month, so it never falls in a window.
NO_MONTH = -(10**6)


def month_no(month: str) -> int:
    """ "2026-03" → 2026 * 12 + 2."""
    year, mon = str(month).strip().split("-")[:2]
    return int(year) * 12 + int(mon) - 1


def month_label(number: int) -> str:
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def month_labels(numbers_: np.ndarray | pd.Series) -> np.ndarray:
    """Month numbers → "YYYY-MM" text, computed once per distinct month."""
    values = np.asarray(numbers_, dtype="int64")
    distinct, inverse = np.unique(values, return_inverse=True)
    labels = np.array([month_label(int(v)) for v in distinct], dtype=object)
    return labels[inverse] if len(values) else np.array([], dtype=object)


def date_months(values: pd.Series) -> np.ndarray:
    """Month number of each date (NO_MONTH for NaT)."""
    out = (values.dt.year * 12 + values.dt.month - 1).to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isnan(out), NO_MONTH, out).astype("int64")


@dataclass(frozen=True, slots=True)
class Window:
    """The review: its month and the day the figures stand at."""

    month: str
    as_of: pd.Timestamp

    @property
    def month_no(self) -> int:
        return month_no(self.month)

    @property
    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.month + "-01")

    @property
    def last_day(self) -> pd.Timestamp:
        return self.first_day + pd.offsets.MonthEnd(0)

    @property
    def year(self) -> int:
        return int(self.as_of.year)


def sales_frame(lines: pd.DataFrame) -> pd.DataFrame:
    """SalesLines with a month number; rows without a date or an amount are left out
    (the reader has already reported them)."""
    out = pd.DataFrame(
        {
            "date": dates(lines, "date"),
            "customer_id": text(lines, "customer_id"),
            "product_id": text(lines, "product_id"),
            "rep_id": text(lines, "rep_id"),
            "qty": numbers(lines, "qty"),
            "amount": numbers(lines, "amount"),
            ROW: rows(lines),
        },
        index=lines.index,
    )
    return _usable_money_rows(out)


def _usable_money_rows(out: pd.DataFrame) -> pd.DataFrame:
    """Rows with a date, an amount and a customer, numbered by month (`mno`)."""
    out = out.loc[out["date"].notna() & out["amount"].notna() & (out["customer_id"] != "")]
    out = out.assign(mno=date_months(out["date"]))
    return out.reset_index(drop=True)


def payments_frame(payments: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "date": dates(payments, "date"),
            "customer_id": text(payments, "customer_id"),
            "amount": numbers(payments, "amount"),
        },
        index=payments.index,
    )
    return _usable_money_rows(out)


def daily_frame(daily: pd.DataFrame) -> pd.DataFrame:
    """Counted DailyReport rows: rep_id, date, customer_id, in_person, money columns."""
    out = pd.DataFrame(
        {
            "rep_id": text(daily, "rep_id"),
            "date": dates(daily, "date"),
            "customer_id": text(daily, "customer_id"),
            "visit_type": text(daily, "visit_type"),
            "order_amount": numbers(daily, "order_amount").fillna(0.0),
            "collection_amount": numbers(daily, "collection_amount").fillna(0.0),
            "expense_amount": numbers(daily, "expense_amount").fillna(0.0),
            "feedback": text(daily, "feedback"),
        },
        index=daily.index,
    )
    for column in ("start_time", "end_time"):
        out[column] = daily[column] if column in daily.columns else None
    out["in_person"] = np.asarray(in_person(daily), dtype=bool) if len(daily) else []
    out = out.loc[out["date"].notna() & (out["rep_id"] != "")]
    out["mno"] = date_months(out["date"])
    return out.reset_index(drop=True)


def customer_frame(customers: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """One row per customer_id (first wins): name, rep_id, region_id (the rep's region
    when the card has none), credit_limit, status."""
    card = pd.DataFrame(
        {
            "customer_id": text(customers, "customer_id"),
            "name": text(customers, "name"),
            "rep_id": text(customers, "rep_id"),
            "region_id": text(customers, "region_id"),
            "status": text(customers, "status"),
            "credit_limit": numbers(customers, "credit_limit"),
        }
    )
    card = card.loc[card["customer_id"] != ""].drop_duplicates("customer_id")
    rep_region = lookup_series(reps, "rep_id", "region_id")
    fallback = rep_region.reindex(card["rep_id"]).fillna("").to_numpy()
    card["region_id"] = np.where(card["region_id"] == "", fallback, card["region_id"])
    return card.set_index("customer_id", drop=False)


def lookup_series(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """`value` by `key` (first row per key wins) as text, for `.reindex` lookups."""
    if frame is None or key not in frame.columns:
        return pd.Series(dtype=object)
    series = pd.Series(text(frame, value).to_numpy(), index=text(frame, key).to_numpy())
    series = series[series.index != ""]
    return series[~series.index.duplicated()]


def name_of(frame: pd.DataFrame, key: str, ids: pd.Series | np.ndarray) -> np.ndarray:
    """The `name` column of `frame` for each id ("" when unknown)."""
    names = lookup_series(frame, key, "name")
    return names.reindex(np.asarray(ids, dtype=object)).fillna("").to_numpy(dtype=object)


def strategy_classes(strategy: pd.DataFrame, year: int) -> pd.Series:
    """The strategy card's class per customer for `year` (else its latest year)."""
    if strategy is None or strategy.empty or "class" not in strategy.columns:
        return pd.Series(dtype=object)
    card = pd.DataFrame(
        {
            "customer_id": text(strategy, "customer_id"),
            "year": numbers(strategy, "year"),
            "class": text(strategy, "class").str.upper(),
        }
    )
    card = card.loc[(card["customer_id"] != "") & card["class"].isin(["A", "B", "C"])]
    card = card.loc[card["year"].isna() | (card["year"] <= year)]
    card = card.sort_values("year", na_position="first", kind="stable")
    last = card.drop_duplicates("customer_id", keep="last")
    return pd.Series(last["class"].to_numpy(), index=last["customer_id"].to_numpy())


def employed_reps(reps: pd.DataFrame, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    """rep_id of every rep employed at some point between `first` and `last`."""
    if reps is None or "rep_id" not in reps.columns:
        return pd.Series(dtype=object)
    hired, left = dates(reps, "hire_date"), dates(reps, "leave_date")
    keep = (hired.isna() | (hired <= last)) & (left.isna() | (left >= first))
    ids = text(reps, "rep_id").loc[keep]
    return ids.loc[ids != ""].drop_duplicates().reset_index(drop=True)


def inspection_frame(inspections: pd.DataFrame) -> pd.DataFrame:
    """Counted MarketInspection rows: rep_id, date, customer_id, product_id,
    territory_code, retail_price, month number."""
    out = pd.DataFrame(
        {
            "rep_id": text(inspections, "rep_id"),
            "date": dates(inspections, "date"),
            "customer_id": text(inspections, "customer_id"),
            "product_id": text(inspections, "product_id"),
            "territory_code": text(inspections, "territory_code"),
            "retail_price": numbers(inspections, "retail_price"),
        },
        index=inspections.index,
    )
    out = out.loc[out["date"].notna()]
    out["mno"] = date_months(out["date"])
    return out.reset_index(drop=True)


def competitor_frame(competitors: pd.DataFrame) -> pd.DataFrame:
    """Counted Competitors rows: rep_id, date, competitor, product, prices, customer."""
    out = pd.DataFrame(
        {
            "rep_id": text(competitors, "rep_id"),
            "date": dates(competitors, "date"),
            "competitor": text(competitors, "competitor"),
            "product": text(competitors, "product"),
            "wholesale_price": numbers(competitors, "wholesale_price"),
            "retail_price": numbers(competitors, "retail_price"),
            "customer_id": text(competitors, "customer_id"),
        },
        index=competitors.index,
    )
    out = out.loc[out["date"].notna() & (out["competitor"] != "")]
    out["mno"] = date_months(out["date"])
    return out.reset_index(drop=True)
