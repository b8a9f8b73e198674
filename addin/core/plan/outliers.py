"""Targets far from history become warnings that say why, not silent results.

A member whose target moves outside [growth_low_pct, growth_high_pct] on last year is a
`target_far_from_history` warning located where the move comes from: its own Growth
row, else its own lock, else the company target that the rebalancing shares out. The
message carries TargetCheck's `growth_source`, so the reason reads where it is shown.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from addin.core.issues import ROW, Issue, show
from addin.core.plan.explain import Sources
from addin.core.plan.members import Members
from addin.core.settings import Settings

#: Months follow Seasonality by design, and a parent region repeats its children.
_DIMENSIONS = ("region", "rep", "customer", "product", "settlement", "channel")
_MAX_PER_MEASURE = 20
_LOCK_KEY = {
    "rep": "rep_id",
    "customer": "customer_id",
    "product": "product_id",
    "region": "region_id",
}  # the worst ones; the rest are counted in one more warning


def _where(
    measure: str, row: pd.Series, position: int, sources: Sources
) -> tuple[str, int | None, str]:
    """The member's own Growth row or lock, else its TargetCheck row (whose
    growth_source names the shared rows behind it)."""
    dimension, member = row["dimension"], row["member"]
    growth = sources.growth
    own = growth[(growth["dimension"] == dimension) & (growth["member"].astype(str) == member)]
    if len(own):
        return "Growth", int(own[ROW].iloc[0]), "growth_pct"
    key = _LOCK_KEY.get(dimension, "")
    locks = sources.locks
    if key and len(locks):
        mine = locks[(locks["measure"] == measure) & (locks[key].astype(str) == member)]
        if len(mine):
            return "Locks", int(mine[ROW].iloc[0]), "amount"
    return "TargetCheck", position + 2, "growth_pct"


def far_from_history(
    check: pd.DataFrame, members: Members, sources: Sources, settings: Settings
) -> list[Issue]:
    """One warning per member outside the growth band (worst first, a few per measure).

    `check` has a RangeIndex: a TargetCheck row is its position + 2 (header in row 1);
    the job shifts it when the sheet carries a note above the header."""
    low, high = settings.growth_low_pct, settings.growth_high_pct
    both = (check["last_year"] > 0) & (check["target"] > 0)
    outside = both & ((check["growth_pct"] < low) | (check["growth_pct"] > high))
    bad = check[outside & check["dimension"].isin(_DIMENSIONS)]
    parents = set(members.regions["parent_id"]) - {""}
    bad = bad[~((bad["dimension"] == "region") & bad["member"].isin(list(parents)))]
    issues: list[Issue] = []
    for measure, part in bad.groupby("measure", sort=False):
        beyond = (part["growth_pct"] - high).clip(lower=0) + (low - part["growth_pct"]).clip(
            lower=0
        )
        part = part.assign(_beyond=beyond).sort_values(
            ["_beyond", "dimension", "member"], ascending=[False, True, True], kind="stable"
        )
        for position, row in part.head(_MAX_PER_MEASURE).iterrows():
            sheet, at, column = _where(str(measure), row, cast(int, position), sources)
            who = f"{row['dimension']} {row['member']}"
            if row["member_name"]:
                who += f" ({row['member_name']})"
            issues.append(
                Issue(
                    code="target_far_from_history",
                    message=f"{measure} target of {who} is {show(row['target'])}, "
                    f"{row['growth_pct']:+.1f}% on last year's {show(row['last_year'])} "
                    f"(outside {low:g}%…{high:g}%): {row['growth_source']}",
                    sheet=sheet,
                    row=at,
                    column=column,
                    value=f"{row['growth_pct']:+.1f}%",
                    severity="warning",
                )
            )
        if len(part) > _MAX_PER_MEASURE:
            issues.append(
                Issue(
                    code="target_far_from_history",
                    message=f"{len(part) - _MAX_PER_MEASURE} more {measure} targets are "
                    f"outside {low:g}%…{high:g}% on last year; TargetCheck flags them all",
                    sheet="CompanyTargets",
                    row=sources.total_rows.get(str(measure)),
                    column="annual_target",
                    severity="warning",
                )
            )
    return issues
