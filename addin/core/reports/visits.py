"""Rules for the visits of a DailyReport: times, lengths, overlaps and days off.

A phone call needs no travel and no presence, so it may be short and may coincide with a
visit; every other visit_type means the rep was at the customer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.issues import FILE, ROW, Issue
from addin.core.reports.calendar import is_working_day
from addin.core.reports.flags import as_mask, flag, same_file, user_columns
from addin.core.reports.unique import per_unique
from addin.core.settings import Settings

#: visit_type values that put the rep in front of the customer.
IN_PERSON = frozenset({"visit", "delivery", "collection", "promotion", "new_customer"})


def minutes_of_day(values: pd.Series) -> pd.Series:
    """Minutes since midnight as float; NaN for blanks and anything that is not a time.

    Takes `datetime.time` objects (what the reader delivers), minutes as numbers,
    timedeltas, datetimes (the time part) and "HH:MM[:SS]" text.
    """
    if pd.api.types.is_bool_dtype(values):
        return pd.Series(np.nan, index=values.index)
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    if pd.api.types.is_timedelta64_dtype(values):
        return values.dt.total_seconds() / 60
    if pd.api.types.is_datetime64_any_dtype(values):
        return (values - values.dt.normalize()).dt.total_seconds() / 60
    return per_unique(values, _parse_minutes).astype(float)


def _parse_minutes(values: pd.Series) -> pd.Series:
    # str() of a time is "HH:MM:SS[.ffffff]"; of a datetime, the date comes first.
    text = values.astype("string").str.strip().str.replace(r"^.*\s", "", regex=True)
    text = text.str.replace(r"^(\d{1,2}:\d{2})$", r"\1:00", regex=True)
    delta = pd.to_timedelta(text, errors="coerce")
    return pd.Series(delta.dt.total_seconds() / 60, index=values.index, dtype=float)


def in_person(frame: pd.DataFrame) -> pd.Series:
    if "visit_type" not in frame.columns:
        return pd.Series(True, index=frame.index)
    kind = per_unique(
        frame["visit_type"], lambda distinct: distinct.astype("string").str.strip().str.lower()
    )
    return kind.isin(IN_PERSON).fillna(False).astype(bool)


def visit_minutes(frame: pd.DataFrame) -> pd.Series:
    """Length of each row's visit in minutes; NaN when a time is blank or the row ends
    at or before it starts."""
    start = minutes_of_day(frame["start_time"])
    end = minutes_of_day(frame["end_time"])
    length = end - start
    return length.where(length > 0)


def check_visit_times(frame: pd.DataFrame, sheet: str, settings: Settings) -> list[Issue]:
    if not {"start_time", "end_time"} <= set(frame.columns):
        return []
    start = minutes_of_day(frame["start_time"])
    end = minutes_of_day(frame["end_time"])
    backwards = start.notna() & end.notna() & (end <= start)
    length = (end - start).where(end > start)
    person = in_person(frame)
    issues = flag(
        frame,
        backwards,
        code="end_before_start",
        sheet=sheet,
        column="end_time",
        detail=frame["start_time"],
    )
    issues += flag(
        frame,
        length > settings.visit_max_minutes,
        code="visit_too_long",
        sheet=sheet,
        column="end_time",
        limit=settings.visit_max_minutes,
        detail=length.round(),
    )
    issues += flag(
        frame,
        person & (length < settings.visit_min_minutes),
        code="visit_too_short",
        sheet=sheet,
        column="end_time",
        limit=settings.visit_min_minutes,
        detail=length.round(),
    )
    if "date" in frame.columns:
        issues += _check_overlaps(frame, sheet, start, end.where(length.notna()), person)
    return issues


def _check_overlaps(
    frame: pd.DataFrame,
    sheet: str,
    start: pd.Series,
    end: pd.Series,
    person: pd.Series,
) -> list[Issue]:
    """Within each date, sorted by start: a visit overlaps when it starts before the
    latest end of the visits that started before it. The later visit is flagged and the
    message names the row it collides with (the one reaching furthest)."""
    rows = frame[ROW] if ROW in frame.columns else pd.Series(frame.index, index=frame.index)
    date = pd.to_datetime(frame["date"], errors="coerce").dt.normalize()
    # A frame stacking several files: a day is one rep's day in one file.
    day = [FILE, "date"] if FILE in frame.columns else ["date"]
    timed = pd.DataFrame(
        {
            **({FILE: frame[FILE]} if FILE in frame.columns else {}),
            "date": date,
            "start": start,
            "end": end,
            "row": rows,
            "at": np.arange(len(frame)),
        }
    )
    # An exact copy of an earlier row is reported as duplicate_row, not as an overlap.
    copy = frame.duplicated(subset=same_file(frame, user_columns(frame)), keep="first")
    usable = timed["date"].notna() & timed["start"].notna() & timed["end"].notna()
    keep = as_mask(usable & person & ~copy)
    timed = timed.loc[keep].sort_values([*day, "start", "row"], kind="stable")
    if timed.empty:
        return []
    days = [timed[k] for k in day]
    by_date = timed.groupby(days, sort=False)
    reach = by_date["end"].cummax()
    # The row whose end is the running maximum, carried forward to the rows after it.
    holder = timed["row"].where(timed["end"] == reach).groupby(days).ffill()
    prev_reach = reach.groupby(days).shift()
    prev_holder = holder.groupby(days).shift()
    clash = as_mask(timed["start"] < prev_reach)
    overlapping = np.zeros(len(frame), dtype=bool)
    overlapping[timed["at"].to_numpy()[clash]] = True
    other = np.full(len(frame), np.nan, dtype=object)
    other[timed["at"].to_numpy()[clash]] = prev_holder.to_numpy()[clash]
    return flag(
        frame,
        pd.Series(overlapping, index=frame.index),
        code="overlapping_visit",
        sheet=sheet,
        column="start_time",
        detail=pd.Series(other, index=frame.index),
    )


def check_days_off(frame: pd.DataFrame, sheet: str, settings: Settings) -> list[Issue]:
    if "date" not in frame.columns:
        return []
    date = pd.to_datetime(frame["date"], errors="coerce").dt.normalize()
    return flag(
        frame,
        date.notna() & ~is_working_day(date, settings),
        code="weekend_visit",
        sheet=sheet,
        column="date",
    )
