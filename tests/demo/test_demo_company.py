"""The demo company's masters: deterministic, complete, consistent, of the promised size."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.settings import Settings
from addin.demo import DemoCompany, generate_company
from addin.schema.vocab import CHANNELS, CUSTOMER_STATUS, CUSTOMER_TYPES, SETTLEMENT_METHODS

COLUMNS = {
    "Regions": ["region_id", "name", "parent_id"],
    "Reps": ["rep_id", "name", "region_id", "manager_id", "hire_date", "leave_date"],
    "Products": ["product_id", "name", "category", "unit_price", "floor_price", "unit_cost"],
    "Customers": [
        "customer_id", "name", "type", "channel", "region_id", "rep_id", "settlement_method",
        "credit_limit", "payment_terms_days", "since", "status", "contact", "phone",
    ],
    "Strategy": [
        "customer_id", "year", "class", "sales_goal", "collection_goal", "support_policy",
        "key_actions",
    ],
    "SalesLines": [
        "invoice_id", "line", "date", "customer_id", "product_id", "rep_id", "qty", "amount",
        "cost", "due_date",
    ],
    "Payments": ["payment_id", "date", "customer_id", "amount", "invoice_id"],
}  # fmt: skip
DATES = {
    "Reps": ["hire_date", "leave_date"],
    "Customers": ["since"],
    "SalesLines": ["date", "due_date"],
    "Payments": ["date"],
}
MONEY = {
    "Products": ["unit_price", "floor_price", "unit_cost"],
    "Customers": ["credit_limit"],
    "Strategy": ["sales_goal", "collection_goal"],
    "SalesLines": ["qty", "amount", "cost"],
    "Payments": ["amount"],
}


@cache
def company(size: str = "small", seed: int = 7) -> DemoCompany:
    return generate_company(size, seed=seed)  # type: ignore[arg-type]


def test_same_seed_gives_identical_frames() -> None:
    first, again = company(), generate_company("small", seed=7)
    for name, frame in first.frames.items():
        pd.testing.assert_frame_equal(frame, again.frames[name], check_exact=True)
    assert first.settings_overrides == again.settings_overrides


def test_another_seed_gives_another_company() -> None:
    one, other = company(), company(seed=8)
    for name in ("Reps", "Products", "Customers", "SalesLines", "Payments", "Strategy"):
        assert not one.frames[name].equals(other.frames[name]), name


def test_columns_and_dtypes_are_the_canonical_ones() -> None:
    for name, frame in company().frames.items():
        assert list(frame.columns) == COLUMNS[name], name
        for column in DATES.get(name, []):
            assert pd.api.types.is_datetime64_any_dtype(frame[column]), (name, column)
            values = frame[column].dropna()
            assert (values == values.dt.normalize()).all(), (name, column)
        for column in MONEY.get(name, []):
            assert frame[column].dtype == np.float64, (name, column)
        for column in COLUMNS[name]:
            if column in DATES.get(name, []) or column in MONEY.get(name, []):
                continue
            kind = frame[column].dtype
            if pd.api.types.is_string_dtype(kind) or kind is np.dtype(object):
                assert all(isinstance(v, str) for v in frame[column].dropna()), (name, column)
    terms = company().customers["payment_terms_days"]
    assert str(terms.dtype) == "Int64"


@pytest.mark.parametrize(
    ("size", "reps", "customers", "products", "lines"),
    [
        ("small", (6, 14), (50, 70), (20, 30), (2_000, 8_000)),
        ("medium", (40, 60), (1_800, 2_200), (280, 320), (90_000, 115_000)),
    ],
)
def test_sizes_are_in_range(
    size: str,
    reps: tuple[int, int],
    customers: tuple[int, int],
    products: tuple[int, int],
    lines: tuple[int, int],
) -> None:
    demo = company(size)
    assert reps[0] <= len(demo.reps) <= reps[1]
    assert customers[0] <= len(demo.customers) <= customers[1]
    assert products[0] <= len(demo.products) <= products[1]
    assert lines[0] <= len(demo.sales_lines) <= lines[1]


def test_small_company_has_three_regions_of_two_areas_under_the_country() -> None:
    regions = company().regions
    top = regions.loc[regions["parent_id"].isna()]
    assert top["region_id"].tolist() == ["CN"]
    mid = regions.loc[regions["parent_id"] == "CN"]
    assert len(mid) == 3
    areas = regions.loc[regions["parent_id"].isin(mid["region_id"])]
    assert (areas.groupby("parent_id").size() == 2).all()
    assert len(regions) == 1 + 3 + 6
    # Bilingual names: Chinese, then English.
    assert regions["name"].str.contains(r"[\u4e00-\u9fff]+ [A-Za-z]").all()
    assert areas["region_id"].str.fullmatch(r"[A-Z]+-[A-Z]{2}").all()


def test_every_reference_resolves() -> None:
    for size in ("small", "medium"):
        demo = company(size)
        regions = set(demo.regions["region_id"])
        reps = set(demo.reps["rep_id"])
        customers = set(demo.customers["customer_id"])
        products = set(demo.products["product_id"])
        assert set(demo.regions["parent_id"].dropna()) <= regions
        assert set(demo.reps["region_id"]) <= regions
        assert set(demo.reps["manager_id"].dropna()) <= reps
        assert set(demo.customers["region_id"]) <= regions
        assert set(demo.customers["rep_id"]) <= reps
        assert set(demo.strategy["customer_id"]) <= customers
        lines = demo.sales_lines
        assert set(lines["customer_id"]) <= customers
        assert set(lines["product_id"]) <= products
        assert set(lines["rep_id"]) <= reps
        assert set(demo.payments["customer_id"]) <= customers
        assert set(demo.payments["invoice_id"].dropna()) <= set(lines["invoice_id"])


def test_ids_are_unique_and_shaped_like_the_examples() -> None:
    demo = company()
    for frame, column, pattern in (
        (demo.reps, "rep_id", r"R\d{3}"),
        (demo.customers, "customer_id", r"C\d{5}"),
        (demo.products, "product_id", r"P\d{4}"),
        (demo.payments, "payment_id", r"PAY\d{4}-\d{6}"),
    ):
        assert frame[column].is_unique, column
        assert frame[column].str.fullmatch(pattern).all(), column
    assert not demo.sales_lines.duplicated(["invoice_id", "line"]).any()
    assert demo.customers["name"].is_unique


def test_every_vocabulary_value_is_used() -> None:
    for seed in (7, 8, 9):
        cards = company(seed=seed).customers
        assert cards["payment_terms_days"].isna().any()  # some customers without terms
        assert set(cards["type"]) == set(CUSTOMER_TYPES)
        assert set(cards["channel"]) == set(CHANNELS)
        assert set(cards["settlement_method"]) == set(SETTLEMENT_METHODS)
        assert set(cards["status"]) == set(CUSTOMER_STATUS)
        assert set(company(seed=seed).strategy["class"]) == {"A", "B", "C"}


def test_reps_report_to_managers_and_some_changed_during_the_history() -> None:
    demo = company("medium")
    reps = demo.reps
    managers = set(reps["manager_id"].dropna())
    assert managers <= set(reps["rep_id"])
    assert len(managers) >= 2  # regional managers and a director above them
    # A rep's manager looks after the rep's region or a region above it.
    parent = demo.regions.set_index("region_id")["parent_id"]
    by_id = reps.set_index("rep_id")
    for _, rep in reps.dropna(subset=["manager_id"]).iterrows():
        boss_region = by_id.at[rep["manager_id"], "region_id"]
        assert boss_region in (rep["region_id"], parent.get(rep["region_id"]))
    first, last = dt.date(demo.year - 2, 1, 1), demo.cutoff
    left = reps["leave_date"].dropna()
    assert len(left) >= 1
    assert ((left >= pd.Timestamp(first)) & (left <= pd.Timestamp(last))).all()
    joined = reps.loc[reps["hire_date"] >= pd.Timestamp(first)]
    assert len(joined) >= 1
    # Nobody left still owns customers.
    gone = set(reps.loc[reps["leave_date"].notna(), "rep_id"])
    assert not gone & set(demo.customers["rep_id"])


def test_products_have_realistic_cny_prices() -> None:
    products = company("medium").products
    assert products["unit_price"].between(20, 800).all()
    floor = products["floor_price"] / products["unit_price"]
    cost = products["unit_cost"] / products["unit_price"]
    assert floor.between(0.849, 0.921).all()
    assert cost.between(0.549, 0.751).all()
    assert products["category"].nunique() >= 8
    assert products["name"].is_unique


def test_terms_and_credit_limits_follow_the_settlement_method() -> None:
    cards = company("medium").customers
    cash = cards["settlement_method"] == "cash"
    assert (cards.loc[cash, "payment_terms_days"] == 0).all()
    assert (cards.loc[cash, "credit_limit"] == 0).all()
    credit = cards.loc[~cash]
    assert 0.9 < credit["payment_terms_days"].notna().mean() < 1.0  # some have no terms
    assert (credit["payment_terms_days"].dropna() >= 15).all()
    assert (credit["credit_limit"] >= 10_000).all()
    assert (credit["credit_limit"] % 10_000 == 0).all()
    assert cards["contact"].str.len().ge(2).all()
    assert cards["phone"].str.fullmatch(r"1[3-9]\d{9}").all()


def test_customer_numbers_follow_the_date_they_were_opened() -> None:
    cards = company().customers
    assert cards["since"].is_monotonic_increasing
    assert cards["customer_id"].is_monotonic_increasing


def test_settings_overrides_are_valid_settings() -> None:
    demo = company()
    settings = Settings(**demo.settings_overrides)  # type: ignore[arg-type]
    assert settings.year == demo.year
    assert dt.date(demo.year, 10, 1) in settings.holidays
    assert settings.currency == "CNY"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="size"):
        generate_company("huge")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cutoff_month"):
        generate_company("small", cutoff_month=13)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32), cutoff=st.integers(1, 12))
def test_any_seed_gives_a_consistent_company(seed: int, cutoff: int) -> None:
    demo = generate_company("small", seed=seed, cutoff_month=cutoff)
    assert demo.period == f"{demo.year}-{cutoff:02d}"
    lines, pays = demo.sales_lines, demo.payments
    assert lines["date"].max() <= pd.Timestamp(demo.cutoff)
    assert lines["date"].min() >= pd.Timestamp(demo.year - 2, 1, 1)
    assert pays["date"].max() <= pd.Timestamp(demo.cutoff)
    assert set(lines["customer_id"]) <= set(demo.customers["customer_id"])
    assert set(demo.customers["type"]) == set(CUSTOMER_TYPES)
    assert not lines.duplicated(["invoice_id", "line"]).any()
