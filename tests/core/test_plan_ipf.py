"""The unrounded IPF fit against independent implementations on random tables."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.plan.ipf import Margin, ipf_fit, seed_empty_classes

DIMS = [[0], [1], [2], [0, 1]]


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """A positive seed and margins taken from another positive table (so they agree)."""
    shape = tuple(draw(st.integers(2, 4)) for _ in range(3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    seed = rng.uniform(0.1, 10, shape)
    reference = rng.uniform(0.5, 20, shape)
    dims = draw(st.sampled_from([DIMS[:2], DIMS[:3], DIMS, [DIMS[3], DIMS[2]]]))
    return seed, reference, dims


def _aggregate(table: np.ndarray, dims: list[int]) -> np.ndarray:
    return table.sum(axis=tuple(a for a in range(table.ndim) if a not in dims))


def _ours(seed: np.ndarray, reference: np.ndarray, dims: list[list[int]]) -> np.ndarray:
    index = np.indices(seed.shape).reshape(seed.ndim, -1)
    margins = []
    for d in dims:
        codes = np.zeros(index.shape[1], dtype="int64")
        for axis in d:
            codes = codes * seed.shape[axis] + index[axis]
        margins.append(Margin("m", codes, _aggregate(reference, d).ravel()))
    fit = ipf_fit(seed.ravel(), margins, tol=1e-10, max_iter=5000)
    assert fit.converged
    return fit.values.reshape(seed.shape)


def _naive(seed: np.ndarray, reference: np.ndarray, dims: list[list[int]]) -> np.ndarray:
    """Deliberately plain IPF: a Python loop over every class of every margin."""
    x = seed.copy()
    for _ in range(5000):
        for d in dims:
            target = _aggregate(reference, d)
            for cls in itertools.product(*(range(seed.shape[a]) for a in d)):
                where = tuple(cls[d.index(a)] if a in d else slice(None) for a in range(x.ndim))
                current = x[where].sum()
                x[where] *= target[cls] / current
        gaps = [np.abs(_aggregate(x, d) - _aggregate(reference, d)).max() for d in dims]
        if max(gaps) < 1e-11:
            break
    return x


@settings(max_examples=40, deadline=None)
@given(problems())
def test_fit_matches_a_naive_loop_implementation(case: tuple) -> None:
    seed, reference, dims = case
    np.testing.assert_allclose(
        _ours(seed, reference, dims), _naive(seed, reference, dims), rtol=1e-7
    )


@settings(max_examples=40, deadline=None)
@given(problems())
def test_fit_matches_the_ipfn_package(case: tuple) -> None:
    ipfn = pytest.importorskip("ipfn.ipfn")
    seed, reference, dims = case
    aggregates = [_aggregate(reference, d) for d in dims]
    theirs = ipfn.ipfn(
        seed.copy(),
        aggregates,
        [list(d) for d in dims],
        convergence_rate=1e-13,
        max_iteration=5000,
        rate_tolerance=0,
    ).iteration()
    np.testing.assert_allclose(_ours(seed, reference, dims), theirs, rtol=1e-7)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(0, 2**32 - 1))
def test_month_and_pair_shortcuts_give_the_general_result(pairs: int, seed_value: int) -> None:
    rng = np.random.default_rng(seed_value)
    n = 12 * pairs
    by_pair = rng.integers(0, 3, pairs)
    margins = [
        Margin("pair", np.tile(by_pair, 12), rng.uniform(1, 5, 3)),
        Margin("month", np.repeat(np.arange(12), pairs), np.ones(12)),
        Margin("cell", rng.integers(0, 2, n), np.ones(2)),
    ]
    seed = rng.uniform(0.1, 1, n)
    fast = ipf_fit(seed, margins, shape=(12, pairs), max_iter=30, tol=0)
    slow = ipf_fit(seed, margins, max_iter=30, tol=0)
    np.testing.assert_allclose(fast.values, slow.values, rtol=1e-9)


def test_contradicting_margins_are_reported_not_fitted() -> None:
    # Two margins over the same two classes that ask for different splits.
    codes = np.array([0, 1, 0, 1])
    margins = [Margin("a", codes, np.array([3.0, 7.0])), Margin("b", codes, np.array([6.0, 4.0]))]
    fit = ipf_fit(np.ones(4), margins)
    assert not fit.converged
    assert fit.iterations < 500  # it notices the stall
    assert np.abs(fit.residuals[0]).max() > 1


def test_a_class_without_weight_is_seeded_evenly() -> None:
    margin = Margin("m", np.array([0, 0, 1, 1]), np.array([4.0, 6.0]))
    seed = seed_empty_classes(np.array([1.0, 3.0, 0.0, 0.0]), [margin])
    fit = ipf_fit(seed, [margin])
    assert fit.converged
    np.testing.assert_allclose(fit.values, [1.0, 3.0, 3.0, 3.0])
