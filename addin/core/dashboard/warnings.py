"""Warnings about reps' activity and plans: one function per kind.

Every function returns rows of `WARNING_COLUMNS` — kind, severity, who (rep_id and/or
customer_id), what (detail, in plain words) and since when. Severity is "high" when the
measure is at least twice as far past its threshold as the threshold itself allows
(twice the days, twice the miss…), else "medium". Customer risks (credit, overdue,
price, diversion) are in `risk.py`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window, employed_reps, month_label
from addin.core.receivables.frames import dates
from addin.core.reports.calendar import month_number
from addin.core.settings import Settings
from addin.i18n import Msg
from addin.schema.names import ValueName

WARNING_COLUMNS = ("kind", "severity", "rep_id", "customer_id", "detail", "since")
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def warning_rows(
    kind: str,
    severity: np.ndarray | str,
    rep_id: np.ndarray | pd.Series | str,
    customer_id: np.ndarray | pd.Series | str,
    detail: list[Msg],
    since: np.ndarray | pd.Series,
) -> pd.DataFrame:
    n = len(detail)
    frame = pd.DataFrame(
        {
            "kind": np.full(n, kind, dtype=object),
            "severity": np.broadcast_to(np.asarray(severity, dtype=object), (n,)),
            "rep_id": np.broadcast_to(np.asarray(rep_id, dtype=object), (n,)),
            "customer_id": np.broadcast_to(np.asarray(customer_id, dtype=object), (n,)),
            "detail": np.asarray(detail, dtype=object),
            "since": pd.to_datetime(pd.Series(np.asarray(since)), errors="coerce").to_numpy(),
        }
    )
    return frame.loc[:, list(WARNING_COLUMNS)]


def empty_warnings() -> pd.DataFrame:
    return warning_rows("", "", "", "", [], np.array([], dtype="datetime64[ns]"))


#: Why a customer is class A, as `a_customers` says it.
_BASIS = {
    "sales and strategy card": Msg("warn.basis.both"),
    "by sales": Msg("warn.basis.sales"),
    "strategy card": Msg("warn.basis.card"),
}


def _pace_name(dimension: str, member: str, name: str) -> Msg | str:
    """The name after a pacing row's member (none when it only repeats the member)."""
    if dimension == "company":
        return Msg("pacing.company_after")
    return " " + name if name and name != member else ""


def severity(measure: np.ndarray, threshold: float) -> np.ndarray:
    return np.where(np.asarray(measure, dtype="float64") >= 2 * threshold, "high", "medium")


def money(value: float) -> str:
    return f"{value:,.2f}"


def day(value: object) -> str:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return "" if pd.isna(stamp) else stamp.date().isoformat()


def _busdays(settings: Settings) -> dict[str, object]:
    mask = "".join("0" if d in settings.weekend_days else "1" for d in range(7))
    return {"weekmask": mask, "holidays": np.array(settings.holidays, dtype="datetime64[D]")}


# ---------------------------------------------------------------- reps
def no_report(
    daily: pd.DataFrame, reps: pd.DataFrame, as_of: pd.Timestamp, settings: Settings
) -> pd.DataFrame:
    """Reps employed on `as_of` without a daily report for `no_report_days` working days
    or more. A rep who never reported is counted from their hire date or from the day
    reports began (the first DailyReport of anyone), whichever is later."""
    staff = employed_reps(reps, as_of, as_of)
    if staff.empty:
        return empty_warnings()
    known = daily.loc[daily["date"] <= as_of]
    began = known["date"].min() if len(known) else as_of.replace(day=1)
    last = known.groupby("rep_id")["date"].max().reindex(staff.to_numpy())
    hired = pd.Series(dates(reps, "hire_date").to_numpy(), index=reps["rep_id"].astype(str))
    hired = hired[~hired.index.duplicated()].reindex(staff.to_numpy())
    start = np.where(
        last.notna(),
        (last + pd.Timedelta(days=1)).to_numpy(),
        np.maximum(hired.fillna(began).to_numpy(), np.datetime64(began)),
    ).astype("datetime64[D]")
    end = np.datetime64(as_of.date()) + np.timedelta64(1, "D")
    cal = _busdays(settings)
    missed = np.busday_count(start, np.maximum(start, end), **cal)  # type: ignore[call-overload]
    first_missed = np.busday_offset(start, 0, roll="forward", **cal)  # type: ignore[call-overload]
    hit = missed >= settings.no_report_days
    if not hit.any():
        return empty_warnings()
    detail = [
        Msg("warn.no_report_last", n=int(n), last=day(d))
        if not pd.isna(d)
        else Msg("warn.no_report_none", n=int(n), began=day(began))
        for n, d in zip(missed[hit], last.to_numpy()[hit], strict=True)
    ]
    return warning_rows(
        "no_report",
        severity(missed[hit], settings.no_report_days),
        staff.to_numpy(dtype=object)[hit],
        "",
        detail,
        first_missed[hit],
    )


