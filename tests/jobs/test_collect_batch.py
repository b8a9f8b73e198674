"""Collecting a whole inbox in one batch gives every file exactly what collecting it alone
gives: the same outcome, the same issues at the same cells, the same ledger rows, the same
returned copy and the same archive move — real rep workbooks, real SQLite. That holds for
customers picked from the dropdown ("code name", read against each file's own rep) and for
a sheet the rep renamed (named as the rep sees it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.io.company import Company, load_masters
from addin.io.ledger import STORED, Ledger
from addin.io.reader import WorkbookFile
from addin.jobs.collect import collect
from addin.schema import TABLES
from tests.faults.conftest import copy_company
from tests.faults.helpers import fingerprint
from tests.hostile.mutate import edit_book, rename_sheet

PERIOD = "2026-03"
TAB = "我的日报"  # DailyReport, as one rep renamed it


def _type_cell(path: Path, sheet: str, column: str, value: object, nth: int = 0) -> str:
    """What a rep does: types `value` into `column` of the nth data row; the cell."""
    with WorkbookFile(path) as book:
        read = book.read(TABLES[sheet])
    assert read.layout is not None and len(read.frame) > nth
    cell = read.layout.cell(column, int(read.frame["_row"].iloc[nth]))
    wb = openpyxl.load_workbook(path)
    wb[read.layout.sheet][cell] = value
    wb.save(path)
    return cell


@pytest.fixture
def mixed_inbox(demo_master: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The demo's month as received (good and badly filled reports), plus: a clean report
    with rep B's customer typed in rep A's file, errors typed in other tables, a customer
    picked as "code name" and a code followed by another customer's name in rep C's file,
    rep A's customer picked as "code name" in rep D's file whose DailyReport sheet D
    renamed, the same file sent twice, and a file that is not a workbook."""
    root = copy_company(demo_master, tmp_path / "base", fresh_ledger=True)
    inbox = Company(root).inbox
    files = sorted(inbox.glob("*.xlsx"))
    assert len(files) >= 8
    masters = load_masters(Company(root).book("masters"))
    customers = masters.customers
    reps = [f.stem.split("-")[1] for f in files]
    rep_a, rep_b = reps[0], reps[1]
    theirs = customers.loc[customers["rep_id"] == rep_b, "customer_id"].iloc[0]
    assert theirs not in set(customers.loc[customers["rep_id"] == rep_a, "customer_id"])
    name_of = dict(zip(customers["customer_id"], customers["name"], strict=True))
    rep_c, rep_d = reps[6], reps[7]
    assert len({rep_a, rep_b, rep_c, rep_d}) == 4
    c_own = customers.loc[customers["rep_id"] == rep_c, "customer_id"].tolist()
    assert len(c_own) >= 2 and name_of[c_own[0]] != name_of[c_own[1]]
    picked = f"{c_own[1]} {name_of[c_own[1]]}"
    crossed = f"{c_own[0]} {name_of[c_own[1]]}"  # C's first code, C's second name
    a_own = customers.loc[customers["rep_id"] == rep_a, "customer_id"].iloc[0]
    a_picked = f"{a_own} {name_of[a_own]}"  # right for rep A, not D's customer
    with WorkbookFile(files[7]) as book:
        daily = book.read(TABLES["DailyReport"])
    assert daily.layout is not None
    edit_book(files[7], rename_sheet(daily.layout.sheet, TAB))
    planted = {
        "foreign": _type_cell(files[0], "DailyReport", "customer_id", theirs),
        "bad_date": _type_cell(files[1], "DailyReport", "date", "32.13.2026", nth=2),
        "bad_forecast": _type_cell(files[4], "Forecast", "amount", "many"),
        "rep_a": rep_a,
        "rep_b": rep_b,
        "foreign_file": files[0].name,
        "theirs": str(theirs),
        "picked": _type_cell(files[6], "DailyReport", "customer_id", picked),
        "picked_code": c_own[1],
        "crossed": _type_cell(files[6], "DailyReport", "customer_id", crossed, nth=1),
        "crossed_code": c_own[0],
        "crossed_name": name_of[c_own[0]],
        "picked_file": files[6].name,
        "rep_c": rep_c,
        "a_picked": _type_cell(files[7], "DailyReport", "customer_id", a_picked),
        "a_picked_value": a_picked,
        "renamed_file": files[7].name,
    }
    shutil.copyfile(files[5], inbox / f"{files[5].stem} (again).xlsx")  # sent twice
    (inbox / "notes.xlsx").write_text("not a workbook")
    return root, planted


