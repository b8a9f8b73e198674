"""Read Seasonality into month profiles: the company's, and any per region / category.

A Seasonality row may name a `region_id`, a product `category` and a `measure`; blank
means "any". Rows sharing the same (measure, region, category) are one profile of twelve
weights (like ERPNext's Monthly Distribution). The rows with all three blank (or measure
sales) are the company profile, which is also the month margin of the sales split; a
profile with measure `collections` and no region/category is the collections' month
margin. Each group is read by `seasonality_weights`, so a bad or missing month is
reported the same way in every profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.issues import Issue
from addin.core.plan.inputs import seasonality_weights
from addin.core.plan.keys import MEASURES, ids, lowered

#: (measure, region_id, category) of the company sales profile.
COMPANY = ("sales", "", "")


@dataclass(frozen=True, slots=True)
class SeasonProfiles:
    """Month weights per (measure, region_id, category); "" = any region / category."""

    weights: dict[tuple[str, str, str], np.ndarray] = field(default_factory=dict)
    #: Excel row per month of each profile (0 = no row)
    rows: dict[tuple[str, str, str], np.ndarray] = field(default_factory=dict)

    def company(self, measure: str) -> np.ndarray | None:
        return self.weights.get((measure, "", ""))

    def company_rows(self, measure: str) -> np.ndarray:
        return self.rows.get((measure, "", ""), np.zeros(12, dtype="int64"))

    def specific(self, measure: str) -> dict[tuple[str, str], np.ndarray]:
        """(region_id, category) → weights for the profiles narrower than the company."""
        return {
            (region, category): w
            for (m, region, category), w in self.weights.items()
            if m == measure and (region or category)
        }


def _keys(frame: pd.DataFrame) -> pd.DataFrame:
    def text(name: str) -> pd.Series:
        if name in frame.columns:
            return ids(frame[name])
        return pd.Series("", index=frame.index, dtype=object)

    measure = text("measure")
    mapped = lowered(measure).map(MEASURES)
    mapped = mapped.where(measure != "", "sales")
    return pd.DataFrame(
        {"measure": mapped, "region_id": text("region_id"), "category": text("category")}
    )


def season_profiles(
    frame: pd.DataFrame | None, year: int, sheet: str = "Seasonality"
) -> tuple[SeasonProfiles, list[Issue]]:
    """Every profile the Seasonality sheet gives, and the issues of its rows."""
    profiles = SeasonProfiles()
    if frame is None or frame.empty:
        return profiles, []
    keys = _keys(frame)
    # A measure outside its list is the reader's not_allowed (the column declares its
    # values); its rows make no profile.
    bad = keys["measure"].isna()
    issues: list[Issue] = []
    good = keys[~bad]
    for key, part in good.groupby(["measure", "region_id", "category"], sort=True):
        measure, region, category = (str(k) for k in key)
        weights, rows, found = seasonality_weights(frame.loc[part.index], year, sheet)
        issues += found
        if weights is not None:
            profiles.weights[(measure, region, category)] = weights / weights.sum()
            profiles.rows[(measure, region, category)] = rows
    return profiles, issues
