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
from addin.core.reports.codes import (
    DAY_SPAN,
    combine,
    day_codes,
    day_key,
    distinct_sorted,
    in_sorted,
    joint_codes,
)
from addin.core.reports.rows import ReportRows, dates_of, report_rows
from addin.core.reports.unique import ids_text
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


def key_ids(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """rep_id and ids as text, so keys from different tables match."""
    keys = [c for c in ("rep_id", "customer_id", "product_id", *columns) if c in frame.columns]
    return frame.assign(**{c: ids_text(frame[c]) for c in keys})


def _labelled(counts: dict[str, np.ndarray], names: pd.Index, reps: pd.DataFrame) -> pd.DataFrame:
    """Per-code counts as a table by rep_id, in the order of `reps` (0 for a rep with
    no rows)."""
    out = pd.DataFrame(counts, index=pd.Index(names, name="rep_id"))
    out = out.reindex(ids_text(reps["rep_id"]).drop_duplicates())
    return out.fillna(0).astype("int64")


def _owed_codes(names: pd.Index, owed: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Codes of the owed days' reps in `names`, which grow by the reps without a report
    row (they owe days all the same); -1 where blank."""
    ids = owed["rep_id"]
    code = np.asarray(names.get_indexer(pd.Index(ids)), dtype="int64")
    new = ids.notna().to_numpy(dtype=bool) & (code < 0)
    if new.any():
        extra = pd.Index(pd.unique(ids[new]))
        code[new] = len(names) + extra.get_indexer(pd.Index(ids[new]))
        names = names.append(extra)
    return code, names


def _report_compliance(rows: ReportRows, owed: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """rep_id, working_days, report_days, report_compliance over each rep's owed days."""
    owed_rep, names = _owed_codes(rows.reps, owed)
    done = in_sorted(day_key(owed_rep, day_codes(owed["date"])), rows.reported)
    size, named = len(names), owed_rep >= 0
    out = _labelled(
        {
            "working_days": np.bincount(owed_rep[named], minlength=size),
            "report_days": np.bincount(owed_rep[named], weights=done[named], minlength=size).astype(
                "int64"
            ),
        },
        names,
        reps,
    )
    out["report_compliance"] = _ratio(out["report_days"], out["working_days"])
    return out.rename_axis("rep_id").reset_index()


def _route_adherence(
    rows: ReportRows, owed: pd.DataFrame, reps: pd.DataFrame, span: Span
) -> pd.DataFrame:
    """rep_id, planned_stops, visited_stops, route_adherence: the distinct stops planned
    inside the span (`ReportRows.stops`) on the rep's owed working days."""
    first, last = (int(d) for d in day_codes(pd.Series(as_span(span))))
    stops = rows.stops
    inside = stops.in_days(first, last)
    planned, visited = stops.key[inside], stops.visited[inside]
    owed_rep = np.asarray(rows.reps.get_indexer(pd.Index(owed["rep_id"])), dtype="int64")
    duty = distinct_sorted(day_key(owed_rep, day_codes(owed["date"])))
    on_duty = in_sorted(planned // stops.width, duty)
    rep = planned[on_duty] // stops.width // DAY_SPAN
    size = len(rows.reps)
    out = _labelled(
        {
            "planned_stops": np.bincount(rep, minlength=size),
            "visited_stops": np.bincount(rep, weights=visited[on_duty], minlength=size).astype(
                "int64"
            ),
        },
        rows.reps,
        reps,
    )
    out["route_adherence"] = _ratio(out["visited_stops"], out["planned_stops"])
    return out.rename_axis("rep_id").reset_index()


def forecast_accuracy(forecasts: pd.DataFrame, sales: pd.DataFrame, span: Span) -> pd.DataFrame:
    """rep_id, forecast_accuracy = 1 - Σ|forecast - actual| / Σ actual, clamped to [0, 1].

    For each rep and month of the span, the forecast is the one from the latest
    submission made before that month (`period` < `month`); actuals are the SalesLines
    amounts per rep × month × customer × product. Only months that have both a forecast
    and actuals count; a customer or product on one side only counts as 0 on the other.
    """
    return _forecast_accuracy(key_ids(forecasts), key_ids(sales), span)


def _forecast_accuracy(fc: pd.DataFrame, sl: pd.DataFrame, span: Span) -> pd.DataFrame:
    first, last = as_span(span)
    lo, hi = (float(t.year * 12 + t.month - 1) for t in (first, last))

    month = month_number(fc["month"])
    made = month_number(fc["period"])
    fc = fc.assign(month=month, made=made, amount=pd.to_numeric(fc["amount"], errors="coerce"))
    fc = fc.loc[np.asarray((fc["made"] < fc["month"]) & fc["month"].between(lo, hi), dtype=bool)]
    latest = fc.groupby(["rep_id", "month"])["made"].transform("max")
    fc = fc.loc[np.asarray(fc["made"] == latest, dtype=bool)]

    sold = date_month_number(dates_of(sl["date"]))
    inside = np.asarray(sold.between(lo, hi), dtype=bool) & _forecast_months(fc, sl, sold, lo, hi)
    sl = sl.loc[inside].assign(
        month=sold[inside], amount=pd.to_numeric(sl["amount"][inside], errors="coerce")
    )

    # One integer key per (rep, month, customer, product), over both tables at once and
    # in the order of the text keys: groups come out as grouping by the columns would.
    (rep_f, rep_s), reps = joint_codes(fc["rep_id"], sl["rep_id"])
    rep = np.concatenate([rep_f, rep_s])
    months = np.concatenate([fc["month"].to_numpy(), sl["month"].to_numpy()])
    rep_month = combine(rep, (months - lo).astype("int64"), int(hi - lo) + 1)
    key = rep_month
    for column in ("customer_id", "product_id"):
        codes, distinct = joint_codes(fc[column], sl[column])
        key = combine(key, np.concatenate(codes), len(distinct))
    size = int(key.max()) + 1 if key.size else 0
    rep_of = np.full(size, -1, dtype="int64")
    rep_of[key[key >= 0]] = rep[key >= 0]
    rep_month_of = np.full(size, -1, dtype="int64")
    rep_month_of[key[key >= 0]] = rep_month[key >= 0]

    def per_key(part: np.ndarray, amount: pd.Series) -> pd.Series:
        valid = part >= 0
        return pd.Series(amount.to_numpy()[valid]).groupby(part[valid]).sum()

    split = len(fc)
    predicted = per_key(key[:split], fc["amount"]).rename("forecast")
    actual = per_key(key[split:], sl["amount"]).rename("actual")
    both = pd.concat([predicted, actual], axis=1).fillna(0.0)
    counted = np.intersect1d(rep_month_of[predicted.index], rep_month_of[actual.index])
    both = both.loc[np.isin(rep_month_of[both.index], counted)]
    both["miss"] = (both["forecast"] - both["actual"]).abs()
    out = both.groupby(rep_of[both.index]).agg(miss=("miss", "sum"), actual=("actual", "sum"))
    out.index = pd.Index(reps[out.index.to_numpy(dtype="int64")], name="rep_id")
    out["forecast_accuracy"] = (1 - _ratio(out["miss"], out["actual"])).clip(0, 1)
    return out[["forecast_accuracy"]].reset_index()


def _forecast_months(
    fc: pd.DataFrame, sl: pd.DataFrame, sold: pd.Series, lo: float, hi: float
) -> np.ndarray:
    """Sales lines of a rep and month that has a forecast: only those months count, so
    the others' lines need no key (their groups would be dropped, and the groups kept
    sum the same lines in the same order)."""
    (rep_f, rep_s), _ = joint_codes(fc["rep_id"], sl["rep_id"])
    width = int(hi - lo) + 1

    def rep_month(rep: np.ndarray, month: np.ndarray) -> np.ndarray:
        valid = (rep >= 0) & (month >= lo) & (month <= hi)
        return np.where(valid, rep * width + np.where(valid, month - lo, 0).astype("int64"), -1)

    wanted = distinct_sorted(rep_month(rep_f, fc["month"].to_numpy(dtype=float)))
    return in_sorted(rep_month(rep_s, sold.to_numpy(dtype=float)), wanted[wanted >= 0])


def _optional_dates(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return dates_of(frame[column])


def _visit_stats(rows: ReportRows, inside: np.ndarray) -> pd.DataFrame:
    """rep_id, visits, avg_visit_minutes, orders, expenses, reported_collections of the
    daily rows `inside` the span.

    A visit is an in-person row (not a phone call); an order is a visit with an
    order_amount above 0. Expenses and collections count every row of the span.
    """
    rep = rows.rep[inside]
    # Grouped by a code in rep_id order (blank ids, NaN, drop out as they would by text).
    table = rows.visits.loc[inside].reset_index(drop=True)
    table.insert(0, "rep", np.where(rep >= 0, rep, np.nan))
    out = table.groupby("rep").agg(
        visits=("visits", "sum"),
        avg_visit_minutes=("minutes", "mean"),
        orders=("orders", "sum"),
        expenses=("expenses", "sum"),
        reported_collections=("reported_collections", "sum"),
    )
    out.index = pd.Index(rows.reps[out.index.to_numpy(dtype="int64")], name="rep_id")
    return out.reset_index()


def rep_measures(
    period: str,
    *,
    reps: pd.DataFrame,
    daily: pd.DataFrame,
    routes: pd.DataFrame,
    forecasts: pd.DataFrame,
    sales: pd.DataFrame,
    settings: Settings | None = None,
    keyed: bool = False,
) -> pd.DataFrame:
    """One row per rep employed during `period` (YYYY-MM, YYYY-Qn or YYYY), with the
    columns of `MEASURE_COLUMNS`.

    reps: rep_id, hire_date, leave_date. daily: counted DailyReport rows + rep_id.
    routes: counted WeeklyRoute rows + rep_id, period. forecasts: counted Forecast rows +
    rep_id, period. sales: SalesLines (date, rep_id, customer_id, product_id, amount).
    keyed: daily, routes, forecasts and sales come through `key_ids` or `code_ids`
    already. A caller measuring several periods makes `report_rows` once and calls
    `span_measures` for each.
    """
    if not keyed:
        daily, routes, forecasts, sales = (key_ids(f) for f in (daily, routes, forecasts, sales))
    return span_measures(period, report_rows(daily, routes, forecasts, sales), reps, settings)


def span_measures(
    period: str, rows: ReportRows, reps: pd.DataFrame, settings: Settings | None = None
) -> pd.DataFrame:
    """`rep_measures` of one period from the rows `report_rows` worked out."""
    settings = settings or Settings()
    first, last = as_span(period)
    staff = key_ids(reps)
    hired, left = (_optional_dates(staff, c) for c in ("hire_date", "leave_date"))
    employed = (hired.isna() | (hired <= last)) & (left.isna() | (left >= first))
    staff = staff.loc[np.asarray(employed, dtype=bool)] if len(staff) else staff

    lo, hi = (float(t.year * 12 + t.month - 1) for t in (first, last))
    forecasts = rows.forecasts
    forecasts = forecasts.loc[np.asarray(month_number(forecasts["month"]).between(lo, hi))]
    owed = rep_working_days(staff, period, settings)
    out = _report_compliance(rows, owed, staff)
    out = out.merge(_route_adherence(rows, owed, staff, period), on="rep_id")
    out = out.merge(
        _forecast_accuracy(forecasts, rows.sales_in(first, last), period), on="rep_id", how="left"
    )
    out = out.merge(_visit_stats(rows, rows.daily_in(first, last)), on="rep_id", how="left")
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
