"""How big each demo company is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SizeName = Literal["small", "medium", "large"]


@dataclass(frozen=True)
class Size:
    regions: int
    areas_per_region: int  # capped by the areas each region has in the name pool
    reps: int  # reps employed at the cut-off, managers (and director) included
    leavers: int  # reps who left during the history, each replaced by a new hire
    customers: int
    products: int
    lines: int  # sales lines aimed at over the whole history (credit notes come on top)
    director: bool  # a national sales director above the regional managers


SIZES: dict[str, Size] = {
    "small": Size(3, 2, 9, 1, 60, 25, 4_000, False),
    "medium": Size(5, 3, 50, 3, 2_000, 300, 100_000, True),
    "large": Size(7, 99, 1_000, 60, 50_000, 2_000, 1_010_000, True),
}
