"""Appraisal periods: a month "YYYY-MM", a quarter "YYYY-Qn" or a year "YYYY"."""

from __future__ import annotations

import re

import pandas as pd

from addin.core.reports.calendar import months_in, period_bounds

_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})$"),
    re.compile(r"^(\d{4})-[Qq]([1-4])$"),
    re.compile(r"^(\d{4})$"),
)


def normalise_period(period: object) -> str | None:
    """The period in its canonical spelling ("2026-03", "2026-Q1", "2026"), or None."""
    text = str(period).strip() if period is not None else ""
    month, quarter, year = (form.match(text) for form in _FORMS)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{month.group(1)}-{int(month.group(2)):02d}"
    if quarter:
        return f"{quarter.group(1)}-Q{quarter.group(2)}"
    if year:
        return year.group(1)
    return None


def prior_period(period: str) -> str:
    """The period of the same length just before: 2026-03 → 2026-02, 2026-Q1 → 2025-Q4."""
    canon = normalise_period(period)
    if canon is None:
        raise ValueError(f"not a period: {period!r} (use YYYY-MM, YYYY-Qn or YYYY)")
    if len(canon) == 4:
        return str(int(canon) - 1)
    year = int(canon[:4])
    if canon[5] == "Q":
        quarter = int(canon[6])
        return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"
    month = int(canon[5:])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def period_months(period: str) -> list[str]:
    """The "YYYY-MM" months of a period, in order."""
    return months_in(period)


def months_before(period: str, count: int) -> list[str]:
    """The `count` months just before the period starts, oldest first."""
    first, _ = period_bounds(period)
    start = pd.Period(first, freq="M") - count
    return [str(start + i) for i in range(count)]


def within(inner: str, outer: str) -> bool:
    """True when period `inner` lies inside period `outer` (a month inside its quarter…)."""
    a, b = period_bounds(inner)
    c, d = period_bounds(outer)
    return bool(c <= a and b <= d)


__all__ = [
    "months_before",
    "normalise_period",
    "period_bounds",
    "period_months",
    "prior_period",
    "within",
]
