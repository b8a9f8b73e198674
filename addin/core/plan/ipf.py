"""Iterative proportional fitting over a flat list of cells.

A margin is a partition of the cells into classes (`codes`, one class per cell) with a
target sum per class. Each pass scales every class of every margin to its target in
turn (bincount + gather: no loop over cells), which converges to the table closest to
the seed (in the Kullback-Leibler sense) that meets every margin, whenever one exists
with the seed's zero pattern.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, slots=True)
class Margin:
    """Class targets for one partition of the cells, plus where each class came from."""

    name: str
    codes: np.ndarray  # int64 per cell, 0..len(targets)-1
    targets: np.ndarray  # float64 per class
    #: per class: (sheet, Excel row or None, column) of the input that asked for it
    sources: list[tuple[str, int | None, str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # what each class is, for messages

    def sums(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.codes, weights=values, minlength=len(self.targets))

    def counts(self) -> np.ndarray:
        return np.bincount(self.codes, minlength=len(self.targets))


@dataclass(frozen=True, slots=True)
class IpfFit:
    values: np.ndarray
    converged: bool
    iterations: int
    residuals: list[np.ndarray]  # achieved − target per class, per margin (0 where no cells)
    #: per margin, its gap just before its own step of the last pass: when margins
    #: contradict, each one is off there (the final state only misses the earlier ones)
    pass_gaps: list[np.ndarray] = field(default_factory=list)


def seed_empty_classes(seed: np.ndarray, margins: list[Margin]) -> np.ndarray:
    """Give weight 1 to every cell of a class that must get something but has no weight.

    IPF only rescales, so a class without weight could never reach a positive target:
    its value is spread evenly over its cells instead (a new customer with a lock).
    """
    out = seed.astype("float64", copy=True)
    for margin in margins:
        mass = margin.sums(out)
        empty = (mass <= 0) & (margin.targets > 0)
        if empty.any():  # classes are counted only when some may be empty
            empty &= margin.counts() > 0
        if empty.any():
            cells = empty[margin.codes] & (out <= 0)
            out[cells] = 1.0
    return out


def _residuals(values: np.ndarray, margins: list[Margin]) -> list[np.ndarray]:
    out = []
    for margin in margins:
        gap = margin.sums(values) - margin.targets
        gap[margin.counts() == 0] = 0.0  # a class without cells is reported elsewhere
        out.append(gap)
    return out


class _Step:
    """One margin's scaling step. When the cells form a (12 months × P pairs) grid and a
    margin's class depends on the pair only (or the month only), sums and scaling run
    on the pair (or month) totals: a 100k-long bincount instead of a 1.2M-long one."""

    def __init__(self, margin: Margin, shape: tuple[int, int] | None) -> None:
        self.margin = margin
        self.axis: int | None = None
        self.small = margin.codes
        if shape is not None and shape[0] * shape[1] == len(margin.codes) and shape[1] > 0:
            grid = margin.codes.reshape(shape)
            if (grid == grid[0]).all():
                self.axis, self.small = 0, grid[0]  # class by pair: sum over months
            elif (grid == grid[:, :1]).all():
                self.axis, self.small = 1, grid[:, 0]  # class by month: sum over pairs

    def sums(self, x: np.ndarray, shape: tuple[int, int] | None) -> np.ndarray:
        n = len(self.margin.targets)
        if self.axis is None or shape is None:
            return np.bincount(self.small, weights=x, minlength=n)
        return np.bincount(self.small, weights=x.reshape(shape).sum(axis=self.axis), minlength=n)

    def scale(self, x: np.ndarray, factor: np.ndarray, shape: tuple[int, int] | None) -> None:
        if self.axis is None or shape is None:
            x *= factor[self.small]
        elif self.axis == 0:
            x.reshape(shape)[...] *= factor[self.small][None, :]
        else:
            x.reshape(shape)[...] *= factor[self.small][:, None]


def ipf_fit(
    seed: np.ndarray,
    margins: list[Margin],
    *,
    tol: float = 1e-3,
    max_iter: int = 500,
    shape: tuple[int, int] | None = None,
) -> IpfFit:
    """Scale `seed` (≥ 0) until every margin's class sums are within `tol` of target.

    `shape` = (months, pairs) when cells are laid out month-major (a speed-up only).
    Stops early when the worst gap stops shrinking (an infeasible set of margins), so a
    bad input costs a few dozen passes, not `max_iter`.
    """
    x = np.clip(seed.astype("float64", copy=True), 0.0, None)
    steps = [_Step(m, shape) for m in margins]
    worst_history: list[float] = []
    iterations = 0
    pass_gaps: list[np.ndarray] = []
    for iterations in range(1, max_iter + 1):
        worst = 0.0
        pass_gaps = []
        for step in steps:
            sums = step.sums(x, shape)
            live = sums > 0
            gap = np.where(live, sums - step.margin.targets, 0.0)
            pass_gaps.append(gap)
            if live.any():
                worst = max(worst, float(np.abs(gap).max()))
            factor = np.ones_like(sums)
            np.divide(step.margin.targets, sums, out=factor, where=live)
            step.scale(x, factor, shape)
        worst_history.append(worst)
        if worst <= tol:
            break
        if iterations > 40 and worst > 0.999 * worst_history[-21]:
            break
    residuals = _residuals(x, margins)
    worst_gap = max((float(np.abs(r).max()) for r in residuals if r.size), default=0.0)
    converged = worst_gap <= max(tol, 1e-9) * 1.000001
    return IpfFit(x, converged, iterations, residuals, pass_gaps)
