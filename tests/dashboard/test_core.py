"""ABC classes, new and lost customers, pacing, the review card and market intel on
hand-made frames."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.dashboard import abc_classes, customer_moves, market_intel, pacing
from addin.core.dashboard.customers import purchase_span
from addin.core.dashboard.frames import competitor_frame, inspection_frame, payments_frame
from addin.core.dashboard.pacing import month_elapsed
from addin.core.dashboard.review import customer_review
from addin.core.settings import Settings
from tests.dashboard import data


def test_abc_on_a_hand_made_example() -> None:
    # Shares: 50, 25, 10, 8, 5, 2 (%). Before each: 0, 50, 75, 85, 93, 98.
    sales = pd.Series(
        [500.0, 250.0, 100.0, 80.0, 50.0, 20.0, 0.0, -30.0],
        index=["A1", "A2", "A3", "B1", "B2", "C1", "Z0", "ZN"],
    )
    table = abc_classes(sales, Settings(abc_a_pct=80, abc_b_pct=95))
    got = dict(zip(table["customer_id"], table["class"], strict=True))
    # A3 crosses the 80 % line (75 → 85) so it is still A; B2 crosses 95 (93 → 98).
    assert got == {
        "A1": "A",
        "A2": "A",
        "A3": "A",
        "B1": "B",
        "B2": "B",
        "C1": "C",
        "Z0": "C",
        "ZN": "C",
    }
    assert table["share_pct"].tolist()[:3] == [50.0, 25.0, 10.0]
    assert table["cum_pct"].iloc[5] == pytest.approx(100.0)
    assert table["rank"].tolist() == list(range(1, 9))


@hyp_settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30),
    st.floats(1, 99),
    st.floats(1, 99),
)
def test_abc_classes_are_ordered_by_sales(amounts: list[float], a: float, b: float) -> None:
    sales = pd.Series(amounts, index=[f"C{i:02d}" for i in range(len(amounts))])
    table = abc_classes(sales, Settings(abc_a_pct=min(a, b), abc_b_pct=max(a, b)))
    rank = table["class"].map({"A": 0, "B": 1, "C": 2}).to_numpy()
    assert (np.diff(rank) >= 0).all()  # never a B above an A, or a C above a B
    a_share = table.loc[table["class"] == "A", "share_pct"].sum()
    if table["sales"].sum() > 0:
        assert a_share >= min(a, b) - 0.01 or (table["class"] == "A").all()


def test_new_and_lost_customers_per_rep() -> None:
    sold = data.sales(
        [
            ("2025-07-10", "C1", "P1", "R1", 1, 100.0),  # a monthly buyer …
            ("2025-08-10", "C1", "P1", "R1", 1, 100.0),
            ("2025-09-10", "C1", "P1", "R1", 1, 100.0),  # … then silent: lost in 2026-03
            ("2026-03-02", "C2", "P1", "R2", 1, 100.0),  # first purchase: new in 2026-03
            ("2026-01-15", "C3", "P1", "R2", 1, 100.0),  # new in January (on C3's card: R1)
            ("2026-03-20", "C3", "P1", "R2", 1, -100.0),  # a credit note is no purchase
        ]
    )
    moves, by_rep = customer_moves(sold, data.card(), data.REPS, data.window(), Settings())
    got = {(r.customer_id, r.move, r.month) for r in moves.itertuples()}
    assert got == {("C1", "lost", "2026-03"), ("C2", "new", "2026-03"), ("C3", "new", "2026-01")}
    counts = by_rep.set_index("rep_id")
    assert counts.loc["R1", "lost_customers"] == 1 and counts.loc["R1", "new_ytd"] == 1
    assert counts.loc["R2", "new_customers"] == 1
    assert counts.loc["R1", "active_customers"] == 1  # C3, bought in January


def test_lost_waits_for_the_whole_gap() -> None:
    sold = data.sales([("2025-10-10", "C1", "P1", "R1", 1, 100.0)])
    moves, _ = customer_moves(sold, data.card(), data.REPS, data.window(), Settings())
    assert moves.empty  # 5 silent months are not yet 6


def test_a_skipped_month_is_not_a_loss() -> None:
    """A customer buying every second month is lost only when silent for longer than
    that; one buying every eight months only after nine silent months."""
    every_other = [(f"2025-{m:02d}-05", "C1", "P1", "R1", 1, 100.0) for m in (1, 3, 5, 7)]
    rare = [("2024-02-05", "C2", "P1", "R2", 1, 100.0), ("2024-10-05", "C2", "P1", "R2", 1, 1.0)]
    sold = data.sales([*every_other, *rare, ("2025-06-05", "C2", "P1", "R2", 1, 100.0)])
    moves, by_rep = customer_moves(sold, data.card(), data.REPS, data.window(), Settings())
    lost = {(r.customer_id, r.month, r.last_purchase) for r in moves.itertuples()}
    # C1 (gap 2, so 6 months count): last bought 2025-07, lost in 2026-01.
    # C2 (gap 8, so 9 months count): last bought 2025-06, lost in 2026-03.
    assert lost == {("C1", "2026-01", "2025-07"), ("C2", "2026-03", "2025-06")}
    counts = by_rep.set_index("rep_id")
    assert counts.loc["R2", "lost_customers"] == 1 and counts.loc["R1", "lost_customers"] == 0
    assert counts.loc["R1", "lost_ytd"] == 1
    # Won back in February, C1 is a customer again: not on the year's list of lost ones.
    later = data.sales([*every_other, ("2026-02-05", "C1", "P1", "R1", 1, 100.0)])
    moves, by_rep = customer_moves(later, data.card(), data.REPS, data.window(), Settings())
    assert "lost" not in set(moves["move"])
    assert by_rep.set_index("rep_id").loc["R1", "lost_ytd"] == 0


def test_a_loss_is_charged_to_the_rep_who_held_the_customer() -> None:
    """C1 is R1's on its card, but R2 sold to it last and was there through the silence."""
    sold = data.sales([(f"2025-{m:02d}-05", "C1", "P1", "R2", 1, 100.0) for m in (7, 8, 9)])
    _, by_rep = customer_moves(sold, data.card(), data.REPS, data.window(), Settings())
    assert by_rep.set_index("rep_id").loc["R2", "lost_customers"] == 1
    # Had R2 left in 2025-12, the customer's rep on the card (R1) held it since.
    gone = data.REPS.assign(leave_date=pd.to_datetime([pd.NaT, "2025-12-15"]))
    _, by_rep = customer_moves(sold, data.card(), gone, data.window(), Settings())
    assert by_rep.set_index("rep_id").loc["R1", "lost_customers"] == 1


