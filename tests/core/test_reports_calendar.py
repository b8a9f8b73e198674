"""Working days and periods.

March 2026 starts on a Sunday: its weekdays are 2-6, 9-13, 16-20, 23-27, 30-31 = 22.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.reports import (
    employed_working_days,
    is_working_day,
    period_bounds,
    rep_working_days,
    working_days,
)
from addin.core.reports.calendar import month_number, months_in
from addin.core.settings import Settings

HOLIDAY = dt.date(2026, 3, 3)


def test_march_has_22_weekdays_and_a_holiday_removes_one() -> None:
    assert len(working_days("2026-03", Settings())) == 22
    days = working_days("2026-03", Settings(holidays=[HOLIDAY]))
    assert len(days) == 21
    assert pd.Timestamp(HOLIDAY) not in days
    assert days[0] == pd.Timestamp("2026-03-02")  # 1 March is a Sunday
    assert days[-1] == pd.Timestamp("2026-03-31")


def test_weekend_days_come_from_settings() -> None:
    # Only Sundays off: 31 days minus the Sundays 1, 8, 15, 22, 29.
    assert len(working_days("2026-03", Settings(weekend_days=[6]))) == 26


def test_date_range_is_inclusive() -> None:
    days = working_days((dt.date(2026, 3, 6), dt.date(2026, 3, 9)), Settings())
    assert list(days) == [pd.Timestamp("2026-03-06"), pd.Timestamp("2026-03-09")]


def test_mid_month_hire_owes_only_the_days_after_joining() -> None:
    settings = Settings(holidays=[HOLIDAY])
    # Hired Monday 16 March: 16-20, 23-27, 30-31 = 12; the holiday on the 3rd is before.
    hired = employed_working_days("2026-03", settings, hire_date=dt.date(2026, 3, 16))
    assert len(hired) == 12
    assert hired[0] == pd.Timestamp("2026-03-16")
    # ... and left on Friday 20 March (the leave date is a day still worked): 5.
    both = employed_working_days(
        "2026-03", settings, hire_date=dt.date(2026, 3, 16), leave_date=dt.date(2026, 3, 20)
    )
    assert len(both) == 5
    # Left before the period: nothing owed.
    gone = employed_working_days("2026-03", settings, leave_date=dt.date(2026, 2, 27))
    assert len(gone) == 0
    # Blank dates (NaT) mean employed all along.
    blank = cast(pd.Timestamp, pd.NaT)
    assert len(employed_working_days("2026-03", settings, hire_date=blank)) == 21


def test_rep_working_days_for_many_reps_at_once() -> None:
    settings = Settings(holidays=[HOLIDAY])
    reps = pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3", "R4"],
            "hire_date": pd.to_datetime(pd.Series([None, "2026-03-16", None, "2026-04-01"])),
            "leave_date": pd.to_datetime(pd.Series([None, None, "2026-03-04", None])),
        }
    )
    days = rep_working_days(reps, "2026-03", settings)
    counts = days.groupby("rep_id").size().to_dict()
    # R3 worked 2 and 4 March (the 3rd is a holiday); R4 joins in April.
    assert counts == {"R1": 21, "R2": 12, "R3": 2}
    r3 = days.loc[days["rep_id"] == "R3", "date"].tolist()
    assert r3 == [pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-04")]


def test_rep_working_days_without_hire_columns() -> None:
    days = rep_working_days(pd.DataFrame({"rep_id": ["R1"]}), "2026-03", Settings())
    assert len(days) == 22


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2026-03", "2026-03-01", "2026-03-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-Q1", "2026-01-01", "2026-03-31"),
        ("2026-Q4", "2026-10-01", "2026-12-31"),
        ("2026", "2026-01-01", "2026-12-31"),
    ],
)
def test_period_bounds(period: str, first: str, last: str) -> None:
    assert period_bounds(period) == (pd.Timestamp(first), pd.Timestamp(last))


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "March", "", "26-03"])
def test_bad_periods_are_refused(period: str) -> None:
    with pytest.raises(ValueError, match="not a period"):
        period_bounds(period)


def test_month_numbers_subtract_across_years() -> None:
    numbers = month_number(pd.Series(["2027-02", "2026-03", "2026-3", "junk", None, "2026-13"]))
    assert numbers.iloc[0] - numbers.iloc[1] == 11
    assert numbers.iloc[2] == numbers.iloc[1]
    assert numbers.iloc[3:].isna().all()
    assert months_in("2026-Q2") == ["2026-04", "2026-05", "2026-06"]


def test_is_working_day_treats_blank_as_not_working() -> None:
    dates = pd.to_datetime(pd.Series(["2026-03-02", "2026-03-03", "2026-03-07", None]))
    assert is_working_day(dates, Settings(holidays=[HOLIDAY])).tolist() == [
        True,
        False,
        False,
        False,
    ]


@hyp_settings(max_examples=50, deadline=None)
@given(
    start=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    length=st.integers(0, 120),
    weekend=st.sets(st.integers(0, 6), max_size=3),
    holidays=st.lists(st.dates(dt.date(2025, 1, 1), dt.date(2028, 6, 1)), max_size=5),
)
def test_working_days_match_a_day_by_day_count(
    start: dt.date, length: int, weekend: set[int], holidays: list[dt.date]
) -> None:
    settings = Settings(weekend_days=sorted(weekend), holidays=holidays)
    end = start + dt.timedelta(days=length)
    expected = [
        start + dt.timedelta(days=n)
        for n in range(length + 1)
        if (start + dt.timedelta(days=n)).weekday() not in weekend
        and (start + dt.timedelta(days=n)) not in holidays
    ]
    assert [d.date() for d in working_days((start, end), settings)] == expected
