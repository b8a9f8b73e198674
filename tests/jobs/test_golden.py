"""The demo company's finance.xlsx and plan.xlsx against committed golden tables.

A difference means results changed: if that is deliberate, regenerate the goldens with
`python -m tests.golden.regenerate` and review the CSV diff in the commit.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.golden.compare import GOLDEN, differences, golden_path, output_table

CASES = [(stem, name) for stem, names in GOLDEN.items() for name in names]


@pytest.mark.parametrize(("stem", "name"), CASES)
def test_demo_output_matches_golden(demo_master, stem, name) -> None:
    golden = pd.read_csv(golden_path(stem, name), dtype=str, keep_default_na=True)
    actual = output_table(demo_master / f"{stem}.xlsx", name)
    assert not golden.empty
    assert differences(actual, golden, name) == []


def test_golden_comparison_notices_a_changed_amount(demo_master) -> None:
    golden = pd.read_csv(golden_path("finance", "Ageing"), dtype=str)
    actual = output_table(demo_master / "finance.xlsx", "Ageing")
    money = "Total"
    actual.loc[0, money] = float(actual.loc[0, money]) + 1
    assert differences(actual, golden, "Ageing")


def test_ageing_reconciles_with_open_items(demo_master) -> None:
    items = output_table(demo_master / "finance.xlsx", "OpenItems")
    ageing = output_table(demo_master / "finance.xlsx", "Ageing")
    assert (
        abs(items["Outstanding"].astype(float).sum() - ageing["Total"].astype(float).sum()) < 0.01
    )


def test_plan_rollups_sum_to_company_targets(demo_master) -> None:
    by_month = output_table(demo_master / "plan.xlsx", "TargetsByMonth")
    by_rep = output_table(demo_master / "plan.xlsx", "TargetsByRep")
    for column in ("Sales target", "Collection target"):
        assert by_month[column].astype(float).sum() == by_rep[column].astype(float).sum()
    assert by_month["Sales target"].astype(float).sum() > 0
