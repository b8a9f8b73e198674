"""Report rows worked out once measure every span as measuring it alone does.

Appraisal makes `report_rows` once and measures the period and the period before from
it; each span must come out exactly as `rep_measures` of that span alone, on the messy
random months of the reference test (ids typed three ways, blanks, stops planned twice,
routes handed in for the neighbouring month).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from addin.core.reports import key_ids, rep_measures
from addin.core.reports.codes import distinct_sorted, in_sorted
from addin.core.reports.measures import span_measures
from addin.core.reports.rows import report_rows
from addin.core.reports.unique import _run_starts, factorized
from tests.core.test_reports_measures_reference import SETTINGS, _tables

SPANS = ("2026-02", "2026-03", "2026-04", "2026-Q1", "2026")

NO_FORECASTS = pd.DataFrame(columns=["rep_id", "period", "month", "customer_id", "product_id"])
NO_SALES = pd.DataFrame(
    {
        "date": pd.Series(dtype="datetime64[ns]"),
        **{c: pd.Series(dtype=object) for c in ("rep_id", "customer_id", "product_id")},
        "amount": pd.Series(dtype=float),
    }
)


def _alone(span: str, reps: pd.DataFrame, daily: pd.DataFrame, routes: pd.DataFrame):
    return rep_measures(
        span,
        reps=reps,
        daily=daily,
        routes=routes,
        forecasts=NO_FORECASTS.assign(amount=pd.Series(dtype=float)),
        sales=NO_SALES,
        settings=SETTINGS,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_span_from_shared_rows_is_the_span_measured_alone(seed: int) -> None:
    reps, daily, routes = _tables(seed)
    forecasts = key_ids(NO_FORECASTS.assign(amount=pd.Series(dtype=float)))
    rows = report_rows(key_ids(daily), key_ids(routes), forecasts, key_ids(NO_SALES))
    for span in SPANS:
        shared = span_measures(span, rows, reps, SETTINGS)
        pd.testing.assert_frame_equal(shared, _alone(span, reps, daily, routes), check_exact=True)


def _stop_table(weekday: list[float]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """R1 plans customer C1 on week_start + weekday - 1 and visits it on 2026-03-31."""
    reps = pd.DataFrame({"rep_id": ["R1"], "hire_date": pd.NaT, "leave_date": pd.NaT})
    routes = pd.DataFrame(
        {
            "rep_id": "R1",
            "period": "2026-03",
            "week_start": pd.Timestamp("2026-03-30"),
            "weekday": weekday,
            "seq": range(1, len(weekday) + 1),
            "customer_id": "C1",
        }
    )
    daily = pd.DataFrame(
        {
            "rep_id": ["R1"],
            "date": [pd.Timestamp("2026-03-31")],
            "customer_id": ["C1"],
            "start_time": [None],
            "end_time": [None],
            "visit_type": ["visit"],
        }
    )
    return reps, daily, routes


@pytest.mark.parametrize(
    "weekday", [[2.0], [2.5], [2.5, 2.0], [2.0, 2.5], [1.5], [1.5, 2.5]], ids=str
)
def test_a_stop_at_a_time_of_day_counts_while_that_time_is_inside_the_span(weekday) -> None:
    # 2026-03-31 plus half a day falls after March ends: not a March stop on its own.
    reps, daily, routes = _stop_table(weekday)
    rows = report_rows(
        key_ids(daily),
        key_ids(routes),
        key_ids(NO_FORECASTS.assign(amount=pd.Series(dtype=float))),
        key_ids(NO_SALES),
    )
    for span in ("2026-03", "2026-Q1", "2026"):
        shared = span_measures(span, rows, reps, SETTINGS)
        pd.testing.assert_frame_equal(shared, _alone(span, reps, daily, routes), check_exact=True)


def test_sorted_membership_and_distinct_keys() -> None:
    values = np.array([5, 3, 9, 3, -1, 5, 12], dtype="int64")
    pool = distinct_sorted(values)
    assert pool.tolist() == [-1, 3, 5, 9, 12]
    probe = np.array([3, 4, 12, 13, -2], dtype="int64")
    assert in_sorted(probe, pool).tolist() == [True, False, True, False, False]
    assert in_sorted(probe, pool[:0]).tolist() == [False] * 5


def test_text_is_factorized_as_plain_objects_to_the_same_codes() -> None:
    text = pd.Series(["b", None, "a", "b", " a"], dtype="str")
    codes, distinct = factorized(text)
    want_codes, want = pd.factorize(text)
    assert codes.tolist() == want_codes.tolist()
    assert list(distinct) == list(want)


@pytest.mark.parametrize("dtype", ["str", object])
@pytest.mark.parametrize("run", [1, 3, 50])
def test_values_in_runs_are_factorized_to_the_same_codes(dtype: object, run: int) -> None:
    """Long columns are hashed one value per run when they come in runs; in runs or
    not, with blanks inside and between runs, the codes and values are pd.factorize's."""
    rng = np.random.default_rng(run)
    pool = np.array(["R2", "R1", None, "R3", "R1 ", "R4", "R5", float("nan")], dtype=object)
    picked = pool[np.repeat(rng.integers(0, len(pool), 40_000 // run + 1), run)[:40_000]]
    picked[rng.integers(0, len(picked), 50)] = None  # a blank inside a run
    text = pd.Series(picked, dtype=dtype)
    assert (_run_starts(text.to_numpy(dtype=object)) is None) == (run == 1)
    codes, distinct = factorized(text)
    want_codes, want = pd.factorize(text.to_numpy(dtype=object))
    assert codes.tolist() == want_codes.tolist()
    assert list(distinct) == list(want)


def test_pd_na_in_runs_is_factorized_to_the_same_codes() -> None:
    values = pd.Series(np.repeat(np.array(["a", pd.NA, "b", pd.NA], dtype=object), 10_000))
    codes, distinct = factorized(values)
    want_codes, want = pd.factorize(values.to_numpy(dtype=object))
    assert codes.tolist() == want_codes.tolist()
    assert list(distinct) == list(want)
