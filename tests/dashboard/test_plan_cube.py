"""The plan's targets as pacing, the review card, the customer card and the monthly chart
read them, against plain pandas sums on the cube's cleaned text — on a cube typed the
way people type: ids with spaces or as numbers, months without their leading zero,
months outside the year or not months at all, blank targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from addin.core.dashboard import card as cards
from addin.core.dashboard import chart_data, pacing
from addin.core.dashboard.frames import Window
from addin.core.dashboard.pacing import SLICES
from addin.core.dashboard.plan import PlanCube, plan_sums
from addin.core.dashboard.review import customer_review
from addin.core.receivables.frames import numbers, text
from addin.core.reports.calendar import month_number
from addin.core.settings import Settings
from addin.io.ledger import Ledger
from addin.jobs.dashboard import PLAN_COLUMNS
from tests.dashboard import data

AS_OF = pd.Timestamp("2026-03-13")
MONTHS = ["2026-01", " 2026-02", "2026-3", "2026-03", "2025-12", "2027-01", None, "soon", "2026-13"]
REPS = ["R1", " R1", "R1 ", "R2", None, 7, "7", ""]
CUSTOMERS = ["C1", " C1", "C2 ", "C3", 3, None]


def messy_cube(seed: int, size: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(pool: list[object]) -> list[object]:
        return [pool[i] for i in rng.integers(0, len(pool), size)]

    target = rng.integers(0, 50, size) * 10.0 + rng.integers(0, 100, size) / 100
    target[rng.random(size) < 0.1] = np.nan
    return pd.DataFrame(
        {
            "month": pick(MONTHS),
            "region_id": pick(["NORTH-TJ", " EAST", "EAST", None]),
            "rep_id": pick(REPS),
            "customer_id": pick(CUSTOMERS),
            "product_id": pick(["P1", "P2 ", 1, "1"]),
            "sales_target": target,
            "collection_target": np.round(target * 0.9, 2),
        }
    )


def _reference_months(cube: pd.DataFrame) -> pd.Series:
    return month_number(cube["month"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pacing_targets_are_the_cube_summed_by_member(seed: int) -> None:
    cube = messy_cube(seed)
    nothing = pd.DataFrame({"member": [], "date": pd.to_datetime([]), "amount": []})
    actuals = {
        ("sales", "rep"): nothing,
        ("sales", "product"): nothing,
        ("collections", "company"): nothing,
    }
    table = pacing(cube, actuals, {"rep": data.REPS}, AS_OF, Settings())
    months = _reference_months(cube)
    in_year = (months >= 2026 * 12) & (months < 2027 * 12)
    for dimension, key, column in (
        ("rep", "rep_id", "sales_target"),
        ("product", "product_id", "sales_target"),
        ("company", None, "collection_target"),
    ):
        value = numbers(cube, column).fillna(0.0)[in_year]
        member = text(cube, key)[in_year] if key else pd.Series("total", index=value.index)
        annual = value.groupby(member).sum()
        nonzero = value.ne(0).groupby(member).any()
        annual = annual.loc[nonzero & (annual.index != "")]
        march = value.loc[months[in_year] == 2026 * 12 + 2].groupby(member).sum()
        before = value.loc[months[in_year] < 2026 * 12 + 2].groupby(member).sum()
        to_date = before.reindex(annual.index, fill_value=0.0) + march.reindex(
            annual.index, fill_value=0.0
        ) * (10 / 22)
        rows = table.loc[table["dimension"] == dimension].set_index("member")
        assert sorted(rows.index) == sorted(annual.index)
        assert rows["annual_target"].to_dict() == annual.round(2).to_dict()
        assert rows["target_to_date"].to_dict() == pytest.approx(to_date.round(2).to_dict())


@pytest.mark.parametrize("seed", [4, 5])
def test_review_and_card_targets_are_the_cube_summed_by_customer(seed: int) -> None:
    cube = messy_cube(seed)
    window = data.window()
    empty_sales = data.sales([])
    review = _review_without_sales(PlanCube(cube), window)
    # The review matches the month as written ("2026-3" is not the review's month).
    rows = cube.loc[text(cube, "month") == "2026-03"]
    want = numbers(rows, "sales_target").groupby(text(rows, "customer_id")).sum()
    got = review.set_index("customer_id")["target"]
    assert got.to_dict() == want.reindex(got.index).fillna(0.0).round(2).to_dict()

    months = _reference_months(cube)
    kept = cube.loc[(months >= 2025 * 12 + 3) & (months <= 2026 * 12 + 2)]
    keys = [text(kept, "customer_id"), months.loc[kept.index].astype("int64")]
    want_months = numbers(kept, "sales_target").groupby(keys).sum().round(2)
    want_months = want_months.loc[want_months != 0]
    table = cards.card_months(empty_sales, empty_sales, cube, window)
    got_months = {
        (c, int(m[:4]) * 12 + int(m[5:]) - 1): v
        for c, m, v in zip(table["customer_id"], table["month"], table["target"], strict=True)
    }
    assert got_months == want_months.to_dict()

    chart = chart_data.monthly_sales(empty_sales, cube, window)
    per_month = numbers(cube, "sales_target").groupby(months).sum()
    want_chart = per_month.reindex(np.arange(2026 * 12, 2027 * 12, dtype=float)).round(2)
    np.testing.assert_array_equal(chart["target"].to_numpy(), want_chart.to_numpy())


def _review_without_sales(targets: pd.DataFrame | PlanCube, window: Window) -> pd.DataFrame:
    """The review card from `targets` alone: no sales, payments, visits or ageing."""
    empty_sales = data.sales([])
    return customer_review(
        card=data.card(),
        sales=empty_sales,
        payments=empty_sales.loc[:, ["date", "customer_id", "amount", "mno"]],
        targets=targets,
        ageing=pd.DataFrame(),
        daily=data.daily([]),
        cheap_lines=pd.DataFrame({"customer_id": []}),
        diversion=pd.DataFrame({"customer_id": []}),
        classes=pd.Series(dtype=object),
        strategy=pd.Series(dtype=object),
        window=window,
    )


def _plan_tables(targets: pd.DataFrame | PlanCube, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """Every table the plan feeds, built from `targets` on no sales: pacing, the review
    card, the customer card's months and the monthly chart."""
    window = data.window(as_of=f"{as_of:%Y-%m-%d}")
    nothing = pd.DataFrame({"member": [], "date": pd.to_datetime([]), "amount": []})
    actuals = {(measure, dimension): nothing for measure, dimension, _ in SLICES}
    empty_sales = data.sales([])
    paid = empty_sales.loc[:, ["date", "customer_id", "amount", "mno"]]
    names = {"region": data.REGIONS, "rep": data.REPS, "product": data.PRODUCTS}
    review = _review_without_sales(targets, window)
    return {
        "pacing": pacing(targets, actuals, names, as_of, Settings()),
        "review": review,
        "months": cards.card_months(empty_sales, paid, targets, window),
        "chart": chart_data.monthly_sales(empty_sales, targets, window),
    }


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_the_summed_plan_gives_the_dashboard_of_the_cubes_rows(seed: int) -> None:
    """The job sums the plan once (per month, region, rep and customer; per month and
    product) and lets its rows go: every table the plan feeds is the same as from the
    rows, on a messy cube (ids as numbers, blanks, months as people type them)."""
    cube = messy_cube(seed, size=600)
    plan = plan_sums(cube)
    assert len(plan.customers) < len(cube) and len(plan.products) < len(cube)
    _same_tables(plan, cube)


