"""Rounding to whole units that keeps sums exact (largest remainder), in int64.

`largest_remainder` rounds cells so that each group of cells sums exactly to its integer
target: every cell is floored, then the cells with the largest remainders get one more
unit until the group's sum is met. Ties go to the earlier cell (cells come sorted by
their keys), so the same input always rounds the same way.

`round_table` solves the harder case of a two-way table whose row sums AND column sums
must both stay exact (locks of two kinds that cross, e.g. by customer and by month).
Which cells round up is then a bipartite b-matching: row i needs r_i round-ups, column
j needs c_j, and each fractional cell can give one. A fractional solution exists (the
table itself), so an integral one does too (the constraint matrix of a bipartite graph
is totally unimodular); a max-flow finds it.
"""

from __future__ import annotations

import itertools
from collections import deque

import numpy as np

from addin.core.plan.ipf import Margin, ipf_fit

_TIE_SCALE = 10**9  # remainders equal to 9 places are a tie: the cell order decides


def largest_remainder(values: np.ndarray, codes: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Whole units per cell; cells of group g sum to targets[g] (if the group has cells).

    `values` are first scaled within each group to its target (a group without weight
    is spread evenly), so a fit that missed by a little still rounds to exact sums.
    """
    n_groups = len(targets)
    targets = np.asarray(targets, dtype="int64")
    x = np.clip(np.asarray(values, dtype="float64"), 0.0, None)
    counts = np.bincount(codes, minlength=n_groups)
    mass = np.bincount(codes, weights=x, minlength=n_groups)
    cell_mass = mass[codes]
    share = np.divide(x, cell_mass, out=np.zeros_like(x), where=cell_mass > 0)  # ≤ 1: no overflow
    even = np.zeros(n_groups)
    np.divide(targets, counts, out=even, where=(mass <= 0) & (counts > 0))
    y = np.where(cell_mass > 0, share * targets[codes], even[codes])
    whole = np.floor(y + 1e-9)
    base = whole.astype("int64")
    # Order: group, then largest remainder (to 1e-9), then cell position — one int64 key
    # sorted stably is several times faster than a three-key lexsort on a million cells.
    frac = np.rint(np.clip(y - whole, 0.0, 1.0) * _TIE_SCALE).astype("int64")
    deficit = targets - np.bincount(codes, weights=base, minlength=n_groups).astype("int64")
    deficit = np.clip(deficit, 0, counts)
    order = np.argsort(
        codes.astype("int64") * (_TIE_SCALE + 1) + (_TIE_SCALE - frac), kind="stable"
    )
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sorted_codes = codes[order]
    rank = np.arange(len(y)) - starts[sorted_codes]
    up = np.zeros(len(y), dtype="int64")
    up[order] = (rank < deficit[sorted_codes]).astype("int64")
    return base + up


class _Flow:
    """Dinic's max-flow on a small graph (one node per row and per column class)."""

    def __init__(self, n: int) -> None:
        self.head = [-1] * n
        self.to: list[int] = []
        self.cap: list[int] = []
        self.nxt: list[int] = []

    def add(self, u: int, v: int, cap: int) -> int:
        for a, b, c in ((u, v, cap), (v, u, 0)):
            self.to.append(b)
            self.cap.append(c)
            self.nxt.append(self.head[a])
            self.head[a] = len(self.to) - 1
        return len(self.to) - 2

    def _levels(self, s: int, t: int) -> list[int] | None:
        level = [-1] * len(self.head)
        level[s] = 0
        queue = deque([s])
        while queue:
            u = queue.popleft()
            e = self.head[u]
            while e != -1:
                if self.cap[e] > 0 and level[self.to[e]] < 0:
                    level[self.to[e]] = level[u] + 1
                    queue.append(self.to[e])
                e = self.nxt[e]
        return level if level[t] >= 0 else None

    def run(self, s: int, t: int) -> int:
        total = 0
        while (level := self._levels(s, t)) is not None:
            it = list(self.head)
            while True:
                pushed = self._augment(s, t, level, it)
                if not pushed:
                    break
                total += pushed
        return total

    def _augment(self, s: int, t: int, level: list[int], it: list[int]) -> int:
        """One augmenting path in the level graph (iterative DFS), its flow pushed."""
        path: list[int] = []
        u = s
        while u != t:
            e = it[u]
            while e != -1 and not (self.cap[e] > 0 and level[self.to[e]] == level[u] + 1):
                e = self.nxt[e]
            it[u] = e
            if e == -1:
                if u == s:
                    return 0
                level[u] = -1  # dead end: never come back here in this phase
                back = path.pop()
                u = self.to[back ^ 1]
                continue
            path.append(e)
            u = self.to[e]
        push = min(self.cap[e] for e in path)
        for e in path:
            self.cap[e] -= push
            self.cap[e ^ 1] += push
        return push


def round_table(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    row_targets: np.ndarray,
    col_targets: np.ndarray,
) -> tuple[np.ndarray, bool]:
    """Whole units per entry with every row sum and every column sum exact.

    Returns (units, ok). When no exact rounding exists (a row target with no entries,
    targets that disagree), rows are still exact and `ok` is False.
    """
    rows = np.asarray(rows, dtype="int64")
    cols = np.asarray(cols, dtype="int64")
    margins = [
        Margin("rows", rows, np.asarray(row_targets, dtype="float64")),
        Margin("cols", cols, np.asarray(col_targets, dtype="float64")),
    ]
    seed = np.where(values > 0, values, 0.0)
    for m in margins:  # a class with target but no weight: spread evenly
        empty = (m.sums(seed) <= 0) & (m.targets > 0)
        seed = np.where(empty[m.codes], 1.0, seed)
    fit = ipf_fit(seed, margins, tol=1e-9, max_iter=2000).values
    base = np.floor(fit + 1e-9).astype("int64")
    frac = fit - base
    need_r = np.asarray(row_targets, dtype="int64") - np.bincount(
        rows, weights=base, minlength=len(row_targets)
    ).astype("int64")
    need_c = np.asarray(col_targets, dtype="int64") - np.bincount(
        cols, weights=base, minlength=len(col_targets)
    ).astype("int64")
    fallback = largest_remainder(fit, rows, np.asarray(row_targets))
    if (need_r < 0).any() or (need_c < 0).any() or need_r.sum() != need_c.sum():
        return fallback, False
    n_r, n_c = len(row_targets), len(col_targets)
    source, sink = n_r + n_c, n_r + n_c + 1
    graph = _Flow(n_r + n_c + 2)
    for i in np.flatnonzero(need_r):
        graph.add(source, int(i), int(need_r[i]))
    for j in np.flatnonzero(need_c):
        graph.add(n_r + int(j), sink, int(need_c[j]))
    # Adjacency lists are last-in-first-out: adding the most fractional cells last makes
    # the flow try first the cells plain rounding would pick anyway.
    candidates = np.flatnonzero(frac > 1e-9)
    candidates = candidates[np.argsort(frac[candidates], kind="stable")]
    edges = {
        int(k): graph.add(int(rows[k]), n_r + int(cols[k]), 1)
        for k in candidates
        if need_r[rows[k]] > 0 and need_c[cols[k]] > 0
    }
    if graph.run(source, sink) != int(need_r.sum()):
        return fallback, False
    out = base.copy()
    for k, e in edges.items():
        if graph.cap[e] == 0:
            out[k] += 1
    return out, True


def nested_remainder(
    values: np.ndarray, levels: list[np.ndarray], top: np.ndarray, top_targets: np.ndarray
) -> np.ndarray:
    """Largest remainder down a hierarchy: groups `top` → each finer level → items.

    Each level's groups are rounded inside their parent's (already whole) total, so a
    region, a rep in it and a customer of that rep are each within one unit of their
    share of their parent's total — rounding errors do not pile up in the roll-ups.
    """
    codes = np.asarray(top, dtype="int64")
    targets = np.asarray(top_targets, dtype="int64")
    for level in [*levels, np.arange(len(values), dtype="int64")]:
        joint = codes * (int(level.max(initial=0)) + 1) + level
        groups, inverse = np.unique(joint, return_inverse=True)
        inverse = np.asarray(inverse, dtype="int64").ravel()
        parent = np.zeros(len(groups), dtype="int64")
        parent[inverse] = codes
        group_values = np.bincount(inverse, weights=values, minlength=len(groups))
        targets = largest_remainder(group_values, parent, targets)
        codes = inverse
    return targets[codes]


def augment_columns(up: np.ndarray, can_up: np.ndarray, excess: np.ndarray) -> bool:
    """Move round-ups between columns, inside rows, until no column has excess.

    A unit moves from column a to column b through a row rounded up in a and still
    down (but fractional) in b; a path a → … → b of such moves is a shortest path in a
    graph of the columns (few: 12 months), and every row on it keeps its sum."""
    n_cols = up.shape[1]
    if not (excess > 0).any():
        return True
    # moves[a, b] = rows rounded up in a that could round up in b instead. Counted once,
    # then kept current from the few rows each path changes: recounting millions of rows
    # per path cost more than the search.
    moves = _pair_counts(up, can_up)
    while (excess > 0).any():
        previous = np.full(n_cols, -1)
        queue = deque(int(a) for a in np.flatnonzero(excess > 0))
        seen = set(queue)
        end = -1
        while queue and end < 0:
            col = queue.popleft()
            for nxt in (int(k) for k in np.flatnonzero(moves[col] > 0)):
                if nxt in seen:
                    continue
                seen.add(nxt)
                previous[nxt] = col
                if excess[nxt] < 0:
                    end = nxt
                    break
                queue.append(nxt)
        if end < 0:
            return False
        path = [end]
        while previous[path[-1]] >= 0:
            path.append(int(previous[path[-1]]))
        path.reverse()
        edges = list(itertools.pairwise(path))
        count: int = min(
            int(excess[path[0]]), int(-excess[end]), *(int(moves[a, b]) for a, b in edges)
        )
        chosen = [np.flatnonzero(up[:, a] & can_up[:, b])[:count] for a, b in edges]
        changed = np.unique(np.concatenate(chosen))
        moves -= _pair_counts(up[changed], can_up[changed])
        for (a, b), rows in zip(edges, chosen, strict=True):
            up[rows, a], can_up[rows, a] = False, True
            up[rows, b], can_up[rows, b] = True, False
        moves += _pair_counts(up[changed], can_up[changed])
        excess[path[0]] -= count
        excess[end] += count
    return True


def _pair_counts(up: np.ndarray, can_up: np.ndarray) -> np.ndarray:
    """counts[a, b] = rows of `up` rounded up in column a and free to round up in b.

    numpy's own sum of products over 32-bit counts (exact below 2**31 rows), not a
    matrix product: a float one goes to BLAS, whose threads then spin on the other core
    for a while after every call (≈0.2 s of CPU a split), and an integer one is a plain
    loop several times slower."""
    return np.einsum("ra,rb->ab", up.astype(np.int32), can_up.astype(np.int32)).astype(np.int64)


def round_matrix(
    fitted: np.ndarray, row_targets: np.ndarray, col_targets: np.ndarray
) -> tuple[np.ndarray, bool]:
    """Whole units for a (rows × few columns) table with exact row and column sums.

    Rows are rounded by largest remainder, then round-ups are traded between columns
    inside rows until every column sum is met (possible whenever `fitted` meets both
    sets of sums: a bipartite table always has an exact rounding). Returns (units, ok);
    without `ok` the rows are still exact."""
    n_rows, n_cols = fitted.shape
    row_of = np.repeat(np.arange(n_rows, dtype="int64"), n_cols)
    units = largest_remainder(fitted.ravel(), row_of, row_targets).reshape(n_rows, n_cols)
    base = np.minimum(units, np.floor(fitted + 1e-9).astype("int64"))
    if (units - base > 1).any():
        return units, False  # the fit was off: keep the rows
    up = units > base
    can_up = ~up & (fitted - base > 1e-9)
    excess = units.sum(axis=0) - np.asarray(col_targets, dtype="int64")
    ok = augment_columns(up, can_up, excess)
    return base + up.astype("int64"), ok