def a_not_visited(
    daily: pd.DataFrame,
    a_customers: pd.DataFrame,
    as_of: pd.Timestamp,
    settings: Settings,
) -> pd.DataFrame:
    """A-class customers (`a_customers`: customer_id, rep_id, basis) without an
    in-person visit for more than `a_not_visited_days` days. Without any DailyReport
    nothing is known, so nothing is said; a customer never visited counts from the day
    reports began."""
    known = daily.loc[(daily["date"] <= as_of)]
    if known.empty or a_customers.empty:
        return empty_warnings()
    began = known["date"].min()
    seen = known.loc[known["in_person"]].groupby("customer_id")["date"].max()
    last = seen.reindex(a_customers["customer_id"].to_numpy())
    since = last.fillna(began)
    days = (as_of - since).dt.days.to_numpy()
    hit = days > settings.a_not_visited_days
    picked = a_customers.loc[hit]
    detail = [
        Msg("warn.a_visit_last", basis=_BASIS[basis], last=day(d), n=int(n))
        if not pd.isna(d)
        else Msg("warn.a_visit_none", basis=_BASIS[basis], began=day(began), n=int(n))
        for basis, d, n in zip(picked["basis"], last.to_numpy()[hit], days[hit], strict=True)
    ]
    return warning_rows(
        "a_not_visited",
        severity(days[hit], settings.a_not_visited_days),
        picked["rep_id"].to_numpy(dtype=object),
        picked["customer_id"].to_numpy(dtype=object),
        detail,
        since.to_numpy()[hit],
    )


def last_closed_month(as_of: pd.Timestamp) -> int:
    """The latest month that has ended by `as_of` (its own month if as_of is its last day)."""
    this = as_of.year * 12 + as_of.month - 1
    return this if as_of == as_of + pd.offsets.MonthEnd(0) else this - 1


def forecast_miss(
    forecasts: pd.DataFrame, sales: pd.DataFrame, as_of: pd.Timestamp, settings: Settings
) -> pd.DataFrame:
    """Reps whose forecast for the last closed month missed actual sales by more than
    `forecast_miss_pct` %. The forecast counted is the rep's latest one made before that
    month (`period` < month), as in forecast accuracy."""
    if forecasts.empty:
        return empty_warnings()
    target = last_closed_month(as_of)
    fc = pd.DataFrame(
        {
            "rep_id": forecasts["rep_id"].astype(str),
            "month": month_number(forecasts["month"]).to_numpy(),
            "made": month_number(forecasts["period"]).to_numpy(),
            "amount": pd.to_numeric(forecasts["amount"], errors="coerce").fillna(0.0),
        }
    )
    fc = fc.loc[(fc["month"] == target) & (fc["made"] < target)]
    if fc.empty:
        return empty_warnings()
    fc = fc.loc[fc["made"] == fc.groupby("rep_id")["made"].transform("max")]
    made = fc.groupby("rep_id")["made"].first()
    predicted = fc.groupby("rep_id")["amount"].sum()
    sold = sales.loc[sales["mno"] == target].groupby("rep_id")["amount"].sum()
    actual = sold.reindex(predicted.index).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        miss = np.where(actual > 0, (predicted - actual).abs() / actual * 100.0, np.inf)
    hit = (miss > settings.forecast_miss_pct) & ((predicted > 0) | (actual > 0)).to_numpy()
    label = month_label(target)
    detail = [
        Msg(
            "warn.forecast",
            forecast=money(f),
            month=label,
            made=month_label(int(m)),
            sold=money(a),
            miss=Msg(f"warn.forecast_{'above' if f > a else 'below'}", pct=abs(f - a) / a * 100)
            if a > 0
            else "",
        )
        for f, a, m in zip(predicted[hit], actual[hit], made[hit], strict=True)
    ]
    return warning_rows(
        "forecast_miss",
        severity(miss[hit], settings.forecast_miss_pct),
        predicted.index.to_numpy(dtype=object)[hit],
        "",
        detail,
        np.full(int(hit.sum()), np.datetime64(label + "-01")),
    )


