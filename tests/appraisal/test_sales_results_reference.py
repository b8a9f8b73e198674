"""Result KPIs grouped on integer codes agree with a walk over the lines.

Random invoice lines with credit notes, blank customers and reps, ids with stray spaces
and lines below the floor price; the reference adds them up line by line per rep, as a
manager would with a calculator.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from addin.core.appraisal.results import sales_frame, sales_results
from addin.core.reports.codes import code_ids

PRODUCTS = pd.DataFrame(
    {"product_id": ["P1", "P2"], "floor_price": [8.0, 20.0], "unit_cost": [5.0, 12.0]}
)


def _lines(seed: int, n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def pick(prefix: str, k: int) -> list[object]:
        out: list[object] = []
        for _ in range(n):
            r = rng.random()
            i = int(rng.integers(1, k + 1))
            out.append(None if r < 0.05 else f" {prefix}{i}" if r < 0.15 else f"{prefix}{i}")
        return out

    qty = rng.integers(-3, 10, n).astype(float)
    return pd.DataFrame(
        {
            "rep_id": pick("R", 4),
            "customer_id": pick("C", 9),
            "product_id": [f"P{int(i)}" for i in rng.integers(1, 3, n)],
            "date": pd.Timestamp("2026-02-20") + pd.to_timedelta(rng.integers(0, 50, n), "D"),
            "qty": qty,
            "amount": np.round(qty * rng.uniform(6, 25, n), 2),
            "cost": np.where(rng.random(n) < 0.2, np.nan, np.round(qty * 5.0, 2)),
        }
    )


def _by_hand(sales: pd.DataFrame, first: str, last: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    bought: dict[tuple[str, str], float] = defaultdict(float)
    for line in sales.itertuples():
        if not (pd.Timestamp(first) <= line.date <= pd.Timestamp(last)):
            continue
        row = out[line.rep_id]
        row["sales"] += line.amount
        row["gross_profit"] += line.amount - line.cost
        floor = line.floor_price
        if line.qty > 0 and line.amount > 0 and not math.isnan(floor):
            row["price_violations"] += line.amount < floor * line.qty - 0.005
        bought[(line.rep_id, line.customer_id)] += line.amount
    for (rep, _), total in bought.items():
        out[rep]["active_customers"] += total > 0
    return out


@pytest.mark.parametrize("seed", range(5))
def test_sales_results_match_a_walk_over_the_lines(seed: int) -> None:
    sales = sales_frame(_lines(seed), PRODUCTS)
    (keyed,) = code_ids([sales])
    expected = _by_hand(sales, "2026-03-01", "2026-03-31")
    for table in (sales, keyed):  # ids as text, or as `code_ids` holds them
        got = sales_results(table, "2026-03")
        assert sorted(got.index) == sorted(expected)  # a blank rep is a rep "" here
        for rep, row in expected.items():
            for column in ("sales", "gross_profit"):
                assert got.loc[rep, column] == pytest.approx(row[column])
            for column in ("price_violations", "active_customers"):
                assert got.loc[rep, column] == row[column], (rep, column)
        pd.testing.assert_frame_equal(got, sales_results(sales, "2026-03"), check_exact=True)
