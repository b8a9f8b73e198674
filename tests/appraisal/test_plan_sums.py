"""The plan as appraisal reads it: sums per rep and month, and employed days per month.

A TargetCube has a row per rep, month, customer and product; appraisal sums it once per
rep and month (integer keys) and prorates from the sums. These tests hold the sums to a
plain dictionary walk over messy random cubes (ids with spaces or typed as numbers,
blank reps and months, blank targets), the employed days to a count of each rep's
working days one by one, and the scorecard of a cube to the scorecard of its sums.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from addin.core.appraisal import (
    appraise_reps,
    default_bonus_rules,
    default_deductions,
    default_grades,
    default_scheme,
    read_scheme,
)
from addin.core.appraisal.kpis import appraisal_kpis
from addin.core.appraisal.targets import month_shares, plan_months, summed_plan
from addin.core.reports.calendar import rep_working_days
from tests.appraisal import example


def _id(rng: np.random.Generator, prefix: str) -> object:
    k = int(rng.integers(1, 6))
    pick = rng.random()
    if pick < 0.05:
        return None
    if pick < 0.15:
        return f" {prefix}{k} "
    if prefix == "" and pick < 0.3:
        return k  # rep 3 typed as a number, "3" elsewhere
    return f"{prefix}{k}"


def _month(rng: np.random.Generator) -> object:
    pick = rng.random()
    if pick < 0.04:
        return None
    month = f"{int(rng.choice([2025, 2026]))}-{int(rng.integers(1, 13)):02d}"
    return f" {month}" if pick < 0.1 else month


def _money(rng: np.random.Generator) -> float:
    return float("nan") if rng.random() < 0.2 else float(rng.integers(0, 10_000)) / 100


def _cube(seed: int, n: int = 600) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    prefix = "" if seed % 2 else "R"
    targets = pd.DataFrame(
        {
            "month": [_month(rng) for _ in range(n)],
            "rep_id": [_id(rng, prefix) for _ in range(n)],
            "customer_id": [f"C{i % 7}" for i in range(n)],
            "sales_target": [_money(rng) for _ in range(n)],
            "collection_target": [_money(rng) for _ in range(n)],
        }
    )
    budgets = pd.DataFrame(
        {
            "rep_id": [_id(rng, prefix) for _ in range(n // 10)],
            "month": [_month(rng) for _ in range(n // 10)],
            "expense_budget": [_money(rng) for _ in range(n // 10)],
        }
    )
    return targets, budgets


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _by_hand(frame: pd.DataFrame, column: str) -> dict[tuple[str, str], float]:
    """Sum per (rep, month) of the rows that have both; NaN when every value is blank."""
    out: dict[tuple[str, str], float] = {}
    for rep, month, value in zip(frame["rep_id"], frame["month"], frame[column], strict=True):
        key = (_clean(rep), _clean(month))
        if "" in key:
            continue
        seen = out.get(key, math.nan)
        if not math.isnan(value):
            seen = value if math.isnan(seen) else seen + value
        out[key] = seen
    return out


@pytest.mark.parametrize("seed", range(6))
def test_plan_sums_per_rep_and_month_match_a_walk_over_the_rows(seed: int) -> None:
    targets, budgets = _cube(seed)
    plan = plan_months(targets, budgets)
    expected = {
        "sales_target": _by_hand(targets, "sales_target"),
        "collection_target": _by_hand(targets, "collection_target"),
        "expense_budget": _by_hand(budgets, "expense_budget"),
    }
    keys = sorted(set().union(*(e.keys() for e in expected.values())))
    assert list(plan.index) == keys  # every rep × month of either table, in text order
    for column, sums in expected.items():
        for key in keys:
            got, want = plan.loc[key, column], sums.get(key, math.nan)
            assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want), (
                column,
                key,
            )


@pytest.mark.parametrize("seed", range(4))
def test_a_summed_plan_sums_to_itself(seed: int) -> None:
    targets, budgets = _cube(seed)
    once = summed_plan(targets, budgets)
    pd.testing.assert_frame_equal(
        plan_months(*once), plan_months(targets, budgets), check_exact=True
    )
    for again, first in zip(summed_plan(*once), once, strict=True):
        pd.testing.assert_frame_equal(again, first, check_exact=True)


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1", "2026"])
def test_employed_days_per_month_match_a_count_of_working_days(period: str) -> None:
    rng = np.random.default_rng(len(period))
    n = 40
    hired = pd.Timestamp("2025-06-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    left = hired + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    staff = pd.DataFrame(
        {
            "rep_id": [f"R{i:02d}" for i in range(n)],
            "hire_date": pd.Series(hired).where(rng.random(n) > 0.3),
            "leave_date": pd.Series(left).where(rng.random(n) > 0.5),
        }
    )
    settings = example.settings()
    shares = month_shares(staff, period, settings)
    days = rep_working_days(staff, period, settings)
    counted = days.groupby(["rep_id", days["date"].dt.strftime("%Y-%m")]).size()
    got = shares.set_index(["rep_id", "month"])["employed_days"]
    assert got.sum() == len(days)
    assert (got.reindex(counted.index) == counted).all()
    assert (got.drop(counted.index) == 0).all()
    months = shares.groupby("month")["month_days"].first()
    every = rep_working_days(staff.assign(hire_date=pd.NaT, leave_date=pd.NaT), period, settings)
    per_month = every.groupby(every["date"].dt.strftime("%Y-%m"))["rep_id"].size() / n
    assert (months == per_month.reindex(months.index, fill_value=0)).all()


@pytest.mark.parametrize("period", ["2026-03", "2026-Q1"])
def test_the_scorecard_of_a_cube_is_the_scorecard_of_its_sums(period: str) -> None:
    data = example.data()
    # The cube split further: each row in three (as customer rows of one rep × month).
    thirds = data.targets.assign(
        sales_target=data.targets["sales_target"] / 4,
        collection_target=data.targets["collection_target"] / 4,
    )
    halves = thirds.assign(
        sales_target=thirds["sales_target"] * 2,
        collection_target=thirds["collection_target"] * 2,
    )
    split = replace(data, targets=pd.concat([thirds, halves, thirds], ignore_index=True))
    summed = replace(data, targets=summed_plan(data.targets, data.budgets)[0])
    for left, right in ((data, summed), (split, data)):
        a, b = appraisal_kpis(period, left), appraisal_kpis(period, right)
        pd.testing.assert_frame_equal(a.current, b.current, check_exact=True)
        pd.testing.assert_frame_equal(a.prior, b.prior, check_exact=True)
    scheme, _ = read_scheme(
        default_scheme(), default_grades(), default_bonus_rules(), default_deductions()
    )
    assert scheme is not None
    card = appraise_reps(period, summed, scheme).scorecard
    pd.testing.assert_frame_equal(card, appraise_reps(period, data, scheme).scorecard)
