"""Scores, totals, ranks, grades, bonuses and coaching points, worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.appraisal import appraise_reps, read_scheme
from addin.core.appraisal.bonus import bonus_columns, excel_round
from addin.core.appraisal.scoring import kpi_score, score_reps
from addin.core.issues import ROW
from tests.appraisal import example


def table(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(**{ROW: np.arange(2, len(frame) + 2)})


def scheme_of(rows, grades=None, rules=None, cuts=None):
    scheme, issues = read_scheme(
        table(pd.DataFrame(rows, columns=["kpi", "weight", "rule", "target", "cap"])),
        None if grades is None else table(pd.DataFrame(grades, columns=["grade", "min_score"])),
        None
        if rules is None
        else table(pd.DataFrame(rules, columns=["kind", "threshold_pct", "up_to_pct", "rate_pct"])),
        None
        if cuts is None
        else table(pd.DataFrame(cuts, columns=["violation", "points", "amount"])),
    )
    assert issues == [], issues
    assert scheme is not None
    return scheme


def values(**columns) -> pd.Series:
    return pd.Series(columns["v"], dtype=float)


def test_linear_is_capped_and_never_negative() -> None:
    v = pd.Series([50.0, 100.0, 130.0, -10.0, np.nan])
    assert kpi_score(v, "linear", 100, 120).tolist() == [50.0, 100.0, 120.0, 0.0, 0.0]


def test_threshold_is_all_or_nothing() -> None:
    v = pd.Series([0.0, 0.99, 1.0, 3.0, np.nan])
    assert kpi_score(v, "threshold", 1, 100).tolist() == [0, 0, 100, 100, 0]


def test_lower_better_divides_the_target_by_the_value() -> None:
    v = pd.Series([10.0, 5.0, 4.0, 0.0, np.nan])
    # 5/10 → 50; at target 100; 5/4 → 125 capped at 110; 0 → the cap; blank → 0
    assert kpi_score(v, "lower_better", 5, 110).tolist() == [50.0, 100.0, 110.0, 110.0, 0.0]


def card(**columns: list[float]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "rep_id": [f"R{i}" for i in range(1, n + 1)],
        "sales": [0.0] * n,
        "sales_target": [np.nan] * n,
        "collections": [0.0] * n,
        "collection_target": [np.nan] * n,
        "price_violations": [0.0] * n,
        "diversion_flags": [0.0] * n,
        "missing_report_days": [0.0] * n,
        "report_error_months": [0.0] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def test_total_rank_and_grade() -> None:
    scheme = scheme_of(
        [("sales_achievement", 60, "linear", 100, 120), ("visits_per_day", 40, "linear", 4, 100)],
        grades=[("A", 90), ("B", 75), ("C", 60)],
        cuts=[("diversion", 5, 0)],
    )
    kpis = card(
        sales_achievement=[110.0, 80.0, 80.0, 50.0, 200.0],
        visits_per_day=[4.0, 3.0, 3.0, 2.0, 1.0],
        sales_target=[100.0, 100.0, 100.0, 100.0, np.nan],
        diversion_flags=[1.0, 0.0, 0.0, 0.0, 0.0],
    )
    out = score_reps(kpis, scheme)
    # R1: 0.6×110 + 0.4×100 − 5 = 101;  R2, R3: 0.6×80 + 0.4×75 = 78;  R4: 30 + 20 = 50
    # R5 has no sales target: 0.6×120 + 0.4×25 = 82, listed but not ranked.
    assert out["total_score"].tolist() == [101.0, 78.0, 78.0, 50.0, 82.0]
    assert out["rank"].tolist() == [1, 2, 2, 4, pd.NA]  # ties share a rank
    assert out["grade"].tolist() == ["A", "B", "B", "", ""]  # 50 is below every band
    assert out["ranked"].tolist() == [True, True, True, True, False]
    assert out["not_ranked_because"].iloc[4] == "sales_target"  # the note says it in words


def test_a_grade_starts_at_its_min_score() -> None:
    scheme = scheme_of(
        [("visits_per_day", 100, "linear", 100, 100)], grades=[("B", 75), ("A", 90), ("D", 0)]
    )
    out = score_reps(card(visits_per_day=[90.0, 89.99, 75.0, 0.0]), scheme)
    assert out["grade"].tolist() == ["A", "B", "B", "D"]


def test_bonus_tiers_gate_and_deductions() -> None:
    scheme = scheme_of(
        [("visits_per_day", 100, "linear", 100, 100)],
        rules=[
            ("sales", 100, 120, 3),
            ("sales", 120, None, 5),
            ("collections", 100, None, 1),
            ("min_score", 60, None, None),
        ],
        cuts=[("price_below_floor", 2, 100)],
    )
    kpis = card(
        visits_per_day=[80.0, 80.0, 50.0, 80.0],
        sales=[1300.0, 1100.0, 1300.0, 1300.0],
        sales_target=[1000.0, 1000.0, 1000.0, np.nan],
        collections=[900.0, 1200.0, 0.0, 0.0],
        collection_target=[800.0, 800.0, 0.0, 0.0],
        price_violations=[1.0, 0.0, 0.0, 0.0],
    )
    total = score_reps(kpis, scheme)["total_score"]
    money = bonus_columns(kpis.assign(total_score=total, ranked=True), scheme)
    # R1: 3% of 1000..1200 = 6, 5% of 1200..1300 = 5, 1% of 900−800 = 1 → 12; less 100
    #     for one price violation → 0 (never negative).
    # R2: 3% of 100 = 3 (below the second tier), 1% of 400 = 4 → 7.
    # R3: total 50 < 60 → no bonus.  R4: no sales target → no sales bonus.
    assert money["gross_bonus"].tolist() == pytest.approx([12.0, 7.0, 0.0, 0.0])
    assert money["deduction_amount"].tolist() == [100.0, 0.0, 0.0, 0.0]
    assert money["bonus"].tolist() == [0.0, 7.0, 0.0, 0.0]
    assert total.tolist() == [78.0, 80.0, 50.0, 80.0]  # R1 lost 2 points for the violation


def test_coaching_points_are_the_two_costliest_kpis() -> None:
    scheme = scheme_of(
        [
            ("sales_achievement", 50, "linear", 100, 120),
            ("visits_per_day", 30, "linear", 4, 100),
            ("report_compliance", 20, "linear", 100, 100),
        ]
    )
    kpis = card(
        sales_achievement=[90.0, 120.0],
        visits_per_day=[2.0, 4.0],
        report_compliance=[100.0, 100.0],
        sales_target=[1.0, 1.0],
    )
    coach = score_reps(kpis, scheme)["coaching"].tolist()
    # R1 loses 50×10% = 5 points on sales and 30×50% = 15 on visits; nothing on reports.
    assert coach[0] == "Visits per day: 2.0 (target 4); Sales achievement: 90.0 (target 100)"
    assert coach[1] == ""  # nothing lost


def test_excel_round_rounds_half_away_from_zero_on_the_shown_decimals() -> None:
    assert excel_round(np.array([2.675, -2.5, 1.005, 0.125, 80.0]), 2).tolist() == [
        2.68,
        -2.5,
        1.01,
        0.13,
        80.0,
    ]
    assert excel_round(np.array([-2.5, 2.5]), 0).tolist() == [-3.0, 3.0]


def test_the_example_company_end_to_end() -> None:
    scheme = scheme_of(
        [
            ("sales_achievement", 50, "linear", 100, 120),
            ("collection_achievement", 30, "linear", 100, 120),
            ("teamwork", 20, "linear", 100, 100),
        ],
        grades=[("A", 90), ("B", 70), ("C", 0)],
        rules=[("sales", 80, None, 10)],
        cuts=[("diversion", 3, 20), ("missing_report", 0.5, 1)],
    )
    result = appraise_reps("2026-03", example.data(), scheme)
    card_ = result.scorecard.set_index("rep_id")
    # R1: 0.5×90 + 0.3×120 (125 capped) + 0.2×80 = 45 + 36 + 16 = 97; diversion −3,
    #     19 days without report × 0.5 = −9.5 → 84.5
    assert card_.loc["R1", "total_score"] == pytest.approx(84.5)
    assert card_.loc["R1", "grade"] == "B"
    # Bonus: 10% of sales above 80% of 200 = 10% × (180 − 160) = 2; less 20 + 19 → 0
    assert card_.loc["R1", "gross_bonus"] == pytest.approx(2.0)
    assert card_.loc["R1", "bonus"] == 0
    # R2: 0.5×87.5 + 0.3×120 + 0 (no qualitative scores) − 12 × 0.5 = 43.75 + 36 − 6
    assert card_.loc["R2", "total_score"] == pytest.approx(73.75)
    assert card_.loc["R2", "note"] == "joined 2026-03-16; prorated to 12/21 working days"
    # R4 has no targets: listed, not ranked.
    assert not card_.loc["R4", "ranked"] and card_["rank"].isna()["R4"]
    assert card_.loc["R4", "note"] == (
        "no sales target: not ranked; the Scheme pays no bonus when not ranked"
    )
    assert card_["rank"].dropna().tolist() == [1, 2]
    assert [i.code for i in result.issues if i.code == "qualitative_missing"] == [
        "qualitative_missing"
    ]


KPI_VALUES = st.lists(
    st.tuples(st.floats(0, 500), st.floats(0, 10), st.floats(0, 30)), min_size=1, max_size=12
)


@settings(max_examples=60, deadline=None)
@given(KPI_VALUES, st.integers(0, 100))
def test_scores_stay_within_their_caps_and_ranks_follow_totals(rows, weight) -> None:
    scheme = scheme_of(
        [
            ("sales_achievement", weight, "linear", 100, 120),
            ("visits_per_day", 100 - weight, "linear", 4, 110),
        ],
        grades=[("A", 90), ("B", 60), ("C", 0)],
        cuts=[("price_below_floor", 1, 0)],
    )
    kpis = card(
        sales_achievement=[r[0] for r in rows],
        visits_per_day=[r[1] for r in rows],
        price_violations=[float(int(r[2])) for r in rows],
        sales_target=[1.0] * len(rows),
    )
    out = score_reps(kpis, scheme)
    assert (out["sales_achievement_score"].between(0, 120)).all()
    assert (out["visits_per_day_score"].between(0, 110)).all()
    assert (out["total_score"].between(0, 120)).all()
    order = out.sort_values("total_score", ascending=False)
    assert order["rank"].is_monotonic_increasing
    assert (out["rank"] == 1).any()
    best = out["total_score"].max()
    assert set(out.loc[out["total_score"] == best, "rank"]) == {1}