def test_month_elapsed_counts_working_days() -> None:
    s = Settings()
    # March 2026 has 22 working days; the 13th (a Friday) is the 10th of them.
    assert month_elapsed(pd.Timestamp("2026-03-13"), s) == pytest.approx(10 / 22)
    assert month_elapsed(pd.Timestamp("2026-03-31"), s) == pytest.approx(1.0)


def _cube() -> pd.DataFrame:
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    weights = [1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]  # a heavy March
    return pd.DataFrame(
        {
            "month": months,
            "region_id": "NORTH-TJ",
            "rep_id": "R1",
            "customer_id": "C1",
            "product_id": "P1",
            "sales_target": [w * 1000.0 for w in weights],
            "collection_target": 0.0,
        }
    )


def test_pacing_weighs_the_year_by_the_plans_months() -> None:
    done = pd.DataFrame(
        {
            "member": ["R1", "R1"],
            "date": pd.to_datetime(["2026-01-10", "2026-03-10"]),
            "amount": [1000.0, 1000.0],
        }
    )
    as_of = pd.Timestamp("2026-03-13")
    table = pacing(_cube(), {("sales", "rep"): done}, {"rep": data.REPS}, as_of, Settings())
    row = table.iloc[0]
    expected = 1000 + 1000 + 2000 * 10 / 22
    assert row["target_to_date"] == pytest.approx(round(expected, 2))
    assert row["annual_target"] == 13000.0
    assert row["pace_pct"] == pytest.approx(round(2000 / expected * 100, 1))
    assert row["elapsed_pct"] == pytest.approx(round(expected / 13000 * 100, 1))
    assert row["status"] == "behind"


def test_pacing_without_a_plan_shows_actuals_only() -> None:
    done = pd.DataFrame(
        {"member": ["R1"], "date": pd.to_datetime(["2026-02-10"]), "amount": [500.0]}
    )
    table = pacing(
        None, {("sales", "rep"): done}, {"rep": data.REPS}, pd.Timestamp("2026-03-31"), Settings()
    )
    assert table["status"].tolist() == ["no plan"]
    assert table["actual_ytd"].tolist() == [500.0]
    assert table["target_to_date"].isna().all()


