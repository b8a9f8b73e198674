"""Controlled rounding: whole units that keep several crossing roll-ups within one unit.

Rounding each pair (customer × product) on its own, or down one hierarchy, keeps that
hierarchy's roll-ups close but lets the crossing ones drift: the pairs of a product lie
in many customers, each rounded up or down independently, so a product's total used to
end two or three units away from its fitted value. The fix is to round with both
hierarchies at once.

The idea (Cox's controlled rounding, generalised to two trees). Put the fitted pair
totals on the arcs of a network

    source → [tree A: lock atom → region → rep → customer] → pair
           → [tree B: product → lock atom] → sink

where every arc carries the fitted sum of the set below it (a customer arc carries the
customer's fitted total, a pair arc the pair's). Flow is conserved at every node, so
the fitted values are a fractional flow. Give each arc the bounds floor(f), ceil(f) of
its flow f and fix the arcs out of the source and into the sink at the lock (or
company) targets, which are whole. The constraint matrix of a network is totally
unimodular, so since a fractional flow within the bounds exists, a whole one does too,
and a max-flow finds it (`scipy.sparse.csgraph.maximum_flow` on the arcs' 0/1 slack).
In that whole flow every node of both trees — every region, rep, customer, product and
pair — is its fitted total rounded down or up, and every lock atom is exact.

A month is a third partition that crosses both trees, and three crossing partitions no
longer have this guarantee in general. So months come second, on the cells of each
pair: rows (pairs) must meet the whole pair totals, columns (months) their totals
rounded by largest remainder inside month locks, and every cell is its fitted value
rounded down or up. Rows take their largest fractions first; then round-ups are traded
between months inside rows along shortest paths until every month holds
(`rounding.augment_columns`). Each cell, pair, customer, rep, region, product and month
thus ends within one unit of the unrounded fit, and the locks and the total are exact.
When the bounds cannot all be met (a fit that did not converge, contradicting locks) the
callers fall back to the hierarchy-only rounding and report what they could not keep.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from addin.core.plan.keys import sorted_first_inverse
from addin.core.plan.rounding import augment_columns

_EPS = 1e-6  # a fitted value this close to a whole number counts as whole


def _bounds(flow: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo = np.floor(flow + _EPS)
    hi = np.ceil(flow - _EPS)
    return lo.astype("int64"), np.maximum(hi, lo).astype("int64")


def _tree_nodes(levels: list[np.ndarray], values: np.ndarray) -> tuple[list[np.ndarray], list]:
    """Per level: the node of each item, and (parent node per node, node sums)."""
    nodes: list[np.ndarray] = []
    info: list[tuple[np.ndarray, np.ndarray]] = []
    parent = np.zeros(len(values), dtype="int64")
    for level in levels:
        joint = parent * (int(level.max(initial=0)) + 1) + level.astype("int64")
        _, first, inverse = sorted_first_inverse(joint)
        inverse = np.asarray(inverse, dtype="int64").ravel()
        sums = np.bincount(inverse, weights=values, minlength=len(first))
        info.append((parent[first], sums))
        nodes.append(inverse)
        parent = inverse
    return nodes, info


def two_tree_rounding(
    values: np.ndarray,
    tree_a: list[np.ndarray],
    targets_a: np.ndarray,
    tree_b: list[np.ndarray],
    targets_b: np.ndarray,
) -> np.ndarray | None:
    """Whole units per item, every node of both trees within one unit of its sum.

    `tree_a[0]` / `tree_b[0]` are the top classes (lock atoms, or one class for the
    company) with whole `targets_*` that the items' values already meet (to a fit's
    precision); the later levels refine them (each level's class is read inside its
    parent's). Returns None when no such rounding exists (targets the values do not
    meet)."""
    n = len(values)
    x = np.clip(np.asarray(values, dtype="float64"), 0.0, None)
    nodes_a, info_a = _tree_nodes(tree_a, x)
    nodes_b, info_b = _tree_nodes(tree_b, x)
    # Node numbering: tree A levels, items, tree B levels, then the helper source/sink.
    offsets_a = np.cumsum([0, *(len(s) for _, s in info_a)])
    item0 = int(offsets_a[-1])
    offsets_b = item0 + n + np.cumsum([0, *(len(s) for _, s in info_b)])
    source, sink = int(offsets_b[-1]), int(offsets_b[-1]) + 1

    tails: list[np.ndarray] = []
    heads: list[np.ndarray] = []
    flows: list[np.ndarray] = []
    for depth in range(1, len(info_a)):  # parent → child, tree A
        parent, sums = info_a[depth]
        tails.append(offsets_a[depth - 1] + parent)
        heads.append(offsets_a[depth] + np.arange(len(sums)))
        flows.append(sums)
    items = np.arange(n)
    tails.append(offsets_a[len(info_a) - 1] + nodes_a[-1])  # deepest A node → item
    heads.append(item0 + items)
    flows.append(x)
    tails.append(item0 + items)  # item → deepest B node
    heads.append(offsets_b[len(info_b) - 1] + nodes_b[-1])
    flows.append(x)
    for depth in range(len(info_b) - 1, 0, -1):  # child → parent, tree B
        parent, sums = info_b[depth]
        tails.append(offsets_b[depth] + np.arange(len(sums)))
        heads.append(offsets_b[depth - 1] + parent)
        flows.append(sums)
    tail, head = np.concatenate(tails), np.concatenate(heads)
    lo, hi = _bounds(np.concatenate(flows))

    # What each node must still receive (+) or send (−) once every arc carries its floor;
    # the top classes get their whole targets from outside.
    n_nodes = source
    need = np.bincount(tail, weights=lo, minlength=n_nodes) - np.bincount(
        head, weights=lo, minlength=n_nodes
    )
    targets_a = np.asarray(targets_a, dtype="int64")
    targets_b = np.asarray(targets_b, dtype="int64")
    need[offsets_a[0] : offsets_a[1]] -= _top_targets(tree_a[0], nodes_a[0], targets_a)
    need[offsets_b[0] : offsets_b[1]] += _top_targets(tree_b[0], nodes_b[0], targets_b)
    need = np.rint(need).astype("int64")
    if need.sum() != 0:
        return None
    # The slack g ≥ 0 on the arcs must then satisfy in(g) − out(g) = need at each node:
    # a node short of inflow (need > 0) drains g to the helper sink, a node with inflow
    # to spare (need < 0) is fed from the helper source.
    slack = hi - lo
    short = np.flatnonzero(need > 0)
    spare = np.flatnonzero(need < 0)
    arc = slack > 0
    graph = csr_array(
        (
            np.concatenate([slack[arc], -need[spare], need[short]]).astype("int32"),
            (
                np.concatenate([tail[arc], np.full(len(spare), source), short]),
                np.concatenate([head[arc], spare, np.full(len(short), sink)]),
            ),
        ),
        shape=(n_nodes + 2, n_nodes + 2),
    )
    result = maximum_flow(graph, source, sink)
    if result.flow_value != int(need[short].sum()):
        return None
    extra = _arc_flows(result.flow, tail, head, n_nodes + 2)
    item_arcs = slice(int(sum(len(f) for f in flows[: len(info_a) - 1])), None)
    units = (lo + extra)[item_arcs][:n]
    return units.astype("int64")


def _top_targets(codes: np.ndarray, nodes: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Whole target of each top node (top nodes are the distinct top codes in order)."""
    first = np.unique(nodes, return_index=True)[1]
    return targets[codes[first]]


