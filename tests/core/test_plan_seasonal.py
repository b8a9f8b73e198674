"""Monthly targets follow the seasonal profile, worked by hand on tiny companies.

Each test states the seeds (annual × profile × months employed) and the margins, and
the targets that IPF must reach; the numbers are chosen so the fit is exact in units of
25, so any difference is a rule broken, not rounding."""

from __future__ import annotations

import pandas as pd

from addin.core.issues import ROW
from addin.core.plan import history_cube, split_targets
from addin.core.plan.split import SplitResult
from addin.core.settings import Settings

YEAR = 2026
FLAT = [1.0] * 12


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame[ROW] = range(2, len(frame) + 2)
    return frame


def _split(
    customers: dict[str, dict],
    sales: dict[str, list[float]],
    targets: tuple[float, float],
    *,
    paid: dict[str, list[float]] | None = None,
    season: list[float] | None = None,
    hires: dict[str, str] | None = None,
    settings: Settings | None = None,
) -> SplitResult:
    """customers: id → card fields (rep_id required); sales / paid: id → 12 amounts of
    last year (product P1)."""
    hires = hires or {}
    reps = _frame(
        [
            {"rep_id": r, "name": f"Rep {r}", "region_id": "E", "hire_date": hires.get(r)}
            for r in sorted({c["rep_id"] for c in customers.values()})
        ]
    )
    cards = _frame(
        [
            {
                "customer_id": cid,
                "name": f"Shop {cid}",
                "region_id": "E",
                "status": "active",
                "channel": "traditional",
                "settlement_method": "credit",
                **card,
            }
            for cid, card in customers.items()
        ]
    )
    products = _frame([{"product_id": "P1", "name": "Tea", "category": "drinks"}])
    regions = _frame([{"region_id": "E", "name": "East"}])

    def lines(amounts: dict[str, list[float]]) -> pd.DataFrame:
        return _frame(
            [
                {
                    "date": pd.Timestamp(YEAR - 1, m + 1, 15),
                    "customer_id": c,
                    "product_id": "P1",
                    "rep_id": customers[c]["rep_id"],
                    "amount": v,
                }
                for c, months in amounts.items()
                for m, v in enumerate(months)
                if v
            ]
        )

    history = history_cube(lines(sales), lines(paid or sales), cards, reps, products, YEAR, regions)
    table = None
    if season is not None:
        table = _frame(
            [{"month": f"{YEAR}-{m + 1:02d}", "weight": w} for m, w in enumerate(season)]
        )
    return split_targets(
        history,
        _frame(
            [
                {"measure": "sales", "annual_target": targets[0]},
                {"measure": "collections", "annual_target": targets[1]},
            ]
        ),
        customers=cards,
        reps=reps,
        products=products,
        regions=regions,
        seasonality=table,
        settings=settings or Settings(year=YEAR, rounding_unit=25),
    )


def _months(result: SplitResult, customer: str, column: str = "sales_target") -> list[float]:
    cube = result.cube[result.cube["customer_id"] == customer]
    by_month = cube.groupby("month")[column].sum()
    return [float(by_month.get(f"{YEAR}-{m:02d}", 0.0)) for m in range(1, 13)]


def _rep_months(result: SplitResult, rep: str) -> list[float]:
    cube = result.cube[result.cube["rep_id"] == rep]
    by_month = cube.groupby("month")["sales_target"].sum()
    return [float(by_month.get(f"{YEAR}-{m:02d}", 0.0)) for m in range(1, 13)]


def test_lumpy_customers_follow_seasonality_and_every_month_gets_a_target() -> None:
    # C1 bought only in March and June (1,200), C2 only in January (2,400). Seasonality
    # 2,1,…,1,2 (sum 14) and 4,200 to split: each month is 300 × weight, shared 1:2 by
    # the customers' annual history — not by the months they happened to order in.
    lumpy = {
        "C1": [0, 0, 600, 0, 0, 600, 0, 0, 0, 0, 0, 0],
        "C2": [2400] + [0] * 11,
    }
    season = [2.0] + [1.0] * 10 + [2.0]
    result = _split(
        {"C1": {"rep_id": "R1"}, "C2": {"rep_id": "R1"}}, lumpy, (4200, 3600), season=season
    )
    assert _months(result, "C1") == [100.0 * w for w in season]
    assert _months(result, "C2") == [200.0 * w for w in season]
    assert _rep_months(result, "R1") == [300.0 * w for w in season]


