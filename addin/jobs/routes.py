"""A rep's fixed weekly route, carried from their last accepted report into the next one."""

from __future__ import annotations

import calendar

import pandas as pd

ROUTE_KEYS = ["weekday", "seq", "customer_id", "objective"]


def mondays(period: str) -> list[pd.Timestamp]:
    """Mondays of the weeks that have a working weekday inside the month."""
    year, month = (int(p) for p in period.split("-"))
    first = pd.Timestamp(year, month, 1)
    last = pd.Timestamp(year, month, calendar.monthrange(year, month)[1])
    start = first - pd.Timedelta(days=first.weekday())
    weeks = pd.date_range(start, last, freq="7D")
    return [w for w in weeks if w + pd.Timedelta(days=4) >= first]


def carried_routes(routes: pd.DataFrame, period: str) -> dict[str, pd.DataFrame]:
    """Per rep: the first week of their latest earlier route, repeated over `period`."""
    if routes.empty:
        return {}
    earlier = routes.loc[routes["period"] < period]
    if earlier.empty:
        return {}
    latest = earlier.loc[earlier.groupby("rep_id")["period"].transform("max") == earlier["period"]]
    first_week = latest.loc[
        latest.groupby("rep_id")["week_start"].transform("min") == latest["week_start"]
    ]
    weeks = pd.DataFrame({"week_start": mondays(period)})
    out: dict[str, pd.DataFrame] = {}
    for rep_id, pattern in first_week.groupby("rep_id"):
        rows = weeks.merge(pattern[ROUTE_KEYS], how="cross")
        out[str(rep_id)] = rows.sort_values(["week_start", "weekday", "seq"]).reset_index(drop=True)
    return out
