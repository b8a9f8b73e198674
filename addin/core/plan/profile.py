"""The IPF seed: each pair's annual amount spread over the plan months by a profile.

Last year's invoice dates are lumpy (a distributor that stocked up in March and June),
so they make poor monthly targets: a rep would get nothing in a month his customer
happened not to order. The seed of a cell is therefore

    annual(pair) × annualisation(customer) × profile(pair, month) × employed(rep, month)

- **annual**: the pair's last-year total (sales; collections for the collections split).
  The annual shares of the pairs are what IPF then keeps as close as it can, so annual
  targets per customer × product and every roll-up behave as before.
- **profile** (12 shares summing to 1), first that applies:
  1. the customer's own month pattern (all its products together) when it is stable:
     it bought in at least `Settings.own_pattern_min_months` months of last year. The
     pattern is averaged over each month and its two neighbours (December next to
     January), so one big order makes no peak month — the customer's season stays, its
     ordering rhythm does not; a month still empty takes the share of the profile
     below, then all is rescaled;
  2. a Seasonality profile for the pair's region AND product category, else for the
     category, else for the region;
  3. the company Seasonality; without one, the company's own monthly shares of last
     year (a smooth curve: the whole company, not one customer's invoices).
  Collections use a collections Seasonality profile where given, else the pair's sales
  profile shifted later by the customer's payment terms (`payment_terms_days` / 30,
  rounded, wrapping round the year: December's sales are next January's receipts).
- **annualisation**: a customer whose card says it started (`since`) during last year
  bought in fewer months; its total is scaled to twelve months and spread over the
  whole plan year by the profile of step 2–3 (its own pattern is not a year's pattern).
- **employed**: the share of each month the customer's rep is employed (`hire_date`,
  `leave_date` on Reps). A rep who joins on 1 April gets no January–March target: that
  share is NOT squeezed into his other months; it stays with the company month
  (Seasonality margin, or the company total without one) and IPF gives it to the other
  reps' customers of those months in proportion to their targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.plan.grid import MONTHS, CellGrid
from addin.core.plan.members import Members
from addin.core.plan.seasons import SeasonProfiles

_DAYS_PER_TERM_MONTH = 30


@dataclass(frozen=True, slots=True)
class MonthSeeds:
    seeds: dict[str, np.ndarray]  # measure → seed per cell (month-major, as the grid)
    #: per cell: profile × employed share, scaled to mean 1 over a full year. A class
    #: (a lock on a new customer) with no history is spread by this, not evenly.
    fill: np.ndarray
    own_pattern: np.ndarray  # per pair: the customer's own month pattern was kept
    annualised: np.ndarray  # per pair: the customer started last year (scaled up)


def _normalised(table: np.ndarray) -> np.ndarray:
    """Columns scaled to sum to 1 (a column of zeros becomes even twelfths)."""
    table = np.asarray(table, dtype="float64")
    total = table.sum(axis=0, keepdims=True)
    even = np.full_like(table, 1.0 / MONTHS)
    return np.divide(table, total, out=even, where=total > 0)


def employed_share(members: Members, rep_ids: np.ndarray) -> np.ndarray:
    """(12, n): share of each plan month the rep of each entry is employed."""
    year = members.year
    starts = pd.date_range(f"{year}-01-01", periods=MONTHS, freq="MS").to_numpy()
    ends = (pd.DatetimeIndex(starts) + pd.offsets.MonthEnd(0)).to_numpy()
    days = ((ends - starts) / np.timedelta64(1, "D") + 1).astype("float64")
    reps = members.reps.reindex(pd.Index(rep_ids).unique())  # hashed: no string sort
    hire = reps["hire_date"].to_numpy(dtype="datetime64[ns]")
    leave = reps["leave_date"].to_numpy(dtype="datetime64[ns]")
    hire = np.where(np.isnat(hire), starts[0], hire)
    leave = np.where(np.isnat(leave), ends[-1], leave)
    first = np.maximum(starts[:, None], hire[None, :])
    last = np.minimum(ends[:, None], leave[None, :])
    worked = (last - first) / np.timedelta64(1, "D") + 1
    share = np.clip(worked / days[:, None], 0.0, 1.0)
    position = pd.Index(reps.index).get_indexer(rep_ids)
    return share[:, position]


def _company_shape(profiles: SeasonProfiles, history: np.ndarray) -> np.ndarray:
    given = profiles.company("sales")
    if given is not None:
        return given
    return _normalised(history.sum(axis=1, keepdims=True))[:, 0]


def _profile_shapes(
    profiles: SeasonProfiles, measure: str, base: np.ndarray, region: np.ndarray, cat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(12, P) shapes with the narrower Seasonality profiles laid over `base`, and which
    pairs got one. Broader profiles first, so the narrowest wins."""
    shapes = base.copy()
    hit = np.zeros(base.shape[1], dtype=bool)
    specific = profiles.specific(measure)
    order = sorted(specific, key=lambda k: (bool(k[1]), bool(k[0])))  # region < cat < both
    for r, c in order:
        mask = ((region == r) | (r == "")) & ((cat == c) | (c == ""))
        shapes[:, mask] = specific[(r, c)][:, None]
        hit |= mask
    return shapes, hit