def test_a_rep_hired_in_april_has_no_first_quarter_and_others_carry_it() -> None:
    # C1 (R1) and C3 (R2, hired 1 April) each bought 100 every month. Seeds: C1 100 a
    # month; C3 100 from April, 0 before. Flat Seasonality fixes every month at 350:
    # January–March go to C1 alone (350), later months are shared (175 each). R2's
    # first quarter is neither lost nor squeezed into his other months.
    flat = {"C1": [100.0] * 12, "C3": [100.0] * 12}
    result = _split(
        {"C1": {"rep_id": "R1"}, "C3": {"rep_id": "R2"}},
        flat,
        (4200, 2400),
        season=FLAT,
        hires={"R2": f"{YEAR}-04-01"},
    )
    assert _rep_months(result, "R2") == [0.0] * 3 + [175.0] * 9
    assert _rep_months(result, "R1") == [350.0] * 3 + [175.0] * 9
    assert sum(_rep_months(result, "R1")) + sum(_rep_months(result, "R2")) == 4200
    source = result.check.set_index(["measure", "dimension", "member"]).loc[
        ("sales", "rep", "R2"), "growth_source"
    ]
    assert "9 of 12 months" in source and "2026-04-01" in source


def test_a_stable_customer_keeps_its_own_pattern_when_the_setting_allows() -> None:
    # C1 bought every month (100 in Jan–Jun, 300 in Jul–Dec), C2 only in January
    # (1,200). Flat Seasonality fixes each month at 300.
    # C1's own pattern, averaged with each month's neighbours (×3): Jan 500, Feb–May
    # 300, Jun 500, Jul 700, Aug–Nov 900, Dec 700 (sum 7,200); its seed is 2,400 × that
    # / 7,200: 166⅔, 100, 166⅔, 233⅓, 300, 233⅓. C2's seed is 100 a month. Each month
    # is then scaled to 300: Jan 300 × 166⅔ / 266⅔ = 187.5 for C1 and 112.5 for C2 …
    history = {"C1": [100.0] * 6 + [300.0] * 6, "C2": [1200.0] + [0.0] * 11}
    cards = {"C1": {"rep_id": "R1"}, "C2": {"rep_id": "R1"}}
    half = Settings(year=YEAR, rounding_unit=0.5)
    kept = _split(cards, history, (3600, 3600), season=FLAT, settings=half)
    assert _months(kept, "C1") == [187.5] + [150.0] * 4 + [187.5, 210.0] + [225.0] * 4 + [210.0]
    assert _months(kept, "C2") == [112.5] + [150.0] * 4 + [112.5, 90.0] + [75.0] * 4 + [90.0]
    # Setting 0: C1 follows Seasonality like everyone (2,400 flat = 200 a month).
    flat = _split(
        cards,
        history,
        (3600, 3600),
        season=FLAT,
        settings=Settings(year=YEAR, rounding_unit=25, own_pattern_min_months=0),
    )
    assert _months(flat, "C1") == [200.0] * 12
    assert _months(flat, "C2") == [100.0] * 12


def test_a_customer_that_started_mid_year_is_annualised_over_the_whole_year() -> None:
    # C3 opened on 1 July and bought 100 a month: 600 in six months = 1,200 a year,
    # spread over all twelve plan months (flat Seasonality: 200 a month) like C1's 1,200.
    history = {"C1": [100.0] * 12, "C3": [0.0] * 6 + [100.0] * 6}
    cards = {"C1": {"rep_id": "R1"}, "C3": {"rep_id": "R1", "since": f"{YEAR - 1}-07-01"}}
    result = _split(cards, history, (2400, 2400), season=FLAT)
    assert _months(result, "C3") == [100.0] * 12
    assert _months(result, "C1") == [100.0] * 12
    source = result.check.set_index(["measure", "dimension", "member"]).loc[
        ("sales", "customer", "C3"), "growth_source"
    ]
    assert "started 2025-07" in source


