"""TargetCheck: last year against target for every member of every dimension.

Each row says who the member is (`member_name`), how far its target moved, why
(`growth_source`: the Growth rows, locks or Seasonality rows behind it, or the
rebalancing that shares out the rest) and, in `flag`, what deserves a second look — in
words of the user's language, with the stable codes in `flag_code` (";"-joined):
- `growth_low` / `growth_high`: growth outside [growth_low_pct, growth_high_pct] (only
  where there is both history and a target: the two codes below cover the rest);
- `no_history`: a target without history; `no_target`: history without a target
  (a closed customer, a rep who left, a discontinued product, or a lock of 0);
- `share_shift`: the member's share of the total moved by more than share_shift_pct
  percentage points.
A region with sub-regions (Regions.parent_id) shows the sum of its whole subtree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.plan.explain import Sources, Spans, growth_sources
from addin.core.plan.grid import CellGrid
from addin.core.plan.keys import DIMENSIONS, HISTORY_COLUMN
from addin.core.plan.members import Members
from addin.core.plan.words import Lang, joiner, say
from addin.core.settings import Settings
from addin.schema.vocab import VALUE_ZH

CHECK_COLUMNS = [
    "measure",
    "dimension",
    "member",
    "member_name",
    "last_year",
    "target",
    "growth_pct",
    "share_last_year",
    "share_target",
    "flag",
    "growth_source",
    "flag_code",
]
FLAGS = ("growth_low", "growth_high", "no_history", "no_target", "share_shift")
_MAX_DEPTH = 50
#: Dimensions that group whole customers (the card's column): their moves are customers'.
_OWNERS = {
    d: DIMENSIONS[d] for d in ("rep", "region", "settlement", "channel")
}  # a parent chain longer than this is a loop in Regions


def _master_members(members: Members, dimension: str) -> pd.Index:
    """Members that could carry a target this year, listed even when both numbers are 0."""
    if dimension == "region":
        return members.regions.index
    table = {"rep": members.reps, "customer": members.customers, "product": members.products}
    if dimension in table:
        frame = table[dimension]
        return frame.index[frame["reason"] == ""]
    return pd.Index([])


class _Rows:
    """One dimension's TargetCheck members (last year's, the target's and the masters',
    sorted where they sort) and where each sits in last year's and the target's sums:
    the same for both measures, so worked out once."""

    def __init__(self, last_year: pd.Index, target: pd.Index, extra: pd.Index) -> None:
        self.index = last_year.union(target).union(extra)
        self._at = (last_year.get_indexer(self.index), target.get_indexer(self.index))

    def frame(self, last_year: np.ndarray, target: np.ndarray) -> pd.DataFrame:
        """The rows with both numbers, 0 where a member has none (as a reindex filled
        with 0 gives them)."""
        at_last, at_target = self._at
        columns = {
            "last_year": _taken(np.asarray(last_year, dtype="float64"), at_last),
            "target": _taken(np.asarray(target, dtype="float64"), at_target),
        }
        frame = pd.DataFrame(columns, index=self.index)
        return frame.rename_axis("member").reset_index()


def _taken(values: np.ndarray, at: np.ndarray) -> np.ndarray:
    out = values[at] if len(values) else np.zeros(len(at))
    out[(at < 0) | np.isnan(out)] = 0.0
    return out


def _summed(values: np.ndarray, codes: np.ndarray, members: np.ndarray) -> np.ndarray:
    """`values` summed per member (the sorted `members`), as a group-by on the members'
    ids sums them: every member is some pair's, so every member has a sum."""
    known = codes >= 0  # a missing id is in no group
    sums = pd.Series(values[known]).groupby(codes[known]).sum()
    out = np.zeros(len(members), dtype="float64")
    out[sums.index.to_numpy()] = sums.to_numpy()
    return out


def _ancestors(regions: pd.DataFrame) -> dict[object, list[object]]:
    """Every region's chain of parents (nearest first), loops cut."""
    parent = regions["parent_id"].to_dict() if "parent_id" in regions else {}
    out: dict[object, list[object]] = {}
    for region in regions.index:
        chain: list[object] = []
        up = parent.get(region, "")
        while up and up in parent and up not in chain and up != region and len(chain) < _MAX_DEPTH:
            chain.append(up)
            up = parent.get(up, "")
        out[region] = chain
    return out


def _rolled_up(frame: pd.DataFrame, members: Members) -> tuple[pd.DataFrame, set[object]]:
    """Region rows with each parent region holding its whole subtree."""
    chains = _ancestors(members.regions)
    parents = {p for chain in chains.values() for p in chain}
    if not parents:
        return frame, set()
    own = frame.set_index("member")[["last_year", "target"]]
    total = own
    lifted = {
        up: total.index.get_loc(up)
        for chain in chains.values()
        for up in chain
        if up in total.index
    }
    sums = total.to_numpy(dtype="float64", copy=True)
    mine = own.to_numpy(dtype="float64")
    for i, region in enumerate(own.index):
        for up in chains.get(region, []):
            if up in lifted:
                sums[lifted[up]] += mine[i]
    total = pd.DataFrame(sums, index=own.index, columns=own.columns)
    return total.rename_axis("member").reset_index(), parents


