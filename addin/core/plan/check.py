"""TargetCheck: last year against target for every member of every dimension.

`flag` holds text codes joined by ";":
- `growth_low` / `growth_high`: growth outside [growth_low_pct, growth_high_pct] (only
  where there is both history and a target: the two codes below cover the rest);
- `no_history`: a target without history; `no_target`: history without a target
  (a closed customer, a rep who left, a discontinued product, or a lock of 0);
- `share_shift`: the member's share of the total moved by more than share_shift_pct
  percentage points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.plan.grid import CellGrid
from addin.core.plan.keys import DIMENSIONS, HISTORY_COLUMN
from addin.core.plan.members import Members
from addin.core.settings import Settings

CHECK_COLUMNS = [
    "measure",
    "dimension",
    "member",
    "last_year",
    "target",
    "growth_pct",
    "share_last_year",
    "share_target",
    "flag",
]


def _master_members(members: Members, dimension: str) -> pd.Index:
    """Members that could carry a target this year, listed even when both numbers are 0."""
    if dimension == "region":
        return members.regions.index
    table = {"rep": members.reps, "customer": members.customers, "product": members.products}
    if dimension in table:
        frame = table[dimension]
        return frame.index[frame["reason"] == ""]
    return pd.Index([])


def _one(last_year: pd.Series, target: pd.Series, extra: pd.Index) -> pd.DataFrame:
    index = last_year.index.union(target.index).union(extra)
    frame = pd.DataFrame(
        {
            "last_year": last_year.reindex(index).fillna(0.0),
            "target": target.reindex(index).fillna(0.0),
        }
    )
    return frame.rename_axis("member").reset_index()


def _flags(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    ly, tg = frame["last_year"], frame["target"]
    both = (ly > 0) & (tg > 0)
    shift = (frame["share_target"] - frame["share_last_year"]).abs() > settings.share_shift_pct
    codes = {
        "growth_low": both & (frame["growth_pct"] < settings.growth_low_pct),
        "growth_high": both & (frame["growth_pct"] > settings.growth_high_pct),
        "no_history": (tg > 0) & (ly <= 0),
        "no_target": (ly > 0) & (tg <= 0),
        "share_shift": shift.fillna(False),
    }
    flag = np.full(len(frame), "", dtype=object)
    for code, mask in codes.items():
        hit = mask.to_numpy(dtype=bool)
        flag = flag + np.where((flag != "") & hit, ";", "") + np.where(hit, code, "")
    return pd.Series(flag, index=frame.index, dtype=object)


def target_check(
    history_by: dict[str, pd.DataFrame],
    grid: CellGrid,
    units: dict[str, np.ndarray],
    members: Members,
    settings: Settings,
) -> pd.DataFrame:
    unit, year = settings.rounding_unit, members.year
    parts: list[pd.DataFrame] = []
    for measure, hist_col in HISTORY_COLUMN.items():
        per_pair = grid.by_pair(units[measure]).sum(axis=0) if grid.size else np.zeros(0)
        per_month = grid.by_pair(units[measure]).sum(axis=1) if grid.size else np.zeros(12)
        for dim, col in DIMENSIONS.items():
            ly = history_by[dim][hist_col]
            if dim == "month":
                target = pd.Series(per_month * unit, index=range(1, 13))
                frame = _one(ly, target, pd.Index(range(1, 13)))
                frame["member"] = [f"{year:04d}-{int(m):02d}" for m in frame["member"]]
            else:
                target = pd.Series(per_pair * unit).groupby(grid.pairs[col].to_numpy()).sum()
                frame = _one(ly, target, _master_members(members, dim))
            frame.insert(0, "dimension", dim)
            frame.insert(0, "measure", measure)
            parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    ly, tg = out["last_year"], out["target"]
    out["growth_pct"] = ((tg / ly.where(ly > 0) - 1) * 100).astype("float64")
    totals = out.groupby(["measure", "dimension"])[["last_year", "target"]].transform("sum")
    out["share_last_year"] = ly / totals["last_year"].where(totals["last_year"] > 0) * 100
    out["share_target"] = tg / totals["target"].where(totals["target"] > 0) * 100
    out["flag"] = _flags(out, settings)
    out["member"] = out["member"].astype(str)
    return out[CHECK_COLUMNS]
