"""Fair appraisal periods, worked by hand on the example company (see `example`).

Q1 2026 has 22 + 20 + 21 working days (the holiday on Mon 9 March). Reports began in
February: the first rep workbook in the ledger is for 2026-02. So:
- R1, employed all along: owes reports for February and March only (20 + 21 = 41 days),
  reported every February day and the first 10 March days: 30 of 41, 11 missing. His
  March workbook came with errors (partial): one month handed in with errors. Counting
  January as owed would have made it 33 missing days of 63.
- R2 joined Mon 16 March: owes the 12 days since; reported all 12.
- R3 left Fri 20 February: owes February's 15 days; his February workbook was rejected
  outright (nothing counted). Handed in, with errors: 0 missing, 1 month with errors.
- R4, employed all along, never sent a workbook: 41 missing days (not 63).
"""

from __future__ import annotations

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
from addin.core.reports.calendar import working_days
from tests.appraisal import example

QUARTER = "2026-Q1"


def _days(month: str) -> list[pd.Timestamp]:
    return list(working_days(month, example.settings()))


def _daily(rep: str, period: str, days: list[pd.Timestamp]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep_id": rep,
            "period": period,
            "date": days,
            "customer_id": "C1",
            "start_time": pd.Timestamp("2026-01-01 09:00").time(),
            "end_time": pd.Timestamp("2026-01-01 09:40").time(),
            "visit_type": "visit",
            "order_amount": 0.0,
            "collection_amount": 0.0,
            "expense_amount": 10.0,
        }
    )


def quarter_data(**changes: object) -> example.AppraisalData:
    r2_days = [d for d in _days("2026-03") if d >= pd.Timestamp("2026-03-16")]
    daily = pd.concat(
        [
            _daily("R1", "2026-02", _days("2026-02")),
            _daily("R1", "2026-03", _days("2026-03")[:10]),
            _daily("R2", "2026-03", r2_days),
        ],
        ignore_index=True,
    )
    submissions = pd.DataFrame(
        {
            "submission_id": [1, 2, 3, 4],
            "rep_id": ["R1", "R3", "R1", "R2"],
            "period": ["2026-02", "2026-02", "2026-03", "2026-03"],
            "status": ["accepted", "rejected", "partial", "accepted"],
        }
    )
    january = (
        example.sales_lines()
        .iloc[[0]]
        .assign(invoice_id="J1", date=pd.Timestamp("2026-01-15"), customer_id="C1", amount=200.0)
    )
    months = ["2026-01", "2026-02", "2026-03"]
    base = {
        "daily": daily.assign(_row=np.arange(2, len(daily) + 2)),
        "routes": example.routes().iloc[:0],
        "forecasts": example.forecasts().iloc[:0],
        "submissions": submissions,
        "sales": pd.concat([example.sales_lines(), january], ignore_index=True),
        "targets": pd.DataFrame(
            {
                "month": months,
                "rep_id": "R1",
                "customer_id": "C1",
                "sales_target": [200.0, 100.0, 200.0],
                "collection_target": [100.0, 100.0, 100.0],
            }
        ),
        "budgets": pd.DataFrame({"rep_id": "R1", "month": months, "expense_budget": 100.0}),
    }
    base.update(changes)
    return example.data(**base)


@pytest.fixture(scope="module")
def q1() -> pd.DataFrame:
    return appraisal_kpis(QUARTER, quarter_data()).current.set_index("rep_id")


def test_the_calendar_the_example_is_worked_on() -> None:
    assert [len(_days(m)) for m in ("2026-01", "2026-02", "2026-03")] == [22, 20, 21]


def test_reports_are_owed_only_since_they_began(q1) -> None:
    want = {
        # rep: employed days, owed days, reported, missing, months with errors
        "R1": (63, 41, 30, 11, 1),
        "R2": (12, 12, 12, 0, 0),
        "R3": (37, 15, 0, 0, 1),
        "R4": (63, 41, 0, 41, 0),
    }
    for rep, (employed, owed, reported, missing, errors) in want.items():
        row = q1.loc[rep]
        assert row["working_days"] == employed, rep
        assert row["report_working_days"] == owed, rep
        assert row["missing_report_days"] == missing, rep
        assert row["report_error_months"] == errors, rep
        assert row["report_compliance"] == pytest.approx(100 * reported / owed), rep
    assert (q1["reports_from"] == pd.Timestamp("2026-02-01")).all()


def test_results_count_the_whole_quarter_and_costs_the_reported_part(q1) -> None:
    r1 = q1.loc["R1"]
    # Sales: 200 (January) + 120 (February) + 100 + 70 − 20 + 30 (March) = 500 of 500.
    assert r1["sales"] == pytest.approx(500.0)
    assert r1["sales_achievement"] == pytest.approx(100.0)
    # Costs were reported on 30 days × 10 = 300, against the budget and the sales of
    # February and March only (200 and 300), not the whole quarter's.
    assert r1["selling_cost"] == pytest.approx(300.0)
    assert r1["expense_budget"] == pytest.approx(200.0)
    assert r1["budget_use_pct"] == pytest.approx(150.0)
    assert r1["selling_cost_pct"] == pytest.approx(100.0)


