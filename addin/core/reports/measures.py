"""Process measures of each rep for appraisal: did they report, follow their route,
forecast well, and how busy were their visits.

Every function takes the COUNTED report rows of all reps (the ledger's latest accepted
submission per rep and period), each row tagged with `rep_id` (and `period`, the month
it was submitted for, where the rule needs it), and works for a month, a quarter or a
year. Ratios are NaN ("blank") when their denominator is zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.reports.calendar import (
    DateLike,
    as_span,
    date_month_number,
    month_number,
    rep_working_days,
)
from addin.core.reports.unique import ids_text
from addin.core.reports.visits import in_person, visit_minutes
from addin.core.settings import Settings

Span = str | tuple[DateLike, DateLike]

MEASURE_COLUMNS = (
    "rep_id",
    "period",
    "working_days",
    "report_days",
    "report_compliance",
    "planned_stops",
    "visited_stops",
    "route_adherence",
    "forecast_accuracy",
    "visits",
    "visits_per_day",
    "avg_visit_minutes",
    "orders",
    "orders_per_100_visits",
    "expenses",
    "reported_collections",
)


def _ratio(part: pd.Series, whole: pd.Series) -> pd.Series:
    part = part.astype(float)
    whole = whole.astype(float)
    return (part / whole.where(whole > 0)).astype(float)


def _in_span(dates: pd.Series, span: Span) -> pd.Series:
    first, last = as_span(span)
    return (dates >= first) & (dates <= last)


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, errors="coerce").dt.normalize()


def _optional_dates(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return _dates(frame[column])


def _rows_between(
    frame: pd.DataFrame, column: str, first: pd.Timestamp, last: pd.Timestamp
) -> pd.DataFrame:
    dates = _dates(frame[column])
    return frame.loc[np.asarray((dates >= first) & (dates <= last), dtype=bool)]


def _keyed(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """rep_id and ids as text, so keys from different tables match."""
    out = frame.copy()
    for column in ("rep_id", "customer_id", "product_id", *columns):
        if column in out.columns:
            out[column] = ids_text(out[column])
    return out


def report_compliance(
    daily: pd.DataFrame, reps: pd.DataFrame, span: Span, settings: Settings
) -> pd.DataFrame:
    """rep_id, working_days, report_days, report_compliance over each rep's employed
    working days of the span."""
    owed = rep_working_days(reps, span, settings)
    rows = _keyed(daily)
    reported = pd.DataFrame({"rep_id": rows["rep_id"], "date": _dates(rows["date"])})
    reported = reported.dropna().drop_duplicates()
    owed = owed.merge(reported.assign(reported=True), on=["rep_id", "date"], how="left")
    owed["reported"] = owed["reported"].fillna(False).astype(bool)
    out = owed.groupby("rep_id", sort=True).agg(
        working_days=("date", "size"), report_days=("reported", "sum")
    )
    out = out.reindex(ids_text(reps["rep_id"]).drop_duplicates())
    out = out.fillna(0).astype("int64")
    out["report_compliance"] = _ratio(out["report_days"], out["working_days"])
    return out.rename_axis("rep_id").reset_index()


def route_adherence(
    routes: pd.DataFrame,
    daily: pd.DataFrame,
    reps: pd.DataFrame,
    span: Span,
    settings: Settings,
) -> pd.DataFrame:
    """rep_id, planned_stops, visited_stops, route_adherence.

    A WeeklyRoute row is a stop on week_start + weekday - 1; it counts when that day is
    inside the month the route was submitted for (`period` column, so a week spanning
    two months is counted once), inside the span, and a working day of the rep.
    """
    plan = _keyed(routes)
    weekday = pd.to_numeric(plan["weekday"], errors="coerce")
    stop = _dates(plan["week_start"]) + pd.to_timedelta(weekday - 1, unit="D")
    keep = _in_span(stop, span) & weekday.between(1, 7)
    if "period" in plan.columns:
        month = month_number(plan["period"])
        keep &= date_month_number(stop) == month
    stops = pd.DataFrame(
        {"rep_id": plan["rep_id"], "date": stop, "customer_id": plan["customer_id"]}
    )
    stops = stops.loc[np.asarray(keep.fillna(False), dtype=bool)].dropna().drop_duplicates()
    stops = stops.merge(rep_working_days(reps, span, settings), on=["rep_id", "date"])

    rows = _keyed(daily)
    seen = pd.DataFrame(
        {"rep_id": rows["rep_id"], "date": _dates(rows["date"]), "customer_id": rows["customer_id"]}
    ).loc[np.asarray(in_person(rows), dtype=bool)]
    seen = seen.dropna().drop_duplicates().assign(visited=True)
    stops = stops.merge(seen, on=["rep_id", "date", "customer_id"], how="left")
    stops["visited"] = stops["visited"].fillna(False).astype(bool)
    out = stops.groupby("rep_id").agg(
        planned_stops=("date", "size"), visited_stops=("visited", "sum")
    )
    out = out.reindex(ids_text(reps["rep_id"]).drop_duplicates())
    out = out.fillna(0).astype("int64")
    out["route_adherence"] = _ratio(out["visited_stops"], out["planned_stops"])
    return out.rename_axis("rep_id").reset_index()


def forecast_accuracy(forecasts: pd.DataFrame, sales: pd.DataFrame, span: Span) -> pd.DataFrame:
    """rep_id, forecast_accuracy = 1 - Σ|forecast - actual| / Σ actual, clamped to [0, 1].

    For each rep and month of the span, the forecast is the one from the latest
    submission made before that month (`period` < `month`); actuals are the SalesLines
    amounts per rep × month × customer × product. Only months that have both a forecast
    and actuals count; a customer or product on one side only counts as 0 on the other.
    """
    first, last = as_span(span)
    lo, hi = (float(t.year * 12 + t.month - 1) for t in (first, last))
    keys = ["rep_id", "month", "customer_id", "product_id"]

    fc = _keyed(forecasts)
    fc["month"] = month_number(fc["month"])
    fc["made"] = month_number(fc["period"])
    fc["amount"] = pd.to_numeric(fc["amount"], errors="coerce")
    fc = fc.loc[np.asarray((fc["made"] < fc["month"]) & fc["month"].between(lo, hi), dtype=bool)]
    latest = fc.groupby(["rep_id", "month"])["made"].transform("max")
    fc = fc.loc[np.asarray(fc["made"] == latest, dtype=bool)]
    predicted = fc.groupby(keys)["amount"].sum().rename("forecast")

    sl = _keyed(sales)
    sl["month"] = date_month_number(_dates(sl["date"]))
    sl["amount"] = pd.to_numeric(sl["amount"], errors="coerce")
    sl = sl.loc[np.asarray(sl["month"].between(lo, hi), dtype=bool)]
    actual = sl.groupby(keys)["amount"].sum().rename("actual")

    both = pd.concat([predicted, actual], axis=1).fillna(0.0).reset_index()
    has_fc = predicted.reset_index()[["rep_id", "month"]].drop_duplicates()
    has_act = actual.reset_index()[["rep_id", "month"]].drop_duplicates()
    both = both.merge(has_fc.merge(has_act), on=["rep_id", "month"])
    both["miss"] = (both["forecast"] - both["actual"]).abs()
    out = both.groupby("rep_id").agg(miss=("miss", "sum"), actual=("actual", "sum"))
    out["forecast_accuracy"] = (1 - _ratio(out["miss"], out["actual"])).clip(0, 1)
    return out[["forecast_accuracy"]].reset_index()


def visit_stats(daily: pd.DataFrame, span: Span) -> pd.DataFrame:
    """rep_id, visits, avg_visit_minutes, orders, expenses, reported_collections.

    A visit is an in-person row (not a phone call); an order is a visit with an
    order_amount above 0. Expenses and collections count every row of the span.
    """
    rows = _keyed(daily)
    rows = rows.loc[np.asarray(_in_span(_dates(rows["date"]), span), dtype=bool)]
    person = np.asarray(in_person(rows), dtype=bool)
    money = {
        c: pd.to_numeric(rows[c], errors="coerce") if c in rows.columns else 0.0
        for c in ("order_amount", "expense_amount", "collection_amount")
    }
    table = pd.DataFrame(
        {
            "rep_id": rows["rep_id"],
            "visits": person.astype("int64"),
            "minutes": visit_minutes(rows).where(person),
            "orders": (person & np.asarray(money["order_amount"] > 0, dtype=bool)).astype("int64"),
            "expenses": money["expense_amount"],
            "reported_collections": money["collection_amount"],
        }
    )
    return (
        table.groupby("rep_id")
        .agg(
            visits=("visits", "sum"),
            avg_visit_minutes=("minutes", "mean"),
            orders=("orders", "sum"),
            expenses=("expenses", "sum"),
            reported_collections=("reported_collections", "sum"),
        )
        .reset_index()
    )


def rep_measures(
    period: str,
    *,
    reps: pd.DataFrame,
    daily: pd.DataFrame,
    routes: pd.DataFrame,
    forecasts: pd.DataFrame,
    sales: pd.DataFrame,
    settings: Settings | None = None,
) -> pd.DataFrame:
    """One row per rep employed during `period` (YYYY-MM, YYYY-Qn or YYYY), with the
    columns of `MEASURE_COLUMNS`.

    reps: rep_id, hire_date, leave_date. daily: counted DailyReport rows + rep_id.
    routes: counted WeeklyRoute rows + rep_id, period. forecasts: counted Forecast rows +
    rep_id, period. sales: SalesLines (date, rep_id, customer_id, product_id, amount).
    """
    settings = settings or Settings()
    first, last = as_span(period)
    staff = _keyed(reps)
    hired, left = (_optional_dates(staff, c) for c in ("hire_date", "leave_date"))
    employed = (hired.isna() | (hired <= last)) & (left.isna() | (left >= first))
    staff = staff.loc[np.asarray(employed, dtype=bool)] if len(staff) else staff

    # Narrow every input to the span once, so the per-measure keying and merges below
    # work on one period's rows rather than the whole history.
    span = (first, last)
    daily = _rows_between(daily, "date", first, last)
    routes = _rows_between(routes, "week_start", first - pd.Timedelta(days=6), last)
    sales = _rows_between(sales, "date", first, last)
    lo, hi = (float(t.year * 12 + t.month - 1) for t in span)
    forecasts = forecasts.loc[np.asarray(month_number(forecasts["month"]).between(lo, hi))]

    out = report_compliance(daily, staff, period, settings)
    out = out.merge(route_adherence(routes, daily, staff, period, settings), on="rep_id")
    out = out.merge(forecast_accuracy(forecasts, sales, period), on="rep_id", how="left")
    out = out.merge(visit_stats(daily, period), on="rep_id", how="left")
    for count in ("visits", "orders"):
        out[count] = out[count].fillna(0).astype("int64")
    for amount in ("expenses", "reported_collections"):
        out[amount] = out[amount].fillna(0.0).astype(float)
    out["avg_visit_minutes"] = out["avg_visit_minutes"].astype(float)
    out["forecast_accuracy"] = out["forecast_accuracy"].astype(float)
    out["visits_per_day"] = _ratio(out["visits"], out["working_days"])
    out["orders_per_100_visits"] = 100 * _ratio(out["orders"], out["visits"])
    out["period"] = period
    return out.loc[:, list(MEASURE_COLUMNS)].sort_values("rep_id").reset_index(drop=True)
