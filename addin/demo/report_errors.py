"""Typical mistakes planted in a good DailyReport, for the demo's "bad" submissions.

One of each: a visit that ends before it starts, a customer of another rep, a negative
order, a date in the previous month, a row typed twice, and a visit that starts before
the previous one ended. Each sits on its own day so no mistake masks or causes another;
`Planted.row` is the 0-based position in the returned frame.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from addin.demo.context import RepContext
from addin.demo.planted import Planted, set_cell

TABLE = "DailyReport"


def _minutes(values: pd.Series) -> np.ndarray:
    return np.array([t.hour * 60 + t.minute for t in values], dtype=np.int64)


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _last_working_day_before(ctx: RepContext) -> pd.Timestamp:
    day = ctx.month.first - pd.Timedelta(days=1)
    while day.day_of_week >= 5 or day in ctx.month.holidays:
        day -= pd.Timedelta(days=1)
    return day


def plant_report_errors(ctx: RepContext, daily: pd.DataFrame) -> tuple[pd.DataFrame, list[Planted]]:
    out = daily.copy()
    if out.empty:
        return out, []
    rng = ctx.rng
    date = out["date"].to_numpy()
    start = _minutes(out["start_time"])
    person = (out["visit_type"].astype(str) != "phone").to_numpy()
    same_day = np.r_[False, date[1:] == date[:-1]]
    follows = np.flatnonzero(same_day & person & np.r_[False, person[:-1]])
    days = np.unique(date)
    rng.shuffle(days)
    planted: list[Planted] = []
    used: set[object] = set()

    def row_on_new_day(candidates: np.ndarray) -> int | None:
        for row in rng.permutation(candidates):
            if date[row] not in used:
                used.add(date[row])
                return int(row)
        return None

    row = row_on_new_day(follows)
    if row is not None:
        set_cell(out, row, "start_time", _time(int(start[row - 1]) + 5))
        planted.append(Planted(TABLE, row, "overlapping_visit", "start_time",
                               "starts 5 minutes after the previous visit began"))  # fmt: skip
    every = np.arange(len(out))
    row = row_on_new_day(every)
    if row is not None:
        began, ended = out["start_time"].iloc[row], out["end_time"].iloc[row]
        set_cell(out, row, "start_time", ended)
        set_cell(out, row, "end_time", began)
        planted.append(Planted(TABLE, row, "end_before_start", "end_time", "times swapped"))
    other = ctx.other_customer()
    row = row_on_new_day(every) if other is not None else None
    if row is not None:
        set_cell(out, row, "customer_id", other)
        planted.append(
            Planted(TABLE, row, "not_my_customer", "customer_id", f"{other} is not mine")
        )
    row = row_on_new_day(every)
    if row is not None:
        amount = float(out["order_amount"].to_numpy()[row]) or float(rng.integers(200, 2_000))
        set_cell(out, row, "order_amount", -abs(amount))
        planted.append(Planted(TABLE, row, "below_min", "order_amount", "minus sign typed"))
    row = row_on_new_day(every)
    if row is not None:
        set_cell(out, row, "date", _last_working_day_before(ctx))
        planted.append(Planted(TABLE, row, "date_outside_period", "date", "last month's date"))
    row = row_on_new_day(every)
    if row is not None:
        out = pd.concat([out, out.iloc[[row]]], ignore_index=True)
        planted.append(Planted(TABLE, len(out) - 1, "duplicate_row", "date", f"copy of row {row}"))
    return out, planted
