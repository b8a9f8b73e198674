"""Each job through the Excel door leaves the workbook the command line leaves.

The entry points run through xlwings' own API (Book.caller via the mock caller, Range
values through its converters) over the file-backed engine, on the demo company.
"""

from __future__ import annotations

import datetime as dt
import importlib.util

import pandas as pd
import pytest

import addin.entry as sd
from addin.jobs.age import age
from addin.jobs.check import check
from tests.excel.compare import differences, state


def test_age_in_excel_leaves_what_the_command_line_leaves(company, twin, open_caller, excel):
    book = open_caller(company / "finance.xlsx")
    message = sd.age()
    age(twin, dt.date.today())
    assert differences(state(twin / "finance.xlsx"), state(company / "finance.xlsx")) == []
    assert message.startswith("age: done"), message
    assert excel.app.alerts[-1] == (message, "SalesDesk", "info")
    # results are on screen and saved: the window and the file agree
    ageing = book.sheets["Ageing"]
    table = ageing.tables["Ageing"].range.options(pd.DataFrame, index=False).value
    assert len(table) == len(
        pd.read_excel(company / "finance.xlsx", "Ageing", header=2, engine="openpyxl")
    )
    assert book.sheets.active.name == "Ageing"


def test_screen_and_calculation_are_off_while_writing_and_restored(company, open_caller, excel):
    open_caller(company / "finance.xlsx")
    sd.age()
    history = excel.app.history
    first_write = next(
        i for i, (k, v) in enumerate(history) if k == "status_bar" and "writing" in str(v)
    )
    assert ("screen_updating", False) in history[:first_write]
    assert ("calculation", "manual") in history[:first_write]
    assert history[-3:] == [
        ("screen_updating", True),
        ("calculation", "automatic"),
        ("status_bar", False),
    ]
    assert any(k == "status_bar" and "running age" in str(v) for k, v in history)


def test_check_sees_unsaved_edits_and_marks_them_like_the_command_line(company, twin, open_caller):
    book = open_caller(company / "masters.xlsx")
    reps = book.sheets["Reps"].tables["Reps"]
    rows = reps.range.options(pd.DataFrame, index=False).value
    region_col = list(rows.columns).index("Region ID") + 1
    # the user types an unknown region and does not save
    book.sheets["Reps"].range((reps.range.row + 1, region_col)).value = "NOWHERE"
    message = sd.check()
    assert "problem(s) found — see the Issues sheet" in message

    import openpyxl

    edited = openpyxl.load_workbook(twin / "masters.xlsx")
    edited["Reps"].cell(row=reps.range.row + 1, column=region_col).value = "NOWHERE"
    edited.save(twin / "masters.xlsx")
    check(twin / "masters.xlsx")
    assert differences(state(twin / "masters.xlsx"), state(company / "masters.xlsx")) == []
    issues = book.sheets["Issues"].tables["Issues"].range.options(pd.DataFrame, index=False).value
    assert "NOWHERE" in set(issues["Value"].astype(str))
    assert book.sheets.active.name == "Issues"


def test_a_second_check_clears_the_marks_the_first_one_made(company, open_caller, excel):
    book = open_caller(company / "masters.xlsx")
    reps = book.sheets["Reps"].tables["Reps"]
    cell = book.sheets["Reps"].range((reps.range.row + 1, 3))
    original = cell.value
    cell.value = "NOWHERE"
    sd.check()
    assert cell.note is not None and cell.color is not None
    cell.value = original
    message = sd.check()
    assert message.startswith("check: done"), message
    assert cell.note is None and cell.color is None


@pytest.mark.parametrize("job", ["split", "appraise", "dashboard"])
def test_jobs_written_by_others_run_once_they_exist(job, company, twin, open_caller):
    if importlib.util.find_spec(f"addin.jobs.{job}") is None:
        pytest.skip(f"addin.jobs.{job} is not written yet")
    stem = {"split": "plan", "appraise": "appraisal", "dashboard": "dashboard"}[job]
    open_caller(company / f"{stem}.xlsx")
    module = importlib.import_module(f"addin.jobs.{job}")
    if job == "appraise":
        message = sd.appraise("2026-03")
        module.appraise(twin, "2026-03")
    else:
        message = getattr(sd, job)()
        getattr(module, job)(twin)
    assert "could not finish" not in message, message
    assert differences(state(twin / f"{stem}.xlsx"), state(company / f"{stem}.xlsx")) == []


