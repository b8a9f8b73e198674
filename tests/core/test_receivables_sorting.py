"""The ageing's one-argsort `lexsort` orders rows exactly as np.lexsort does: the
order of invoices, receipts, applications and the dunning list depends on it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.receivables.frames import NO_DAY, lexsort
from addin.core.reports.codes import day_codes, day_month_number, month_numbers


@st.composite
def keys(draw: st.DrawFn) -> list[np.ndarray]:
    size = draw(st.integers(1, 40))
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["codes", "days", "lines", "flags", "wide"]))
        if kind == "codes":
            values = draw(st.lists(st.integers(-5, 5), min_size=size, max_size=size))
            out.append(np.array(values, dtype="int64"))
        elif kind == "days":  # day numbers with blank dates
            values = draw(
                st.lists(
                    st.sampled_from([20_000, 20_001, 20_030, NO_DAY]), min_size=size, max_size=size
                )
            )
            out.append(np.array(values, dtype="int64"))
        elif kind == "lines":  # line numbers, blank (NaN) or missing (inf)
            values = draw(
                st.lists(
                    st.sampled_from([1.0, 2.0, 3.0, np.inf, np.nan]), min_size=size, max_size=size
                )
            )
            out.append(np.array(values, dtype="float64"))
        elif kind == "flags":
            values = draw(st.lists(st.booleans(), min_size=size, max_size=size))
            out.append(np.array(values, dtype=bool))
        else:  # too wide to pack: falls back to np.lexsort
            values = draw(st.lists(st.integers(-(2**62), 2**62), min_size=size, max_size=size))
            out.append(np.array(values, dtype="int64"))
    return out


@hyp_settings(max_examples=300, deadline=None)
@given(keys())
def test_lexsort_orders_like_numpy(columns: list[np.ndarray]) -> None:
    before = [column.copy() for column in columns]
    assert lexsort(columns).tolist() == np.lexsort(columns).tolist()
    # Keys already in range are packed as they are: never written into.
    for column, was in zip(columns, before, strict=True):
        np.testing.assert_array_equal(column, was)


def test_lexsort_keeps_equal_rows_in_their_order() -> None:
    day = np.array([20_001, 20_000, 20_001, 20_000], dtype="int64")
    assert lexsort((day,)).tolist() == [1, 3, 0, 2]


@given(
    st.lists(st.integers(-800, 80_000), min_size=1, max_size=60),
    st.integers(0, 3),
)
@hyp_settings(max_examples=200, deadline=None)
def test_month_numbers_are_numpys_calendar_months(days: list[int], repeats: int) -> None:
    """Looked up from the months of the span (days repeated: the span is the shorter)
    or worked out per day, each day's month is the one numpy's calendar gives."""
    values = np.array(days * (1 + 100 * repeats), dtype="int64")
    want = values.astype("datetime64[D]").astype("datetime64[M]").astype("int64")
    np.testing.assert_array_equal(month_numbers(values), want)


def test_day_month_numbers_of_day_codes_are_calendar_months() -> None:
    """Report day codes (-1: no day) give the calendar's month numbers, NaN for none."""
    dates = pd.Series(pd.to_datetime(["2025-01-31", None, "2025-02-01", "1969-12-31"]))
    got = day_month_number(day_codes(dates))
    np.testing.assert_array_equal(got, [2025 * 12, np.nan, 2025 * 12 + 1, 1969 * 12 + 11])