def test_collections_follow_sales_shifted_by_payment_terms() -> None:
    # Seasonality puts double weight on January (2 + 11 × 1 = 13). With 60-day terms the
    # receipts of January's sales fall in March: the collections target peaks in March,
    # whatever the lumpy receipts of last year (all in December) looked like.
    season = [2.0] + [1.0] * 11
    result = _split(
        {"C1": {"rep_id": "R1", "payment_terms_days": 60}},
        {"C1": [650.0, 0, 0, 0, 0, 650.0, 0, 0, 0, 0, 0, 0]},
        (1300, 1300),
        paid={"C1": [0.0] * 11 + [1300.0]},
        season=season,
    )
    assert _months(result, "C1") == [100.0 * w for w in season]
    assert _months(result, "C1", "collection_target") == [100.0] * 2 + [200.0] + [100.0] * 9


def test_region_and_category_profiles_shape_their_own_cells() -> None:
    # One customer in region E buying drinks, 1,200 all in last December. Region E's
    # profile puts everything in the second half: 200 a month from July. A profile for
    # the category (narrower by product) wins over the region's: first half only.
    months = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    second_half = [0.0] * 6 + [1.0] * 6
    region = pd.DataFrame({"month": months, "weight": second_half, "region_id": "E"})
    region[ROW] = range(2, 14)
    result = split_with_table(region)
    assert _months(result, "C1") == [0.0] * 6 + [200.0] * 6
    category = pd.DataFrame({"month": months, "weight": second_half[::-1], "category": "drinks"})
    both = pd.concat([region, category], ignore_index=True)
    both[ROW] = range(2, 26)
    assert _months(split_with_table(both), "C1") == [200.0] * 6 + [0.0] * 6


def split_with_table(season: pd.DataFrame) -> SplitResult:
    cards = _frame(
        [
            {
                "customer_id": "C1",
                "name": "Shop",
                "region_id": "E",
                "rep_id": "R1",
                "status": "active",
                "channel": "traditional",
                "settlement_method": "credit",
            }
        ]
    )
    reps = _frame([{"rep_id": "R1", "name": "Ann", "region_id": "E"}])
    products = _frame([{"product_id": "P1", "name": "Tea", "category": "drinks"}])
    regions = _frame([{"region_id": "E", "name": "East"}])
    sales = _frame(
        [
            {
                "date": pd.Timestamp(YEAR - 1, 12, 15),
                "customer_id": "C1",
                "product_id": "P1",
                "rep_id": "R1",
                "amount": 1200.0,
            }
        ]
    )
    paid = sales[["date", "customer_id", "amount", ROW]]
    history = history_cube(sales, paid, cards, reps, products, YEAR, regions)
    return split_targets(
        history,
        _frame(
            [
                {"measure": "sales", "annual_target": 1200.0},
                {"measure": "collections", "annual_target": 1200.0},
            ]
        ),
        customers=cards,
        reps=reps,
        products=products,
        regions=regions,
        seasonality=season,
        settings=Settings(year=YEAR, rounding_unit=25),
    )


def test_a_stable_customer_that_skipped_january_still_has_a_january_target() -> None:
    # The demo's R002 case: his one customer bought in ten months (March–December).
    # It is stable, so it keeps its own season, but January and February are not 0.
    history = {"C1": [0.0, 0.0] + [100.0] * 10}
    result = _split({"C1": {"rep_id": "R1"}}, history, (1200, 1200), season=FLAT)
    months = _months(result, "C1")
    assert all(m > 0 for m in months) and sum(months) == 1200


def test_a_collections_profile_replaces_the_payment_terms_shift() -> None:
    # Sales follow the flat company profile; Seasonality rows with measure
    # "collections" put every receipt in the last quarter (the customer pays at year end).
    months = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    season = pd.DataFrame(
        {
            "month": months * 2,
            "weight": [1.0] * 12 + [0.0] * 9 + [1.0] * 3,
            "measure": ["sales"] * 12 + ["collections"] * 12,
        }
    )
    season[ROW] = range(2, 26)
    result = split_with_table(season)
    assert _months(result, "C1") == [100.0] * 12
    collected = _months(result, "C1", "collection_target")
    assert collected == [0.0] * 9 + [400.0] * 3
