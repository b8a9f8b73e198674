"""Submitting and counting: duplicates, replacements, rejected and partial submissions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from addin.core.issues import ROW
from addin.io.ledger import Ledger
from tests.ledger.data import (
    daily_report,
    job,
    job_hash,
    rep_frames,
    rep_issues,
    submit_finance,
    submit_job,
)


def _no_row(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[ROW]).reset_index(drop=True)


def _data(counted: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """The spec columns of counted rows, in the order and dtypes of `like`."""
    return counted[[c for c in like.columns if c != ROW]].reset_index(drop=True)


def test_stored_rows_come_back_as_the_reader_typed_them(ledger: Ledger) -> None:
    spec = job("R001", rows=12)
    result = submit_job(ledger, spec)
    assert (result.outcome, result.status, result.rows) == ("stored", "accepted", 12 + 6)
    sent = daily_report(spec)
    back = ledger.counted("DailyReport")
    pd.testing.assert_frame_equal(_data(back, sent), _no_row(sent), check_dtype=False)
    assert back["row_no"].tolist() == sent[ROW].tolist()
    assert set(back["rep_id"]) == {"R001"} and set(back["period"]) == {"2026-11"}
    assert back["date"].dtype == "datetime64[ns]"
    assert all(isinstance(t, dt.time) for t in back["start_time"])
    assert back["order_amount"].dtype == "float64" and back["order_amount"].isna().any()
    route = ledger.counted("WeeklyRoute")
    assert str(route["weekday"].dtype) == "Int64" and str(route["seq"].dtype) == "Int64"
    assert (
        route["objective"].isna().sum() == rep_frames(spec)["WeeklyRoute"]["objective"].isna().sum()
    )


def test_the_same_file_again_is_a_duplicate_and_changes_nothing(ledger: Ledger) -> None:
    spec = job("R001")
    first = submit_job(ledger, spec)
    again = submit_job(ledger, spec)
    assert again.outcome == "duplicate"
    assert again.submission_id == first.submission_id and again.rows == 0
    assert len(ledger.submissions()) == 1
    assert len(ledger.counted("DailyReport")) == spec["rows"]


def test_a_corrected_file_replaces_the_earlier_one_which_stays_kept(ledger: Ledger) -> None:
    first = submit_job(ledger, job("R001", version=1, rows=8))
    second = submit_job(ledger, job("R001", version=2, rows=3))
    assert second.outcome == "stored" and second.submission_id != first.submission_id
    counted = ledger.counted("DailyReport")
    assert len(counted) == 3 and set(counted["submission_id"]) == {second.submission_id}
    subs = ledger.submissions("2026-11")
    assert subs["submission_id"].tolist() == [first.submission_id, second.submission_id]
    assert subs["counted"].tolist() == [False, True]
    assert subs["row_count"].tolist() == [8 + 4, 3 + 1]


def test_the_same_file_for_another_period_is_not_a_duplicate(ledger: Ledger) -> None:
    spec = job("R001")
    submit_job(ledger, spec)
    frames = rep_frames(spec)
    other = ledger.submit(
        kind="rep",
        rep_id="R001",
        period="2026-12",
        file_name="x.xlsx",
        file_hash=job_hash(spec),
        status="accepted",
        frames=frames,
    )
    assert other.outcome == "stored"
    assert len(ledger.counted("DailyReport", period=["2026-11", "2026-12"])) == 2 * spec["rows"]
    assert len(ledger.counted("DailyReport", period="2026-12")) == spec["rows"]


def test_resending_an_older_file_is_a_duplicate_and_the_newer_stays_counted(
    ledger: Ledger,
) -> None:
    old, new = job("R001", version=1), job("R001", version=2, rows=2)
    submit_job(ledger, old)
    newer = submit_job(ledger, new)
    assert submit_job(ledger, old).outcome == "duplicate"
    assert set(ledger.counted("DailyReport")["submission_id"]) == {newer.submission_id}


def test_a_rejected_submission_keeps_its_issues_but_no_rows(ledger: Ledger) -> None:
    good = submit_job(ledger, job("R001", version=1, rows=5))
    bad = submit_job(ledger, job("R001", version=2, rows=9, status="rejected"))
    assert bad.outcome == "stored" and bad.rows == 0
    counted = ledger.counted("DailyReport")
    assert len(counted) == 5 and set(counted["submission_id"]) == {good.submission_id}
    issues = ledger.issues(bad.submission_id)
    assert issues[
        ["sheet", "row", "column", "value", "code", "severity", "cell"]
    ].values.tolist() == [
        ["DailyReport", 7, "customer_id", "C99999", "unknown_customer", "error", "B7"]
    ]
    assert issues["file"].tolist() == ["rep-R001.xlsx"]
    status = ledger.status("2026-11").iloc[0]
    assert status["latest_id"] == bad.submission_id and status["latest_status"] == "rejected"
    assert status["counted_id"] == good.submission_id and status["DailyReport"] == 5
    assert status["submissions"] == 2 and status["latest_issue_count"] == 1


def test_a_partial_submission_counts_with_the_rows_it_was_given(ledger: Ledger) -> None:
    submit_job(ledger, job("R001", version=1, rows=5))
    part = submit_job(ledger, job("R001", version=2, rows=5, status="partial"))
    counted = ledger.counted("DailyReport")
    assert set(counted["submission_id"]) == {part.submission_id}
    assert len(counted) == 4  # data.submit_job drops the first row as "invalid"
    assert len(ledger.issues(part.submission_id)) == 1


def test_a_rep_with_only_a_rejected_submission_counts_nothing(ledger: Ledger) -> None:
    submit_job(ledger, job("R002", status="rejected"))
    assert ledger.counted("DailyReport").empty
    row = ledger.status("2026-11").iloc[0]
    assert row["latest_status"] == "rejected" and pd.isna(row["counted_id"])
    assert row["DailyReport"] == 0


def test_counted_and_status_keep_reps_and_periods_apart(ledger: Ledger) -> None:
    submit_job(ledger, job("R001", rows=4))
    submit_job(ledger, job("R002", rows=7))
    submit_job(ledger, job("R002", rows=3, version=2))
    submit_job(ledger, job("R001", period="2026-10", rows=2))
    assert len(ledger.counted("DailyReport", rep_id="R002")) == 3
    assert len(ledger.counted("DailyReport", period="2026-11")) == 4 + 3
    assert len(ledger.counted("DailyReport")) == 4 + 3 + 2
    status = ledger.status("2026-11")
    assert status["rep_id"].tolist() == ["R001", "R002"]
    assert status["DailyReport"].tolist() == [4, 3] and status["submissions"].tolist() == [1, 2]
    assert ledger.status("2027-01").empty
    assert len(ledger.submissions(kind="rep", rep_id="R001")) == 2


def test_finance_rows_are_filtered_by_their_own_rep(ledger: Ledger) -> None:
    lines = pd.DataFrame(
        {
            ROW: [2, 3, 4],
            "invoice_id": ["I1", "I1", "I2"],
            "line": pd.array([1, 2, 1], "Int64"),
            "date": pd.to_datetime(["2026-11-01", "2026-11-01", "2026-11-05"]),
            "customer_id": ["C1", "C1", "C2"],
            "product_id": ["P1", "P2", "P1"],
            "rep_id": ["R001", "R001", "R002"],
            "qty": [1.0, 2.0, 3.0],
            "amount": [100.25, 200.0, -50.0],
            "cost": [60.0, None, -30.0],
            "due_date": pd.to_datetime(pd.Series(["2026-12-01", None, "2026-12-05"])),
        }
    )
    payments = pd.DataFrame(
        {
            ROW: [2],
            "payment_id": ["PAY1"],
            "date": pd.to_datetime(["2026-11-20"]),
            "customer_id": ["C1"],
            "amount": [100.25],
            "invoice_id": [None],
        }
    )
    first = submit_finance(ledger, {"SalesLines": lines, "Payments": payments}, "f1")
    back = ledger.counted("SalesLines", rep_id="R001")
    assert back["invoice_id"].tolist() == ["I1", "I1"]
    assert back["amount"].tolist() == [100.25, 200.0]
    assert back["due_date"].isna().tolist() == [False, True]
    assert ledger.counted("Payments")["invoice_id"].isna().all()
    second = submit_finance(ledger, {"SalesLines": lines.iloc[:1], "Payments": payments}, "f2")
    assert second.submission_id != first.submission_id
    assert len(ledger.counted("SalesLines")) == 1


def test_a_new_plan_replaces_the_targets_of_its_year_only(ledger: Ledger) -> None:
    def cube(scale: float) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "month": ["2026-01", "2026-01", "2026-02"],
                "region_id": ["E", "E", "W"],
                "rep_id": ["R001", "R002", "R001"],
                "customer_id": ["C1", "C2", "C1"],
                "product_id": ["P1", "P1", "P2"],
                "settlement_method": ["cash", "credit", "cash"],
                "channel": ["direct", "online", "direct"],
                "sales_target": [1000.0 * scale, 2000.0 * scale, 1500.5 * scale],
                "collection_target": [900.0, 1800.0, 1400.0],
            }
        )

    budgets = pd.DataFrame(
        {
            "rep_id": ["R001", "R002"],
            "month": ["2026-01", "2026-01"],
            "expense_budget": [50.0, 100.0],
        }
    )
    ledger.replace_plan(2026, cube(1.0), budgets, "p1")
    ledger.replace_plan(2027, cube(3.0), budgets, "p1")
    again = ledger.replace_plan(2026, cube(2.0), budgets.iloc[:1], "p2")
    assert again.outcome == "stored"
    assert ledger.replace_plan(2026, cube(2.0), budgets, "p2").outcome == "duplicate"
    targets = ledger.targets(2026)
    assert targets["sales_target"].tolist() == [2000.0, 4000.0, 3001.0]
    assert targets["row_no"].tolist() == [1, 2, 3]
    assert ledger.targets(2026, rep_id="R001")["sales_target"].tolist() == [2000.0, 3001.0]
    assert ledger.targets("2027")["sales_target"].sum() == pytest.approx(3 * 4500.5)
    assert ledger.budgets(2026)["expense_budget"].tolist() == [50.0]


def test_received_at_is_kept_in_utc(ledger: Ledger) -> None:
    beijing = dt.timezone(dt.timedelta(hours=8))
    ledger.submit(
        kind="rep",
        rep_id="R001",
        period="2026-11",
        file_name="a.xlsx",
        file_hash="h",
        status="accepted",
        frames={},
        received_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=beijing),
    )
    when = ledger.submissions()["received_at"].iloc[0]
    assert when == pd.Timestamp("2026-12-01 01:30", tz="UTC")


def test_derived_tables_round_trip_and_are_replaced(ledger: Ledger) -> None:
    assert ledger.derived("Collections") is None
    first = pd.DataFrame(
        {"rep_id": ["R001", "R002"], "month": ["2026-11", "2026-11"], "collected": [10.5, 20.0]}
    )
    ledger.replace_derived("Collections", first)
    ledger.replace_derived("Collections", first.iloc[:1])
    back = ledger.derived("Collections")
    assert back is not None
    pd.testing.assert_frame_equal(back, first.iloc[:1], check_dtype=False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "payroll"}, "kind must be"),
        ({"status": "maybe"}, "status must be"),
        ({"period": "2026-13"}, "period looks like"),
        ({"rep_id": ""}, "needs its rep_id"),
        ({"frames": {"SalesLines": pd.DataFrame()}}, "rep submission holds"),
    ],
)
def test_caller_mistakes_fail_loudly_and_write_nothing(
    ledger: Ledger, changes: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {
        "kind": "rep",
        "rep_id": "R001",
        "period": "2026-11",
        "file_name": "a.xlsx",
        "file_hash": "h",
        "status": "accepted",
        "frames": {},
    }
    args.update(changes)
    with pytest.raises(ValueError, match=message):
        ledger.submit(**args)  # type: ignore[arg-type]
    assert ledger.submissions().empty


def test_counted_refuses_a_table_the_ledger_does_not_store(ledger: Ledger) -> None:
    with pytest.raises(KeyError, match="stores no table"):
        ledger.counted("Customers")


def test_a_batch_stores_each_submission_as_submit_would_and_leaves_commits_durable(
    ledger: Ledger,
) -> None:
    """Collect's batch: the same rows, issues and outcomes as one submit at a time, a
    duplicate inside it changes nothing, and afterwards the connection is back to an
    fsync per commit (SQLite) for whoever uses it next."""
    specs = [job("R001", rows=4), job("R002", rows=9, status="partial"), job("R001", rows=4)]
    with ledger.batch() as batch:
        results = [submit_job(batch, s) for s in specs]  # type: ignore[arg-type]
    assert [r.outcome for r in results] == ["stored", "stored", "duplicate"]
    assert results[2].submission_id == results[0].submission_id
    assert ledger.submissions()["file_hash"].tolist() == [job_hash(s) for s in specs[:2]]
    back = ledger.counted("DailyReport", rep_id="R001")
    sent = daily_report(specs[0])
    pd.testing.assert_frame_equal(_data(back, sent), _no_row(sent), check_dtype=False)
    assert len(ledger.counted("DailyReport", rep_id="R002")) == 9 - 1  # partial: valid rows
    for spec, result in zip(specs[:2], results, strict=False):
        assert len(ledger.issues(result.submission_id)) == len(rep_issues(spec))
    if ledger.engine.dialect.name == "sqlite":
        with ledger.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_submit_all_stores_each_table_as_submitting_it_alone_would(ledger: Ledger) -> None:
    """A batch's small tables are converted stacked and cut apart again: every file still
    gets exactly its own rows — whatever the mix of dtypes, a rejected file in between,
    a file with no Excel rows — the same as one submit each."""
    from addin.io.ledger import Submission

    a = rep_frames(job("R001", rows=5))
    b = rep_frames(job("R002", rows=3))
    b["DailyReport"] = b["DailyReport"].astype({"order_amount": object})  # another dtype
    c = {"DailyReport": daily_report(job("R003", rows=4)).drop(columns=[ROW])}
    sent = [("accepted", a), ("rejected", a), ("accepted", b), ("accepted", c), ("partial", a)]

    def sub(prefix: str, n: int, status: str, frames: dict[str, pd.DataFrame]) -> Submission:
        return Submission(
            "rep",
            f"{prefix}{n}",
            "2026-11",
            f"f{n}.xlsx",
            f"{prefix}{n}",
            status,
            frames,  # type: ignore[arg-type]
        )

    with ledger.batch() as batch:
        together = batch.submit_all([sub("B", n, *s) for n, s in enumerate(sent)])
    alone = [ledger.submit(**_kwargs(sub("S", n, *s))) for n, s in enumerate(sent)]  # type: ignore[arg-type]
    assert (
        [r.rows for r in together]
        == [r.rows for r in alone]
        == [
            0 if status == "rejected" else sum(len(f) for f in frames.values())
            for status, frames in sent
        ]
    )
    for table in ("DailyReport", "WeeklyRoute"):
        for n in range(len(sent)):
            got = ledger.counted(table, rep_id=f"B{n}").drop(columns=["submission_id", "rep_id"])
            want = ledger.counted(table, rep_id=f"S{n}").drop(columns=["submission_id", "rep_id"])
            pd.testing.assert_frame_equal(got, want)
    assert ledger.counted("DailyReport", rep_id="B3")["row_no"].tolist() == [1, 2, 3, 4]


def _kwargs(sub: object) -> dict[str, object]:
    return {k: getattr(sub, k) for k in sub.__slots__}  # type: ignore[attr-defined]
