"""Where each member's growth came from: the Growth rows, locks and Seasonality rows that
set it, those of the members it sits in (a customer's rep and region), or else the
rebalancing that shares out what those leave. One text per TargetCheck row."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.plan.grid import MONTHS, CellGrid
from addin.core.plan.keys import DIMENSIONS
from addin.core.plan.members import Members
from addin.core.plan.profile import MonthSeeds, employed_share
from addin.core.plan.words import Lang, joiner, name, say

#: Lock column that names a member of each dimension.
_LOCK_KEY = {
    "rep": "rep_id",
    "customer": "customer_id",
    "product": "product_id",
    "region": "region_id",
    "month": "month",
}
_LOCK_KEYS = ("rep_id", "customer_id", "product_id", "region_id", "month")


@dataclass(frozen=True, slots=True)
class Sources:
    """What the plan asked for, as read: the inputs behind every member's target."""

    growth: pd.DataFrame  # dimension, member, growth_pct, _row (valid rows)
    locks: pd.DataFrame  # lock_rows() output
    season_rows: dict[str, np.ndarray]  # measure → Excel row per month (0 = none)
    company_growth: dict[str, float]  # measure → % of the company target on last year
    total_rows: dict[str, int | None]  # measure → CompanyTargets row
    #: dimension → member → facts about it (annualised, part-year rep, no-target reason)
    notes: dict[str, dict[object, list[str]]] = field(default_factory=dict)
    #: dimension → member → why it gets no target at all (then nothing else applies)
    reasons: dict[str, dict[object, str]] = field(default_factory=dict)


def _filled(locks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {k: (locks[k] != 0) if k == "month" else (locks[k] != "") for k in _LOCK_KEYS},
        index=locks.index,
    )


def _growth_texts(growth: pd.DataFrame, dim: str, lang: Lang, parent: bool) -> dict:
    out: dict[object, list[str]] = defaultdict(list)
    rows = growth[growth["dimension"] == dim]
    for member, row, pct in zip(
        rows["member"].tolist(), rows[ROW].tolist(), rows["growth_pct"].tolist(), strict=True
    ):
        fields: dict[str, object] = {"row": int(row), "pct": float(pct)}
        if parent:
            # settlement and channel members are codes (modern_trade): say them in words
            fields |= {"dimension": name(dim, lang), "member": name(str(member), lang)}
        out[member].append(say("parent_growth" if parent else "own_growth", lang, **fields))
    return out


def _lock_texts(
    locks: pd.DataFrame, filled: pd.DataFrame, dim: str, lang: Lang, parent: bool
) -> dict:
    """Own: every lock naming the member. Parent: locks on that member alone, which
    contain all of its children. `filled`: `_filled(locks)`."""
    out: dict[object, list[str]] = defaultdict(list)
    if locks.empty or dim not in _LOCK_KEY:
        return out
    key = _LOCK_KEY[dim]
    hit = filled[key] & ((filled.sum(axis=1) == 1) if parent else True)
    said = locks[hit]
    word = "parent_lock" if parent else "own_lock"
    for member, row, label in zip(
        said[key].tolist(), said[ROW].tolist(), said["label"].tolist(), strict=True
    ):
        out[member].append(say(word, lang, row=int(row), label=label))
    return out


def _parents(members: Members, dim: str) -> list[tuple[str, pd.Series]]:
    """(parent dimension, parent member per member: a column of the masters indexed by
    the unique member ids) for the members `dim` sits in."""
    cards = members.customers
    if dim == "customer":
        return [(d, cards[DIMENSIONS[d]]) for d in ("region", "rep", "channel", "settlement")]
    if dim == "rep":
        return [("region", members.reps["region_id"])]
    return []


def _day(value: object) -> str:
    return str(pd.Timestamp(value).date())  # type: ignore[arg-type]


def no_target_reasons(members: Members, lang: Lang) -> dict[str, dict[object, str]]:
    """Why a customer, rep or product gets no target, in words."""
    out: dict[str, dict[object, str]] = {}
    for dim, table in (
        ("customer", members.customers),
        ("rep", members.reps),
        ("product", members.products),
    ):
        why = table["reason"][table["reason"] != ""]
        out[dim] = {member: say(str(reason), lang) for member, reason in why.items()}
    return out


def member_notes(
    members: Members, grid: CellGrid, seeds: MonthSeeds, lang: Lang
) -> dict[str, dict[object, list[str]]]:
    """Facts that move a member's target besides Growth and locks."""
    notes: dict[str, dict[object, list[str]]] = {d: defaultdict(list) for d in DIMENSIONS}
    started = grid.pairs.loc[seeds.annualised, "customer_id"].unique()
    for customer in started:
        since = pd.Timestamp(members.customers.at[customer, "since"])  # type: ignore[arg-type]
        text = say("annualised", lang, since=f"{since:%Y-%m}", months=MONTHS - since.month + 1)
        notes["customer"][customer].append(text)
    reps = members.reps[members.reps["reason"] == ""]
    months = employed_share(members, reps.index.to_numpy(dtype=object)).sum(axis=0)
    part_year = reps.index[months < MONTHS - 1e-9]
    for rep, worked in zip(part_year, months[months < MONTHS - 1e-9], strict=True):
        dates = [
            say(word, lang, date=_day(day))
            for word, day in (
                ("hired", reps.at[rep, "hire_date"]),
                ("left", reps.at[rep, "leave_date"]),
            )
            if not pd.isna(day)  # type: ignore[arg-type]
        ]
        text = say("employed", lang, months=round(float(worked), 1), dates=", ".join(dates))
        notes["rep"][rep].append(text)
        cards = members.customers
        for customer in cards.index[cards["rep_id"] == rep]:
            notes["customer"][customer].append(text)
    return notes


