"""The report tables worked out once, for measuring one span or several.

Appraisal measures a period and the period before from the same counted rows. What a
row contributes does not depend on the span: its day, whether it was a visit, how long
the visit was, which (rep, day, customer) stop a route row plans and whether a visit
met it. `report_rows` works that out once, on integer codes of rep and customer shared
by the daily rows and the route stops; a span then only picks its rows by day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.reports.calendar import month_number
from addin.core.reports.codes import (
    DAY_SPAN,
    day_codes,
    day_key,
    day_month_number,
    distinct_sorted,
    in_sorted,
    joint_codes,
)
from addin.core.reports.visits import in_person, visit_minutes

_MONEY = ("order_amount", "expense_amount", "collection_amount")


def dates_of(values: pd.Series) -> pd.Series:
    """Dates normalised to midnight, NaT where not a date."""
    return pd.to_datetime(values, errors="coerce").dt.normalize()


@dataclass(frozen=True)
class Stops:
    """Each distinct planned stop (rep, day, customer) of the route rows, once."""

    key: np.ndarray  # (rep code, day code, customer code) as one int64
    width: int  # customers in the key: key // width is the stop's `day_key`
    late: np.ndarray  # 1 where every row planning it falls after midnight of its day
    visited: np.ndarray  # a visit to that customer by that rep on that day was reported

    def in_days(self, first: int, last: int) -> np.ndarray:
        """Stops on day codes first..last. A stop planned for a time of day is inside
        only while that time is (so not on the last day: it falls after it ends)."""
        day = (self.key // self.width) % DAY_SPAN
        return (day >= first) & (day <= last - self.late)


@dataclass(frozen=True)
class ReportRows:
    """Daily rows, route stops, forecasts and sales lines, each with what every span
    reads of it worked out once. Rep codes index `reps` (the ids of the daily rows and
    route rows, as text)."""

    reps: pd.Index
    day: pd.Series  # each daily row's date, normalised
    rep: np.ndarray  # each daily row's rep code, -1 where blank
    visits: pd.DataFrame  # per daily row: person, minutes, orders and the money columns
    reported: np.ndarray  # distinct `day_key`s with a daily row, sorted
    stops: Stops
    forecasts: pd.DataFrame
    sales: pd.DataFrame
    sale_day: pd.Series  # each sales line's date, normalised

    def daily_in(self, first: pd.Timestamp, last: pd.Timestamp) -> np.ndarray:
        return np.asarray((self.day >= first) & (self.day <= last), dtype=bool)

    def sales_in(self, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
        inside = (self.sale_day >= first) & (self.sale_day <= last)
        return self.sales.loc[np.asarray(inside, dtype=bool)]


def report_rows(
    daily: pd.DataFrame, routes: pd.DataFrame, forecasts: pd.DataFrame, sales: pd.DataFrame
) -> ReportRows:
    """`ReportRows` of tables whose ids are keyed (`key_ids` or `code_ids`)."""
    day = dates_of(daily["date"])
    person = np.asarray(in_person(daily), dtype=bool)
    (rep, route_rep), reps = joint_codes(daily["rep_id"], routes["rep_id"])
    (customer, route_customer), customers = joint_codes(daily["customer_id"], routes["customer_id"])
    money = {
        c: pd.to_numeric(daily[c], errors="coerce").to_numpy(dtype=float)
        if c in daily.columns
        else np.zeros(len(daily))
        for c in _MONEY
    }
    visits = pd.DataFrame(
        {
            "visits": person.astype("int64"),
            "minutes": visit_minutes(daily).where(person).to_numpy(dtype=float),
            "orders": (person & (money["order_amount"] > 0)).astype("int64"),
            "expenses": money["expense_amount"],
            "reported_collections": money["collection_amount"],
        }
    )
    days = day_codes(day)
    at = day_key(rep, days)
    width = max(len(customers), 1)
    seen = np.where((at >= 0) & (customer >= 0), at * width + customer, -1)[person]
    return ReportRows(
        reps=reps,
        day=day,
        rep=rep,
        visits=visits,
        reported=distinct_sorted(at[at >= 0]),
        stops=_stops(routes, route_rep, route_customer, width, distinct_sorted(seen[seen >= 0])),
        forecasts=forecasts,
        sales=sales,
        sale_day=dates_of(sales["date"]),
    )


def _stops(
    plan: pd.DataFrame, rep: np.ndarray, customer: np.ndarray, width: int, seen: np.ndarray
) -> Stops:
    """A WeeklyRoute row is a stop on week_start + weekday - 1; it plans one only when
    that day is inside the month the route was submitted for (`period` column, so a
    week spanning two months is counted once). `seen`: the visits' keys, distinct and
    sorted."""
    weekday = pd.to_numeric(plan["weekday"], errors="coerce").to_numpy(dtype="float64")
    day, late = _stop_days(pd.to_datetime(plan["week_start"], errors="coerce"), weekday)
    on_a_day = day >= 0
    if "period" in plan.columns:
        on_a_day &= day_month_number(day) == month_number(plan["period"]).to_numpy()
    at = day_key(rep, day)
    key = np.where((at >= 0) & (customer >= 0), at * width + customer, -1)
    planned = on_a_day & (key >= 0)
    # A stop planned twice is one stop: at midnight if any row plans it at midnight.
    sharp = distinct_sorted(key[planned & ~late])
    after = distinct_sorted(key[planned & late])
    after = after[~in_sorted(after, sharp)]
    keys = np.concatenate([sharp, after]).astype("int64")
    return Stops(
        key=keys,
        width=width,
        late=np.concatenate([np.zeros(len(sharp), "int64"), np.ones(len(after), "int64")]),
        visited=in_sorted(keys, seen),
    )


def _stop_days(week: pd.Series, weekday: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day code of each stop (`week` + `weekday` - 1 days; -1 where there is none: a
    blank week or a weekday outside 1..7) and whether it falls after midnight.

    A week starts at midnight of its day (the time of day in `week` is dropped), so
    only a fractional weekday moves a stop into its day: whole weekdays are added as
    day numbers, the rare others as timedeltas."""
    shift = weekday - 1
    day = day_codes(week)
    valid = (weekday >= 1) & (weekday <= 7) & (day >= 0)
    moved = np.where(valid, shift, 0)
    day = np.where(valid, day + moved.astype("int64"), -1)
    late = np.zeros(len(day), dtype=bool)
    part = np.flatnonzero(moved != np.floor(moved))
    if len(part):
        stop = dates_of(week.iloc[part]) + pd.to_timedelta(shift[part], unit="D")
        day[part] = day_codes(stop)
        late[part] = np.asarray(stop != stop.dt.normalize(), dtype=bool)
    return day, late