def month_seeds(
    grid: CellGrid,
    members: Members,
    profiles: SeasonProfiles,
    own_pattern_min_months: int,
    history_year: int | None,
) -> MonthSeeds:
    """The seed of every cell for both measures (see the module docstring)."""
    pairs = grid.pairs
    n = len(pairs)
    hist = {m: grid.by_pair(w) for m, w in grid.weights.items()}
    # Looked up once per distinct customer, product and rep, then spread to the pairs.
    cust_code, customers = grid.codes("customer_id")
    cards = members.customers[["since", "payment_terms_days"]].reindex(customers).iloc[cust_code]
    region = pairs["region_id"].to_numpy(dtype=object)
    prod_code, products = grid.codes("product_id")
    cat = members.products["category"].reindex(products).fillna("").to_numpy(object)[prod_code]

    company = _company_shape(profiles, hist["sales"])
    plain, _ = _profile_shapes(
        profiles, "sales", np.repeat(company[:, None], n, axis=1), region, cat
    )

    n_customers = int(cust_code.max(initial=-1)) + 1
    by_customer = np.array(
        [np.bincount(cust_code, weights=month, minlength=n_customers) for month in hist["sales"]]
    ).reshape(MONTHS, n_customers)
    bought = (by_customer > 0).sum(axis=0)[cust_code]
    since = pd.DatetimeIndex(cards["since"])
    started = (
        (since.year == history_year) & (since.month > 1)
        if history_year is not None
        else np.zeros(n, dtype=bool)
    )
    started = np.asarray(started, dtype=bool)
    own = (own_pattern_min_months > 0) & (bought >= own_pattern_min_months) & ~started
    # A stable customer may still have skipped a month or two; those months take the
    # profile's share, so its rep has a target in every month he works.
    smooth = (np.roll(by_customer, 1, axis=0) + by_customer + np.roll(by_customer, -1, axis=0)) / 3
    own_shape = _normalised(smooth)[:, cust_code]
    own_shape = _normalised(np.where(own_shape > 0, own_shape, plain))
    sales_shape = np.where(own[None, :], own_shape, plain)

    active_months = np.where(started, MONTHS - since.month.to_numpy() + 1, MONTHS)
    scale = MONTHS / np.clip(active_months, 1, MONTHS)
    rep_code, reps = grid.codes("rep_id")
    employed = employed_share(members, reps.to_numpy(dtype=object))[:, rep_code] if n else plain

    terms = pd.to_numeric(cards["payment_terms_days"], errors="coerce").fillna(0).to_numpy()
    lag = np.clip(np.rint(terms / _DAYS_PER_TERM_MONTH), 0, MONTHS - 1).astype("int64")
    rolled = np.arange(MONTHS)[:, None] - lag[None, :]
    rolled[rolled < 0] += MONTHS  # lag < 12: one wrap at most, without a division per cell
    collections_shape = np.take_along_axis(sales_shape, rolled, axis=0)
    given = profiles.company("collections")
    if given is not None:
        collections_shape[:] = given[:, None]
    collections_shape, _ = _profile_shapes(profiles, "collections", collections_shape, region, cat)

    seeds = {
        "sales": hist["sales"].sum(axis=0) * scale * sales_shape * employed,
        "collections": hist["collections"].sum(axis=0) * scale * collections_shape * employed,
    }
    return MonthSeeds(
        {m: s.ravel() for m, s in seeds.items()},
        (plain * MONTHS * employed).ravel(),
        own,
        started,
    )
