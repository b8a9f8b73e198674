"""The DailyReport a conscientious rep fills: the route's stops on every working day.

A day starts between 08:30 and 09:00; each stop lasts what its visit type needs, the
drive to the next takes 10–35 minutes and lunch comes after the fifth stop. Visits never
overlap and always end after they start. Orders, collections and expenses follow the
customer's usual invoice size; about half the rows carry a remark.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.demo.context import RepContext, typical_order
from addin.demo.rand import blank_unless
from addin.demo.texts import FEEDBACK
from addin.schema.vocab import VISIT_TYPES

DAILY_COLUMNS = [
    "date", "customer_id", "start_time", "end_time", "visit_type",
    "order_amount", "collection_amount", "expense_amount", "feedback",
]  # fmt: skip
#: visit_type → share of stops, shortest and longest minutes.
VISIT_MIX = {
    "visit": (0.56, 20, 50),
    "phone": (0.12, 5, 15),
    "delivery": (0.10, 15, 40),
    "collection": (0.10, 15, 35),
    "promotion": (0.08, 40, 80),
    "new_customer": (0.04, 30, 60),
}
DAY_ENDS = 21 * 60  # stops that would run past 21:00 are dropped


def clock(minutes: np.ndarray) -> np.ndarray:
    """Minutes since midnight → datetime.time objects (what the reader delivers)."""
    return np.asarray(pd.to_datetime(np.asarray(minutes, dtype=np.int64) * 60, unit="s").time)


def _day_plan(ctx: RepContext, route: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(day index, customer id) for every stop of every working day, in route order."""
    first_week = route.loc[route["week_start"] == route["week_start"].min()]
    first_week = first_week.sort_values(["weekday", "seq"])
    by_weekday = first_week.groupby("weekday").indices
    ids = first_week["customer_id"].astype(str).to_numpy()
    day_idx: list[np.ndarray] = []
    stops: list[np.ndarray] = []
    for d, day in enumerate(ctx.days):
        rows = by_weekday.get(day.day_of_week + 1, np.zeros(0, dtype=np.int64))
        day_idx.append(np.full(len(rows), d))
        stops.append(ids[rows])
    if not stops:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=str)
    return np.concatenate(day_idx), np.concatenate(stops)


def daily_report(ctx: RepContext, route: pd.DataFrame) -> pd.DataFrame:
    day, cust = _day_plan(ctx, route) if len(route) else (np.zeros(0, np.int64), np.zeros(0))
    n = len(day)
    if n == 0:
        return empty_daily()
    rng = ctx.rng
    kinds = np.array(list(VISIT_MIX))
    share = np.array([v[0] for v in VISIT_MIX.values()])
    kind = rng.choice(len(kinds), n, p=share / share.sum())
    missing = np.setdiff1d(np.arange(len(kinds)), kind)
    if n >= len(kinds) and len(missing):
        kind[rng.choice(n, len(missing), replace=False)] = missing
    low = np.array([v[1] for v in VISIT_MIX.values()])[kind]
    high = np.array([v[2] for v in VISIT_MIX.values()])[kind]
    length = low + (rng.random(n) * (high - low + 1)).astype(np.int64)

    first_of_day = np.r_[True, day[1:] != day[:-1]]
    pos = np.arange(n) - np.maximum.accumulate(np.where(first_of_day, np.arange(n), 0))
    gap = rng.integers(10, 36, n) + np.where(pos == 4, rng.integers(45, 61, n), 0)
    step = length + gap
    before = np.cumsum(step) - step  # minutes of earlier stops (all days)
    day_base = before[first_of_day]
    begin = 510 + rng.integers(0, 31, len(ctx.days))
    start = begin[day] + before - day_base[np.cumsum(first_of_day) - 1]
    end = start + length
    keep = end <= DAY_ENDS

    typical = typical_order(ctx).reindex(cust).fillna(2_000.0).to_numpy()
    name = kinds[kind]
    selling = np.isin(name, ["visit", "delivery", "promotion", "phone", "new_customer"])
    ordered = selling & (rng.random(n) < np.where(name == "delivery", 0.6, 0.35))
    order = np.where(ordered, np.round(typical * rng.lognormal(0.0, 0.35, n), -1), 0.0)
    collects = (name == "collection") | ((name == "visit") & (rng.random(n) < 0.08))
    collection = np.where(collects, np.round(typical * rng.uniform(0.8, 2.5, n), -2), 0.0)
    spends = (name != "phone") & (rng.random(n) < 0.3)
    expense = np.where(spends, np.round(rng.uniform(15, 150, n)), 0.0)
    expense = np.where(name == "promotion", np.round(rng.uniform(200, 800, n), -1), expense)
    remarks = np.array(FEEDBACK[ctx.lang], dtype=object)
    remark = remarks[rng.integers(0, len(remarks), n)]
    feedback = blank_unless(rng.random(n) < 0.45, remark)

    frame = pd.DataFrame(
        {
            "date": ctx.days[day].to_numpy().astype("datetime64[ns]"),
            "customer_id": cust.astype(str),
            "start_time": clock(start),
            "end_time": clock(end),
            "visit_type": name,
            "order_amount": order.astype("float64"),
            "collection_amount": collection.astype("float64"),
            "expense_amount": expense.astype("float64"),
            "feedback": pd.Series(feedback, dtype="str"),
        }
    )
    return frame.loc[keep].reset_index(drop=True)[DAILY_COLUMNS]


def empty_daily() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "customer_id": pd.Series(dtype="str"),
            "start_time": pd.Series(dtype=object),
            "end_time": pd.Series(dtype=object),
            "visit_type": pd.Series(dtype="str"),
            "order_amount": pd.Series(dtype="float64"),
            "collection_amount": pd.Series(dtype="float64"),
            "expense_amount": pd.Series(dtype="float64"),
            "feedback": pd.Series(dtype="str"),
        }
    )


if set(VISIT_MIX) != set(VISIT_TYPES):  # pragma: no cover - guards the table above
    raise RuntimeError("every visit type needs a share and a length in VISIT_MIX")