def selling_cost(
    daily: pd.DataFrame, sales: pd.DataFrame, window: Window, settings: Settings
) -> pd.DataFrame:
    """Reps whose reported expenses in the review month (to `as_of`) exceed
    `selling_cost_max_pct` % of their sales in it (any expense against no sales too)."""
    m = window.month_no
    rows = daily.loc[(daily["mno"] == m) & (daily["date"] <= window.as_of)]
    spent = rows.groupby("rep_id")["expense_amount"].sum()
    spent = spent.loc[spent > 0]
    if spent.empty:
        return empty_warnings()
    sold_rows = sales.loc[(sales["mno"] == m) & (sales["date"] <= window.as_of)]
    sold = sold_rows.groupby("rep_id")["amount"].sum().reindex(spent.index).fillna(0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(sold > 0, spent / sold * 100.0, np.inf)
    hit = ratio > settings.selling_cost_max_pct
    detail = [
        Msg(
            "warn.selling_cost",
            expenses=money(e),
            sales=money(s),
            month=window.month,
            ratio=Msg("warn.selling_cost_ratio", pct=r, policy=settings.selling_cost_max_pct)
            if s > 0
            else "",
        )
        for e, s, r in zip(spent[hit], sold[hit], ratio[hit], strict=True)
    ]
    return warning_rows(
        "selling_cost",
        severity(ratio[hit], settings.selling_cost_max_pct),
        spent.index.to_numpy(dtype=object)[hit],
        "",
        detail,
        np.full(int(hit.sum()), window.first_day.to_datetime64()),
    )


def behind_pace(pacing: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Targets behind pace by more than `pace_behind_pct` points (from `pacing`)."""
    rows = pacing.loc[pacing["status"] == "behind"]
    if rows.empty:
        return empty_warnings()
    short = 100.0 - rows["pace_pct"].to_numpy(dtype="float64")
    detail = [
        Msg(
            "warn.behind_pace",
            measure=ValueName(measure),
            dimension=ValueName(dim),
            member=Msg("pacing.total") if dim == "company" else member,
            name=_pace_name(dim, member, name),
            actual=money(a),
            target=money(t),
            pct=p,
        )
        for measure, dim, member, name, a, t, p in zip(
            rows["measure"],
            rows["dimension"],
            rows["member"],
            rows["name"],
            rows["actual_ytd"],
            rows["target_to_date"],
            rows["pace_pct"],
            strict=True,
        )
    ]
    rep = np.where(rows["dimension"] == "rep", rows["member"], "").astype(object)
    return warning_rows(
        "behind_pace",
        severity(short, settings.pace_behind_pct),
        rep,
        "",
        detail,
        rows["behind_since"].to_numpy(),
    )


def sort_warnings(frame: pd.DataFrame) -> pd.DataFrame:
    """Most severe first, then by kind, rep and customer."""
    rank = frame["severity"].map(SEVERITY_RANK).fillna(9)
    ordered = frame.assign(_rank=rank).sort_values(
        ["_rank", "kind", "rep_id", "customer_id", "since"], kind="stable"
    )
    return ordered.drop(columns="_rank").reset_index(drop=True)


__all__ = [
    "WARNING_COLUMNS",
    "a_not_visited",
    "behind_pace",
    "forecast_miss",
    "no_report",
    "selling_cost",
    "sort_warnings",
    "warning_rows",
]
