"""Locks: read them, find the cube cells each one covers, make cells for new members.

A lock row fixes the SUM of the cells that match all of its filled keys (rep, customer,
product, region, month) for one measure. Locks with the same set of filled keys form a
"family": they never overlap, so a family is one partition of the cells.

A lock on a member without history (a new customer, a new product) matches no cell, so
cells are made for it: the 12 months × the lock's customer (or "") × the lock's product
(or ""), placed under the customer's current rep and region, else the lock's own rep and
region. Product "" means "not split by product"; customer "" means "not yet assigned
to a customer". IPF cannot grow a cell from nothing, so such cells start with an even
weight and the lock's value is spread evenly over them (then reshaped by Seasonality).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows, show
from addin.core.plan.grid import MONTHS, CellGrid
from addin.core.plan.inputs import off_unit, rows_of, to_units
from addin.core.plan.keys import MEASURES, ids, lowered, parse_months
from addin.core.plan.members import Members
from addin.i18n import Msg
from addin.schema.names import ColumnName, SheetName

LOCK_KEYS = ("rep_id", "customer_id", "product_id", "region_id", "month")
_WHO = {"rep_id": "rep", "customer_id": "customer", "product_id": "product", "region_id": "region"}
_TABLE = {"rep_id": "Reps", "customer_id": "Customers", "product_id": "Products"}


@dataclass(frozen=True, slots=True)
class Family:
    """Locks with the same filled keys: `locks` index into the lock table; `classes` gives
    each cell the position in `locks` of the lock covering it, or -1."""

    keys: tuple[str, ...]
    locks: np.ndarray
    classes: np.ndarray


def _label(frame: pd.DataFrame, year: int) -> pd.Series:
    """ "sales of customer C1, 2026-03" — what a lock covers, for messages."""
    text = pd.Series("", index=frame.index, dtype=object)
    for key in LOCK_KEYS:
        if key == "month":
            part = (f"{year}-" + frame["month"].astype(str).str.zfill(2)).where(
                frame["month"] > 0, ""
            )
        else:
            part = (f"{_WHO[key]} " + frame[key].astype(str)).where(frame[key] != "", "")
        sep = np.where((text != "") & (part != ""), ", ", "")
        text = text + sep + part
    return (frame["measure"].astype(str) + " of " + text).astype(object)


def _check_members(
    data: pd.DataFrame, raw: pd.DataFrame, members: Members, ok: pd.Series, sheet: str
) -> tuple[pd.Series, list[Issue]]:
    """Unknown or no-target members, and keys that contradict the customer's card."""
    issues: list[Issue] = []
    tables = {
        "rep_id": members.reps,
        "customer_id": members.customers,
        "product_id": members.products,
    }
    shown = raw.assign(**{k: data[k] for k in _WHO})
    for key, table in tables.items():
        filled = ok & (data[key] != "")
        unknown = filled & ~data[key].isin(table.index)
        issues += issues_for_rows(
            shown,
            unknown,
            code=f"unknown_{_WHO[key]}",
            sheet=sheet,
            column=key,
            table=SheetName(_TABLE[key]),
            effect=Msg("effect.lock_ignored"),
        )
        reason = pd.Series(table["reason"].reindex(data[key]).fillna("").to_numpy(), data.index)
        ineligible = filled & ~unknown & (reason != "")
        issues += issues_for_rows(
            shown,
            ineligible,
            code="lock_ineligible",
            sheet=sheet,
            column=key,
        )
        ok = ok & ~unknown & ~ineligible
    regions = members.regions.index
    if regions.empty:
        regions = pd.Index(members.customers["region_id"]).union(members.reps["region_id"])
    bad_region = ok & (data["region_id"] != "") & ~data["region_id"].isin(regions)
    issues += issues_for_rows(
        shown,
        bad_region,
        code="unknown_region",
        sheet=sheet,
        column="region_id",
        table=SheetName("Regions"),
        effect=Msg("effect.lock_ignored"),
    )
    ok = ok & ~bad_region
    card = members.customers.reindex(data["customer_id"])
    for key in ("rep_id", "region_id"):
        theirs = card[key].fillna("").to_numpy()
        clash = ok & (data["customer_id"] != "") & (data[key] != "") & (data[key] != theirs)
        issues += issues_for_rows(
            shown,
            clash,
            code="lock_keys_disagree",
            sheet=sheet,
            column=key,
            name=ColumnName(key),
        )
        ok = ok & ~clash
    return ok, issues