@pytest.mark.parametrize("seed", [9, 10])
def test_the_ledgers_plan_summed_gives_the_dashboard_of_its_rows(tmp_path, seed: int) -> None:
    """As the job reads it: the plan stored in a real ledger, its rows read back."""
    cube = messy_cube(seed, size=600)
    budgets = pd.DataFrame(columns=["rep_id", "month", "expense_budget"])
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        ledger.replace_plan(2026, cube.astype({"product_id": str}), budgets, f"plan-{seed}")
        rows = ledger.targets(2026, columns=PLAN_COLUMNS)
    _same_tables(plan_sums(rows), rows)


def _same_tables(plan: PlanCube, rows: pd.DataFrame) -> None:
    for as_of in (AS_OF, pd.Timestamp("2026-12-31")):
        want = _plan_tables(rows, as_of)
        got = _plan_tables(plan, as_of)
        assert len(want["pacing"]) > 10 and want["review"]["target"].gt(0).any()
        for name, table in want.items():
            pd.testing.assert_frame_equal(got[name], table, obj=name)


def _card_months_by_multiindex(
    sales: pd.DataFrame, payments: pd.DataFrame, plan: pd.DataFrame, window: Window
) -> pd.DataFrame:
    """card_months as plain pandas: sums on a (customer, month) MultiIndex, aligned."""
    first, last = window.month_no - 11, window.month_no

    def summed(frame: pd.DataFrame, name: str) -> pd.Series:
        keep = (frame["mno"] >= first) & (frame["mno"] <= last) & (frame["date"] <= window.as_of)
        rows = frame.loc[keep, ["customer_id", "mno", "amount"]]
        return rows.groupby(["customer_id", "mno"])["amount"].sum().rename(name)

    months = month_number(plan["month"])
    kept = plan.loc[(months >= first) & (months <= last)]
    keys = [text(kept, "customer_id"), months.loc[kept.index].astype("int64")]
    target = numbers(kept, "sales_target").groupby(keys).sum().rename("target")
    parts = [summed(sales, "sales"), summed(payments, "collections"), target]
    table = pd.concat(parts, axis=1).fillna(0.0).round(2)
    table.index.names = ["customer_id", "mno"]
    table = table.loc[(table != 0).any(axis=1)].sort_index().reset_index()
    table.insert(1, "month", [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in table["mno"]])
    return table.loc[:, ["customer_id", "month", "sales", "collections", "target"]]


@pytest.mark.parametrize("seed", [11, 12])
def test_card_months_are_the_sums_by_customer_and_month(seed: int) -> None:
    """The customer card's months: each customer-month's sales, collections and target
    (with something in it), in customer then month order, as plain pandas sums them."""
    rng = np.random.default_rng(seed)
    size = 3000
    customers = np.array(["C10", "C2", "C1", "C3 ", "A9", "中"], dtype=object)
    day = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 500, size), "D")
    lines = pd.DataFrame(
        {
            "date": day,
            "customer_id": customers[rng.integers(0, len(customers), size)],
            "amount": np.round(rng.normal(300, 400, size), 2),
        }
    )
    lines["mno"] = lines["date"].dt.year * 12 + lines["date"].dt.month - 1
    paid = lines.sample(frac=0.5, random_state=seed).reset_index(drop=True)
    paid["amount"] = np.round(paid["amount"].abs() * 0.7, 2)
    cube = messy_cube(seed, size=800)
    window = data.window()
    got = cards.card_months(lines, paid, plan_sums(cube), window)
    want = _card_months_by_multiindex(lines, paid, cube, window)
    assert len(want) > 50
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
