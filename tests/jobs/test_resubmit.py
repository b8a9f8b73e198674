"""A report with wrong cells is counted in part, corrected, sent again and counted once —
real workbooks through `collect`, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from addin.io.ledger import STORED, Ledger
from addin.jobs.appraise import appraise
from addin.jobs.collect import collect
from tests.faults.conftest import copy_company, pg_ledger

PERIOD = "2026-03"
TABLES_WITH_ROWS = STORED["rep"]

__all__ = ["pg_ledger"]


def _counted(url: str, rep: str) -> dict[str, list[int]]:
    """Submission ids of the counted rows per table, for one rep."""
    with Ledger.open(url) as ledger:
        return {
            t: ledger.counted(t, period=PERIOD, rep_id=rep)["submission_id"].tolist()
            for t in TABLES_WITH_ROWS
        }


def _correct(path: Path, wrong: dict[str, set[int]]) -> None:
    """What the rep does with the returned copy's list: removes each marked line."""
    book = openpyxl.load_workbook(path)
    for sheet, rows in wrong.items():
        ws = book[sheet]
        for row in rows:
            for col in range(1, ws.max_column + 1):
                ws.cell(row=row, column=col).value = None
    book.save(path)


def _resubmit_once(root: Path, url: str) -> None:
    first = collect(root, period=PERIOD)
    outcomes = {o["rep_id"]: o for o in first.data["outcomes"]}
    rep = next(r for r, o in outcomes.items() if o["status"] == "partial")
    path = root / "archive" / PERIOD / outcomes[rep]["file"]  # collected files leave inbox/
    with Ledger.open(url) as ledger:
        (sid,) = ledger.submissions(period=PERIOD, rep_id=rep)["submission_id"]
        issues = ledger.issues(sid)
    errors = issues.loc[(issues["severity"] == "error") & issues["row"].notna()]
    wrong: dict[str, set[int]] = {}
    for sheet, row in zip(errors["sheet"], errors["row"].astype(int), strict=True):
        wrong.setdefault(str(sheet), set()).add(row)
    before = _counted(url, rep)
    assert before["DailyReport"] and {i for ids in before.values() for i in ids} == {sid}
    card = appraise(root, PERIOD).data["scorecard"].set_index("rep_id")
    assert card.loc[rep, "report_error_months"] == 1

    _correct(path, wrong)
    again = collect(root, [path], period=PERIOD)
    (outcome,) = again.data["outcomes"]
    assert outcome["status"] == "accepted", again.issues
    after = _counted(url, rep)
    new_ids = {i for ids in after.values() for i in ids}
    assert len(new_ids) == 1 and new_ids != {sid}  # the corrected file replaces the first
    for table in TABLES_WITH_ROWS:  # its valid rows, counted once, not on top of the first
        assert len(after[table]) == len(before[table]), table
    with Ledger.open(url) as ledger:
        subs = ledger.submissions(period=PERIOD, rep_id=rep)
    assert subs["status"].tolist() == ["partial", "accepted"]
    assert subs["counted"].tolist() == [False, True]
    card = appraise(root, PERIOD).data["scorecard"].set_index("rep_id")
    assert card.loc[rep, "report_error_months"] == 0  # corrected: no month with errors left

    twice = collect(root, [path], period=PERIOD)
    assert [o["status"] for o in twice.data["outcomes"]] == ["duplicate"]
    assert _counted(url, rep) == after


def test_a_corrected_report_is_counted_once_on_sqlite(demo_master: Path, tmp_path: Path) -> None:
    root = copy_company(demo_master, tmp_path / "co", fresh_ledger=True)
    _resubmit_once(root, str(root / "ledger.sqlite"))


@pytest.mark.postgres
def test_a_corrected_report_is_counted_once_on_postgres(
    demo_master: Path, tmp_path: Path, pg_ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_company(demo_master, tmp_path / "co", fresh_ledger=True)
    monkeypatch.setenv("SALESDESK_LEDGER", pg_ledger)
    _resubmit_once(root, pg_ledger)
    assert not (root / "ledger.sqlite").exists()