def test_the_scorecard_says_when_reports_began() -> None:
    scheme, issues = read_scheme(
        default_scheme(), default_grades(), default_bonus_rules(), default_deductions()
    )
    assert scheme is not None, issues
    card = appraise_reps(QUARTER, quarter_data(), scheme).scorecard.set_index("rep_id")
    assert "reports began 2026-02: activity over 41/63 working days" in card.loc["R1", "note"]
    assert "reports began" not in card.loc["R2", "note"]  # he joined after they began
    zh = appraise_reps(QUARTER, quarter_data(), scheme, "zh").scorecard.set_index("rep_id")
    assert "日报自 2026-02 起：活动指标按 41/63 个工作日" in zh.loc["R1", "note"]


def test_a_company_without_reports_owes_none() -> None:
    nothing = quarter_data(
        daily=example.daily().iloc[:0], submissions=quarter_data().submissions.iloc[:0]
    )
    q1 = appraisal_kpis(QUARTER, nothing).current.set_index("rep_id")
    assert (q1["missing_report_days"] == 0).all()
    assert q1["report_compliance"].isna().all()


def _scheme(bonus_rules: pd.DataFrame | None = None) -> example.AppraisalData:
    scheme, issues = read_scheme(
        default_scheme(),
        default_grades(),
        default_bonus_rules() if bonus_rules is None else bonus_rules,
        default_deductions(),
    )
    assert scheme is not None, issues
    return scheme


def test_an_achievement_against_a_too_small_target_scores_at_most_100() -> None:
    """R1's March target is 50 in a year whose months average (1,000 + 1,000 + 50) / 3 =
    683: under 10 % of it. His March sales of 180 (360 %) are shown, and score 100, not
    the scheme's cap of 120. The collection target of 1,000 is an ordinary one."""
    targets = pd.DataFrame(
        {
            "month": ["2026-01", "2026-02", "2026-03"],
            "rep_id": "R1",
            "customer_id": "C1",
            "sales_target": [1000.0, 1000.0, 50.0],
            "collection_target": [1000.0, 1000.0, 1000.0],
        }
    )
    data = quarter_data(targets=targets)
    card = appraise_reps("2026-03", data, _scheme()).scorecard.set_index("rep_id")
    r1 = card.loc["R1"]
    assert r1["sales_achievement"] == pytest.approx(360.0)
    assert r1["sales_target_small"] and not r1["collection_target_small"]
    assert r1["sales_achievement_score"] == pytest.approx(100.0)
    assert "sales target 50 is under 10 % of an average month (683)" in r1["note"]
    # The setting decides: at 5 % the target of 50 is ordinary and scores the cap.
    looser = quarter_data(
        targets=targets, settings=example.settings().model_copy(update={"small_target_pct": 5.0})
    )
    card = appraise_reps("2026-03", looser, _scheme()).scorecard.set_index("rep_id")
    assert card.loc["R1", "sales_achievement_score"] == pytest.approx(120.0)
    zh = appraise_reps("2026-03", data, _scheme(), "zh").scorecard.set_index("rep_id")
    assert "销售目标 50 低于月均目标（683）的 10%" in zh.loc["R1", "note"]


def test_an_unranked_rep_is_paid_what_the_scheme_says() -> None:
    """R1 has a sales target (100 in March) but no collection target: not ranked. His
    March sales of 180 earn 3 % × 20 + 5 % × 60 = 3.60 in tiers; the default Scheme pays
    an unranked rep none of it, a Scheme with `unranked 50` half."""
    targets = pd.DataFrame(
        {
            "month": ["2026-03", "2026-03"],
            "rep_id": ["R1", "R2"],
            "customer_id": ["C1", "C3"],
            "sales_target": [100.0, 300.0],
            "collection_target": [0.0, 200.0],
        }
    )
    data = quarter_data(targets=targets)
    rules = default_bonus_rules()
    rules.loc[rules["kind"] == "min_score", "threshold_pct"] = 0.0  # no score gate here
    none = appraise_reps("2026-03", data, _scheme(rules)).scorecard.set_index("rep_id")
    assert not none.loc["R1", "ranked"]
    assert none.loc["R1", "bonus"] == 0
    assert "the Scheme pays no bonus when not ranked" in none.loc["R1", "note"]
    rules.loc[rules["kind"] == "unranked", "rate_pct"] = 50.0
    half = appraise_reps("2026-03", data, _scheme(rules)).scorecard.set_index("rep_id")
    assert half.loc["R1", "gross_bonus"] == pytest.approx(1.80)
    assert "the Scheme pays 50 % of the bonus when not ranked" in half.loc["R1", "note"]
    assert half.loc["R2", "ranked"]
    assert "when not ranked" not in half.loc["R2", "note"]  # said only where it applies


def test_the_unranked_rule_is_checked() -> None:
    rules = pd.concat(
        [default_bonus_rules(), pd.DataFrame({"kind": ["unranked"], "rate_pct": [150.0]})],
        ignore_index=True,
    )
    scheme, issues = read_scheme(default_scheme(), default_grades(), rules, default_deductions())
    assert scheme is None
    assert {(i.code, i.column) for i in issues} == {
        ("bad_tier", "rate_pct"),
        ("duplicate_unranked", "kind"),
    }