def test_issue_and_collect_write_the_same_files_as_the_command_line(company, twin, open_caller):
    from addin.jobs.collect import collect
    from addin.jobs.issue import issue_workbooks

    open_caller(company / "masters.xlsx")
    message = sd.issue("2026-03")
    issue_workbooks(twin, "2026-03")
    mine = sorted(p.name for p in (company / "reps").iterdir())
    assert mine == sorted(p.name for p in (twin / "reps").iterdir()) and mine
    assert f"issued {len(mine)} rep workbook(s)" in message
    first = mine[0]
    ours, theirs = state(company / "reps" / first), state(twin / "reps" / first)
    assert ours["MyCustomers"]["values"] == theirs["MyCustomers"]["values"]

    for root in (company, twin):
        (root / "inbox").mkdir(exist_ok=True)
        for path in sorted((root / "reps").iterdir())[:2]:
            (root / "inbox" / path.name).write_bytes(path.read_bytes())
    message = sd.collect()
    cli = collect(twin)
    assert cli.lines()[0] in message

    def returned(root):
        folder = root / "returned"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []

    assert returned(company) == returned(twin)
    from addin.jobs.status import status

    def counted(root) -> list[tuple]:
        return [
            (s["rep_id"], s["status"], s["counted"])
            for s in status(root, "2026-03").data["submissions"]  # type: ignore[attr-defined]
        ]

    assert counted(company) == counted(twin) and counted(company)
    assert "2026-03" in sd.status("2026-03")


def test_an_unsaved_workbook_gets_a_plain_sentence(company, open_caller, excel):
    book = open_caller(company / "finance.xlsx")
    book.impl.path = company / "Book1"  # as a new, never saved workbook reports itself
    message = sd.age()
    assert message == (
        "SalesDesk: save this workbook in your company folder first; "
        "SalesDesk works on the files there"
    )
    assert excel.app.alerts[-1][2] == "critical"
    assert "Traceback" not in message


def test_a_folder_without_masters_is_refused_plainly(tmp_path, open_caller):
    import shutil

    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(__import__("pathlib").Path("workbooks/en/finance.xlsx"), lone / "finance.xlsx")
    open_caller(lone / "finance.xlsx")
    message = sd.age()
    assert message.startswith("SalesDesk: ") and "masters.xlsx missing" in message


def test_a_failure_while_writing_reopens_the_workbook_as_saved(
    company, open_caller, excel, monkeypatch
):
    import addin.excel.writeback as writeback

    open_caller(company / "finance.xlsx")
    saved_before: dict | None = None
    real = writeback.write_table_sheet
    calls = {"n": 0}

    def flaky(book, after, before, previous, report):
        nonlocal saved_before
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("Excel is busy")
        if saved_before is None:
            saved_before = state(company / "finance.xlsx")
        real(book, after, before, previous, report)

    monkeypatch.setattr(writeback, "write_table_sheet", flaky)
    message = sd.age()
    assert "reopened as saved before the run" in message
    assert excel.app.alerts[-1][2] == "critical"
    reopened = excel.app.books("finance.xlsx")
    assert saved_before is not None
    assert differences(saved_before, state(company / "finance.xlsx")) == []
    assert "Ageing" in reopened.xl.sheetnames


def test_a_job_that_is_not_there_yet_says_so(company, open_caller, monkeypatch):
    from addin.excel.jobs import JOBS, ExcelJob

    open_caller(company / "appraisal.xlsx")
    ghost = ExcelJob(
        "appraise", "addin.jobs.no_such_job", "appraise", JOBS["appraise"].call, "appraisal"
    )
    monkeypatch.setitem(JOBS, "appraise", ghost)
    message = sd.appraise("2026-03")
    assert message == (
        "SalesDesk: the appraise job is not part of this SalesDesk version yet; update SalesDesk"
    )
