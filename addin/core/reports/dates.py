"""Date and month rules of a rep's report: does each row belong to the period it was
submitted for?"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from addin.core.issues import Issue
from addin.core.reports.calendar import Span, month_number, month_text
from addin.core.reports.flags import flag
from addin.core.settings import Settings

#: Tables whose `date` records something that happened, so it must lie in the period and
#: cannot lie in the future.
DATED_TABLES = ("DailyReport", "Competitors", "MarketInspection")

#: Tables that speak about the submission month itself.
MONTH_TABLES = ("MonthlyPlan", "MonthlySummary")


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column], errors="coerce").dt.normalize()


def check_report_dates(frame: pd.DataFrame, sheet: str, span: Span, today: dt.date) -> list[Issue]:
    if sheet not in DATED_TABLES or "date" not in frame.columns:
        return []
    first, last = span
    date = _dates(frame, "date")
    outside = date.notna() & ((date < first) | (date > last))
    future = date > pd.Timestamp(today)
    return flag(
        frame,
        outside,
        code="date_outside_period",
        sheet=sheet,
        column="date",
        first=f"{first:%Y-%m-%d}",
        last=f"{last:%Y-%m-%d}",
    ) + flag(
        frame,
        future,
        code="future_date",
        sheet=sheet,
        column="date",
        today=today.isoformat(),
    )


def check_route_weeks(frame: pd.DataFrame, sheet: str, span: Span) -> list[Issue]:
    """A route week starts on a Monday and must share at least one day with the period."""
    if "week_start" not in frame.columns:
        return []
    first, last = span
    start = _dates(frame, "week_start")
    not_monday = start.notna() & (start.dt.day_of_week != 0)
    apart = start.notna() & ((start > last) | (start + pd.Timedelta(days=6) < first))
    return flag(
        frame,
        not_monday,
        code="not_monday",
        sheet=sheet,
        column="week_start",
    ) + flag(
        frame,
        apart,
        code="date_outside_period",
        sheet=sheet,
        column="week_start",
        first=f"{first:%Y-%m-%d}",
        last=f"{last:%Y-%m-%d}",
    )


def check_month(frame: pd.DataFrame, sheet: str, period: str) -> list[Issue]:
    if sheet not in MONTH_TABLES or "month" not in frame.columns:
        return []
    month = month_text(frame["month"])
    mismatch = month.notna() & (month != "") & (month != period)
    return flag(
        frame,
        mismatch,
        code="month_mismatch",
        sheet=sheet,
        column="month",
        period=period,
    )


def check_forecast_months(
    frame: pd.DataFrame, sheet: str, period: str, settings: Settings
) -> list[Issue]:
    """A forecast speaks about the months after the period, up to the horizon."""
    if "month" not in frame.columns:
        return []
    ahead = month_number(frame["month"]) - month_number(pd.Series([period])).iloc[0]
    horizon = settings.forecast_horizon_months
    return flag(
        frame,
        ahead <= 0,
        code="forecast_not_ahead",
        sheet=sheet,
        column="month",
        period=period,
    ) + flag(
        frame,
        ahead > horizon,
        code="forecast_too_far",
        sheet=sheet,
        column="month",
        horizon=horizon,
        period=period,
    )