def lock_rows(
    frame: pd.DataFrame | None, members: Members, unit: float, sheet: str = "Locks"
) -> tuple[pd.DataFrame, list[Issue]]:
    """Valid locks: measure, units, the five keys ("" / month 0 when blank), label, _row.

    The value column is `amount` (the workbook's name) or `value`.
    """
    cols = ["measure", "units", *LOCK_KEYS, "label", ROW]
    if frame is None or frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols}), []
    issues: list[Issue] = []
    value_col = "amount" if "amount" in frame.columns else "value"
    blank = pd.Series("", index=frame.index, dtype=object)
    raw = frame.assign(**{ROW: rows_of(frame)})
    data = pd.DataFrame(index=frame.index)
    for key in _WHO:
        data[key] = ids(frame[key]) if key in frame.columns else blank
    data["month"], bad_month = parse_months(frame.get("month", blank), members.year)
    data["measure"] = lowered(frame.get("measure", blank)).map(MEASURES)
    data["value"] = pd.to_numeric(frame.get(value_col, blank), errors="coerce")
    data[ROW] = raw[ROW]
    # A measure outside its list and an amount that is blank, not a number or below 0 are
    # the reader's issues at the cell (the columns declare them); such locks are left out.
    bad_measure = data["measure"].isna()
    issues += issues_for_rows(
        raw,
        bad_month,
        code="bad_month",
        sheet=sheet,
        column="month",
        month=Msg("phrase.month_of_year", year=members.year),
        effect=Msg("effect.lock_ignored"),
    )
    bad_value = data["value"].isna() | (data["value"] < 0)
    no_key = (data[list(_WHO)] == "").all(axis=1) & (data["month"] == 0) & ~bad_month
    issues += issues_for_rows(
        raw,
        no_key,
        code="lock_without_key",
        sheet=sheet,
        column="measure",
    )
    ok = ~bad_measure & ~bad_month & ~bad_value & ~no_key
    ok, member_issues = _check_members(data, raw, members, ok, sheet)
    issues += member_issues
    rounded = ok & off_unit(data["value"].fillna(0), unit)
    issues += issues_for_rows(
        raw,
        rounded,
        code="lock_rounded",
        sheet=sheet,
        column=value_col,
        unit=show(unit),
    )
    data["units"] = to_units(data["value"].fillna(0), unit)
    locks = data[ok]
    key_cols = ["measure", *LOCK_KEYS]
    later = locks.duplicated(key_cols, keep="first")
    first_units = locks.groupby(key_cols, sort=False)["units"].transform("first")
    differs = later & (first_units != locks["units"])
    shown = raw.loc[locks.index]
    issues += issues_for_rows(
        shown,
        differs,
        code="lock_conflict",
        sheet=sheet,
        column=value_col,
        lock=Msg("lock.this"),
        reason=Msg("lock.conflicts_earlier"),
    )
    issues += issues_for_rows(
        shown,
        later & ~differs,
        code="duplicate_lock",
        sheet=sheet,
        column=value_col,
        lock=Msg("lock.this"),
        reason=Msg("lock.repeats_earlier"),
    )
    locks = locks[~later].copy()
    locks["label"] = _label(locks, members.year)
    return locks[cols].reset_index(drop=True), issues


