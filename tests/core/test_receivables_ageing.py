"""Ageing as of a date: buckets, due dates from terms, credit limits, DSO, roll-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from addin.core.issues import ROW
from addin.core.receivables import AgeingResult, age_receivables, bucket_columns
from addin.core.settings import Settings
from tests.core.receivables_frames import pays

D = pd.Timestamp


def customers(*overrides: dict[str, Any]) -> pd.DataFrame:
    base = {
        "name": "",
        "region_id": "N",
        "rep_id": "R1",
        "credit_limit": np.nan,
        "payment_terms_days": 30.0,
        "contact": "",
        "phone": "",
    }
    frame = pd.DataFrame([{**base, **o} for o in overrides])
    frame[ROW] = range(2, len(frame) + 2)
    return frame


def sales(*rows: tuple[Any, ...]) -> pd.DataFrame:
    """(invoice_id, date, customer_id, amount[, due_date[, rep_id]]) per line."""
    frame = pd.DataFrame(
        [
            {
                "invoice_id": r[0],
                "line": i,
                "date": D(r[1]),
                "customer_id": r[2],
                "product_id": "P1",
                "rep_id": r[5] if len(r) > 5 else "R1",
                "qty": 1.0,
                "amount": float(r[3]),
                "cost": 0.0,
                "due_date": D(r[4]) if len(r) > 4 and r[4] else pd.NaT,
            }
            for i, r in enumerate(rows, start=1)
        ]
    )
    frame[ROW] = range(2, len(frame) + 2)
    return frame


C1 = customers({"customer_id": "C1"})


def run(
    lines: pd.DataFrame,
    payments: pd.DataFrame,
    cards: pd.DataFrame = C1,
    as_of: dt.date = dt.date(2026, 6, 30),
    settings: Settings | None = None,
    **kw: Any,
) -> AgeingResult:
    return age_receivables(lines, payments, cards, settings or Settings(), as_of, **kw)


def test_april_payment_does_not_hide_an_item_overdue_at_end_of_march() -> None:
    lines = sales(("I1", "2026-01-30", "C1", 900))  # due 2026-03-01
    payments = pays(("P1", "2026-04-10", "C1", 900))
    march = run(lines, payments, as_of=dt.date(2026, 3, 31))
    item = march.open_items.iloc[0]
    assert (item["outstanding"], item["days_overdue"], item["bucket"]) == (900, 30, "d1_30")
    assert march.collections.empty
    april = run(lines, payments, as_of=dt.date(2026, 4, 30))
    assert april.open_items.empty
    assert april.collections["collected"].tolist() == [900]


def test_invoices_and_lines_dated_after_as_of_do_not_count() -> None:
    lines = sales(
        ("I1", "2026-03-01", "C1", 100),
        ("I1", "2026-04-02", "C1", 50),  # line added later
        ("I2", "2026-04-01", "C1", 700),
    )
    result = run(lines, pays(), as_of=dt.date(2026, 3, 31))
    assert result.items[["invoice_id", "amount"]].values.tolist() == [["I1", 100]]


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-5, "not_due"),
        (0, "not_due"),
        (1, "d1_30"),
        (30, "d1_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "d91_180"),
        (180, "d91_180"),
        (181, "over_180"),
    ],
)
def test_bucket_boundaries(days: int, bucket: str) -> None:
    as_of = dt.date(2026, 6, 30)
    due = D(as_of) - pd.Timedelta(days=days)
    lines = sales(("I1", D(as_of) - pd.Timedelta(days=400), "C1", 100, due))
    result = run(lines, pays(), as_of=as_of)
    assert result.open_items.loc[0, "days_overdue"] == days
    assert result.open_items.loc[0, "bucket"] == bucket
    row = result.ageing.iloc[0]
    assert row[bucket] == 100
    assert row[bucket_columns([30, 60, 90, 180])].sum() == 100


def test_buckets_follow_settings() -> None:
    settings = Settings(ageing_buckets=[15, 45])
    lines = sales(
        ("I1", "2026-01-01", "C1", 10, "2026-06-20"),  # 10 days
        ("I2", "2026-01-01", "C1", 20, "2026-05-31"),  # 30 days
        ("I3", "2026-01-01", "C1", 40, "2026-04-01"),  # 90 days
    )
    result = run(lines, pays(), settings=settings)
    assert bucket_columns([15, 45]) == ["not_due", "d1_15", "d16_45", "over_45"]
    row = result.ageing.iloc[0]
    assert (row["d1_15"], row["d16_45"], row["over_45"]) == (10, 20, 40)
    assert "d1_30" not in result.ageing.columns


def test_blank_terms_mean_due_on_invoice_date_with_one_warning_per_customer() -> None:
    cards = customers(
        {"customer_id": "C1", "payment_terms_days": np.nan},
        {"customer_id": "C2", "payment_terms_days": 45.0},
    )
    lines = sales(
        ("I1", "2026-06-01", "C1", 100),
        ("I2", "2026-06-10", "C1", 100),
        ("I3", "2026-06-01", "C2", 100),
    )
    result = run(lines, pays(), cards)
    due = dict(zip(result.items["invoice_id"], result.items["due_date"], strict=True))
    assert due == {"I1": D("2026-06-01"), "I2": D("2026-06-10"), "I3": D("2026-07-16")}
    assert [(i.code, i.sheet, i.row, i.column, i.severity) for i in result.issues] == [
        ("missing_payment_terms", "Customers", 2, "payment_terms_days", "warning")
    ]


def test_due_date_on_the_lines_wins_over_terms() -> None:
    lines = sales(
        ("I1", "2026-06-01", "C1", 100, "2026-06-15"),
        ("I1", "2026-06-01", "C1", 100, "2026-06-20"),
    )
    result = run(lines, pays(), customers({"customer_id": "C1", "payment_terms_days": np.nan}))
    assert result.items.loc[0, "due_date"] == D("2026-06-15")  # the earliest line's
    assert result.issues == []  # terms not needed, so no warning


def test_credit_limit_use_and_flags() -> None:
    cards = customers(
        {"customer_id": "C1", "credit_limit": 1000.0},
        {"customer_id": "C2", "credit_limit": 1000.0},
        {"customer_id": "C3"},  # no limit
        {"customer_id": "C4", "credit_limit": 0.0},  # cash only
    )
    lines = sales(
        ("I1", "2026-06-20", "C1", 250),
        ("I2", "2026-06-20", "C2", 1200),
        ("I3", "2026-06-20", "C3", 5000),
        ("I4", "2026-06-20", "C4", 10),
    )
    result = run(lines, pays(), cards)
    table = result.ageing.set_index("customer_id")
    assert table["credit_used_pct"].iloc[:2].tolist() == [25.0, 120.0]
    assert table["credit_used_pct"].iloc[2:].isna().all()
    assert table["over_limit"].tolist() == [False, True, False, True]
    check = result.credit_check
    assert check["customer_id"].tolist() == ["C2", "C4"]  # furthest over first
    assert check["over_by"].tolist() == [200, 10]


def test_credit_check_ties_go_by_customer_id() -> None:
    cards = customers(
        *({"customer_id": c, "credit_limit": 0.0} for c in ("C2", "C10", "b7", "B7", "C1"))
    )
    lines = sales(
        ("I1", "2026-06-20", "C2", 10),
        ("I2", "2026-06-20", "C10", 10),
        ("I3", "2026-06-20", "b7", 10),
        ("I4", "2026-06-20", "B7", 10),
        ("I5", "2026-06-20", "C1", 20),
    )
    check = run(lines, pays(), cards).credit_check
    assert check["customer_id"].tolist() == ["C1", "B7", "C10", "C2", "b7"]


def test_overdue_beyond_policy_is_strictly_past_it() -> None:
    cards = customers({"customer_id": "C1"}, {"customer_id": "C2"})
    lines = sales(
        ("I1", "2026-01-01", "C1", 100, "2026-04-01"),  # 90 days on 2026-06-30
        ("I2", "2026-01-01", "C2", 100, "2026-03-31"),  # 91 days
    )
    result = run(lines, pays(), cards)
    assert result.ageing["overdue_beyond_policy"].tolist() == [False, True]
    assert result.credit_check["customer_id"].tolist() == ["C2"]


def test_a_customer_with_nothing_overdue_is_zero_days_overdue_not_negative() -> None:
    cards = customers({"customer_id": "C1"}, {"customer_id": "C2"})
    lines = sales(
        ("I1", "2026-06-20", "C1", 100, "2026-07-10"),  # due in 10 days
        ("I2", "2026-06-20", "C2", 100, "2026-07-10"),
        ("I3", "2026-01-01", "C2", 100, "2026-06-25"),  # 5 days overdue
    )
    result = run(lines, pays(), cards)
    assert result.ageing["max_days_overdue"].tolist() == [0, 5]
    # the open item itself still says when it falls due
    assert result.open_items.set_index("invoice_id").loc["I1", "days_overdue"] == -10


def test_dso_by_the_standard_formula() -> None:
    # window (2026-04-01, 2026-06-30]: sales 600 + 300 = 900; owed 500 + 0 + 300 = 800
    lines = sales(
        ("I0", "2026-03-15", "C1", 500),  # before the window: owed, not in sales
        ("I1", "2026-04-10", "C1", 600),
        ("I2", "2026-06-30", "C1", 300),
    )
    result = run(lines, pays(("P1", "2026-05-01", "C1", 600, "I1")))
    assert result.ageing.loc[0, "total"] == 800
    assert result.ageing.loc[0, "dso"] == round(800 / 900 * 90, 1)
    assert "standard" in result.dso_method


def test_rep_and_region_rollups_add_up_to_the_customers() -> None:
    cards = customers(
        {"customer_id": "C1", "rep_id": "R1", "region_id": "N"},
        {"customer_id": "C2", "rep_id": "R2", "region_id": "S"},
    )
    lines = sales(
        ("I1", "2026-05-01", "C1", 100, None, "R1"),
        ("I2", "2026-05-01", "C1", 40, None, "R3"),  # sold by R3 before C1 moved to R1
        ("I3", "2026-03-01", "C2", 200, None, "R2"),
    )
    payments = pays(("P1", "2026-06-01", "C2", 250))  # 50 more than C2 owes
    reps = pd.DataFrame(
        {
            "rep_id": ["R1", "R2", "R3"],
            "name": ["Ann", "Bo", "Cy"],
            "region_id": ["N", "S", "N"],
            ROW: [2, 3, 4],
        }
    )
    result = run(lines, payments, cards, reps=reps)
    by_rep = result.by_rep.set_index("rep_id")
    assert by_rep["total"].to_dict() == {"R1": 100, "R2": -50, "R3": 40}
    assert by_rep["name"].to_dict() == {"R1": "Ann", "R2": "Bo", "R3": "Cy"}
    assert result.by_region.set_index("region_id")["total"].to_dict() == {"N": 140, "S": -50}
    money = [*bucket_columns([30, 60, 90, 180]), "unapplied_credit", "total"]
    for table in (result.by_rep, result.by_region, result.totals):
        assert (table[money].sum() == result.ageing[money].sum()).all()


def test_a_customer_listed_twice_is_aged_on_its_first_row_and_the_repeat_reported() -> None:
    cards = customers(
        {"customer_id": "C1", "payment_terms_days": 30.0},
        {"customer_id": "C1", "payment_terms_days": 90.0},
    )
    result = run(sales(("I1", "2026-05-01", "C1", 100)), pays(), cards)
    assert result.items.loc[0, "due_date"] == D("2026-05-31")  # 30 days: the first row's
    assert [(i.code, i.row, i.value, i.args["detail"]) for i in result.issues] == [
        ("duplicate_key", 3, "C1", "2")
    ]
    once = run(sales(("I1", "2026-05-01", "C1", 100)), pays(), C1)
    assert once.issues == []


def test_a_card_held_as_categories_ages_exactly_as_the_same_card_as_text() -> None:
    cards = customers(
        {"customer_id": " C1", "name": "Acme ", "rep_id": "R1"},
        {"customer_id": "C2", "name": None, "rep_id": " R2 ", "region_id": None},
    )
    coded = cards.astype({c: "category" for c in ("customer_id", "name", "rep_id", "region_id")})
    lines = sales(("I1", "2026-05-01", "C1", 100), ("I2", "2026-01-01", "C2", 250))
    plain, categorical = run(lines, pays(), cards), run(lines, pays(), coded)
    for table in ("ageing", "open_items", "by_rep", "by_region", "dunning"):
        pd.testing.assert_frame_equal(getattr(categorical, table), getattr(plain, table))
    assert plain.ageing[["customer_id", "name", "rep_id"]].values.tolist() == [
        ["C1", "Acme", "R1"],
        ["C2", "", "R2"],
    ]


def test_ids_held_as_categories_age_exactly_as_the_same_ids_as_text() -> None:
    lines = sales(
        ("I1", "2026-05-01", "C1", 100),
        ("I1", "2026-05-01", "C1", 40),
        ("I2", "2026-01-01", " C1", 250),
        ("I3", "2026-02-01", "C7", 80),  # not on the card
    )
    payments = pays(
        ("P1", "2026-05-10", "C1", 90, "I2"),
        ("P2", "2026-05-11", "C1", 30),
        ("P3", "2026-05-12", "C1", 5, "I9"),  # names no invoice: held
    )
    as_codes = {"invoice_id": "category", "customer_id": "category"}
    plain = run(lines, payments)
    coded = run(lines.astype(as_codes), payments.astype(as_codes))
    for table in ("items", "applications", "ageing", "open_items", "dunning", "collections"):
        pd.testing.assert_frame_equal(getattr(coded, table), getattr(plain, table))
    assert [(i.code, i.row) for i in coded.issues] == [(i.code, i.row) for i in plain.issues]
    assert {i.code for i in plain.issues} >= {"unknown_customer", "unknown_invoice"}
