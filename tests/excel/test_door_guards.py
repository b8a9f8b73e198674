"""What users do that jobs must survive: a second click during a job, no workbook open,
a big table; and the self-test that runs every button in Excel, over the file engine."""

from __future__ import annotations

import datetime as dt
import os

import openpyxl
import pytest
import xlwings as xw

import addin.entry as sd
import addin.excel.cells as cells
from addin.excel.joblock import job_lock
from addin.excel.selftest import REPORT, STEPS, Step, selftest
from addin.jobs.age import age
from addin.jobs.result import JobFailed
from tests.excel.compare import differences, state


def test_a_second_click_while_a_job_runs_is_told_to_wait(company, open_caller, excel):
    open_caller(company / "finance.xlsx")
    saved = (company / "finance.xlsx").read_bytes()
    with job_lock("age"):  # the first click's job, still writing
        message = sd.age()
    assert "another SalesDesk job is still running (age, started" in message
    assert excel.app.alerts[-1] == (message, "SalesDesk", "info")
    assert (company / "finance.xlsx").read_bytes() == saved  # the second job did nothing
    assert excel.calls["write:value"] == 0 and excel.calls["save"] == 0
    assert sd.age().startswith("age: done")  # once the first is done, it runs


def test_a_job_that_crashed_leaves_no_lock_behind(company, open_caller):
    open_caller(company / "finance.xlsx")
    with pytest.raises(RuntimeError), job_lock("age"):
        raise RuntimeError("Python was killed")
    assert sd.age().startswith("age: done")


def test_with_no_workbook_about_still_answers_and_a_job_explains(excel, monkeypatch):
    def no_caller() -> xw.Book:  # Excel has no active workbook (or only Protected View)
        raise AttributeError("'NoneType' object has no attribute 'Name'")

    monkeypatch.setattr(xw.Book, "caller", staticmethod(no_caller))
    message = sd.about("0.37.8")
    assert message.startswith("SalesDesk ") and f"xlwings {xw.__version__}" in message
    assert excel.app.alerts[-1][0] == message
    refused = sd.age()
    assert "Protected View" in refused and "Enable Editing" in refused
    assert excel.app.alerts[-1][0] == refused


def test_a_big_table_goes_in_chunks_and_arrives_whole(
    company, twin, open_caller, excel, monkeypatch
):
    monkeypatch.setattr(cells, "CHUNK_CELLS", 200)
    open_caller(company / "finance.xlsx")
    assert sd.age().startswith("age: done")
    age(twin, dt.date.today())
    assert differences(state(twin / "finance.xlsx"), state(company / "finance.xlsx")) == []
    tables = 3  # OpenItems, Ageing, Dunning at least
    assert excel.calls["write:value"] > tables  # several calls per table


QUICK = (
    Step("age", "finance"),
    Step("busy", "finance"),
    Step("about", "masters"),
)


def test_the_selftest_presses_the_buttons_and_writes_a_report(tmp_path, excel):
    app = xw.App(impl=excel.app)
    report, outcomes = selftest(tmp_path / "co", app, sd.ENTRY_POINTS, steps=QUICK)
    assert [o.step for o in outcomes] == ["age", "busy", "about"]
    assert {o.step: o.result for o in outcomes} == {
        "age": "ok",
        "busy": "ok",  # the second click was refused
        "about": "ok",
    }
    assert all(o.seconds >= 0 for o in outcomes)
    assert excel.app.alerts == []  # no box waited for a click
    sheet = openpyxl.load_workbook(report)["Selftest"]
    versions = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(1, 7)
    }
    assert versions["Excel"] == "16.0" and versions["xlwings"] == xw.__version__
    assert {"Python", "System", "SalesDesk"} <= set(versions)
    table = sheet.tables["Selftest"]
    rows = list(sheet[table.ref])
    assert [c.value for c in rows[0]] == ["Step", "Workbook", "Result", "Seconds", "Message"]
    assert [r[0].value for r in rows[1:]] == ["age", "busy", "about"]
    assert rows[1][4].value.startswith("age: done")
    assert rows[1][2].fill.fgColor.rgb == "FFC6EFCE"  # ok is green
    assert report.name == REPORT


def test_the_selftest_wants_a_new_folder(tmp_path, excel):
    (tmp_path / "co").mkdir()
    (tmp_path / "co" / "notes.txt").write_text("mine")
    with pytest.raises(JobFailed, match="not empty"):
        selftest(tmp_path / "co", xw.App(impl=excel.app), sd.ENTRY_POINTS)
    assert (tmp_path / "co" / "notes.txt").read_text() == "mine"


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("SALESDESK_SLOW"), reason="set SALESDESK_SLOW=1")
def test_the_selftest_runs_every_button_of_the_release_matrix(tmp_path, excel):
    app = xw.App(impl=excel.app)
    _, outcomes = selftest(tmp_path / "co", app, sd.ENTRY_POINTS)
    assert [o.step for o in outcomes] == [s.name for s in STEPS]
    assert [o.step for o in outcomes if o.result == "failed"] == []