#: (the parent member of each member, each parent's texts) per dimension a member sits in
_Parents = list[tuple[pd.Series, dict[object, list[str]]]]


def _parent_texts(grown: dict, locked: dict) -> dict[object, list[str]]:
    """Each parent member with a Growth row or lock: their texts, growth first."""
    ups = dict.fromkeys(u for table in (grown, locked) for u, found in table.items() if found)
    return {u: grown.get(u, []) + locked.get(u, []) for u in ups}


def _parent_codes(members_of: pd.Series, parents: _Parents) -> np.ndarray:
    """(member, parent dimension) → the member's parent's position among the parents
    with a text, -1 where it has none."""
    codes = np.full((len(members_of), len(parents)), -1, dtype="int64")
    for k, (of, texts) in enumerate(parents):
        if not texts:
            continue
        card = of.index.get_indexer(pd.Index(members_of))
        up = pd.Index(list(texts), dtype=object).get_indexer(pd.Index(of, dtype=object))
        codes[:, k] = np.where(card >= 0, up[card], -1)
    return codes


def _parent_of(of: pd.Series, members_of: pd.Series) -> list[object]:
    """Each member's parent, None for a member `of` does not list."""
    card = of.index.get_indexer(pd.Index(members_of))
    values = of.to_numpy(dtype=object)
    return [values[c] if c >= 0 else None for c in card.tolist()]


def _combined_text(combo: list[int], parents: _Parents, lang: Lang) -> str:
    """The texts of one combination of parents (`_parent_codes` positions), joined."""
    found: list[str] = []
    for code, (_, texts) in zip(combo, parents, strict=True):
        up = list(texts)[code] if code >= 0 else None
        if up is not None and up != "":
            found += texts[up]
    return joiner(lang).join(found)


#: (measure, dimension, the positions of its rows) for each part of a TargetCheck frame
Spans = list[tuple[str, str, slice]]


def growth_sources(
    frame: pd.DataFrame, spans: Spans, members: Members, sources: Sources, lang: Lang
) -> pd.Series:
    """One text per row of `frame` (member as in the cube; its measure and dimension
    given by `spans`, which covers every row)."""
    out = pd.Series("", index=frame.index, dtype=object)
    of_measure: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    for measure, dim, at in spans:
        if at.stop <= at.start:  # a dimension without members has no rows to say
            continue
        part = frame.iloc[at]
        if measure not in of_measure:
            locks = sources.locks[sources.locks["measure"] == measure]
            of_measure[measure] = (locks, _filled(locks))
        locks, filled = of_measure[measure]
        own = [
            _growth_texts(sources.growth, dim, lang, False),
            _lock_texts(locks, filled, dim, lang, False),
        ]
        if dim == "month":
            season = defaultdict(list)
            for month, row in enumerate(sources.season_rows.get(measure, []), start=1):
                if row:
                    season[month].append(say("season", lang, row=int(row)))
            own.append(season)
        parents = [
            (
                of,
                _parent_texts(
                    _growth_texts(sources.growth, pdim, lang, True),
                    _lock_texts(locks, filled, pdim, lang, True),
                ),
            )
            for pdim, of in _parents(members, dim)
        ]
        rest = say("rebalanced", lang, pct=sources.company_growth.get(measure, 0.0))
        facts = sources.notes.get(dim, {})
        reasons = sources.reasons.get(dim, {})
        # Most members (the customers) have no text of their own or their parents': they
        # share the company's rebalancing. Those with texts of their own are looked at
        # one by one; those with only their parents' texts take the texts of their
        # combination of parents, worked out once per combination.
        members_of = part["member"]
        own_said = members_of.isin(list(reasons)) | members_of.isin(
            [m for table in (facts, *own) for m, found in table.items() if found]
        )
        parent_codes = _parent_codes(members_of, parents)
        texts = np.full(len(part), rest, dtype=object)
        looked = []
        alone = members_of[own_said]
        ups = [_parent_of(of, alone) for of, _ in parents]
        for i, member in enumerate(alone.tolist()):
            if member in reasons:
                looked.append(reasons[member])
                continue
            found = [t for table in (facts, *own) for t in table.get(member, [])]
            for of_members, (_, up_texts) in zip(ups, parents, strict=True):
                up = of_members[i]
                if up is not None and up != "":
                    found += up_texts.get(up, [])
            looked.append(joiner(lang).join(found) if found else rest)
        texts[own_said.to_numpy()] = np.array(looked, dtype=object)
        by_parents = parent_codes.max(axis=1, initial=-1) >= 0
        only_parents = np.flatnonzero(by_parents & ~own_said.to_numpy())
        if len(only_parents):
            # One integer per combination (each code + 1 in a digit of its own).
            combined = np.zeros(len(only_parents), dtype="int64")
            for k, (_, up_texts) in enumerate(parents):
                combined = combined * (len(up_texts) + 1) + parent_codes[only_parents, k] + 1
            _, first, combo_of = np.unique(combined, return_index=True, return_inverse=True)
            combos = parent_codes[only_parents[first]].tolist()
            said = [_combined_text(c, parents, lang) or rest for c in combos]
            texts[only_parents] = np.array(said, dtype=object)[np.ravel(combo_of)]
        out.loc[part.index] = texts
    return out
