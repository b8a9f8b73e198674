"""Arrange one measure's locks into nested trees ("laminar groups") and check them.

Two locks either nest (customer C1 inside rep R1), are disjoint, or cross (customer C1
and month 3). Families of locks that never cross go into one group; inside a group the
locks form a tree, and every cell belongs to exactly one "atom": the smallest lock that
covers it, or the group's root (the company total). An atom's target is its lock value
minus its child locks — a whole number of units — so the atoms of a group are ONE
partition of the cells with integer targets: one IPF margin, and rounding inside each
atom keeps every lock of the group exact. Crossing families land in different groups,
which `round_table` reconciles.

Infeasible locks are found here, before any fitting: children above their parent, top
locks above the company total, identical slices with different values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, show
from addin.core.plan.grid import CellGrid
from addin.core.plan.ipf import Margin
from addin.core.plan.locks import Family, families
from addin.i18n import Msg


@dataclass(frozen=True, slots=True)
class LockGroup:
    locks: np.ndarray  # lock positions in this group; atom i belongs to locks[i], root last
    margin: Margin  # atoms as classes, integer targets (float64 for IPF)

    @property
    def atoms(self) -> np.ndarray:
        return self.margin.codes

    @property
    def targets(self) -> np.ndarray:
        return np.rint(self.margin.targets).astype("int64")


@dataclass(frozen=True, slots=True)
class _Relations:
    crossing: set[tuple[int, int]]  # family pairs
    contains: list[tuple[int, int]]  # (child lock, parent lock), global positions
    identical: list[tuple[int, int]]


def _relations(fams: list[Family]) -> tuple[_Relations, np.ndarray]:
    size: dict[int, int] = {}
    for fam in fams:
        counts = np.bincount(fam.classes[fam.classes >= 0], minlength=len(fam.locks))
        size.update(zip(fam.locks.tolist(), counts.tolist(), strict=True))
    sizes = np.array([size.get(i, 0) for i in range(max(size, default=-1) + 1)])
    rel = _Relations(set(), [], [])
    for f, ff in enumerate(fams):
        for g in range(f + 1, len(fams)):
            fg = fams[g]
            both = (ff.classes >= 0) & (fg.classes >= 0)
            if not both.any():
                continue
            combo = ff.classes[both] * len(fg.locks) + fg.classes[both]
            pairs, n = np.unique(combo, return_counts=True)
            a, b = ff.locks[pairs // len(fg.locks)], fg.locks[pairs % len(fg.locks)]
            sa, sb = sizes[a], sizes[b]
            if ((n < sa) & (n < sb)).any():
                rel.crossing.add((f, g))
            for i in np.flatnonzero((n == sa) & (n == sb)):
                rel.identical.append((int(min(a[i], b[i])), int(max(a[i], b[i]))))
            for i in np.flatnonzero((n == sa) & (n < sb)):
                rel.contains.append((int(a[i]), int(b[i])))
            for i in np.flatnonzero((n == sb) & (n < sa)):
                rel.contains.append((int(b[i]), int(a[i])))
    return rel, sizes


def _colour(fams: list[Family], crossing: set[tuple[int, int]]) -> list[int]:
    """Greedy colouring, coarse families first: families of one colour never cross."""
    colour = [-1] * len(fams)
    for f in sorted(range(len(fams)), key=lambda i: (len(fams[i].keys), i)):
        taken = {colour[g] for g in range(len(fams)) if (min(f, g), max(f, g)) in crossing}
        colour[f] = next(c for c in range(len(fams) + 1) if c not in taken)
    return colour


class _Checker:
    def __init__(self, locks: pd.DataFrame, total: int, unit: float, column: str) -> None:
        self.locks, self.total, self.unit, self.column = locks, total, unit, column
        self.issues: list[tuple[Issue, bool]] = []
        self.drop: set[int] = set()

    def money(self, units: int) -> str:
        return show(float(units) * self.unit)

    def report(self, code: str, lock: int, reason: Msg, *, drop: bool) -> None:
        row = self.locks.iloc[lock]
        issue = Issue(
            code=code,
            args={"lock": row["label"], "reason": reason},
            sheet="Locks",
            row=int(row[ROW]),
            column=self.column,
            value=self.money(int(row["units"])),
        )
        self.issues.append((issue, drop))
        if drop:
            self.drop.add(lock)

    def final_issues(self) -> list[Issue]:
        """All issues once nothing more is dropped; else only those of dropped locks
        (the others are found again, once, on the next round)."""
        return [i for i, dropped in self.issues if dropped or not self.drop]


def _tree(
    group: list[int], parents: dict[int, int], cells: np.ndarray, values: np.ndarray, chk: _Checker
) -> np.ndarray:
    """Atom targets (root last) of one group; reports and marks infeasible locks."""
    pos = {lock: i for i, lock in enumerate(group)}
    root = len(group)
    targets = np.zeros(root + 1, dtype="int64")
    targets[:root] = values[group]
    targets[root] = chk.total
    children: dict[int, list[int]] = {i: [] for i in range(root + 1)}
    for lock in group:
        parent = pos.get(parents.get(lock, -1), root)
        children[parent].append(lock)
        targets[parent] -= values[lock]
    for atom in range(root + 1):
        kids = children[atom]
        name = Msg("lock.company_target" if atom == root else "lock.parent_lock")
        whole = chk.total if atom == root else int(values[group[atom]])
        inside = whole - int(targets[atom])
        if targets[atom] < 0:
            code = "locks_exceed_total" if atom == root else "lock_children_exceed"
            for kid in kids:
                chk.report(
                    code,
                    kid,
                    Msg(
                        "lock.inside_more",
                        name=name,
                        inside=chk.money(inside),
                        whole=chk.money(whole),
                    ),
                    drop=True,
                )
        elif targets[atom] > 0 and cells[atom] == 0 and (kids or atom != root):
            code = "locks_below_total" if atom == root else "lock_children_short"
            culprits = kids if atom == root else [group[atom]]
            for lock in culprits:
                chk.report(
                    code,
                    lock,
                    Msg(
                        "lock.inside_short",
                        name=name,
                        inside=chk.money(inside),
                        whole=chk.money(whole),
                    ),
                    drop=False,
                )
    return targets


def lock_groups(
    locks: pd.DataFrame, grid: CellGrid, total: int, unit: float, column: str = "amount"
) -> tuple[list[LockGroup], list[Issue], pd.DataFrame, list[Family]]:
    """Groups of one measure's feasible locks, the issues, the locks kept, their families.

    Locks that cannot hold (children above a parent, above the total, a second value
    for the same slice) are dropped and reported, and the rest is checked again.
    """
    issues: list[Issue] = []
    active = locks.reset_index(drop=True)
    while True:
        fams = families(active, grid)
        rel, sizes = _relations(fams)
        chk = _Checker(active, total, unit, column)
        values = active["units"].to_numpy(dtype="int64")
        for first, later in rel.identical:
            same = values[first] == values[later]
            chk.report(
                "duplicate_lock" if same else "lock_conflict",
                later,
                Msg(
                    "lock.same_cells" if same else "lock.same_cells_other_value",
                    row=active.iloc[first][ROW],
                ),
                drop=True,
            )
        for child, parent in rel.contains:
            if values[child] > values[parent]:
                chk.report(
                    "lock_children_exceed",
                    child,
                    Msg("lock.more_than_parent", row=active.iloc[parent][ROW]),
                    drop=True,
                )
        groups = [] if chk.drop else _build(fams, rel, sizes, values, chk)
        issues += chk.final_issues()
        if not chk.drop:
            return groups, issues, active, fams
        active = active.drop(index=sorted(chk.drop)).reset_index(drop=True)


def _build(
    fams: list[Family], rel: _Relations, sizes: np.ndarray, values: np.ndarray, chk: _Checker
) -> list[LockGroup]:
    colour = _colour(fams, rel.crossing)
    groups: list[LockGroup] = []
    n_cells = len(fams[0].classes) if fams else 0
    biggest = np.iinfo("int64").max
    lock_rows = chk.locks[ROW].to_numpy(dtype=object)
    lock_labels = chk.locks["label"].to_numpy(dtype=object)
    for c in sorted(set(colour)):
        members = [f for f in range(len(fams)) if colour[f] == c]
        group = sorted(int(lock) for f in members for lock in fams[f].locks)
        position = np.full(len(values), -1, dtype="int64")
        position[group] = np.arange(len(group))
        parents: dict[int, int] = {}
        for child, parent in rel.contains:
            if (
                position[child] >= 0
                and position[parent] >= 0
                and (child not in parents or sizes[parent] < sizes[parents[child]])
            ):
                parents[child] = parent
        # Each cell's atom is the smallest lock of the group that covers it.
        atom = np.full(n_cells, len(group), dtype="int64")
        best = np.full(n_cells, biggest, dtype="int64")
        for f in members:
            cls = fams[f].classes
            lock_of = fams[f].locks[np.maximum(cls, 0)]
            size = np.where(cls >= 0, sizes[lock_of], biggest)
            better = size < best
            best = np.where(better, size, best)
            atom = np.where(better, position[lock_of], atom)
        counts = np.bincount(atom, minlength=len(group) + 1)
        targets = _tree(group, parents, counts, values, chk)
        rows: list[int | None] = [int(r) for r in lock_rows[group]]
        labels = [str(label) for label in lock_labels[group]]
        sources = [("Locks", r, chk.column) for r in [*rows, None]]
        labels.append("the rest of the company target")
        margin = Margin("Locks", atom, targets.astype("float64"), sources, labels)
        groups.append(LockGroup(np.array(group, dtype="int64"), margin))
    return groups
