"""TargetCheck explains the split: names, parent regions, flags in words, where each
member's growth came from, and far-from-history targets as located warnings."""

from __future__ import annotations

import pandas as pd

from addin.core.plan import split_targets
from addin.core.plan.split import SplitResult
from addin.core.settings import Settings
from addin.jobs.split import largest_moves
from tests.core.test_plan_split import YEAR, _frame, _history, _locks, _masters


def _split(lang: str = "en", **tables: pd.DataFrame | None) -> SplitResult:
    m = _masters()
    m["regions"] = _frame(
        [
            {"region_id": "ALL", "name": "Country", "parent_id": ""},
            {"region_id": "E", "name": "East", "parent_id": "ALL"},
            {"region_id": "W", "name": "West", "parent_id": "ALL"},
        ]
    )
    targets = _frame(
        [
            {"measure": "sales", "annual_target": 5_300.0},
            {"measure": "collections", "annual_target": 2_600.0},
        ]
    )
    return split_targets(
        _history(m),
        targets,
        customers=m["customers"],
        reps=m["reps"],
        products=m["products"],
        regions=m["regions"],
        settings=Settings(year=YEAR, rounding_unit=100, lang=lang, growth_high_pct=60),  # type: ignore[arg-type]
        **tables,
    )


def _row(result: SplitResult, dimension: str, member: str) -> pd.Series:
    check = result.check
    hit = (
        (check["measure"] == "sales")
        & (check["dimension"] == dimension)
        & (check["member"] == member)
    )
    assert hit.sum() == 1
    return check[hit].iloc[0]


def _growth(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return _frame([{"dimension": d, "member": m, "growth_pct": g} for d, m, g in rows])


def test_names_sit_beside_codes_and_parent_regions_hold_their_subtree() -> None:
    result = _split()
    assert _row(result, "customer", "C1")["member_name"] == "Shop C1"
    assert _row(result, "rep", "R1")["member_name"] == "Ann"
    assert _row(result, "channel", "online")["member_name"] == "online"
    assert _row(_split("zh"), "channel", "traditional")["member_name"] == "传统渠道"
    parent = _row(result, "region", "ALL")
    east, west = _row(result, "region", "E"), _row(result, "region", "W")
    assert parent["target"] == east["target"] + west["target"] == 5_300
    assert parent["last_year"] == east["last_year"] + west["last_year"]
    assert parent["growth_source"].startswith("sum of its sub-regions")


def test_growth_source_names_the_rows_that_moved_each_member() -> None:
    growth = _growth(("region", "E", 50.0))
    locks = _locks({"customer_id": "C3", "measure": "sales", "amount": 3_000})
    result = _split(growth=growth, locks=locks)
    assert _row(result, "region", "E")["growth_source"].startswith("Growth row 2: +50%")
    assert "region E: Growth row 2 (+50%)" in _row(result, "customer", "C1")["growth_source"]
    assert _row(result, "customer", "C3")["growth_source"].startswith("lock row 2")
    rest = _row(result, "product", "P2")["growth_source"]
    assert rest.startswith("rebalanced")


def test_flags_read_as_words_in_the_users_language() -> None:
    growth = _growth(("customer", "C1", 80.0))
    en, zh = _split(growth=growth), _split("zh", growth=growth)
    assert _row(en, "customer", "C1")["flag_code"].split(";")[0] == "growth_high"
    assert "growth above 60%" in _row(en, "customer", "C1")["flag"]
    assert "增长高于60%" in _row(zh, "customer", "C1")["flag"]
    assert _row(zh, "customer", "C1")["growth_source"].startswith("增长率表第2行")


def test_a_target_far_from_history_is_a_located_warning_with_its_reason() -> None:
    result = _split(growth=_growth(("customer", "C1", 80.0)))
    far = [i for i in result.issues if i.code == "target_far_from_history"]
    c1 = [i for i in far if "customer C1" in i.message and i.message.startswith("sales")]
    assert len(c1) == 1
    assert (c1[0].sheet, c1[0].row, c1[0].column, c1[0].severity) == (
        "Growth",
        2,
        "growth_pct",
        "warning",
    )
    assert "Growth row 2: +80%" in c1[0].message
    # Members that only follow the company target (+30% here is inside the band) and
    # customers C2/C3 squeezed to pay for C1 are named only if outside the band.
    assert all(i.severity == "warning" for i in far)


def test_split_names_the_five_largest_moves() -> None:
    result = _split(growth=_growth(("customer", "C1", 80.0)))
    lines = largest_moves(result.check, "en")
    assert lines[0].startswith("largest moves against last year (sales)")
    assert len(lines) == 6
    # Biggest first: R2 lost its closed customer C4, whose line says why.
    assert lines[1].startswith("  rep R2 Bo: 3,600 → 2,000 (-1,600, -44%)")
    assert "largest customer moves: C4 -1,200" in lines[1]
    assert any("customer C4 Shop C4" in line and "customer closed" in line for line in lines)
    zh = largest_moves(_split("zh", growth=_growth(("customer", "C1", 80.0))).check, "zh")
    assert zh[0].startswith("与上年相比变动最大")
