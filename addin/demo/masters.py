"""Regions, reps and products of the demo company.

The region tree is country → regions (华东, 华北 …) → areas (provinces), with ids like
"EAST" and "EAST-SH". A regional manager (a rep like any other, region_id = the region)
leads the area reps; bigger companies add a national director above the managers. Some
area reps left during the history; each was replaced by a new hire in the same area who
took over the leaver's customers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.demo.names import CATALOGUE, COUNTRY, OUR_BRANDS, REGION_POOL, person_names
from addin.demo.rand import Rng, id_width, make_ids
from addin.demo.sizes import Size


@dataclass(frozen=True)
class Areas:
    regions: pd.DataFrame  # the Regions table
    ids: np.ndarray  # area ids, e.g. "EAST-SH"
    region: np.ndarray  # index of each area's region (0 … regions-1)
    region_ids: np.ndarray  # region ids, e.g. "EAST"
    cities: tuple[tuple[str, ...], ...]  # cities of each area, for customer names


def build_regions(size: Size) -> Areas:
    rows: list[tuple[str, str, str | None]] = [(COUNTRY[0], COUNTRY[1], None)]
    area_rows: list[tuple[str, str, str | None]] = []
    area_region: list[int] = []
    cities: list[tuple[str, ...]] = []
    region_ids: list[str] = []
    for r, (rid, zh, en, areas) in enumerate(REGION_POOL[: size.regions]):
        rows.append((rid, f"{zh} {en}", COUNTRY[0]))
        region_ids.append(rid)
        for code, azh, aen, acities in areas[: size.areas_per_region]:
            area_rows.append((f"{rid}-{code}", f"{azh} {aen}", rid))
            area_region.append(r)
            cities.append(acities)
    frame = pd.DataFrame(rows + area_rows, columns=["region_id", "name", "parent_id"])
    return Areas(
        regions=frame,
        ids=np.array([a[0] for a in area_rows]),
        region=np.array(area_region, dtype=np.int64),
        region_ids=np.array(region_ids),
        cities=tuple(cities),
    )


@dataclass(frozen=True)
class Staff:
    reps: pd.DataFrame  # the Reps table, in rep_id order
    area: np.ndarray  # area index of each rep, -1 for managers and the director
    current: np.ndarray  # True for reps still employed at the cut-off
    manager_of_region: np.ndarray  # rep index of each region's manager
    predecessor: np.ndarray  # rep index of the leaver a new hire replaced, else -1
    handover: np.ndarray  # datetime64[D]: first day the new hire owns the customers


def _days(rng: Rng, first: dt.date, last: dt.date, n: int) -> np.ndarray:
    lo, hi = np.datetime64(first, "D"), np.datetime64(last, "D")
    return lo + rng.integers(0, int((hi - lo).astype(int)) + 1, n)


def build_reps(rng: Rng, size: Size, areas: Areas, year: int, cutoff: dt.date) -> Staff:
    """Director (optional), one manager per region, area reps, leavers and their successors."""
    n_regions = len(areas.region_ids)
    n_areas = len(areas.ids)
    n_field = max(size.reps - n_regions - int(size.director), n_areas)
    # Every area gets a rep; the rest follow uneven area potential.
    extra = rng.multinomial(n_field - n_areas, rng.dirichlet(np.full(n_areas, 4.0)))
    field_area = np.repeat(np.arange(n_areas), 1 + extra)
    history = dt.date(year - 2, 1, 1)

    kind = np.r_[np.full(int(size.director), 0), np.full(n_regions, 1), np.full(n_field, 2)].astype(
        np.int64
    )
    area = np.r_[np.full(int(size.director) + n_regions, -1), field_area]
    hire = np.r_[
        _days(rng, dt.date(year - 14, 1, 1), dt.date(year - 11, 12, 31), int(size.director)),
        _days(rng, dt.date(year - 11, 1, 1), dt.date(year - 5, 12, 31), n_regions),
        _days(rng, dt.date(year - 9, 1, 1), history - dt.timedelta(days=60), n_field),
    ]
    leave = np.full(len(kind), np.datetime64("NaT"), dtype="datetime64[D]")
    predecessor = np.full(len(kind), -1, dtype=np.int64)
    handover = np.full(len(kind), np.datetime64("NaT"), dtype="datetime64[D]")

    n_leave = min(size.leavers, n_field)
    if n_leave:
        leavers = int(size.director) + n_regions + rng.choice(n_field, n_leave, replace=False)
        left = _days(rng, dt.date(year - 2, 4, 1), cutoff - dt.timedelta(days=75), n_leave)
        leave[leavers] = left
        # The successor starts a few weeks before the leaver goes, for the handover.
        kind = np.r_[kind, np.full(n_leave, 2)]
        area = np.r_[area, area[leavers]]
        hire = np.r_[hire, left - rng.integers(7, 35, n_leave)]
        leave = np.r_[leave, np.full(n_leave, np.datetime64("NaT"), dtype="datetime64[D]")]
        predecessor = np.r_[predecessor, leavers]
        handover = np.r_[handover, left + 1]

    # Rep numbers are handed out in hiring order, as an HR system would.
    order = np.lexsort((np.arange(len(kind)), hire))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    ids = make_ids("R", rank + 1, id_width(len(order), 3))
    region_of = np.where(area >= 0, areas.region[np.maximum(area, 0)], -1)
    managers = np.flatnonzero(kind == 1)
    region_of[managers] = np.arange(n_regions)
    manager_of_region = managers
    director = np.flatnonzero(kind == 0)

    region_id = np.where(area >= 0, areas.ids[np.maximum(area, 0)], COUNTRY[0]).astype(object)
    region_id[managers] = areas.region_ids
    manager_id = np.full(len(kind), None, dtype=object)
    manager_id[kind == 2] = ids[manager_of_region[region_of[kind == 2]]]
    if len(director):
        manager_id[managers] = ids[director[0]]

    frame = pd.DataFrame(
        {
            "rep_id": ids,
            "name": person_names(rng, len(ids), pinyin=True),
            "region_id": region_id,
            "manager_id": manager_id,
            "hire_date": hire.astype("datetime64[ns]"),
            "leave_date": leave.astype("datetime64[ns]"),
        }
    )
    frame["rep_id"] = frame["rep_id"].astype(str)
    pred_rank = np.where(predecessor >= 0, rank[np.maximum(predecessor, 0)], -1)
    return Staff(
        reps=frame.iloc[order].reset_index(drop=True),
        area=area[order],
        current=np.isnat(leave)[order],
        manager_of_region=rank[manager_of_region],
        predecessor=pred_rank[order],
        handover=handover[order],
    )


@dataclass(frozen=True)
class Catalogue:
    products: pd.DataFrame  # the Products table
    popularity: np.ndarray  # relative demand of each product, for drawing sales lines


def _catalogue_combos(rng: Rng) -> pd.DataFrame:
    """Every (category, brand, item, pack) the company could make, with a list price."""
    rows: list[tuple[str, str, str, float]] = []
    for category, ((lo, hi), items) in CATALOGUE.items():
        for item, specs in items:
            base = lo + (hi - lo) * rng.random()
            rows += [(category, f"{item} {spec}", item, base * factor) for spec, factor in specs]
    packs = pd.DataFrame(rows, columns=["category", "generic", "item", "price"])
    combos = packs.loc[np.repeat(packs.index.to_numpy(), len(OUR_BRANDS))].reset_index(drop=True)
    combos["brand"] = np.tile(OUR_BRANDS, len(packs))
    return combos


def build_products(rng: Rng, n: int) -> Catalogue:
    """Products drawn from brand × item × pack, every category represented."""
    combos = _catalogue_combos(rng)
    perm = rng.permutation(len(combos))
    # First one product per category (so even 25 products span the range), then the rest.
    _, first_of = np.unique(combos["category"].to_numpy()[perm], return_index=True)
    lead = perm[np.sort(first_of)]
    rest = perm[~np.isin(perm, lead)]
    picked = combos.iloc[np.r_[lead, rest][: min(n, len(combos))]]
    price = picked["price"].to_numpy() * rng.uniform(0.9, 1.2, len(picked))
    price = np.clip(np.round(price * 2) / 2, 20.0, 800.0)
    frame = pd.DataFrame(
        {
            "category": picked["category"].to_numpy(),
            "name": (picked["brand"] + picked["generic"]).to_numpy(),
            "unit_price": price,
            "floor_price": np.round(price * rng.uniform(0.85, 0.92, len(picked)), 2),
            "unit_cost": np.round(price * rng.uniform(0.55, 0.75, len(picked)), 2),
        }
    )
    frame = frame.sort_values(["category", "name"], kind="stable").reset_index(drop=True)
    frame.insert(0, "product_id", make_ids("P", np.arange(1, len(frame) + 1), id_width(n, 4)))
    for column in ("product_id", "name", "category"):
        frame[column] = frame[column].astype(str)
    popularity = rng.lognormal(0.0, 1.0, len(frame))
    return Catalogue(products=frame[PRODUCT_COLUMNS], popularity=popularity)


PRODUCT_COLUMNS = ["product_id", "name", "category", "unit_price", "floor_price", "unit_cost"]
