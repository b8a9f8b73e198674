"""Controlled rounding checked against an independent fit: `ipfn` fits random cubes
(month × customer × product), our rounding turns the fit into whole units, and every
requirement class — cell, pair, month, region, rep, customer, product, lock — must end
within one unit of the unrounded fit, with the total and every lock exact. Whole random
companies (Seasonality, Growth) are checked the same way against the split's own fit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from ipfn import ipfn

from addin.core.plan.controlled import _fraction_rank, round_rows_and_months, two_tree_rounding
from addin.core.plan.cube_round import pair_levels, round_cube
from addin.core.plan.ipf import Margin
from addin.core.plan.lockgroups import LockGroup
from tests.core.test_plan_properties import _split as split_company
from tests.core.test_plan_properties import companies

_KEYS = ["region_id", "rep_id", "customer_id", "product_id"]


def _shares(rng: np.random.Generator, total: float, k: int) -> np.ndarray:
    w = rng.random(k) + 0.05
    return w / w.sum() * total


def _cube(seed: int, locked_products: int = 0) -> tuple[np.ndarray, pd.DataFrame, int, dict]:
    """An ipfn fit over a random sparse seed, laid out as the split lays out cells."""
    rng = np.random.default_rng(seed)
    n_c, n_p = int(rng.integers(8, 30)), int(rng.integers(3, 12))
    total = int(rng.integers(500, 20_000))
    present = rng.random((n_c, n_p)) < 0.6
    present[np.arange(n_c), rng.integers(0, n_p, n_c)] = True  # every customer buys
    present[rng.integers(0, n_c, n_p), np.arange(n_p)] = True  # every product sells
    seed_cube = rng.gamma(0.8, 1.0, (12, n_c, n_p)) * present[None] + 1e-3 * present[None]
    products = _shares(rng, total, n_p)
    products[:locked_products] = np.round(products[:locked_products])
    products[locked_products:] *= (total - products[:locked_products].sum()) / products[
        locked_products:
    ].sum()
    fit = ipfn.ipfn(
        seed_cube,
        [_shares(rng, total, 12), _shares(rng, total, n_c), products],
        [[0], [1], [2]],
        convergence_rate=1e-12,
        max_iteration=5000,
        verbose=0,
    ).iteration()
    rep = rng.integers(0, max(2, n_c // 4), n_c)
    region = rep % 3
    cust, prod = np.nonzero(present)
    pairs = pd.DataFrame(
        {
            "region_id": [f"G{region[c]}" for c in cust],
            "rep_id": [f"R{rep[c]:02d}" for c in cust],
            "customer_id": [f"C{c:03d}" for c in cust],
            "product_id": [f"P{p:03d}" for p in prod],
        }
    )
    order = np.lexsort([pairs[k].to_numpy(dtype=str) for k in reversed(_KEYS)])
    pairs = pairs.iloc[order].reset_index(drop=True)
    values = fit[:, cust[order], prod[order]].ravel()
    return values, pairs, total, {"locked": products[:locked_products]}


def _within_one_unit(units: np.ndarray, values: np.ndarray, pairs: pd.DataFrame) -> None:
    got, fit = units.reshape(12, -1), values.reshape(12, -1)
    assert (units >= 0).all()
    assert np.abs(got - fit).max() < 1, "a cell is more than one unit from its fit"
    assert np.abs(got.sum(axis=1) - fit.sum(axis=1)).max() < 1, "a month drifts"
    assert np.abs(got.sum(axis=0) - fit.sum(axis=0)).max() < 1, "a pair drifts"
    for key in _KEYS:
        by = pairs[key].to_numpy()
        gap = (
            pd.Series(got.sum(axis=0)).groupby(by).sum()
            - pd.Series(fit.sum(axis=0)).groupby(by).sum()
        )
        assert gap.abs().max() < 1, f"a {key} class drifts by {gap.abs().max():.2f}"


@pytest.mark.parametrize("seed", range(12))
def test_every_class_ends_within_one_unit_of_an_ipfn_fit(seed: int) -> None:
    values, pairs, total, _ = _cube(seed)
    units, ok = round_cube(values, [], total, pair_levels(pairs))
    assert ok
    assert units.sum() == total
    _within_one_unit(units, values, pairs)


@pytest.mark.parametrize("seed", range(6))
def test_product_locks_stay_exact_and_the_other_classes_close(seed: int) -> None:
    values, pairs, total, extra = _cube(seed, locked_products=2)
    locked = extra["locked"].astype("int64")
    product = pd.factorize(pairs["product_id"], sort=True)[0]
    atoms = np.tile(np.where(product < 2, product, 2), 12)
    group = LockGroup(
        np.array([0, 1, 2]),
        Margin("locks", atoms, np.append(locked, total - locked.sum()).astype("float64")),
    )
    units, ok = round_cube(values, [group], total, pair_levels(pairs))
    assert ok
    per_product = pd.Series(units.reshape(12, -1).sum(axis=0)).groupby(product).sum()
    assert per_product[0] == locked[0] and per_product[1] == locked[1]
    assert units.sum() == total
    _within_one_unit(units, values, pairs)


def test_pair_rounding_respects_two_crossing_trees_by_hand() -> None:
    # Two customers × two products at 0.5 each: rows and columns 1.0, total 2. Rounding
    # each pair alone could give customer 1 both units; the trees forbid it.
    values = np.array([0.5, 0.5, 0.5, 0.5])
    customer = np.array([0, 0, 1, 1])
    product = np.array([0, 1, 0, 1])
    top = np.zeros(4, dtype="int64")
    units = two_tree_rounding(values, [top, customer], np.array([2]), [top, product], [2])
    assert units is not None
    assert np.bincount(customer, weights=units).tolist() == [1, 1]
    assert np.bincount(product, weights=units).tolist() == [1, 1]


def test_months_are_traded_inside_rows_to_meet_both_sums() -> None:
    fitted = np.array([[0.6, 0.4], [0.6, 0.4]])
    units = round_rows_and_months(fitted, np.array([1, 1]), np.array([1, 1]))
    assert units is not None
    assert units.sum(axis=1).tolist() == [1, 1] and units.sum(axis=0).tolist() == [1, 1]


@pytest.mark.parametrize("seed", [3, 11])
def test_many_round_ups_moved_between_months_keep_every_sum(seed: int) -> None:
    # Row and month sums are whole, fractions come in quarters: ties go to the earlier
    # month, which piles round-ups into January…, and trades between months (a path
    # each, changing a few hundred rows) must bring every month to its sum.
    rng = np.random.default_rng(seed)
    base = rng.integers(1, 20, (3_000, 12)).astype("float64")
    quarters = rng.integers(-2, 3, (3_000, 12)) * 0.25
    centred = (
        quarters - quarters.mean(axis=1, keepdims=True) - quarters.mean(axis=0) + quarters.mean()
    )
    fitted = base + centred * 0.95 / np.abs(centred).max()
    rows = np.rint(fitted.sum(axis=1)).astype("int64")
    months = np.rint(fitted.sum(axis=0)).astype("int64")
    units = round_rows_and_months(fitted, rows, months)
    assert units is not None
    assert units.sum(axis=1).tolist() == rows.tolist()
    assert units.sum(axis=0).tolist() == months.tolist()
    assert (units >= np.floor(fitted)).all() and (units <= np.ceil(fitted)).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fractions_are_ranked_as_a_stable_sort_ranks_them(seed: int) -> None:
    # Many ties (quarters, and -1 for the whole cells): a tie goes to the earlier month.
    rng = np.random.default_rng(seed)
    key = rng.choice([-1.0, 0.25, 0.5, 0.75, 0.1], size=(12, 500))
    order = np.argsort(-key, axis=0, kind="stable")
    expected = np.empty_like(order)
    np.put_along_axis(expected, order, np.arange(12)[:, None], axis=0)
    assert np.array_equal(_fraction_rank(key), expected)


def test_targets_out_of_reach_are_refused_not_forced() -> None:
    fitted = np.array([[0.2, 0.2]])
    assert round_rows_and_months(fitted, np.array([3]), np.array([2, 1])) is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(companies())
def test_every_class_of_a_whole_split_ends_within_one_unit_of_its_fit(plan: dict) -> None:
    result = split_company(plan)
    assume(not [i for i in result.issues if i.code == "ipf_not_converged"])
    assert result.grid is not None
    pairs = result.grid.pairs
    for measure, units in result.units.items():
        if not len(units):
            continue
        _within_one_unit(units, result.fitted[measure], pairs)
