"""Process measures joined on integer keys agree with a plain row-by-row count.

Random months of reports with the mess real workbooks bring: ids typed as numbers in one
table and text in another, stray spaces, blank ids and dates, stops planned twice, phone
calls, weekend days, a rep hired mid-month, a rep nobody listed. The reference below
walks the rows one by one with Python sets, as a manager would tick them off by hand.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from addin.core.reports import key_ids, rep_measures
from addin.core.reports.codes import code_ids
from addin.core.settings import Settings

SETTINGS = Settings(holidays=[dt.date(2026, 3, 3)])
MONTH = "2026-03"
HIRED = {"R1": None, "R2": dt.date(2026, 3, 16), "R3": None}
IN_PERSON = {"visit", "delivery", "new_customer"}


def _id(rng: np.random.Generator, prefix: str, n: int) -> object:
    """An id as a workbook may hold it: text, padded text, a bare number, or blank."""
    k = int(rng.integers(1, n + 1))
    pick = rng.random()
    if pick < 0.05:
        return None
    if pick < 0.15:
        return f" {prefix}{k} "
    if prefix == "C" and pick < 0.3:
        return k  # customer 7 typed as a number here, as "7" elsewhere
    return f"{prefix}{k}" if prefix != "C" else str(k)


def _clean(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip()


def _day(rng: np.random.Generator) -> object:
    if rng.random() < 0.03:
        return None
    return pd.Timestamp("2026-02-26") + pd.Timedelta(days=int(rng.integers(0, 40)))


def _tables(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    reps = pd.DataFrame(
        {
            "rep_id": list(HIRED),
            "hire_date": pd.to_datetime([HIRED[r] for r in HIRED]),
            "leave_date": pd.NaT,
        }
    )
    n = 400
    daily = pd.DataFrame(
        {
            "rep_id": [_id(rng, "R", 4) for _ in range(n)],
            "date": pd.to_datetime([_day(rng) for _ in range(n)]),
            "customer_id": [_id(rng, "C", 6) for _ in range(n)],
            "start_time": [dt.time(9, 0)] * n,
            "end_time": [dt.time(9, int(m)) for m in rng.integers(0, 59, n)],
            "visit_type": rng.choice(["visit", "phone", "delivery", "new_customer"], n),
            "order_amount": np.where(rng.random(n) < 0.4, 100.0, 0.0),
            "collection_amount": rng.integers(0, 50, n).astype(float),
            "expense_amount": rng.integers(0, 30, n).astype(float),
        }
    )
    m = 500
    mondays = pd.to_datetime(["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-30"])
    routes = pd.DataFrame(
        {
            "rep_id": [_id(rng, "R", 4) for _ in range(m)],
            "period": rng.choice(["2026-03", "2026-02", "2026-04"], m, p=[0.8, 0.1, 0.1]),
            "week_start": mondays[rng.integers(0, len(mondays), m)],
            "weekday": rng.integers(1, 8, m),
            "seq": 1,
            "customer_id": [_id(rng, "C", 6) for _ in range(m)],
        }
    )
    return reps, daily, routes


def _owed(reps: pd.DataFrame) -> set[tuple[str, pd.Timestamp]]:
    days = pd.date_range("2026-03-01", "2026-03-31")
    work = [d for d in days if d.day_of_week < 5 and d.date() != dt.date(2026, 3, 3)]
    return {
        (rep, d) for rep, hired in HIRED.items() for d in work if hired is None or d.date() >= hired
    }


def _reference(reps: pd.DataFrame, daily: pd.DataFrame, routes: pd.DataFrame) -> pd.DataFrame:
    owed = _owed(reps)
    first, last = pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-31")
    reported, seen = set(), set()
    visits = dict.fromkeys(HIRED, 0)
    orders = dict.fromkeys(HIRED, 0)
    expenses = dict.fromkeys(HIRED, 0.0)
    for row in daily.itertuples():
        rep, cust, day = _clean(row.rep_id), _clean(row.customer_id), row.date
        if rep is None or pd.isna(day):
            continue
        reported.add((rep, day))
        person = row.visit_type in IN_PERSON
        if cust is not None and person:
            seen.add((rep, day, cust))
        if rep in visits and first <= day <= last:
            visits[rep] += person
            orders[rep] += person and row.order_amount > 0
            expenses[rep] += row.expense_amount
    planned = set()
    for row in routes.itertuples():
        rep, cust = _clean(row.rep_id), _clean(row.customer_id)
        day = row.week_start + pd.Timedelta(days=int(row.weekday) - 1)
        if rep is None or cust is None or day.strftime("%Y-%m") != row.period:
            continue
        if first <= day <= last and (rep, day) in owed:
            planned.add((rep, day, cust))
    out = pd.DataFrame(index=pd.Index(list(HIRED), name="rep_id"))
    out["working_days"] = [sum(r == rep for r, _ in owed) for rep in HIRED]
    out["report_days"] = [sum(r == rep for r, _ in owed & reported) for rep in HIRED]
    out["planned_stops"] = [sum(s[0] == rep for s in planned) for rep in HIRED]
    out["visited_stops"] = [sum(s[0] == rep for s in planned & seen) for rep in HIRED]
    out["visits"] = [visits[r] for r in HIRED]
    out["orders"] = [orders[r] for r in HIRED]
    out["expenses"] = [expenses[r] for r in HIRED]
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_measures_match_a_row_by_row_count(seed: int) -> None:
    reps, daily, routes = _tables(seed)
    no_forecasts = pd.DataFrame(
        columns=["rep_id", "period", "month", "customer_id", "product_id", "amount"]
    )
    no_sales = pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            **{c: pd.Series(dtype=object) for c in ("rep_id", "customer_id", "product_id")},
            "amount": pd.Series(dtype=float),
        }
    )
    tables = {"daily": daily, "routes": routes, "forecasts": no_forecasts, "sales": no_sales}
    got = rep_measures(MONTH, reps=reps, settings=SETTINGS, **tables).set_index("rep_id")
    keyed = {k: key_ids(v) for k, v in tables.items()}
    again = rep_measures(MONTH, reps=reps, settings=SETTINGS, keyed=True, **keyed)
    pd.testing.assert_frame_equal(got.reset_index(), again, check_exact=True)
    # Ids coded once over all tables (as appraisal does for its two periods).
    coded = dict(zip(tables, code_ids([*tables.values(), reps])[:-1], strict=True))
    once = rep_measures(MONTH, reps=reps, settings=SETTINGS, keyed=True, **coded)
    pd.testing.assert_frame_equal(got.reset_index(), once, check_exact=True)

    want = _reference(reps, daily, routes)
    columns = list(want.columns)
    assert want["planned_stops"].sum() > 0 and want["visited_stops"].sum() > 0
    pd.testing.assert_frame_equal(
        got.loc[want.index, columns],
        want,
        check_dtype=False,
        check_index_type=False,
        check_exact=True,
    )