def _flags(frame: pd.DataFrame, settings: Settings) -> tuple[pd.Series, pd.Series]:
    ly, tg = frame["last_year"], frame["target"]
    both = (ly > 0) & (tg > 0)
    shift = (frame["share_target"] - frame["share_last_year"]).abs() > settings.share_shift_pct
    masks = {
        "growth_low": both & (frame["growth_pct"] < settings.growth_low_pct),
        "growth_high": both & (frame["growth_pct"] > settings.growth_high_pct),
        "no_history": (tg > 0) & (ly <= 0),
        "no_target": (ly > 0) & (tg <= 0),
        "share_shift": shift.fillna(False),
    }
    fields = {
        "low": f"{settings.growth_low_pct:g}",
        "high": f"{settings.growth_high_pct:g}",
        "shift": f"{settings.share_shift_pct:g}",
    }
    # Each row's flags as one number (a bit per flag): the texts are joined once per
    # combination that occurs, not once per row.
    pattern = np.zeros(len(frame), dtype="int64")
    for bit, mask in enumerate(masks.values()):
        pattern |= mask.to_numpy(dtype=bool).astype("int64") << bit
    said = {code: say(code, settings.lang, **fields) for code in masks}
    found, at = np.unique(pattern, return_inverse=True)
    codes = np.empty(len(found), dtype=object)
    words = np.empty(len(found), dtype=object)
    for k, p in enumerate(found.tolist()):
        hits = [code for bit, code in enumerate(masks) if p >> bit & 1]
        codes[k] = ";".join(hits)
        words[k] = joiner(settings.lang).join(said[code] for code in hits)
    at = np.ravel(at)
    return (
        pd.Series(words[at], index=frame.index, dtype=object),
        pd.Series(codes[at], index=frame.index, dtype=object),
    )


def _names(members: Members, dim: str, ids: pd.Series, lang: Lang) -> pd.Series:
    if dim in ("settlement", "channel"):  # vocabulary: say it in the user's language
        words = ids.astype(str)
        if lang == "zh":
            return words.map(lambda w: VALUE_ZH.get(w, w)).astype(object)
        return words.str.replace("_", " ").astype(object)
    table = {
        "region": members.regions,
        "rep": members.reps,
        "customer": members.customers,
        "product": members.products,
    }.get(dim)
    if table is None:
        return pd.Series("", index=ids.index, dtype=object)
    return table["name"].reindex(ids.to_numpy()).fillna("").set_axis(ids.index).astype(object)


