"""First-in-first-out pairing of money with debts, for all customers at once.

Picture each customer's open debts laid end to end on a line in the order they should
be settled (0 … total owed), and the money available laid end to end on a second line
(0 … total received). Debt i is settled by money j exactly where their intervals
overlap. Putting every customer on one global line, each in its own stretch, turns the
whole application into a few cumulative sums, one sort of the points where intervals
end and two running counts: no loop per customer, per invoice or per payment.
"""

from __future__ import annotations

import numpy as np

from addin.core.receivables.frames import group_sum


def run_starts(groups: np.ndarray) -> np.ndarray:
    """Positions where a new run of equal (sorted) group codes begins."""
    if groups.size == 0:
        return np.zeros(0, dtype="int64")
    return np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])


def cumsum_within(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Inclusive running total of `values` restarting at each run of `groups`."""
    if values.size == 0:
        return np.zeros(0, dtype="int64")
    total = np.cumsum(values)
    starts = run_starts(groups)
    is_start = np.zeros(values.size, dtype=bool)
    is_start[starts] = True
    run = np.cumsum(is_start) - 1
    return total - (total - values)[starts][run]


def capped(values: np.ndarray, groups: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Each value cut to what is left of its group's `cap` after the values before it.

    Used to take money that was paid back out (refunds) off the latest receipts.
    """
    end = cumsum_within(values, groups)
    start = end - values
    limit = cap[groups]
    return np.clip(np.minimum(end, limit) - start, 0, None)


def allocate_fifo(
    debt_group: np.ndarray,
    debt: np.ndarray,
    money_group: np.ndarray,
    money: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair money with debts first-in-first-out within each group.

    Both sides are sorted by group code (ints ≥ 0, ascending) and, within a group, in
    the order they should be used; amounts are int64 cents ≥ 0. Returns
    (debt index, money index, cents) for every non-zero pairing, in group order.
    """
    debt = np.asarray(debt, dtype="int64")
    money = np.asarray(money, dtype="int64")
    empty = np.zeros(0, dtype="int64")
    if debt.size == 0 or money.size == 0:
        return empty, empty, empty
    size = int(max(debt_group.max(), money_group.max())) + 1
    span = np.maximum(group_sum(debt_group, debt, size), group_sum(money_group, money, size))
    base = np.cumsum(span) - span
    debt_end = base[debt_group] + cumsum_within(debt, debt_group)
    debt_start = debt_end - debt
    money_end = base[money_group] + cumsum_within(money, money_group)
    money_start = money_end - money

    # The pieces where one debt meets one money are cut at every end and at each
    # group's start (every other start is the end before it). Each cut carries in its
    # two low bits which it is, so one sort of plain integers merges the three
    # ascending runs, and the debts (money) that ended at or before a cut — the index
    # of the one it falls in — are a running count, not a search into arrays a million
    # long. Cent totals stay below 2**53 (see group_sum), so the shifted cuts fit in
    # int64.
    tagged = np.concatenate(
        [base[np.flatnonzero(span)] << 2, (debt_end << 2) | 1, (money_end << 2) | 3]
    )
    tagged.sort(kind="stable")  # three ascending runs: the stable sort merges them
    # The tags as bytes and the points shifted in place: each array here is a million
    # long, and fresh memory is what costs most at this size (the kernel's page faults).
    tag = (tagged & 3).astype(np.int8)
    points = np.right_shift(tagged, 2, out=tagged)
    step = np.diff(points)
    # The last of each group of equal points: everything at or before it is counted.
    last = np.flatnonzero(step > 0)
    at, length = points[last], step[last]
    del step
    i = np.cumsum(tag == 1, dtype=np.int64)[last]
    j = np.cumsum(tag == 3, dtype=np.int64)[last]
    inside = (i < debt.size) & (j < money.size)
    i, j, at, length = i[inside], j[inside], at[inside], length[inside]
    # A point past a group's debts (or money) lands on the next group's first interval,
    # which starts later: such points are unpaired debt or unused money, not pairs.
    paired = (debt_start[i] <= at) & (money_start[j] <= at)
    i, j, length = i[paired], j[paired], length[paired]
    if i.size == 0:
        return empty, empty, empty
    # Zero-length intervals can split one pairing into adjacent pieces; join them.
    first = np.flatnonzero(np.r_[True, (i[1:] != i[:-1]) | (j[1:] != j[:-1])])
    return i[first], j[first], np.add.reduceat(length, first)
