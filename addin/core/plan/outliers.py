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


#: (dimension, member) → first Growth row; (measure, lock key, member) → first Locks row
_Firsts = tuple[dict[tuple[str, str], int], dict[tuple[str, str, str], int]]


def _first_rows(sources: Sources) -> _Firsts:
    """Where each member's own Growth row and own lock are (the first of each), found in
    one pass over each table rather than by filtering them for every warning."""
    growth, locks = sources.growth, sources.locks
    own_growth: dict[tuple[str, str], int] = {}
    for dim, member, row in zip(
        growth["dimension"].tolist(),
        growth["member"].astype(str).tolist(),
        growth[ROW].tolist(),
        strict=True,
    ):
        own_growth.setdefault((dim, member), int(row))
    own_lock: dict[tuple[str, str, str], int] = {}
    for key in _LOCK_KEY.values() if len(locks) else ():
        for measure, member, row in zip(
            locks["measure"].tolist(),
            locks[key].astype(str).tolist(),
            locks[ROW].tolist(),
            strict=True,
        ):
            own_lock.setdefault((measure, key, member), int(row))
    return own_growth, own_lock


def _where(
    measure: str, row: pd.Series, position: int, firsts: _Firsts
) -> tuple[str, int | None, str]:
    """The member's own Growth row or lock, else its TargetCheck row (whose
    growth_source names the shared rows behind it)."""
    dimension, member = row["dimension"], row["member"]
    own_growth, own_lock = firsts
    if (dimension, member) in own_growth:
        return "Growth", own_growth[(dimension, member)], "growth_pct"
    key = _LOCK_KEY.get(dimension, "")
    if key and (measure, key, member) in own_lock:
        return "Locks", own_lock[(measure, key, member)], "amount"
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
    firsts = _first_rows(sources)
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
            sheet, at, column = _where(measure, row, cast(int, position), firsts)
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