def _arc_flows(flow: csr_array, tail: np.ndarray, head: np.ndarray, size: int) -> np.ndarray:
    coo = flow.tocoo()
    keys = coo.row.astype("int64") * size + coo.col
    order = np.argsort(keys)
    keys, data = keys[order], coo.data[order]
    wanted = tail.astype("int64") * size + head
    at = np.clip(np.searchsorted(keys, wanted), 0, max(len(keys) - 1, 0))
    found = (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), dtype=bool)
    return np.where(found, np.clip(data[at] if len(keys) else 0, 0, None), 0).astype("int64")


def round_rows_and_months(
    fitted: np.ndarray, row_targets: np.ndarray, col_targets: np.ndarray
) -> np.ndarray | None:
    """Whole units for a (rows × months) table: every cell its fitted value rounded down
    or up, rows and columns exactly at their whole targets. None when the targets are
    out of the cells' reach (the caller falls back)."""
    # No tolerance here: a row target is its fitted sum r rounded within `_EPS`, which
    # always lies in [Σ floor(cell), Σ ceil(cell)] — a tolerance on the cells could
    # push Σ floor above it.
    # Worked on month by month (the months' rows of the transposed table are whole
    # arrays: the cube's own layout), handed on as views of the rows × months table.
    by_month = np.clip(fitted.T, 0.0, None)
    base = np.floor(by_month).astype("int64")
    frac = by_month - base
    fractional = frac > 0
    need = np.asarray(row_targets, dtype="int64") - base.sum(axis=0)
    if (need < 0).any() or (need > fractional.sum(axis=0)).any():
        return None
    up = (_fraction_rank(np.where(fractional, frac, -1.0)) < need[None, :]).T
    can_up = fractional.T & ~up
    excess = up.sum(axis=0) + base.sum(axis=1) - np.asarray(col_targets, dtype="int64")
    if not augment_columns(up, can_up, excess):
        return None
    return base.T + up.astype("int64")


def _fraction_rank(key: np.ndarray) -> np.ndarray:
    """Each cell's place in its column when the column is sorted largest key first,
    ties to the earlier row (a stable sort's order): counted by comparing the few rows
    (months) with each other instead of sorting every column."""
    rank = np.zeros(key.shape, dtype="int8")
    for j in range(len(key)):
        for k in range(len(key)):
            if k != j:
                rank[j] += key[k] >= key[j] if k < j else key[k] > key[j]
    return rank
