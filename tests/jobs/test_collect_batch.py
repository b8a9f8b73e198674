"""Collecting a whole inbox in one batch gives every file exactly what collecting it alone
gives: the same outcome, the same issues at the same cells, the same ledger rows, the same
returned copy and the same archive move — real rep workbooks, real SQLite."""

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

PERIOD = "2026-03"


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
    with rep B's customer typed in rep A's file, errors typed in other tables, the same
    file sent twice, and a file that is not a workbook."""
    root = copy_company(demo_master, tmp_path / "base", fresh_ledger=True)
    inbox = Company(root).inbox
    files = sorted(inbox.glob("*.xlsx"))
    assert len(files) >= 6
    masters = load_masters(Company(root).book("masters"))
    customers = masters.customers
    reps = [f.stem.split("-")[1] for f in files]
    rep_a, rep_b = reps[0], reps[1]
    theirs = customers.loc[customers["rep_id"] == rep_b, "customer_id"].iloc[0]
    assert theirs not in set(customers.loc[customers["rep_id"] == rep_a, "customer_id"])
    planted = {
        "foreign": _type_cell(files[0], "DailyReport", "customer_id", theirs),
        "bad_date": _type_cell(files[1], "DailyReport", "date", "32.13.2026", nth=2),
        "bad_forecast": _type_cell(files[4], "Forecast", "amount", "many"),
        "rep_a": rep_a,
        "rep_b": rep_b,
        "foreign_file": files[0].name,
        "theirs": str(theirs),
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
