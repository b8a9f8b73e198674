"""Checking the scheme tables: every problem is an issue on its cell, and no result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from addin.core.appraisal import (
    default_bonus_rules,
    default_deductions,
    default_grades,
    default_scheme,
    read_scheme,
)
from addin.core.issues import ROW


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """As the reader delivers it: Excel rows from 2 (header in row 1)."""
    return frame.assign(**{ROW: np.arange(2, len(frame) + 2)})


def check(scheme=None, grades=None, rules=None, cuts=None):
    return read_scheme(
        table(default_scheme() if scheme is None else scheme),
        table(default_grades() if grades is None else grades),
        table(default_bonus_rules() if rules is None else rules),
        table(default_deductions() if cuts is None else cuts),
    )


def where(issues) -> list[tuple[str, int | None, str, str]]:
    return [(i.sheet, i.row, i.column, i.code) for i in issues]


def test_the_default_scheme_is_valid_and_weighs_100() -> None:
    scheme, issues = check()
    assert issues == []
    assert scheme is not None
    assert scheme.kpis["weight"].sum() == 100
    assert scheme.gate == 60
    assert list(scheme.tiers["kind"]) == ["sales", "sales", "collections"]


def test_weights_that_do_not_add_up_to_100() -> None:
    frame = default_scheme()
    frame.loc[0, "weight"] = 20  # 25 → 20: the total is 95
    scheme, issues = check(frame)
    assert scheme is None
    # Reported on the weight of the last KPI row (row 13: 12 rows under the header).
    assert where(issues) == [("Scheme", 13, "weight", "weights_not_100")]
    assert "95" in issues[0].message


def test_an_unknown_kpi_and_one_named_twice() -> None:
    frame = default_scheme()
    frame.loc[2, "kpi"] = "happiness"
    frame.loc[3, "kpi"] = "Sales achievement"  # the label of row 2's KPI
    frame.loc[4, "kpi"] = "sales_target"  # a yardstick, not a result
    scheme, issues = check(frame)
    assert scheme is None
    assert ("Scheme", 4, "kpi", "unknown_kpi") in where(issues)
    assert ("Scheme", 5, "kpi", "duplicate_kpi") in where(issues)
    assert ("Scheme", 6, "kpi", "unknown_kpi") in where(issues)
    assert issues[0].value == "happiness"


def test_kpis_by_chinese_label_and_rules_by_chinese_name() -> None:
    frame = default_scheme()
    frame.loc[0, "kpi"] = "销售达成率%"
    frame.loc[8, "rule"] = "达标"
    scheme, issues = check(frame)
    assert issues == [] and scheme is not None
    assert scheme.kpis.loc[0, "kpi"] == "sales_achievement"
    assert scheme.kpis.loc[8, "rule"] == "threshold"


def test_targets_rules_and_caps() -> None:
    frame = default_scheme()
    frame.loc[0, "target"] = 0  # linear needs a target above 0
    frame.loc[1, "rule"] = "steep"
    frame.loc[2, "cap"] = -5
    frame.loc[8, "target"] = np.nan  # threshold needs a target
    _, issues = check(frame)
    assert where(issues) == [
        ("Scheme", 3, "rule", "not_allowed"),
        ("Scheme", 2, "target", "bad_target"),
        ("Scheme", 10, "target", "bad_target"),
        ("Scheme", 4, "cap", "bad_cap"),
    ]


def test_an_empty_scheme() -> None:
    scheme, issues = check(default_scheme().iloc[0:0])
    assert scheme is None
    assert [(i.sheet, i.code) for i in issues] == [("Scheme", "scheme_empty")]


def test_overlapping_grade_bands() -> None:
    grades = pd.DataFrame({"grade": ["A", "B", "B+", "C"], "min_score": [90, 75, 75, 60]})
    scheme, issues = check(grades=grades)
    assert scheme is None
    assert where(issues) == [("Grades", 4, "min_score", "grade_bands_overlap")]


def test_bonus_tiers_that_overlap_or_end_before_they_start() -> None:
    rules = pd.DataFrame(
        {
            "kind": ["sales", "sales", "collections", "bonus", "min_score", "min_score"],
            "threshold_pct": [100, 110, 100, 100, 60, 70],
            "up_to_pct": [120, None, 90, None, None, None],
            "rate_pct": [3, 5, 1, 1, None, None],
        }
    )
    scheme, issues = check(rules=rules)
    assert scheme is None
    assert sorted(where(issues)) == sorted(
        [
            ("BonusRules", 5, "kind", "not_allowed"),  # "bonus"
            ("BonusRules", 4, "up_to_pct", "bad_tier"),  # ends at 90, starts at 100
            ("BonusRules", 3, "threshold_pct", "bonus_tiers_overlap"),  # 110 inside 100–120
            ("BonusRules", 7, "kind", "duplicate_min_score"),
        ]
    )


def test_adjacent_tiers_do_not_overlap() -> None:
    rules = pd.DataFrame(
        {
            "kind": ["sales", "sales"],
            "threshold_pct": [120, 100],
            "up_to_pct": [None, 120],
            "rate_pct": [5, 3],
        }
    )
    scheme, issues = check(rules=rules)
    assert issues == [] and scheme is not None and scheme.gate is None


def test_deductions_name_known_violations_once() -> None:
    # amount -1 is below the column's declared min: the reader reports that, not the scheme
    cuts = pd.DataFrame(
        {"violation": ["diversion", "late", "窜货"], "points": [5, 1, 2], "amount": [500, 10, -1]}
    )
    scheme, issues = check(cuts=cuts)
    assert scheme is None
    assert sorted(where(issues)) == sorted(
        [
            ("Deductions", 3, "violation", "not_allowed"),
            ("Deductions", 4, "violation", "duplicate_violation"),
        ]
    )


@pytest.mark.parametrize("missing", ["grades", "rules", "cuts"])
def test_the_optional_tables_may_be_absent(missing: str) -> None:
    tables = {
        "grades": default_grades(),
        "rules": default_bonus_rules(),
        "cuts": default_deductions(),
    }
    args = {k: (None if k == missing else table(v)) for k, v in tables.items()}
    scheme, issues = read_scheme(
        table(default_scheme()), args["grades"], args["rules"], args["cuts"]
    )
    assert issues == [] and scheme is not None
