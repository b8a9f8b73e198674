"""Turn Seasonality and Growth rows into IPF margins for one measure.

Growth row (dimension d, member m, g%) fixes m's target at last_year(m) × (1 + g/100);
the members of d without a row are pooled into one "rest" class that shares what is
left in proportion to their history (so a region growth row leaves the other regions'
mutual shares as they were). Seasonality fixes every month at its share of the months
not fixed by a Growth month row. Growth cannot give weight to a member with no history:
such rows are reported and skipped (a Lock gives a new member its target).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, show
from addin.core.plan.grid import CellGrid
from addin.core.plan.ipf import Margin
from addin.core.plan.keys import DIMENSIONS
from addin.core.plan.members import Members
from addin.i18n import Msg
from addin.schema.names import ValueName

_SHEET, _COL = "Growth", "growth_pct"


def known_members(members: Members, dimension: str) -> pd.Index:
    """The members a Growth row may name (asked only whether a member is one of them)."""
    cards = members.customers
    if dimension == "month":
        return pd.Index(range(1, 13))
    if dimension == "region":
        # The cards' and reps' few distinct regions, not an index of every card's.
        named = [cards["region_id"].to_numpy(dtype=object)]
        named.append(members.reps["region_id"].to_numpy(dtype=object))
        return members.regions.index.union(pd.Index(pd.unique(np.concatenate(named))))
    if dimension in ("rep", "customer", "product"):
        return {"rep": members.reps, "customer": cards, "product": members.products}[
            dimension
        ].index
    return pd.Index(cards[DIMENSIONS[dimension]].unique())


def _issue(code: str, row: pd.Series, **args: object) -> Issue:
    return Issue(
        code=code,
        args={
            "dimension": ValueName(str(row["dimension"])),
            "member": str(row["member"]),
            **args,
        },
        sheet=_SHEET,
        row=int(row[ROW]),
        column=_COL,
        value=show(row["growth_pct"]),
    )


def usable_rows(
    rows: pd.DataFrame,
    dimension: str,
    last_year: pd.Series,
    in_cube: pd.Index,
    known: pd.Index,
    locked: set[object],
) -> tuple[pd.DataFrame, list[Issue]]:
    """Rows whose member can carry a growth target, with its target (units)."""
    issues: list[Issue] = []
    ly = last_year.reindex(rows["member"]).fillna(0.0).to_numpy()
    keep = np.ones(len(rows), dtype=bool)
    for i, (_, row) in enumerate(rows.iterrows()):  # one per Growth row, a short table
        m = row["member"]
        if m in locked:
            issues.append(_issue("growth_overridden_by_lock", row))
        elif ly[i] == 0 and m not in known:
            issues.append(_issue("unknown_member", row))
        elif ly[i] <= 0:
            issues.append(_issue("growth_without_history", row))
        elif m not in in_cube:
            issues.append(_issue("growth_no_target", row))
        else:
            continue
        keep[i] = False
    usable = rows[keep].assign(target=ly[keep] * (1 + rows["growth_pct"].to_numpy()[keep] / 100))
    return usable, issues


def growth_margin(
    rows: pd.DataFrame, dimension: str, grid: CellGrid, total: int, unit: float
) -> tuple[Margin | None, list[Issue]]:
    """One margin: a class per usable row plus the pooled rest of the dimension."""
    if rows.empty:
        return None, []
    fixed = rows["target"].to_numpy(dtype="float64")
    codes = grid.lookup(DIMENSIONS[dimension], list(rows["member"]))
    codes[codes < 0] = len(rows)
    rest_cells = int((codes == len(rows)).sum())
    rest = total - fixed.sum()
    if rest < -1e-6 * max(total, 1):
        amounts = Msg(
            "plan.asked_vs_total", asked=show(round(fixed.sum() * unit)), total=show(total * unit)
        )
        return None, [
            _issue("growth_exceeds_total", r, amounts=amounts) for _, r in rows.iterrows()
        ]
    issues: list[Issue] = []
    if rest_cells == 0 and abs(rest) > 0.5 and fixed.sum() > 0:
        asked, whole = show(round(fixed.sum() * unit)), show(total * unit)
        issues = [
            _issue("growth_rescaled", r, asked=asked, total=whole) for _, r in rows.iterrows()
        ]
        fixed = fixed * total / fixed.sum()
        rest = 0.0
    sources: list[tuple[str, int | None, str]] = [(_SHEET, int(r), _COL) for r in rows[ROW]]
    labels = [f"{dimension} {m}" for m in rows["member"]]
    margin = Margin(
        f"Growth {dimension}",
        codes,
        np.append(fixed, max(rest, 0.0)),
        [*sources, (_SHEET, None, "member")],
        [*labels, f"the other members of {dimension}"],
    )
    return margin, issues


def month_margin(
    weights: np.ndarray,
    season_rows: np.ndarray,
    growth_rows: pd.DataFrame,
    grid: CellGrid,
    total: int,
    year: int,
) -> tuple[Margin | None, list[Issue]]:
    """Seasonality (with any Growth month rows fixed first) as one 12-class margin."""
    targets = np.full(12, np.nan)
    sources: list[tuple[str, int | None, str]] = [
        ("Seasonality", int(r) if r else None, "weight") for r in season_rows
    ]
    for _, r in growth_rows.iterrows():
        targets[int(r["member"]) - 1] = r["target"]
        sources[int(r["member"]) - 1] = (_SHEET, int(r[ROW]), _COL)
    issues: list[Issue] = []
    left = total - np.nansum(targets)
    if left < -1e-6 * max(total, 1):
        issues = [_issue("growth_exceeds_total", r, amounts="") for _, r in growth_rows.iterrows()]
        targets[:] = np.nan
        left = float(total)
    free = np.isnan(targets)
    w = np.where(free, weights, 0.0)
    if w.sum() <= 0:
        if left > 0.5:
            issues.append(
                Issue(
                    code="seasonality_all_zero",
                    args={"effect": Msg("effect.growth_months")},
                    sheet="Seasonality",
                    column="weight",
                    value="0",
                )
            )
        return None, issues
    targets[free] = left * w[free] / w.sum()
    labels = [f"{year}-{m:02d}" for m in range(1, 13)]
    codes = grid.months() - 1
    return Margin("Seasonality", codes, targets, sources, labels), issues