def _ledger(root: Path) -> dict[str, pd.DataFrame]:
    """Everything the ledger keeps of the month, without the ids and times of the run."""
    with Ledger.open(root / "ledger.sqlite") as ledger:
        subs = ledger.submissions(period=PERIOD).sort_values("file_name")
        out = {"submissions": subs.drop(columns=["submission_id", "received_at"])}
        issues = [
            ledger.issues(int(sid)).assign(file_name=name)
            for sid, name in zip(subs["submission_id"], subs["file_name"], strict=True)
        ]
        out["issues"] = pd.concat(issues, ignore_index=True).drop(
            columns=[c for c in ("submission_id", "issue_id") if c in issues[0].columns]
        )
        for table in STORED["rep"]:
            rows = ledger.counted(table, period=PERIOD)
            out[table] = (
                rows.drop(
                    columns=[
                        c
                        for c in rows.columns
                        if c.endswith("_id") and c in ("submission_id", "row_id")
                    ]
                )
                .sort_values([c for c in rows.columns if c in ("rep_id", "_row", "row")])
                .reset_index(drop=True)
            )
    return out


def _seen(root: Path) -> dict[str, list[str]]:
    return {
        where: sorted(str(p.relative_to(root)) for p in (root / where).rglob("*.xlsx"))
        for where in ("inbox", "archive", "returned")
    }


def test_a_batch_gives_each_file_what_collecting_it_alone_gives(mixed_inbox, tmp_path) -> None:
    base, planted = mixed_inbox
    together = shutil.copytree(base, tmp_path / "together")
    alone = shutil.copytree(base, tmp_path / "alone")
    today = pd.Timestamp("2026-04-02").date()

    batched = collect(together, period=PERIOD, today=today)
    single = collect(alone, period=PERIOD, today=today, batch=1)

    outcomes = batched.data["outcomes"]
    assert outcomes == single.data["outcomes"]
    statuses = {o["status"] for o in outcomes}
    assert {"accepted", "partial", "duplicate", "refused"} <= statuses, statuses
    assert [i.as_dict() for i in batched.issues] == [i.as_dict() for i in single.issues]
    assert batched.lines() == single.lines()
    assert batched.marked == single.marked

    # rep B's customer typed in rep A's file is A's error, at the cell typed, and only A's
    foreign = [
        i for i in batched.issues if i.code == "not_my_customer" and i.value == planted["theirs"]
    ]
    assert [(i.file, i.sheet, i.cell) for i in foreign] == [
        (planted["foreign_file"], "DailyReport", planted["foreign"])
    ]
    codes = {(i.file, i.sheet, i.cell): i.code for i in batched.issues}
    assert any(c == planted["bad_date"] and s == "DailyReport" for (_, s, c) in codes)
    assert any(c == planted["bad_forecast"] and s == "Forecast" for (_, s, c) in codes)

    mine, theirs = _ledger(together), _ledger(alone)
    assert mine.keys() == theirs.keys()
    for name in mine:
        pd.testing.assert_frame_equal(mine[name], theirs[name], check_like=True, obj=name)
    assert len(mine["DailyReport"]) > 0
    assert _seen(together) == _seen(alone)
    for name in _seen(together)["returned"]:
        assert fingerprint(together / name) == fingerprint(alone / name), name

    # a pick counts as its code; a code with another customer's name is asked about
    by_cell = {(i.file, i.sheet, i.cell): i for i in batched.issues}
    assert (planted["picked_file"], "DailyReport", planted["picked"]) not in by_cell
    crossed = by_cell[(planted["picked_file"], "DailyReport", planted["crossed"])]
    assert crossed.code == "code_name_mismatch"
    assert dict(crossed.args) == {
        "code": planted["crossed_code"],
        "name": planted["crossed_name"],
    }
    daily = mine["DailyReport"]
    row = int(planted["picked"][1:])
    counted = daily.loc[(daily["rep_id"] == planted["rep_c"]) & (daily["row_no"] == row)]
    assert counted["customer_id"].tolist() == [planted["picked_code"]]

    # rep A's customer picked in rep D's file is read against D's own list only: not D's,
    # as typed, on the sheet as D renamed it
    (a_picked,) = [i for i in batched.issues if i.value == planted["a_picked_value"]]
    assert a_picked.code == "not_my_customer"
    assert (a_picked.file, a_picked.sheet, a_picked.cell) == (
        planted["renamed_file"],
        "DailyReport",
        planted["a_picked"],
    )
    assert a_picked.tab == TAB
    assert a_picked.where() == f"{planted['renamed_file']}:{TAB}!{planted['a_picked']}"
    returned = openpyxl.load_workbook(together / "returned" / planted["renamed_file"])
    assert TAB in returned.sheetnames and "DailyReport" not in returned.sheetnames
    assert "[not_my_customer]" in returned[TAB][planted["a_picked"]].comment.text