def test_review_card_figures() -> None:
    sold = data.sales(
        [
            ("2026-02-10", "C1", "P1", "R1", 10, 100.0),
            ("2026-03-05", "C1", "P1", "R1", 10, 85.0),  # below the floor price
            ("2026-03-06", "C1", "P1", "R1", 10, 100.0),
        ]
    )
    paid = payments_frame(
        pd.DataFrame(
            {"date": pd.to_datetime(["2026-03-20"]), "customer_id": ["C1"], "amount": [50.0]}
        )
    )
    days = data.daily(
        [("R1", "2026-03-03", "C1", "visit", 0.0), ("R1", "2026-03-04", "C1", "phone", 0.0)]
    )
    ageing = pd.DataFrame(
        {
            "customer_id": ["C1"],
            "total": [235.0],
            "overdue": [100.0],
            "credit_used_pct": [23.5],
            "over_limit": [False],
        }
    )
    cheap = sold.iloc[[1]]
    review = customer_review(
        card=data.card(),
        sales=sold,
        payments=paid,
        targets=None,
        ageing=ageing,
        daily=days,
        cheap_lines=cheap,
        diversion=pd.DataFrame({"customer_id": []}),
        classes=pd.Series({"C1": "A"}),
        strategy=pd.Series({"C1": "B"}),
        window=data.window(),
    )
    row = review.set_index("customer_id").loc["C1"]
    assert (row["sales"], row["collections"], row["visits"]) == (185.0, 50.0, 1)
    assert (row["outstanding"], row["overdue"], row["price_violations"]) == (235.0, 100.0, 1)
    assert (row["class"], row["strategy_class"]) == ("A", "B")
    assert np.isnan(row["target"])
    # sales 185 vs an average month of 100 → full 40; payment 25 × 135/235; credit 15;
    # conduct 20 − 10 for the price violation.
    assert row["score"] == pytest.approx(round(40 + 25 * 135 / 235 + 15 + 10, 1))
    assert set(review["customer_id"]) == {"C1", "C2", "C3"}


def test_market_intel_sets_competitors_beside_our_product() -> None:
    theirs = competitor_frame(
        pd.DataFrame(
            {
                "rep_id": ["R1", "R1"],
                "date": pd.to_datetime(["2026-03-03", "2026-03-20"]),
                "competitor": ["Rival", "Rival"],
                "product": ["Rival Soap 100g", "Rival Soap 100g"],
                "wholesale_price": [9.0, 11.0],
                "retail_price": [14.0, 16.0],
                "customer_id": ["C1", "C1"],
            }
        )
    )
    ours = inspection_frame(
        pd.DataFrame(
            {
                "rep_id": ["R1"],
                "date": pd.to_datetime(["2026-03-05"]),
                "customer_id": ["C3"],
                "product_id": ["P1"],
                "retail_price": [12.5],
                "territory_code": ["NORTH-TJ"],
            }
        )
    )
    table = market_intel(theirs, ours, data.card(), data.REPS, data.PRODUCTS)
    rival = table.loc[table["competitor"] == "Rival"].iloc[0]
    assert (rival["month"], rival["region_id"], rival["product_id"]) == (
        "2026-03",
        "NORTH-TJ",
        "P1",
    )
    assert (rival["observations"], rival["wholesale_price"], rival["retail_price"]) == (
        2,
        10.0,
        15.0,
    )
    assert rival["wholesale_index"] == 100.0  # 10.00 against our unit price 10.00
    assert rival["retail_gap_pct"] == pytest.approx(20.0)  # 15.00 against 12.50 on our shelf
    assert table.loc[table["competitor"] == "own", "retail_price"].tolist() == [12.5]


def test_review_window_defaults_to_the_last_day_with_data() -> None:
    from addin.core.dashboard import DashboardInputs, review_window

    sold = data.lines([("2026-03-18", "C1", "P1", "R1", 1, 10.0)])
    inputs = DashboardInputs(
        settings=Settings(),
        regions=data.REGIONS,
        reps=data.REPS,
        products=data.PRODUCTS,
        customers=data.CUSTOMERS,
        strategy=pd.DataFrame(),
        sales_lines=sold,
        payments=pd.DataFrame({"date": pd.to_datetime(["2026-03-20"])}),
    )
    latest = review_window(inputs, today=dt.date(2026, 11, 28))
    assert (latest.month, latest.as_of) == ("2026-03", pd.Timestamp("2026-03-20"))
    feb = review_window(inputs, month="2026-02")
    assert (feb.month, feb.as_of) == ("2026-02", pd.Timestamp("2026-02-28"))
    given = review_window(inputs, as_of=dt.date(2026, 1, 15))
    assert (given.month, given.as_of) == ("2026-01", pd.Timestamp("2026-01-15"))


@pytest.mark.parametrize("seed", [11, 12])
def test_purchase_span_is_the_sorted_lines_grouped(seed: int) -> None:
    # Reference: sort by customer and day (ties keep their order), then per customer the
    # first and last month bought and the rep of the last line.
    rng = np.random.default_rng(seed)
    size = 300
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 500, size), unit="D")
    sold = data.sales(
        [
            (
                str(day.date()),
                f"C{rng.integers(0, 25)}",
                "P1",
                f"R{rng.integers(0, 4)}",
                1.0,
                float(rng.choice([-50.0, 0.0, 100.0, 250.0])),
            )
            for day in days
        ]
    )
    window = data.window("2026-03", "2026-03-31")
    got = purchase_span(sold, window)
    bought = sold.loc[(sold["amount"] > 0) & (sold["mno"] <= window.month_no)]
    want = (
        bought.sort_values(["customer_id", "date"], kind="stable")
        .groupby("customer_id", sort=True)
        .agg(first=("mno", "min"), last=("mno", "max"), last_rep=("rep_id", "last"))
    )
    pd.testing.assert_frame_equal(got, want)
