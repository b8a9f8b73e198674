"""The demo company through issue → fill → collect, checked as a manager would."""

from __future__ import annotations

import shutil
import zipfile

import openpyxl
import pytest

from addin.io.identity import read_identity
from addin.io.ledger import STORED, Ledger
from addin.io.reader import WorkbookFile
from addin.jobs.collect import collect
from addin.jobs.status import status
from addin.schema import TABLES

PERIOD = "2026-03"


def counted_daily(root):
    with Ledger.open(root / "ledger.sqlite") as ledger:
        return ledger.counted("DailyReport", period=PERIOD)


def test_demo_cycle_counts_good_reports_and_the_valid_rows_of_the_bad_one(demo_company) -> None:
    result = status(demo_company, PERIOD)
    subs = result.data["submissions"]
    assert subs, "the demo collected nothing"
    statuses = {s["rep_id"]: s["status"] for s in subs}
    assert "partial" in statuses.values() and "accepted" in statuses.values()
    assert result.data["not_submitted"], "the demo has a rep who sends nothing"
    bad = next(r for r, s in statuses.items() if s == "partial")
    daily = counted_daily(demo_company)
    with WorkbookFile(demo_company / "archive" / PERIOD / f"rep-{bad}-{PERIOD}.xlsx") as book:
        sent = book.read(TABLES["DailyReport"]).frame
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        (sid,) = ledger.submissions(period=PERIOD, rep_id=bad)["submission_id"]
        wrong = {int(r) for r in ledger.issues(sid).query("sheet == 'DailyReport'")["row"]}
    mine = daily.loc[daily["rep_id"] == bad]
    # One wrong cell does not zero the month: every row without an error counts.
    assert 0 < len(mine) < len(sent)
    assert not set(mine["row_no"]) & wrong
    assert len(mine) >= len(sent) - len(wrong)
    # The returned copy opens on its Issues sheet, whose first line says what counted.
    marked = openpyxl.load_workbook(demo_company / "returned" / f"rep-{bad}-{PERIOD}.xlsx")
    assert marked.active.title == "Issues"
    assert [ws.title for ws in marked.worksheets if ws.sheet_view.tabSelected] == ["Issues"]
    line = marked["Issues"]["A1"].value
    assert f"DailyReport {len(mine)}/{len(sent)} rows" in line
    assert f"Not counted: {len(sent) - len(mine)} row(s)" in line
    assert line.endswith("Correct the marked cells and send it back.")
    assert marked["Issues"].max_row > 3  # issues listed for the rep to fix


def test_status_lists_every_counted_table_of_every_counted_submission(demo_company) -> None:
    result = status(demo_company, PERIOD)
    counted = result.data["counted"]
    subs = [s for s in result.data["submissions"] if s["counted"]]
    assert {(c["rep_id"], c["period"]) for c in counted} == {(s["rep_id"], PERIOD) for s in subs}
    daily = counted_daily(demo_company)
    rows = {c["rep_id"]: c["rows"] for c in counted if c["table"] == "DailyReport"}
    assert rows == daily.groupby("rep_id").size().reindex(list(rows), fill_value=0).to_dict()
    assert sum(rows.values()) == len(daily) > 0
    assert {c["table"] for c in counted} == set(STORED["rep"])


def test_collecting_the_same_files_again_changes_nothing(demo_company) -> None:
    before = counted_daily(demo_company)
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        n_before = len(ledger.submissions(period=PERIOD))
    quiet = collect(demo_company, period=PERIOD)  # collected files left the inbox
    assert "nothing to collect" in quiet.lines()[0] and not quiet.issues
    archived = sorted((demo_company / "archive" / PERIOD).glob("rep-*.xlsx"))
    again = collect(demo_company, archived, period=PERIOD)  # the same files sent again
    assert {o["status"] for o in again.data["outcomes"]} == {"duplicate"}
    after = counted_daily(demo_company)
    assert len(after) == len(before)
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        assert len(ledger.submissions(period=PERIOD)) == n_before


def test_a_corrected_file_replaces_the_earlier_one_which_is_kept(demo_company) -> None:
    archived = sorted((demo_company / "archive" / PERIOD).glob("rep-*.xlsx"))
    path = archived[0]
    rep = read_identity(path).rep_id
    before = counted_daily(demo_company)
    mine_before = (before["rep_id"] == rep).sum()
    book = openpyxl.load_workbook(path)
    ws = book["DailyReport"]
    last = ws.tables["DailyReport"].ref.split(":")[1]
    last_row = int("".join(ch for ch in last if ch.isdigit()))
    for col in range(1, 10):  # the rep deletes their last visit and re-sends
        ws.cell(row=last_row, column=col).value = None
    book.save(path)
    collect(demo_company, [path], period=PERIOD)
    after = counted_daily(demo_company)
    assert (after["rep_id"] == rep).sum() == mine_before - 1
    assert len(after) == len(before) - 1  # nobody else changed
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        subs = ledger.submissions(period=PERIOD, rep_id=rep)
    assert len(subs) == 2 and subs["counted"].tolist() == [False, True]


def test_foreign_files_are_refused_without_touching_the_ledger(demo_company, tmp_path) -> None:
    before = counted_daily(demo_company)
    plain = tmp_path / "notes.xlsx"
    openpyxl.Workbook().save(plain)
    csv = tmp_path / "fake.xlsx"
    csv.write_text("date,amount\n2026-03-01,5\n")
    other = sorted((demo_company / "archive" / PERIOD).glob("rep-*.xlsx"))[0]
    result = collect(demo_company, [plain, csv, other], period="2026-04")
    messages = [i.message for i in result.issues if i.code == "refused"]
    assert any("not a SalesDesk rep workbook" in m for m in messages)
    assert any("not an Excel workbook" in m for m in messages)
    assert any("is for 2026-03, not 2026-04" in m for m in messages)
    assert result.exit_code == 1
    assert len(counted_daily(demo_company)) == len(before)


