"""Periods and the working calendar.

A rep submits one workbook per month ("YYYY-MM"); appraisal may also ask for a quarter
("YYYY-Qn") or a year ("YYYY"), so every period turns into an inclusive date span.
Working days drop `Settings.weekend_days` (0 = Monday, as pandas counts) and
`Settings.holidays`. A rep who joined or left inside the span only owes the working days
of the employed part (hire_date and leave_date both count as employed days).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from addin.core.reports.unique import ids_text, per_unique
from addin.core.settings import Settings

#: Inclusive first and last day, both normalised to midnight.
Span = tuple[pd.Timestamp, pd.Timestamp]
DateLike = dt.date | pd.Timestamp | str

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})|-[Qq]([1-4]))?$")


def period_bounds(period: str) -> Span:
    """First and last day of a month, quarter or year; ValueError for anything else."""
    found = _PERIOD.match(str(period).strip())
    if not found or (found.group(2) and not 1 <= int(found.group(2)) <= 12):
        raise ValueError(f"not a period: {period!r} (use YYYY-MM, YYYY-Qn or YYYY)")
    year, month, quarter = found.groups()
    if month:
        first = pd.Timestamp(int(year), int(month), 1)
        return first, first + pd.offsets.MonthEnd(0)
    if quarter:
        first = pd.Timestamp(int(year), 3 * int(quarter) - 2, 1)
        return first, first + pd.offsets.QuarterEnd(0)
    return pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year), 12, 31)


def as_span(span: str | tuple[DateLike, DateLike]) -> Span:
    """A period text or an inclusive (start, end) pair, as normalised timestamps."""
    if isinstance(span, str):
        return period_bounds(span)
    start, end = span
    return pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()


def _month_text(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.str.replace(r"^(\d{4})-(\d)$", r"\1-0\2", regex=True)


def month_text(values: pd.Series) -> pd.Series:
    """Months as "YYYY-MM" text (NA when blank); dates are reduced to their month."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.strftime("%Y-%m").astype("string")
    return per_unique(values, _month_text)


def _month_number(values: pd.Series) -> pd.Series:
    parts = _month_text(values).str.extract(r"^(\d{4})-(\d{2})$")
    year = pd.to_numeric(parts[0], errors="coerce").astype(float)
    month = pd.to_numeric(parts[1], errors="coerce").astype(float)
    number = year * 12 + month - 1
    return number.where(month.between(1, 12)).set_axis(values.index)


def month_number(values: pd.Series) -> pd.Series:
    """year * 12 + month - 1 as float, so month arithmetic is plain subtraction; NaN
    for anything that is not a "YYYY-MM" month (dates count as their month)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return date_month_number(values)
    return per_unique(values, _month_number).astype(float)


def date_month_number(dates: pd.Series) -> pd.Series:
    """The month number (see `month_number`) of each date; NaN for NaT."""
    return (dates.dt.year * 12 + dates.dt.month - 1).astype(float)


def months_in(span: str | tuple[DateLike, DateLike]) -> list[str]:
    first, last = as_span(span)
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


def is_working_day(dates: pd.Series, settings: Settings) -> pd.Series:
    """True on working days; False on weekends, holidays and blank dates."""
    weekend = dates.dt.day_of_week.isin(settings.weekend_days)
    holiday = dates.dt.normalize().isin(pd.to_datetime(settings.holidays))
    return dates.notna() & ~weekend & ~holiday


def working_days(span: str | tuple[DateLike, DateLike], settings: Settings) -> pd.DatetimeIndex:
    """The working days of a period or an inclusive (start, end) date range."""
    first, last = as_span(span)
    days = pd.Series(pd.date_range(first, last, freq="D"))
    return pd.DatetimeIndex(days[is_working_day(days, settings)])


def employed_working_days(
    span: str | tuple[DateLike, DateLike],
    settings: Settings,
    *,
    hire_date: DateLike | None = None,
    leave_date: DateLike | None = None,
) -> pd.DatetimeIndex:
    """Working days of the span that fall inside one rep's employment (prorated)."""
    first, last = as_span(span)
    if hire_date is not None and not pd.isna(hire_date):
        first = max(first, pd.Timestamp(hire_date).normalize())
    if leave_date is not None and not pd.isna(leave_date):
        last = min(last, pd.Timestamp(leave_date).normalize())
    if first > last:
        return pd.DatetimeIndex([])
    return working_days((first, last), settings)


def rep_working_days(
    reps: pd.DataFrame, span: str | tuple[DateLike, DateLike], settings: Settings
) -> pd.DataFrame:
    """(rep_id, date) for every working day each rep was employed in the span.

    One cross join of reps with the span's working days, then the hire/leave filter, so
    hundreds of reps over a year stay a single vectorised step.
    """
    days = pd.DataFrame({"date": working_days(span, settings)})
    people = pd.DataFrame({"rep_id": ids_text(reps["rep_id"])})
    for key in ("hire_date", "leave_date"):
        people[key] = (
            pd.to_datetime(reps[key], errors="coerce").dt.normalize()
            if key in reps.columns
            else pd.Series(pd.NaT, index=reps.index, dtype="datetime64[ns]")
        )
    people = people.drop_duplicates("rep_id")
    grid = people.merge(days, how="cross")
    employed = np.asarray(
        grid["hire_date"].isna() | (grid["date"] >= grid["hire_date"]), dtype=bool
    ) & np.asarray(grid["leave_date"].isna() | (grid["date"] <= grid["leave_date"]), dtype=bool)
    return grid.loc[employed, ["rep_id", "date"]].reset_index(drop=True)