def families(locks: pd.DataFrame, grid: CellGrid) -> list[Family]:
    """Group locks by their filled keys and map every cell to the lock covering it."""
    if locks.empty:
        return []
    pair_codes: dict[str, np.ndarray] = {}
    lock_codes: dict[str, np.ndarray] = {}
    sizes: dict[str, int] = {}
    for key in LOCK_KEYS:
        if key == "month":
            lock_codes[key] = locks["month"].to_numpy(dtype="int64")
            sizes[key] = MONTHS + 1
            continue
        pair_codes[key], uniques = grid.codes(key, text=True)
        # A value no pair has gets a code of its own after the pairs' values.
        wanted = locks[key].astype(str)
        codes = uniques.get_indexer(pd.Index(wanted)).astype("int64")
        absent = codes < 0
        extra = pd.factorize(wanted[absent])[0]
        codes[absent] = len(uniques) + extra
        lock_codes[key] = codes
        sizes[key] = len(uniques) + int(extra.max(initial=-1)) + 1
    filled = np.column_stack(
        [(locks[k] != 0) if k == "month" else (locks[k] != "") for k in LOCK_KEYS]
    )
    out: list[Family] = []
    patterns, which = np.unique(filled, axis=0, return_inverse=True)
    which = np.asarray(which).ravel()
    for p, pattern in enumerate(patterns):
        keys = tuple(k for k, f in zip(LOCK_KEYS, pattern, strict=True) if f)
        members = np.flatnonzero(which == p)
        out.append(
            Family(keys, members, _classes(grid, keys, pair_codes, lock_codes, sizes, members))
        )
    return out


def _classes(
    grid: CellGrid,
    keys: tuple[str, ...],
    pair_codes: dict[str, np.ndarray],
    lock_codes: dict[str, np.ndarray],
    sizes: dict[str, int],
    members: np.ndarray,
) -> np.ndarray:
    """Each cell's position in `members` of the lock covering it, or -1. Locks without a
    month match whole pairs: they are matched once per pair, not once per cell."""
    per_pair = "month" not in keys
    item_key = np.zeros(len(grid.pairs) if per_pair else grid.size, dtype="int64")
    lock_key = np.zeros(len(members), dtype="int64")
    for key in keys:
        if key == "month":
            codes = grid.months()
        else:
            codes = pair_codes[key] if per_pair else grid.per_cell(pair_codes[key])
        item_key = item_key * sizes[key] + codes
        lock_key = lock_key * sizes[key] + lock_codes[key][members]
    classes = pd.Index(lock_key).get_indexer(pd.Index(item_key)).astype("int64")
    return grid.per_cell(classes) if per_pair else classes


def pairs_for_new_members(locks: pd.DataFrame, grid: CellGrid, members: Members) -> pd.DataFrame:
    """Customer × product pairs for locks that match no existing cell."""
    if locks.empty:
        return grid.pairs.iloc[0:0]
    covered = np.zeros(len(locks), dtype=bool)
    for _, one_measure in locks.groupby("measure"):  # keys are unique within a measure
        for fam in families(one_measure, grid):
            hit = np.bincount(fam.classes[fam.classes >= 0], minlength=len(fam.locks)) > 0
            covered[one_measure.index.to_numpy()[fam.locks]] = hit
    new = locks.loc[~covered, ["customer_id", "product_id", "rep_id", "region_id"]]
    if new.empty:
        return grid.pairs.iloc[0:0]
    card = members.customers.reindex(new["customer_id"])
    has_customer = (new["customer_id"] != "").to_numpy()
    rep_region = members.reps["region_id"].reindex(new["rep_id"]).fillna("").to_numpy()
    own_region = np.where(new["region_id"] != "", new["region_id"], rep_region)
    pairs = pd.DataFrame(
        {
            "region_id": np.where(has_customer, card["region_id"].fillna(""), own_region),
            "rep_id": np.where(has_customer, card["rep_id"].fillna(""), new["rep_id"]),
            "customer_id": new["customer_id"].to_numpy(),
            "product_id": new["product_id"].to_numpy(),
            "settlement_method": np.where(has_customer, card["settlement_method"].fillna(""), ""),
            "channel": np.where(has_customer, card["channel"].fillna(""), ""),
        }
    )
    return pairs.drop_duplicates(["customer_id", "product_id", "rep_id", "region_id"])
