"""Rounding in whole units: exact group sums, no negatives, stable ties, two-way tables."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from addin.core.plan.ipf import Margin, ipf_fit
from addin.core.plan.rounding import (
    largest_remainder,
    nested_remainder,
    round_matrix,
    round_table,
)

values = hnp.arrays(
    np.float64, st.integers(1, 40), elements=st.floats(0, 1e6, allow_nan=False, width=64)
)


@st.composite
def grouped(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = draw(values)
    n_groups = draw(st.integers(1, 5))
    codes = np.array(draw(st.lists(st.integers(0, n_groups - 1), min_size=len(x), max_size=len(x))))
    counts = np.bincount(codes, minlength=n_groups)
    targets = np.array(
        [draw(st.integers(0, 10**7)) if counts[g] else 0 for g in range(n_groups)], dtype="int64"
    )
    return x, codes, targets


@settings(max_examples=200, deadline=None)
@given(grouped())
def test_every_group_sums_exactly_and_nothing_is_negative(case: tuple) -> None:
    x, codes, targets = case
    out = largest_remainder(x, codes, targets)
    assert out.dtype == np.int64
    assert (out >= 0).all()
    np.testing.assert_array_equal(np.bincount(codes, weights=out, minlength=len(targets)), targets)


@settings(max_examples=200, deadline=None)
@given(grouped())
def test_each_cell_is_its_scaled_value_rounded_down_or_up(case: tuple) -> None:
    x, codes, targets = case
    out = largest_remainder(x, codes, targets)
    mass = np.bincount(codes, weights=x, minlength=len(targets))
    counts = np.bincount(codes, minlength=len(targets))
    share = np.where(mass[codes] > 0, x / np.where(mass > 0, mass, 1)[codes], 1 / counts[codes])
    exact = share * targets[codes]
    assert (np.abs(out - exact) < 1 + 1e-6).all()


@settings(max_examples=100, deadline=None)
@given(grouped())
def test_same_input_rounds_the_same_way(case: tuple) -> None:
    x, codes, targets = case
    np.testing.assert_array_equal(
        largest_remainder(x, codes, targets), largest_remainder(x.copy(), codes.copy(), targets)
    )


def test_ties_go_to_the_earlier_cell() -> None:
    # Three equal thirds of 1 unit: the first cell (stable key order) gets it.
    out = largest_remainder(np.array([1.0, 1.0, 1.0]), np.zeros(3, dtype="int64"), np.array([1]))
    assert out.tolist() == [1, 0, 0]
    out = largest_remainder(np.array([1.0, 1.0, 1.0]), np.zeros(3, dtype="int64"), np.array([2]))
    assert out.tolist() == [1, 1, 0]


def test_largest_remainders_win() -> None:
    out = largest_remainder(
        np.array([0.2, 0.7, 0.1, 0.6, 0.4]), np.array([0, 0, 0, 1, 1]), np.array([1, 1])
    )
    assert out.tolist() == [0, 1, 0, 1, 0]


def test_group_without_weight_is_spread_evenly() -> None:
    out = largest_remainder(np.zeros(4), np.zeros(4, dtype="int64"), np.array([10]))
    assert out.tolist() == [3, 3, 2, 2]


@st.composite
def tables(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_r, n_c = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    rows, cols = (a.ravel() for a in np.meshgrid(np.arange(n_r), np.arange(n_c), indexing="ij"))
    keep = np.array(draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows))))
    keep[0] = True
    rows, cols = rows[keep], cols[keep]
    x = np.array(
        draw(st.lists(st.floats(0, 50, allow_nan=False), min_size=len(rows), max_size=len(rows)))
    )
    # Integer margins that some integer table with this zero pattern meets.
    whole = largest_remainder(x, np.zeros(len(x), dtype="int64"), np.array([round(x.sum())]))
    row_t = np.bincount(rows, weights=whole, minlength=n_r).astype("int64")
    col_t = np.bincount(cols, weights=whole, minlength=n_c).astype("int64")
    return rows, cols, x, row_t, col_t


@settings(max_examples=200, deadline=None)
@given(tables())
def test_table_rounding_keeps_rows_and_columns_exact(case: tuple) -> None:
    rows, cols, x, row_t, col_t = case
    out, ok = round_table(rows, cols, x, row_t, col_t)
    assert ok
    assert (out >= 0).all()
    np.testing.assert_array_equal(np.bincount(rows, weights=out, minlength=len(row_t)), row_t)
    np.testing.assert_array_equal(np.bincount(cols, weights=out, minlength=len(col_t)), col_t)


def test_table_rounding_admits_when_it_cannot_be_exact() -> None:
    # Column 1 wants 3 units but no entry of row 0 or row 1 lies in it.
    rows, cols = np.array([0, 1]), np.array([0, 0])
    out, ok = round_table(rows, cols, np.array([1.0, 1.0]), np.array([2, 1]), np.array([0, 3]))
    assert not ok
    assert out.tolist() == [2, 1]  # rows are still exact


@st.composite
def matrices(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A (rows × 12) table already fitted to whole row and column sums."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_rows = draw(st.integers(1, 60))
    x = rng.uniform(0, 30, (n_rows, 12)) * (rng.random((n_rows, 12)) > 0.3)
    x[:, 0] += 0.5  # no empty row
    whole = largest_remainder(
        x.ravel(), np.zeros(x.size, dtype="int64"), np.array([round(x.sum())])
    )
    whole = whole.reshape(x.shape)
    rows, cols = whole.sum(axis=1), whole.sum(axis=0)
    fitted = ipf_fit(
        x.ravel(),
        [
            Margin("r", np.repeat(np.arange(n_rows), 12), rows.astype(float)),
            Margin("c", np.tile(np.arange(12), n_rows), cols.astype(float)),
        ],
        tol=1e-10,
        max_iter=5000,
    ).values.reshape(x.shape)
    return fitted, rows, cols


@settings(max_examples=150, deadline=None)
@given(matrices())
def test_matrix_rounding_meets_rows_and_months_exactly(case: tuple) -> None:
    fitted, rows, cols = case
    out, ok = round_matrix(fitted, rows, cols)
    assert ok
    np.testing.assert_array_equal(out.sum(axis=1), rows)
    np.testing.assert_array_equal(out.sum(axis=0), cols)
    assert (np.abs(out - fitted) < 1 + 1e-6).all()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_nested_rounding_keeps_each_level_within_a_unit_of_its_parent_share(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 80))
    region = rng.integers(0, 3, n)
    rep = region * 10 + rng.integers(0, 4, n)  # reps nest in regions
    x = rng.uniform(0, 50, n)
    total = int(rng.integers(0, 5000))
    out = nested_remainder(x, [region, rep], np.zeros(n, dtype="int64"), np.array([total]))
    assert out.sum() == total and (out >= 0).all()
    parent_units = np.full(n, float(total))
    parent_mass = np.full(n, x.sum())
    for level in (region, rep, np.arange(n)):
        units = np.bincount(level, weights=out)[level]
        mass = np.bincount(level, weights=x)[level]
        share = mass / parent_mass * parent_units  # its part of the parent's whole units
        assert (np.abs(units - share) < 1 + 1e-6).all()
        parent_units, parent_mass = units, mass
