"""The built add-in and templates, read back: modules, ribbon, buttons, RunPython commands."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pyopenvba
import pytest
from oletools.olevba import VBA_Parser
from pyopenvba.apps.excel import ExcelApplication

import addin.entry as sd
from addin.excel.build import BUTTONS, build_addin, build_macro_workbook
from addin.excel.jobs import JOBS
from addin.excel.package import CT_MAIN, buttons_in
from addin.excel.vba import public_subs, ribbon_actions
from addin.io.writer import open_for_edit, save
from addin.io.xlsx.parts import content_types, read_parts
from tests.xlsx_compare import differences

COMMITTED = Path(__file__).resolve().parents[2] / "workbooks"


def modules_of(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def addin(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "SalesDesk.xlam")


@pytest.fixture(scope="module")
def finance_xlsm(tmp_path_factory) -> Path:
    return build_macro_workbook("finance", "en", tmp_path_factory.mktemp("xlsm") / "finance.xlsm")


def test_the_addin_is_an_addin_with_every_module(addin):
    parts = read_parts(addin)
    assert content_types(parts)[1]["/xl/workbook.xml"] == CT_MAIN["xlam"]
    assert {"xlwings", "Dictionary", "SalesDesk", "SalesDeskRibbon"} <= set(modules_of(addin))
    assert pyopenvba.check_file(addin).issues == ()
    assert 'PROJECT_NAME As String = "salesdesk"' in modules_of(addin)["xlwings"]


def test_every_ribbon_control_calls_a_callback_in_the_built_addin(addin):
    parts = read_parts(addin)
    assert b"ui/extensibility" in parts["_rels/.rels"]
    actions = ribbon_actions(parts["customUI/customUI.xml"].decode("utf-8"))
    assert {"SalesDeskTab"} and len(actions) >= 9
    subs = {k.lower(): v for k, v in public_subs(modules_of(addin)["SalesDeskRibbon"]).items()}
    for control, callback in actions.items():
        assert re.fullmatch(r"control As IRibbonControl", subs[callback.lower()]), control
    jobs = public_subs(modules_of(addin)["SalesDesk"])
    for callback in actions.values():  # each callback hands over to a job macro that exists
        body = re.search(
            rf"Sub {callback}\([^)]*\)\s*(\w+)\s*End Sub", modules_of(addin)["SalesDeskRibbon"]
        )
        assert body is not None and body.group(1) in jobs, callback


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("stem", sorted(BUTTONS))
def test_templates_with_buttons_match_a_rebuild_and_bind_real_macros(stem, lang, tmp_path):
    committed = COMMITTED / lang / f"{stem}.xlsm"
    assert committed.exists(), "run `python -m addin.excel.build` and commit workbooks/"
    rebuilt = build_macro_workbook(stem, lang, tmp_path / f"{stem}.xlsm")
    assert differences(committed, rebuilt) == []
    parts = read_parts(committed)
    assert content_types(parts)[1]["/xl/workbook.xml"] == CT_MAIN["xlsm"]
    macros = {k.lower(): v for k, v in public_subs(modules_of(committed)["SalesDesk"]).items()}
    buttons = buttons_in(parts)
    assert len(buttons) == len(BUTTONS[stem])
    for caption, macro in buttons:
        assert caption and macro.startswith("[0]!")
        assert macros[macro[4:].lower()] == ""  # a public Sub without arguments


def test_reps_workbooks_stay_macro_free():
    for lang in ("en", "zh"):
        assert not (COMMITTED / lang / "rep.xlsm").exists()
        parts = read_parts(COMMITTED / lang / "rep.xlsx")
        assert "xl/vbaProject.bin" not in parts
        assert content_types(parts)[1]["/xl/workbook.xml"] == CT_MAIN["xlsx"]


def test_buttons_and_macros_survive_a_job_saving_the_workbook(finance_xlsm, tmp_path):
    copy = tmp_path / "finance.xlsm"
    shutil.copy(finance_xlsm, copy)
    book = open_for_edit(copy)  # what every job does to the file it writes
    save(book, copy)
    parts = read_parts(copy)
    assert content_types(parts)[1]["/xl/workbook.xml"] == CT_MAIN["xlsm"]
    assert buttons_in(parts) == buttons_in(read_parts(finance_xlsm))
    assert "SalesDesk" in modules_of(copy)


def commands(path: Path, macro: str, *answers: object) -> list[str]:
    """Run a macro in pyOpenVBA's VBA interpreter with RunPython stubbed; the commands."""
    app = ExcelApplication.open(path, with_vba=False)
    app.add_module(
        'Public Const XLWINGS_VERSION As String = "0.37.8"\r\n'
        "Public Function RunPython(PythonCommand As String)\r\n"
        "    Debug.Print PythonCommand\r\nEnd Function\r\n",
        name="xlwings",
    )
    for name, code in modules_of(path).items():
        if name in ("SalesDesk", "SalesDeskRibbon"):
            app.add_module(code, name=name)
    app.freeze_clock(dt.datetime(2026, 4, 15, 9, 0))
    app.answer_dialogs(*answers)
    app.run(macro)
    return list(app.console)


def test_each_macro_sends_a_python_statement_that_runs_its_job(addin, monkeypatch):
    ran: list[tuple[str, dict]] = []

    def record(name: str, **params: object) -> str:
        ran.append((name, params))
        return ""

    monkeypatch.setattr(sd, "run_job", record)
    expected = {
        "SalesDeskCheck": ("check", {}),
        "SalesDeskSplit": ("split", {}),
        "SalesDeskIssue": ("issue", {"period": "2026-04"}),
        "SalesDeskCollect": ("collect", {"period": None}),
        "SalesDeskStatus": ("status", {"period": "2026-04"}),
        "SalesDeskAge": ("age", {}),
        "SalesDeskAppraise": ("appraise", {"period": "2026-03"}),
        "SalesDeskDashboard": ("dashboard", {}),
    }
    for macro, (job, params) in expected.items():
        [command] = commands(addin, macro, "2026-04" if job in ("issue", "status") else "2026-03")
        assert command.startswith("import addin.entry as sd; sd.")
        exec(compile(command, macro, "exec"), {})
        assert ran[-1] == (job, params), macro
        assert job in JOBS
    assert set(expected) | {"SalesDeskAbout"} == set(public_subs(modules_of(addin)["SalesDesk"]))


def test_a_bad_period_never_reaches_python(addin):
    assert commands(addin, "SalesDeskAppraise", "2026'); import os; os.system('x") == []
    assert commands(addin, "SalesDeskIssue", "") == []  # Cancel


def test_the_about_command_runs_for_real_with_the_caller_mocked(addin, company, open_caller, excel):
    [command] = commands(addin, "SalesDeskAbout")
    open_caller(company / "masters.xlsx")
    exec(compile(command, "about", "exec"), {})
    assert excel.app.alerts[-1][0].startswith("SalesDesk ")
    assert "xlwings" in excel.app.alerts[-1][0]
