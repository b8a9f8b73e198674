"""A rep's fixed weekly visit route (周拜访路线), the same every week of the month.

Monday to Friday, 8–12 stops a day; a rep with fewer than 8 customers (a manager with a
few key accounts) sees each of them twice a week instead.
Every customer is on the route at least once a week when the stops allow; A and B
customers come back more often. Each day's stops are in a fixed geographic order, so
the same customer always sits at the same place in the round.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from addin.demo.rand import stream
from addin.demo.texts import OBJECTIVES

ROUTE_COLUMNS = ["week_start", "weekday", "seq", "customer_id", "objective"]
CLASS_WEIGHT = {"A": 3.0, "B": 2.0, "C": 1.0}
STOPS_PER_DAY = (8, 12)


def route_weeks(period: str) -> pd.DatetimeIndex:
    """Mondays of the weeks with at least one Monday-to-Friday day in the period."""
    first = pd.Timestamp(f"{period}-01")
    last = first + pd.offsets.MonthEnd(0)
    monday = first - pd.Timedelta(days=first.day_of_week)
    if first.day_of_week >= 5:  # the month starts on a weekend: its first week is the next
        monday += pd.Timedelta(days=7)
    return pd.date_range(monday, last, freq="7D")


def weekly_route(
    customers_of_rep: pd.DataFrame, period: str, seed: int = 7, *, lang: str = "zh"
) -> pd.DataFrame:
    """WeeklyRoute rows for every week of `period`.

    `customers_of_rep` needs `customer_id`; an optional `class` (A/B/C) column makes A
    and B customers come more often, and `status` "closed" customers are left out.
    """
    people = customers_of_rep
    if "status" in people.columns:
        people = people.loc[people["status"].astype(str) != "closed"]
    # The same customers give the same route, in whatever order they come.
    people = people.sort_values("customer_id", kind="stable")
    ids = people["customer_id"].astype(str).to_numpy()
    if len(ids) == 0:
        return _empty()
    klass = (
        people["class"].astype(str).to_numpy()
        if "class" in people.columns
        else np.full(len(ids), "C")
    )
    weight = pd.Series(klass).map(CLASS_WEIGHT).fillna(1.0).to_numpy(dtype=float)
    rng = stream(seed, "route", zlib.crc32(",".join(ids).encode()))
    n = len(ids)
    if n >= STOPS_PER_DAY[0]:
        stops = rng.integers(STOPS_PER_DAY[0], STOPS_PER_DAY[1] + 1, 5)
    else:
        # Too few customers to fill a day (a manager's key accounts): twice a week each.
        stops = np.full(5, 2 * n // 5) + (rng.permutation(5) < 2 * n % 5)

    # First every customer once (heaviest first), dealt round the days with free slots;
    # then the free slots go to customers not yet on that day, by weight.
    order = np.lexsort((rng.random(n), -weight))
    days: list[list[int]] = [[] for _ in range(5)]
    day = 0
    for c in order:
        if all(len(days[d]) >= stops[d] for d in range(5)):
            break
        while len(days[day]) >= stops[day]:
            day = (day + 1) % 5
        days[day].append(int(c))
        day = (day + 1) % 5
    for d in range(5):
        free = stops[d] - len(days[d])
        others = np.setdiff1d(np.arange(n), days[d])
        if free > 0 and len(others):
            p = weight[others] / weight[others].sum()
            days[d] += [int(c) for c in rng.choice(others, min(free, len(others)), False, p)]

    place = rng.random(n)  # position along the rep's territory
    objectives = OBJECTIVES.get(lang, OBJECTIVES["en"])
    rows = []
    for d, members in enumerate(days):
        for seq, c in enumerate(sorted(members, key=lambda c: place[c]), start=1):
            rows.append((d + 1, seq, ids[c], objectives[int(rng.integers(len(objectives)))]))
    week = pd.DataFrame(rows, columns=["weekday", "seq", "customer_id", "objective"])
    weeks = route_weeks(period)
    out = week.loc[np.tile(np.arange(len(week)), len(weeks))].reset_index(drop=True)
    out.insert(0, "week_start", np.repeat(weeks.to_numpy(), len(week)).astype("datetime64[ns]"))
    out["weekday"] = out["weekday"].astype(np.int64)
    out["seq"] = out["seq"].astype(np.int64)
    out["customer_id"] = out["customer_id"].astype(str)
    out["objective"] = out["objective"].astype(str)
    return out[ROUTE_COLUMNS]


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week_start": pd.Series(dtype="datetime64[ns]"),
            "weekday": pd.Series(dtype="int64"),
            "seq": pd.Series(dtype="int64"),
            "customer_id": pd.Series(dtype="str"),
            "objective": pd.Series(dtype="str"),
        }
    )