def _text_rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank among the values made text and sorted (TargetCheck's customer
    rows come sorted: then the rank is the position, and no sort is needed)."""
    text = values.astype(str)
    if (text[1:] > text[:-1]).all():
        return np.arange(len(text))
    return np.asarray(np.unique(text, return_inverse=True)[1]).ravel()


def _add_main_customers(out: pd.DataFrame, spans: Spans, members: Members, lang: Lang) -> None:
    """A rep's, region's, channel's or settlement's move is mostly a few customers'
    moves: name the two largest."""
    at = {(measure, dim): rows for measure, dim, rows in spans}
    read = ["reason", *_OWNERS.values()]
    for measure in HISTORY_COLUMN:
        rows = out.iloc[at[(measure, "customer")]]
        cards = members.customers[read].reindex(rows["member"].to_numpy())
        change = (rows["target"] - rows["last_year"]).to_numpy()
        # A customer that drops to no target says why (dormant, rep left…) where its
        # move is named, not only on its own row.
        reasons = cards["reason"].fillna("").to_numpy()
        said = {
            r: say("move_reason", lang, reason=say(str(r), lang))
            for r in set(reasons.tolist())
            if r
        }
        said[""] = ""
        who = rows["member"].to_numpy(dtype=object)
        size = np.abs(change)
        # The moving customers largest first, ties to the smaller customer id; each
        # owner's customers are then picked from this one order by a stable sort.
        moving = np.flatnonzero(size >= 0.5)
        by_size = moving[np.lexsort((_text_rank(who)[moving], -size[moving]))]
        for dim, key in _OWNERS.items():
            owner_code, owners = pd.factorize(cards[key])
            pick = by_size[owner_code[by_size] >= 0]
            order = pick[np.argsort(owner_code[pick], kind="stable")]
            group = owner_code[order]
            first = np.r_[True, group[1:] != group[:-1]] if len(order) else np.zeros(0, bool)
            starts = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
            top = order[np.arange(len(order)) - starts < 2]  # the two largest per owner
            owner_of = owners.to_numpy(dtype=object)[owner_code[top]].tolist()
            named: dict[object, list[str]] = {}
            for i, owner in zip(top.tolist(), owner_of, strict=True):
                move = f"{who[i]} {change[i]:+,.0f}{said[reasons[i]]}"
                named.setdefault(owner, []).append(move)
            text = pd.Series({o: joiner(lang).join(m) for o, m in named.items()}, dtype=object)
            found = out["member"].iloc[at[(measure, dim)]].map(text)
            has = found.notna()
            line = found[has].map(lambda m: say("main_customers", lang, moves=m))
            hit = found[has].index
            out.loc[hit, "growth_source"] = out.loc[hit, "growth_source"] + joiner(lang) + line


def target_check(
    history_by: dict[str, pd.DataFrame],
    grid: CellGrid,
    units: dict[str, np.ndarray],
    members: Members,
    settings: Settings,
    sources: Sources,
) -> pd.DataFrame:
    unit, year = settings.rounding_unit, members.year
    parts: list[pd.DataFrame] = []
    spans: Spans = []  # where each part's rows are in `out`
    parent_regions: set[object] = set()
    # Each pair column's members once for both measures (not a string group-by each).
    keyed = {col: grid.sorted_codes(col) for dim, col in DIMENSIONS.items() if dim != "month"}
    months = pd.Index(range(1, 13))
    dim_rows = {
        dim: _Rows(history_by[dim].index, months, months)
        if dim == "month"
        else _Rows(history_by[dim].index, pd.Index(keyed[col][1]), _master_members(members, dim))
        for dim, col in DIMENSIONS.items()
    }
    for measure, hist_col in HISTORY_COLUMN.items():
        per_pair = grid.by_pair(units[measure]).sum(axis=0) if grid.size else np.zeros(0)
        per_month = grid.by_pair(units[measure]).sum(axis=1) if grid.size else np.zeros(12)
        for dim, col in DIMENSIONS.items():
            last = history_by[dim][hist_col].to_numpy()
            if dim == "month":
                frame = dim_rows[dim].frame(last, per_month * unit)
            else:
                frame = dim_rows[dim].frame(last, _summed(per_pair * unit, *keyed[col]))
                if dim == "region":
                    frame, parent_regions = _rolled_up(frame, members)
            frame.insert(0, "dimension", dim)
            frame.insert(0, "measure", measure)
            frame["_total_ly"] = float(history_by["month"][hist_col].sum())
            frame["_total_tg"] = float(per_month.sum() * unit)
            start = spans[-1][2].stop if spans else 0
            spans.append((measure, dim, slice(start, start + len(frame))))
            parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    ly, tg = out["last_year"], out["target"]
    out["growth_pct"] = ((tg / ly.where(ly > 0) - 1) * 100).astype("float64")
    out["share_last_year"] = ly / out["_total_ly"].where(out["_total_ly"] > 0) * 100
    out["share_target"] = tg / out["_total_tg"].where(out["_total_tg"] > 0) * 100
    out["flag"], out["flag_code"] = _flags(out, settings)
    out["growth_source"] = growth_sources(out, spans, members, sources, settings.lang)
    is_parent = (out["dimension"] == "region") & out["member"].isin(list(parent_regions))
    if is_parent.any():
        rolled = say("parents_rolled_up", settings.lang)
        out.loc[is_parent, "growth_source"] = (
            rolled + joiner(settings.lang) + out.loc[is_parent, "growth_source"]
        )
    _add_main_customers(out, spans, members, settings.lang)
    out["member_name"] = _member_names(out["member"], spans, members, settings.lang)
    member = out["member"].to_numpy(dtype=object, copy=True)
    for _, dim, at in spans:
        if dim == "month":
            member[at] = [f"{year:04d}-{int(m):02d}" for m in member[at]]
    out["member"] = pd.Series(member, index=out.index, dtype=object).astype(str)
    return out[CHECK_COLUMNS]


def _member_names(member: pd.Series, spans: Spans, members: Members, lang: Lang) -> pd.Series:
    """Each row's member's name ("" for a month); a dimension's members are the same
    for both measures, so they are named once when they are."""
    names = np.full(len(member), "", dtype=object)
    said: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for _, dim, at in spans:
        if dim == "month":
            continue
        ids = member.iloc[at]
        known = said.get(dim)
        if known is None or not np.array_equal(known[0], ids.to_numpy(dtype=object)):
            named = _names(members, dim, ids, lang).to_numpy(dtype=object)
            known = said[dim] = (ids.to_numpy(dtype=object), named)
        names[at] = known[1]
    return pd.Series(names, index=member.index, dtype="str")
