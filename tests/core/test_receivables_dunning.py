"""The dunning worklist and collections per rep and month."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from addin.core.issues import ROW
from addin.core.receivables import DEFAULT_ACTIONS, AgeingResult, age_receivables
from addin.core.settings import Settings
from tests.core.receivables_frames import pays

D = pd.Timestamp
AS_OF = dt.date(2026, 6, 30)


def customers(*ids: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "customer_id": list(ids),
            "name": [f"Shop {i}" for i in ids],
            "region_id": "N",
            "rep_id": [f"R{i[1:]}" for i in ids],
            "credit_limit": np.nan,
            "payment_terms_days": 0.0,
            "contact": [f"Mr {i}" for i in ids],
            "phone": [f"555-{i}" for i in ids],
        }
    )
    frame[ROW] = range(2, len(frame) + 2)
    return frame


def overdue_by(days: int) -> pd.Timestamp:
    return D(AS_OF) - pd.Timedelta(days=days)


def sales(*rows: tuple[Any, ...]) -> pd.DataFrame:
    """(invoice_id, date, customer_id, amount[, rep_id]); terms 0 ⇒ due on the date."""
    frame = pd.DataFrame(
        [
            {
                "invoice_id": r[0],
                "line": 1,
                "date": D(r[1]),
                "customer_id": r[2],
                "rep_id": r[4] if len(r) > 4 else "",
                "amount": float(r[3]),
            }
            for r in rows
        ]
    )
    frame[ROW] = range(2, len(frame) + 2)
    return frame


def run(
    lines: pd.DataFrame, payments: pd.DataFrame, cards: pd.DataFrame, **kw: Any
) -> AgeingResult:
    return age_receivables(lines, payments, cards, Settings(), AS_OF, **kw)


def test_worklist_most_overdue_first_with_step_and_action() -> None:
    cards = customers("C1", "C2", "C3", "C4", "C5")
    lines = sales(
        ("I1", overdue_by(30), "C1", 100),
        ("I2", overdue_by(31), "C2", 200),
        ("I3", overdue_by(95), "C3", 300),
        ("I3b", overdue_by(5), "C3", 50),
        ("I4", overdue_by(0), "C4", 400),  # due today: nobody chases it
        ("I5", overdue_by(61), "C5", 500),
    )
    work = run(lines, pays(), cards).dunning
    assert work["customer_id"].tolist() == ["C3", "C5", "C2", "C1"]
    assert work["days_overdue"].tolist() == [95, 61, 31, 30]
    assert work["step"].tolist() == [4, 3, 2, 1]
    assert work["action"].tolist() == list(DEFAULT_ACTIONS)[::-1]
    c3 = work.iloc[0]
    assert (c3["overdue"], c3["oldest_due"]) == (350, overdue_by(95))
    assert (c3["name"], c3["rep_id"], c3["contact"], c3["phone"]) == (
        "Shop C3",
        "R3",
        "Mr C3",
        "555-C3",
    )


def test_equal_days_go_by_amount_then_customer() -> None:
    cards = customers("C1", "C2", "C3")
    lines = sales(
        ("I1", overdue_by(40), "C1", 100),
        ("I2", overdue_by(40), "C2", 300),
        ("I3", overdue_by(40), "C3", 100),
    )
    assert run(lines, pays(), cards).dunning["customer_id"].tolist() == ["C2", "C1", "C3"]


def test_action_texts_can_be_replaced() -> None:
    cards = customers("C1", "C2")
    lines = sales(("I1", overdue_by(10), "C1", 100), ("I2", overdue_by(200), "C2", 100))
    texts = ["SMS", "Phone", "Visit", "Lawyer"]
    work = run(lines, pays(), cards, dunning_actions=texts).dunning
    assert work["action"].tolist() == ["Lawyer", "SMS"]


def test_paid_customers_are_not_chased() -> None:
    cards = customers("C1", "C2")
    lines = sales(("I1", overdue_by(50), "C1", 100), ("I2", overdue_by(50), "C2", 100))
    work = run(lines, pays(("P1", "2026-06-01", "C1", 100)), cards).dunning
    assert work["customer_id"].tolist() == ["C2"]


def test_collections_credit_the_invoice_rep_in_the_payment_month() -> None:
    cards = customers("C1", "C2")  # C1 is now R1's customer
    lines = sales(
        ("I1", "2026-01-10", "C1", 300, "R7"),  # sold by R7
        ("I2", "2026-02-10", "C1", 200, "R1"),
        ("I3", "2026-02-10", "C2", 100, "R2"),
    )
    payments = pays(
        ("P1", "2026-03-05", "C1", 400),  # 300 → I1 (R7), 100 → I2 (R1)
        ("P2", "2026-04-20", "C1", 150),  # 100 → I2 (R1), 50 unapplied → R1
        ("P3", "2026-04-21", "C2", 100, "I3"),
        ("P4", "2026-04-22", "C9", 25),  # unknown customer: no rep to credit
    )
    got = run(lines, payments, cards).collections
    assert got.values.tolist() == [
        ["", "2026-04", 25.0],
        ["R1", "2026-03", 100.0],
        ["R1", "2026-04", 150.0],
        ["R2", "2026-04", 100.0],
        ["R7", "2026-03", 300.0],
    ]
