"""The Chinese trading calendar the demo's sales follow.

Consumer-goods sales in China are shaped by the lunar calendar: shops stock up in the
five weeks before the Spring Festival, trade nearly stops for the festival week and the
week after, and there are smaller peaks before Mid-Autumn, National Day and the "Double
11" online festival. Lunar dates are tabulated; outside the table they repeat the date
19 years away (the Metonic cycle keeps them within a day or two), good enough for a demo.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

_SPRING_FESTIVAL = {
    2018: "02-16", 2019: "02-05", 2020: "01-25", 2021: "02-12", 2022: "02-01",
    2023: "01-22", 2024: "02-10", 2025: "01-29", 2026: "02-17", 2027: "02-06",
    2028: "01-26", 2029: "02-13", 2030: "02-03", 2031: "01-23", 2032: "02-11",
    2033: "01-31", 2034: "02-19", 2035: "02-08", 2036: "01-28",
}  # fmt: skip
_MID_AUTUMN = {
    2018: "09-24", 2019: "09-13", 2020: "10-01", 2021: "09-21", 2022: "09-10",
    2023: "09-29", 2024: "09-17", 2025: "10-06", 2026: "09-25", 2027: "09-15",
    2028: "10-03", 2029: "09-22", 2030: "09-12", 2031: "10-01", 2032: "09-19",
    2033: "09-08", 2034: "09-27", 2035: "09-16", 2036: "10-04",
}  # fmt: skip

#: Baseline monthly demand before the festival effects (Jan … Dec).
MONTH_FACTOR = np.array([1.0, 0.9, 0.9, 0.95, 1.0, 1.05, 0.95, 0.95, 1.0, 1.0, 1.1, 1.15])
#: Monday … Sunday: ERP invoices are mostly raised on working days.
WEEKDAY_FACTOR = np.array([1.1, 1.0, 1.0, 1.0, 1.05, 0.35, 0.1])


def _lunar(table: dict[int, str], year: int) -> dt.date:
    base = year
    while base not in table:
        base += 19 if base < min(table) else -19
    month, day = (int(p) for p in table[base].split("-"))
    return dt.date(year, month, day)


def spring_festival(year: int) -> dt.date:
    """Lunar New Year's day (春节)."""
    return _lunar(_SPRING_FESTIVAL, year)


def mid_autumn(year: int) -> dt.date:
    return _lunar(_MID_AUTUMN, year)


def _span(first: dt.date, days: int) -> list[dt.date]:
    return [first + dt.timedelta(days=k) for k in range(days)]


def public_holidays(year: int) -> list[dt.date]:
    """Statutory days off: New Year, Spring Festival (eve + 7), Qingming (approx.),
    Labour Day, Mid-Autumn, National Day. Make-up working weekends are not modelled."""
    festival = spring_festival(year)
    days = [dt.date(year, 1, 1)]
    days += _span(festival - dt.timedelta(days=1), 8)
    days += _span(dt.date(year, 4, 4), 3)
    days += _span(dt.date(year, 5, 1), 5)
    days += [mid_autumn(year)]
    days += _span(dt.date(year, 10, 1), 7)
    return sorted(set(days))


def day_weights(first: dt.date, last: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """(days as datetime64[D], relative sales weight of each day) from first to last."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    months = days.astype("datetime64[M]").astype(np.int64) % 12
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    weight = MONTH_FACTOR[months] * WEEKDAY_FACTOR[weekday]
    for year in range(first.year - 1, last.year + 2):
        festival = np.datetime64(spring_festival(year), "D")
        weight[(days >= festival - 35) & (days < festival - 7)] *= 1.4
        weight[(days >= festival - 7) & (days < festival)] *= 0.7
        weight[(days >= festival) & (days < festival + 12)] *= 0.12
        weight[(days >= festival + 12) & (days < festival + 25)] *= 0.75
        autumn = np.datetime64(mid_autumn(year), "D")
        weight[(days >= autumn - 25) & (days < autumn - 2)] *= 1.3
        double11 = np.datetime64(dt.date(year, 11, 11), "D")
        weight[(days >= double11 - 20) & (days <= double11)] *= 1.25
        holidays = np.array(public_holidays(year), dtype="datetime64[D]")
        weight[np.isin(days, holidays)] *= 0.1
    return days, weight


def month_starts(first: dt.date, last: dt.date) -> np.ndarray:
    """First day of every month from first's month to last's month, datetime64[D]."""
    months = np.arange(
        np.datetime64(first, "M"), np.datetime64(last, "M") + 1, dtype="datetime64[M]"
    )
    return months.astype("datetime64[D]")


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
