"""Property tests: any values survive the trip; counting follows the rules for any sequence.

Each example writes under rep ids of its own, so examples can share one ledger (and one
PostgreSQL schema) without seeing each other.
"""

from __future__ import annotations

import datetime as dt
import uuid

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.core.issues import ROW
from addin.io.ledger import Ledger
from addin.io.ledger.store import Status

TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
MONEY = st.floats(allow_nan=False, allow_infinity=False, width=64)
DAY = st.dates(dt.date(1950, 1, 1), dt.date(2199, 12, 31))
TIME = st.times()
SHARED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

FIELDS = {
    "date": DAY,
    "customer_id": TEXT,
    "start_time": TIME,
    "end_time": TIME,
    "visit_type": TEXT,
    "order_amount": MONEY,
    "collection_amount": MONEY,
    "expense_amount": MONEY,
    "feedback": TEXT,
}
row_strategy = st.fixed_dictionaries({key: st.none() | s for key, s in FIELDS.items()})


def _typed(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Rows as the reader would type them (dates datetime64, amounts float64)."""
    frame = pd.DataFrame(rows, columns=list(FIELDS))
    frame.insert(0, ROW, np.arange(2, 2 + len(rows)))
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    for key in ("order_amount", "collection_amount", "expense_amount"):
        frame[key] = pd.to_numeric(frame[key]).astype("float64")
    return frame


def _plain(values: list[object]) -> list[object]:
    return [None if pd.isna(v) else v for v in values]  # type: ignore[call-overload]


def _sent_and_read_back(ledger: Ledger, sent: pd.DataFrame) -> pd.DataFrame:
    """`sent` as one rep's DailyReport submission, and its rows as the ledger counts them."""
    rep = uuid.uuid4().hex
    ledger.submit(
        kind="rep",
        rep_id=rep,
        period="2026-11",
        file_name="r.xlsx",
        file_hash="h",
        status="accepted",
        frames={"DailyReport": sent},
    )
    return ledger.counted("DailyReport", rep_id=rep)


@SHARED
@given(rows=st.lists(row_strategy, min_size=1, max_size=15))
def test_any_report_values_come_back_unchanged(
    ledger: Ledger, rows: list[dict[str, object]]
) -> None:
    sent = _typed(rows)
    back = _sent_and_read_back(ledger, sent)
    assert back["row_no"].tolist() == sent[ROW].tolist()
    for key in sent.columns.drop(ROW):
        got, want = back[key].tolist(), sent[key].tolist()
        if key == "date":
            assert back[key].dtype == "datetime64[ns]"
            assert back[key].isna().tolist() == sent[key].isna().tolist()
            assert back[key].dropna().tolist() == sent[key].dropna().tolist()
        elif key.endswith("_amount"):
            np.testing.assert_array_equal(np.asarray(got, float), np.asarray(want, float))
        else:
            assert _plain(got) == _plain(want), key


#: One operation: (rep, period, file number). A file's content, and so its status and
#: hash, follow from its number: the same file always gets the same verdict.
OPS = st.lists(
    st.tuples(st.sampled_from("AB"), st.sampled_from(["2026-10", "2026-11"]), st.integers(0, 4)),
    min_size=1,
    max_size=12,
)
STATUS_OF: tuple[Status, ...] = ("accepted", "rejected", "partial", "accepted", "rejected")


@SHARED
@given(ops=OPS)
def test_the_newest_countable_distinct_file_is_counted(
    ledger: Ledger, ops: list[tuple[str, str, int]]
) -> None:
    ns = uuid.uuid4().hex[:12]
    seen: dict[tuple[str, str, int], int] = {}
    counted: dict[tuple[str, str], tuple[int, int]] = {}  # → (submission id, rows)
    for rep, period, number in ops:
        rep_id, status = f"{ns}-{rep}", STATUS_OF[number]
        frame = pd.DataFrame(
            {ROW: range(2, 3 + number), "customer_id": f"C{number}", "order_amount": float(number)}
        )
        result = ledger.submit(
            kind="rep",
            rep_id=rep_id,
            period=period,
            file_name=f"{number}.xlsx",
            file_hash=f"hash-{number}",
            status=status,
            frames={"DailyReport": frame},
        )
        key = (rep, period, number)
        if key in seen:
            assert (result.outcome, result.submission_id) == ("duplicate", seen[key])
            continue
        assert result.outcome == "stored"
        seen[key] = result.submission_id
        if status != "rejected":
            counted[(rep, period)] = (result.submission_id, number + 1)
    rows = ledger.counted("DailyReport")
    rows = rows[rows["rep_id"].str.startswith(ns)]
    got = {
        (str(r).split("-")[-1], p): (int(g["submission_id"].iloc[0]), len(g))
        for (r, p), g in rows.groupby(["rep_id", "period"])
    }
    assert got == counted
    subs = ledger.submissions()
    mine = subs[subs["rep_id"].str.startswith(ns)]
    assert sorted(mine["submission_id"]) == sorted(seen.values())
    assert set(mine.loc[mine["counted"], "submission_id"]) == {v[0] for v in counted.values()}


def test_text_that_looks_like_copy_syntax_comes_back_as_typed(ledger: Ledger) -> None:
    """PostgreSQL receives rows as COPY text: tabs, line breaks, backslashes, its NULL
    marker typed as text, an empty text and a missing one must each come back as sent."""
    tricky = ["a\tb", "line\nbreak\r\n", "back\\slash", "\\N", "", None, "\\t not a tab", "末尾"]
    rows = [dict.fromkeys(FIELDS) | {"feedback": v, "customer_id": v} for v in tricky]
    rows[0] |= {"start_time": dt.time(23, 59, 59, 999_999), "order_amount": 0.1 + 0.2}
    rows[1] |= {"order_amount": 5e-324, "date": dt.date(1950, 1, 1)}
    sent = _typed(rows)
    back = _sent_and_read_back(ledger, sent)
    assert _plain(back["feedback"].tolist()) == tricky
    assert _plain(back["customer_id"].tolist()) == tricky
    assert back["start_time"].tolist()[0] == dt.time(23, 59, 59, 999_999)
    assert back["order_amount"].tolist()[:2] == [0.1 + 0.2, 5e-324]
    assert back["date"].tolist()[1] == pd.Timestamp("1950-01-01")