def test_each_rep_workbook_holds_only_that_reps_data(demo_company) -> None:
    """Scan every issued file's XML — cells, hidden sheets, names, validation lists,
    properties — for any other rep's customer ids."""
    with WorkbookFile(demo_company / "masters.xlsx") as book:
        customers = book.read(TABLES["Customers"]).frame
    owner = dict(zip(customers["customer_id"], customers["rep_id"], strict=True))
    issued = sorted((demo_company / "reps").glob("rep-*.xlsx"))
    assert issued
    for path in issued:
        rep = read_identity(path).rep_id
        with zipfile.ZipFile(path) as zf:
            text = " ".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
        foreign = [c for c, r in owner.items() if r != rep and c in text]
        assert not foreign, f"{path.name} holds other reps' customers {foreign[:5]}"
        open_ = set(customers.loc[customers["status"] != "closed", "customer_id"])
        own = [c for c, r in owner.items() if r == rep and c in open_]
        assert all(c in text for c in own), f"{path.name} lacks some of its own customers"


def test_rep_workbooks_have_no_macros_and_validate_against_own_lists(demo_company) -> None:
    for path in sorted((demo_company / "reps").glob("rep-*.xlsx")):
        with zipfile.ZipFile(path) as zf:
            assert not [n for n in zf.namelist() if "vba" in n.lower()]
        book = openpyxl.load_workbook(path)
        sources = {dv.formula1 for dv in book["DailyReport"].data_validations.dataValidation}
        assert any("MyCustomers" in (s or "") for s in sources)


@pytest.mark.parametrize("table", ["DailyReport", "Forecast"])
def test_rows_counted_match_the_archived_files(demo_company, table) -> None:
    """Every row of every accepted file is in the ledger exactly once; of a partly wrong
    file, every row but the wrong ones."""
    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        counted = ledger.counted(table, period=PERIOD)
        subs = ledger.submissions(period=PERIOD)
        wrong = {
            sid: {int(r) for r in ledger.issues(sid).query(f"sheet == '{table}'")["row"]}
            for sid in subs["submission_id"]
        }
    expected = 0
    for sid, name, state in subs.loc[
        subs["counted"], ["submission_id", "file_name", "status"]
    ].to_numpy():
        with WorkbookFile(demo_company / "archive" / PERIOD / name) as book:
            rows = set(book.read(TABLES[table], required=False).frame["_row"])
        mine = set(counted.loc[counted["submission_id"] == sid, "row_no"])
        assert mine == (rows - wrong[sid] if state == "partial" else rows)
        expected += len(mine)
    assert len(counted) == expected


def test_moving_the_inbox_file_away_keeps_the_ledger(demo_company, tmp_path) -> None:
    shutil.rmtree(demo_company / "inbox")
    (demo_company / "inbox").mkdir()
    result = collect(demo_company, period=PERIOD)
    assert "nothing to collect" in result.lines()[0]
    assert len(counted_daily(demo_company))


def test_every_planted_mistake_is_caught_at_its_cell(demo_master) -> None:
    """The demo's badly filled report: each planted error comes back with its code and row."""
    from addin.demo import demo_report_quality, fill_month_reports, generate_company

    demo = generate_company("small", seed=7)
    qualities = demo_report_quality(demo.reps, PERIOD, 7)
    bad = [rep for rep, q in qualities.items() if q == "bad"]
    reports = fill_month_reports(demo, PERIOD, {r: "bad" for r in bad}, seed=7)
    with Ledger.open(demo_master / "ledger.sqlite") as ledger:
        subs = ledger.submissions(period=PERIOD)
        for rep in bad:
            planted = reports[rep].planted
            assert planted
            sid = int(subs.loc[subs["rep_id"] == rep, "submission_id"].iloc[-1])
            found = ledger.issues(sid)
            got = set(zip(found["sheet"], found["row"].astype(int), found["code"], strict=True))
            for p in planted:
                assert (p.table, p.row + 2, p.code) in got, (p, sorted(got))
            assert subs.loc[subs["submission_id"] == sid, "status"].item() == "partial"


def test_next_months_workbook_carries_the_reps_route(demo_company) -> None:
    from addin.jobs.issue import issue_workbooks

    with Ledger.open(demo_company / "ledger.sqlite") as ledger:
        march = ledger.counted("WeeklyRoute", period=PERIOD)
    rep = march["rep_id"].iloc[0]
    issue_workbooks(demo_company, "2026-04", only=[rep])
    with WorkbookFile(demo_company / "reps" / f"rep-{rep}-2026-04.xlsx") as book:
        april = book.read(TABLES["WeeklyRoute"]).frame
    assert set(april["week_start"].dt.strftime("%Y-%m-%d")) == {
        "2026-03-30",
        "2026-04-06",
        "2026-04-13",
        "2026-04-20",
        "2026-04-27",
    }
    mine = march.loc[march["rep_id"] == rep]
    first_week = mine.loc[mine["week_start"] == mine["week_start"].min()]
    one_week = april.loc[april["week_start"] == april["week_start"].min()]
    assert sorted(one_week["customer_id"]) == sorted(first_week["customer_id"])
    assert (april["week_start"].dt.day_of_week == 0).all()
