"""Payment application, hand-checked: which money settles which invoice.

Customer C1 has 30-day terms unless a test says otherwise; amounts are chosen so every
expected figure can be checked with pencil and paper (written beside each assert).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from addin.core.issues import ROW
from addin.core.receivables import UNAPPLIED, AgeingResult, age_receivables
from addin.core.receivables.fifo import allocate_fifo
from addin.core.settings import Settings
from tests.core.receivables_frames import pays

D = pd.Timestamp
AS_OF = dt.date(2026, 3, 31)


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
                "line": 1,
                "date": D(r[1]),
                "customer_id": r[2],
                "product_id": "P1",
                "rep_id": r[5] if len(r) > 5 else "R1",
                "qty": 1.0,
                "amount": float(r[3]),
                "cost": 0.0,
                "due_date": D(r[4]) if len(r) > 4 and r[4] else pd.NaT,
            }
            for r in rows
        ],
        columns=[
            "invoice_id",
            "line",
            "date",
            "customer_id",
            "product_id",
            "rep_id",
            "qty",
            "amount",
            "cost",
            "due_date",
        ],
    )
    frame["line"] = frame.groupby("invoice_id").cumcount() + 1
    frame[ROW] = range(2, len(frame) + 2)
    return frame


C1 = customers({"customer_id": "C1"})
C1_C2 = customers({"customer_id": "C1"}, {"customer_id": "C2", "rep_id": "R2"})


def run(
    lines: pd.DataFrame, payments: pd.DataFrame, cards: pd.DataFrame = C1, as_of: dt.date = AS_OF
) -> AgeingResult:
    return age_receivables(lines, payments, cards, Settings(), as_of)


def outstanding(result: AgeingResult) -> dict[str, float]:
    items = result.items
    return dict(
        zip(items["invoice_id"] + "/" + items["customer_id"], items["outstanding"], strict=True)
    )


def test_partial_payment_leaves_the_rest_open() -> None:
    result = run(sales(("I1", "2026-01-10", "C1", 1000)), pays(("P1", "2026-02-01", "C1", 400)))
    item = result.open_items.iloc[0]
    assert (item["amount"], item["paid"], item["outstanding"]) == (1000, 400, 600)
    # due 2026-02-09 (30-day terms); 2026-03-31 − 2026-02-09 = 50 days
    assert item["due_date"] == D("2026-02-09")
    assert item["days_overdue"] == 50
    assert item["bucket"] == "d31_60"
    assert result.ageing.loc[0, "d31_60"] == 600


def test_unnamed_money_settles_the_earliest_due_invoice_first() -> None:
    lines = sales(
        ("I1", "2026-01-10", "C1", 800, "2026-04-30"),  # older, but due later
        ("I2", "2026-01-20", "C1", 300),  # due 2026-02-19
    )
    result = run(lines, pays(("P1", "2026-02-25", "C1", 500)))
    assert outstanding(result) == {"I1/C1": 600, "I2/C1": 0}


def test_same_due_date_goes_by_invoice_date_then_invoice_id() -> None:
    lines = sales(
        ("I9", "2026-01-05", "C1", 100, "2026-02-28"),
        ("I3", "2026-01-06", "C1", 100, "2026-02-28"),
        ("I2", "2026-01-06", "C1", 100, "2026-02-28"),
    )
    result = run(lines, pays(("P1", "2026-03-01", "C1", 150)))
    assert outstanding(result) == {"I9/C1": 0, "I2/C1": 50, "I3/C1": 100}


def test_payment_before_the_invoice_waits_as_credit_then_settles_it() -> None:
    lines = sales(("I1", "2026-01-10", "C1", 500))
    payments = pays(("P1", "2026-01-02", "C1", 300))
    before = run(lines, payments, as_of=dt.date(2026, 1, 5))
    assert outstanding(before) == {f"{UNAPPLIED}/C1": -300}
    assert before.ageing.loc[0, "unapplied_credit"] == -300
    after = run(lines, payments, as_of=dt.date(2026, 1, 31))
    assert outstanding(after) == {"I1/C1": 200}
    assert after.open_items.loc[0, "bucket"] == "not_due"  # paid early, due 2026-02-09


def test_payment_naming_an_invoice_goes_to_it_not_to_the_oldest() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I2", "2026-02-01", "C1", 300))
    result = run(lines, pays(("P1", "2026-02-10", "C1", 200, "I2")))
    assert outstanding(result) == {"I1/C1": 500, "I2/C1": 100}
    assert result.applications["how"].tolist() == ["named"]


def test_excess_over_the_named_invoice_follows_fifo() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I2", "2026-02-01", "C1", 300))
    result = run(lines, pays(("P1", "2026-02-10", "C1", 400, "I2")))
    # 300 settles I2, the other 100 goes to the oldest open invoice I1
    assert outstanding(result) == {"I1/C1": 400, "I2/C1": 0}


def test_two_payments_naming_one_invoice_fill_it_in_date_order() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I2", "2026-02-01", "C1", 300))
    payments = pays(
        ("P2", "2026-02-20", "C1", 200, "I2"),
        ("P1", "2026-02-10", "C1", 200, "I2"),
    )
    result = run(lines, payments)
    assert outstanding(result) == {"I1/C1": 400, "I2/C1": 0}
    named = result.applications.loc[result.applications["how"] == "named"]
    assert dict(zip(named["source_id"], named["amount"], strict=True)) == {"P1": 200, "P2": 100}


def test_credit_note_reduces_the_oldest_open_invoice() -> None:
    lines = sales(
        ("I1", "2026-01-01", "C1", 500),
        ("I2", "2026-02-01", "C1", 300),
        ("CN1", "2026-02-15", "C1", -200),
    )
    result = run(lines, pays())
    assert outstanding(result) == {"I1/C1": 300, "I2/C1": 300, "CN1/C1": 0}
    i1 = result.items.set_index("invoice_id").loc["I1"]
    assert (i1["paid"], i1["credited"]) == (0, 200)
    assert "CN1" not in set(result.open_items["invoice_id"])


def test_credit_note_bigger_than_what_is_owed_stays_as_credit() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("CN1", "2026-02-15", "C1", -800))
    result = run(lines, pays())
    cn = result.open_items.set_index("invoice_id").loc["CN1"]
    assert (cn["amount"], cn["outstanding"], cn["bucket"]) == (-800, -300, "unapplied_credit")
    assert result.ageing.loc[0, "unapplied_credit"] == -300
    assert result.ageing.loc[0, "total"] == -300


def test_a_negative_line_inside_an_invoice_only_lowers_that_invoice() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I1", "2026-01-01", "C1", -100))
    result = run(lines, pays())
    assert result.items["amount"].tolist() == [400]
    assert result.items["kind"].tolist() == ["invoice"]


def test_overpayment_is_kept_as_unapplied_credit() -> None:
    result = run(sales(("I1", "2026-01-01", "C1", 500)), pays(("P1", "2026-02-01", "C1", 700)))
    assert outstanding(result) == {"I1/C1": 0, f"{UNAPPLIED}/C1": -200}
    row = result.ageing.iloc[0]
    assert (row["unapplied_credit"], row["total"], row["overdue"]) == (-200, -200, 0)
    unapplied = result.open_items.iloc[0]
    assert (unapplied["invoice_id"], unapplied["rep_id"]) == (UNAPPLIED, "R1")


def test_payment_naming_an_unknown_invoice_is_reported_and_held() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500))
    result = run(lines, pays(("P1", "2026-02-01", "C1", 100, "I404")))
    [issue] = result.issues
    assert (issue.code, issue.sheet, issue.row, issue.column) == (
        "unknown_invoice",
        "Payments",
        2,
        "invoice_id",
    )
    assert outstanding(result) == {"I1/C1": 500, f"{UNAPPLIED}/C1": -100}


def test_payment_of_an_unknown_customer_is_reported_and_shown() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500))
    result = run(lines, pays(("P1", "2026-02-01", "C1", 100), ("P2", "2026-02-02", "C9", 70)))
    [issue] = result.issues
    assert (issue.code, issue.sheet, issue.row, issue.column, issue.value) == (
        "unknown_customer",
        "Payments",
        3,
        "customer_id",
        "C9",
    )
    assert outstanding(result) == {"I1/C1": 400, f"{UNAPPLIED}/C9": -70}
    assert result.ageing.set_index("customer_id").loc["C9", "total"] == -70


def test_payment_naming_another_customers_invoice_is_credit_of_the_payer() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I2", "2026-01-01", "C2", 300))
    result = run(lines, pays(("P1", "2026-02-01", "C2", 500, "I1")), C1_C2)
    assert [i.code for i in result.issues] == ["invoice_customer_mismatch"]
    assert result.issues[0].row == 2
    assert outstanding(result) == {"I1/C1": 500, "I2/C2": 300, f"{UNAPPLIED}/C2": -500}


def test_payment_without_customer_is_reported_and_shown() -> None:
    result = run(sales(("I1", "2026-01-01", "C1", 500)), pays(("P1", "2026-02-01", "", 60)))
    assert [(i.code, i.column) for i in result.issues] == [("required_blank", "customer_id")]
    assert outstanding(result) == {"I1/C1": 500, f"{UNAPPLIED}/": -60}


def test_payment_naming_an_invoice_not_yet_issued_on_as_of_goes_fifo() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I2", "2026-04-02", "C1", 300))
    result = run(lines, pays(("P1", "2026-02-01", "C1", 200, "I2")))  # as of 2026-03-31
    assert result.issues == []
    assert outstanding(result) == {"I1/C1": 300}


def test_negative_payment_takes_money_back() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 400))
    payments = pays(("P1", "2026-02-01", "C1", 500), ("R1", "2026-02-05", "C1", -200))
    result = run(lines, payments)
    assert [i.code for i in result.issues] == ["negative_payment"]
    assert outstanding(result) == {"I1/C1": 100}  # 400 − (500 − 200)


def test_cents_add_up_exactly() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 33.63))
    payments = pays(
        ("P1", "2026-01-05", "C1", 0.10),
        ("P2", "2026-01-06", "C1", 0.20),
        ("P3", "2026-01-07", "C1", 33.33),
    )
    result = run(lines, payments)
    assert result.open_items.empty
    assert result.items.loc[0, "paid"] == 33.63


def test_lines_of_one_invoice_with_another_customer_are_reported() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I1", "2026-01-01", "C2", 100))
    result = run(lines, pays(), C1_C2)
    assert [(i.code, i.row, i.column) for i in result.issues] == [
        ("invoice_customer_conflict", 3, "customer_id")
    ]
    assert outstanding(result) == {"I1/C1": 600}


def test_lines_missing_what_ageing_needs_are_reported_and_left_out() -> None:
    lines = sales(("I1", "2026-01-01", "C1", 500), ("I2", "2026-01-01", "C1", 100))
    lines.loc[1, "date"] = pd.NaT
    result = run(lines, pays())
    assert [(i.code, i.sheet, i.row, i.column) for i in result.issues] == [
        ("required_blank", "SalesLines", 3, "date")
    ]
    assert outstanding(result) == {"I1/C1": 500}


def test_row_order_of_the_input_does_not_change_the_result() -> None:
    lines = sales(
        ("I1", "2026-01-01", "C1", 500),
        ("I2", "2026-02-01", "C1", 300),
        ("CN1", "2026-02-15", "C1", -50),
        ("I3", "2026-01-15", "C2", 200),
    )
    payments = pays(
        ("P1", "2026-02-01", "C1", 120),
        ("P2", "2026-02-01", "C1", 80, "I2"),
        ("P3", "2026-03-01", "C2", 250),
    )
    first = run(lines, payments, C1_C2)
    again = run(lines.iloc[::-1], payments.iloc[::-1], C1_C2)
    pd.testing.assert_frame_equal(first.items, again.items)
    pd.testing.assert_frame_equal(first.applications, again.applications)
    pd.testing.assert_frame_equal(first.ageing, again.ageing)


# ------------------------------------------------------------ FIFO core vs a plain loop


def fifo_by_hand(
    debt_group: list[int], debt: list[int], money_group: list[int], money: list[int]
) -> dict[tuple[int, int], int]:
    pairs: dict[tuple[int, int], int] = {}
    left = list(money)
    for i, (g, owed) in enumerate(zip(debt_group, debt, strict=True)):
        for j, h in enumerate(money_group):
            if h != g or owed == 0:
                continue
            take = min(owed, left[j])
            if take:
                pairs[(i, j)] = pairs.get((i, j), 0) + take
                owed -= take
                left[j] -= take
    return pairs


sides = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 500)), max_size=12).map(
    lambda xs: sorted(xs, key=lambda x: x[0])
)


@hyp_settings(max_examples=300, deadline=None)
@given(debts=sides, money=sides)
def test_fifo_core_matches_a_plain_loop(
    debts: list[tuple[int, int]], money: list[tuple[int, int]]
) -> None:
    dg = np.array([g for g, _ in debts], dtype="int64")
    da = np.array([a for _, a in debts], dtype="int64")
    mg = np.array([g for g, _ in money], dtype="int64")
    ma = np.array([a for _, a in money], dtype="int64")
    i, j, cents = allocate_fifo(dg, da, mg, ma)
    got = dict(zip(zip(i.tolist(), j.tolist(), strict=True), cents.tolist(), strict=True))
    assert got == fifo_by_hand(dg.tolist(), da.tolist(), mg.tolist(), ma.tolist())
