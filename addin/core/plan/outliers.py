"""Targets far from history become warnings that say why, not silent results.

A member whose target moves outside [growth_low_pct, growth_high_pct] on last year is a
`target_far_from_history` warning located where the move comes from: its own Growth
row, else its own lock, else the company target that the rebalancing shares out. The
message carries TargetCheck's `growth_source`, so the reason reads where it is shown.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from addin.core.issues import ROW, Issue, amount
from addin.core.plan.explain import Sources
from addin.core.plan.members import Members
from addin.core.settings import Settings
from addin.i18n import Msg
from addin.schema.names import Named, SheetName, ValueName

#: Months follow Seasonality by design, and a parent region repeats its children.
_DIMENSIONS = ("region", "rep", "customer", "product", "settlement", "channel")
_MAX_PER_MEASURE = 20
_WITH_COMPANY_PCT = 1.0  # growth this close to the company's is "follows the company"
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
    # A member that merely follows the company target is covered by the company's own
    # warning: naming every region and rep that moved with it would bury the real ones.
    company = check["measure"].map(sources.company_growth).astype("float64")
    own_move = (check["growth_pct"] - company).abs() >= _WITH_COMPANY_PCT
    bad = check[outside & own_move & check["dimension"].isin(_DIMENSIONS)]
    parents = set(members.regions["parent_id"]) - {""}
    bad = bad[~((bad["dimension"] == "region") & bad["member"].isin(list(parents)))]
    issues: list[Issue] = []
    for measure, pct in sources.company_growth.items():
        if pct != 0 and not low <= pct <= high:
            issues.append(
                Issue(
                    code="target_far_from_history",
                    args={
                        "reason": Msg(
                            "far.company",
                            measure=ValueName(measure),
                            low=f"{low:g}",
                            high=f"{high:g}",
                        )
                    },
                    sheet="CompanyTargets",
                    row=sources.total_rows.get(measure),
                    column="annual_target",
                    value=f"{pct:+.1f}%",
                )
            )
    for key, part in bad.groupby("measure", sort=False):
        measure = str(key)
        beyond = (part["growth_pct"] - high).clip(lower=0) + (low - part["growth_pct"]).clip(
            lower=0
        )
        part = part.assign(_beyond=beyond).sort_values(
            ["_beyond", "dimension", "member"], ascending=[False, True, True], kind="stable"
        )
        for position, row in part.head(_MAX_PER_MEASURE).iterrows():
            sheet, at, column = _where(measure, row, cast(int, position), sources)
            who = Named(str(row["member"]), str(row["member_name"] or ""))
            issues.append(
                Issue(
                    code="target_far_from_history",
                    args={
                        "reason": Msg(
                            "far.member",
                            measure=ValueName(measure),
                            dimension=ValueName(str(row["dimension"])),
                            who=who,
                            target=amount(row["target"]),
                            last_year=amount(row["last_year"]),
                            low=f"{low:g}",
                            high=f"{high:g}",
                            source=row["growth_source"],
                        )
                    },
                    sheet=sheet,
                    row=at,
                    column=column,
                    value=f"{row['growth_pct']:+.1f}%",
                )
            )
        if len(part) > _MAX_PER_MEASURE:
            issues.append(
                Issue(
                    code="target_far_from_history",
                    args={
                        "reason": Msg(
                            "far.more",
                            count=len(part) - _MAX_PER_MEASURE,
                            measure=ValueName(measure),
                            low=f"{low:g}",
                            high=f"{high:g}",
                            sheet=SheetName("TargetCheck"),
                        )
                    },
                    sheet="TargetCheck",
                    row=cast(int, part.index[_MAX_PER_MEASURE]) + 2,  # the first one left out
                    column="growth_pct",
                )
            )
    return issues
