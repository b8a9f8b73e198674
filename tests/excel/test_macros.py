"""The built add-in and templates, read back: modules, ribbon, buttons, RunPython commands."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
import shutil
import tomllib
from pathlib import Path

import olefile
import pyopenvba
import pytest
import xlwings
from oletools.olevba import VBA_Parser
from pyopenvba.apps.excel import ExcelApplication

import addin.entry as sd
from addin.excel import vba
from addin.excel.build import BUTTONS, build_addin, build_macro_workbook
from addin.excel.jobs import JOBS
from addin.excel.package import CT_MAIN, buttons_in
from addin.excel.vba import MAC_QUOTE_LINE, macros_dir, public_subs, ribbon_actions
from addin.io.writer import open_for_edit, save
from addin.io.xlsx.parts import content_types, read_parts
from addin.jobs.result import JobResult

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
def test_templates_with_buttons_bind_real_macros_and_embed_this_xlwings(stem, lang, tmp_path):
    assert not (COMMITTED / lang / f"{stem}.xlsm").exists(), "built at install, never committed"
    built = build_macro_workbook(stem, lang, tmp_path / f"{stem}.xlsm")
    parts = read_parts(built)
    assert content_types(parts)[1]["/xl/workbook.xml"] == CT_MAIN["xlsm"]
    code = modules_of(built)
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in code["xlwings"]
    macros = {k.lower(): v for k, v in public_subs(code["SalesDesk"]).items()}
    buttons = buttons_in(parts)
    assert len(buttons) == len(BUTTONS[stem])
    for caption, macro in buttons:
        assert caption and macro.startswith("[0]!")
        assert macros[macro[4:].lower()] == ""  # a public Sub without arguments


def vba_project_stream(path: Path) -> bytes:
    ole = olefile.OleFileIO(io.BytesIO(read_parts(path)["xl/vbaProject.bin"]))
    try:
        return ole.openstream("VBA/_VBA_PROJECT").read()
    finally:
        ole.close()


def test_the_vba_project_stream_makes_office_compile_the_source(addin, finance_xlsm):
    """MS-OVBA 2.3.4.1: Version 0xFFFF and no performance cache, as xlwings' own add-in."""
    shipped = Path(xlwings.__file__).parent / "addin" / "xlwings.xlam"
    assert vba_project_stream(shipped) == bytes.fromhex("CC61FFFF000100")
    for built in (addin, finance_xlsm):
        assert vba_project_stream(built) == bytes.fromhex("CC61FFFF000100")
        assert pyopenvba.check_file(built).issues == ()
        assert {"xlwings", "SalesDesk"} <= set(modules_of(built))  # the source is all there


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
    assert set(expected) | {"SalesDeskAbout", "SalesDeskSelftest"} == set(
        public_subs(modules_of(addin)["SalesDesk"])
    )


def test_the_selftest_button_asks_first_then_runs_every_entry_point(
    addin, company, open_caller, excel, monkeypatch
):
    assert commands(addin, "SalesDeskSelftest", 2) == []  # Cancel
    [command] = commands(addin, "SalesDeskSelftest", 1)  # OK
    ran = []

    def record(folder, buttons, size="small", app=None):
        ran.append((folder, buttons, app))
        result = JobResult("addin selftest")
        result.summary.append(f"report: {folder / 'selftest-report.xlsx'} — all passed")
        return result

    monkeypatch.setattr(sd, "selftest_job", record)
    open_caller(company / "masters.xlsx")
    exec(compile(command, "selftest", "exec"), {})
    [(folder, buttons, app)] = ran
    assert folder.name.startswith("SalesDesk self-test ") and not folder.exists()
    assert set(buttons) == {job for job in JOBS} | {"about"}
    assert buttons["age"] is sd.age  # the very entry points the buttons call
    assert app is not None
    assert excel.app.alerts[-1][0].startswith("SalesDesk self-test: report:")


def test_a_bad_period_never_reaches_python(addin):
    assert commands(addin, "SalesDeskAppraise", "2026'); import os; os.system('x") == []
    assert commands(addin, "SalesDeskIssue", "") == []  # Cancel


def test_the_about_command_runs_for_real_with_the_caller_mocked(addin, company, open_caller, excel):
    [command] = commands(addin, "SalesDeskAbout")
    open_caller(company / "masters.xlsx")
    exec(compile(command, "about", "exec"), {})
    assert excel.app.alerts[-1][0].startswith("SalesDesk ")
    assert "xlwings" in excel.app.alerts[-1][0]


#: What xlwings' RunPython does before anything else (xlwings_custom_addin.bas: it walks
#: `ActiveWorkbook.Worksheets`, then reads `ActiveWorkbook.FullName`), so the stub fails
#: where the real one does: run-time error 91 when no workbook is active.
RUNPYTHON_START = (
    'Public Const XLWINGS_VERSION As String = "0.37.8"\r\n'
    "Public Function RunPython(PythonCommand As String)\r\n"
    "    Dim sht As Worksheet\r\n"
    "    For Each sht In ActiveWorkbook.Worksheets\r\n    Next\r\n"
    '    Debug.Print ActiveWorkbook.FullName & "|" & PythonCommand\r\n'
    "End Function\r\n"
)


@pytest.mark.parametrize("macro", ["SalesDeskAbout", "SalesDeskCheck", "SalesDeskAge"])
def test_with_no_workbook_or_protected_view_a_button_explains_instead_of_error_91(addin, macro):
    app = ExcelApplication()  # Excel with no workbook open: ActiveWorkbook is Nothing
    app.add_module(RUNPYTHON_START, name="xlwings")
    app.add_module(modules_of(addin)["SalesDesk"], name="SalesDesk")
    app.run(macro)
    assert app.console == []  # RunPython never reached
    [(kind, text, title, _)] = app.dialogs
    assert (kind, title) == ("MsgBox", "SalesDesk")
    assert "Protected View" in text
    if macro == "SalesDeskAbout":
        assert "0.37.8" in text


def test_the_mac_interpreter_path_reaches_the_shell_as_one_word(addin):
    """xlwings' AppleScript runs `PythonInterpreter & " -B -u -W ignore -c ..."` through
    `do shell script`; the built module quotes the path first."""
    code = modules_of(addin)["xlwings"]
    lines = code.splitlines()
    at = next(i for i, line in enumerate(lines) if "= ToPosixPath(PYTHON_MAC)" in line)
    assert lines[at + 1].strip() == MAC_QUOTE_LINE
    app = ExcelApplication()
    app.add_module(
        "Public Function Quoted(PythonInterpreter As String) As String\r\n"
        f"    {MAC_QUOTE_LINE}\r\n    Quoted = PythonInterpreter\r\nEnd Function\r\n",
        name="Check",
    )
    script_name = f"xlwings-{xlwings.__version__}.applescript"
    script = (Path(xlwings.__file__).parent / script_name).read_text(encoding="utf-8")
    assert 'set ShellCommand to PythonInterpreter & " -B' in script
    for path in ("/Users/ann/Sales Desk/.venv/bin/python", "/Users/o'neil/py 3/bin/python3"):
        shell = app.run("Quoted", path) + ' -B -u -W ignore -c "import addin"'
        assert shlex.split(shell)[0] == path
    unquoted = "/Users/ann/Sales Desk/.venv/bin/python -B"  # what xlwings alone would run
    assert shlex.split(unquoted)[0] == "/Users/ann/Sales"


def test_the_macro_sources_ship_inside_the_package():
    """A wheel carries package data only: every macro source must be declared as such."""
    folder = macros_dir()
    assert folder == Path(vba.__file__).parent / "macros"
    pyproject = tomllib.loads((COMMITTED.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["addin.excel"]
    declared = {p for pattern in patterns for p in folder.parent.glob(pattern)}
    assert sorted(folder.iterdir()) == sorted(declared)
    assert {"SalesDesk.bas", "SalesDeskRibbon.bas", "customUI.xml"} <= {p.name for p in declared}


def test_when_runpython_is_not_enabled_on_a_mac_the_message_names_our_installer(addin):
    code = modules_of(addin)["xlwings"]
    start = code.index("Sub ExecuteMac(")
    execute_mac = code[start : code.index("End Sub", start)]
    handler = execute_mac[execute_mac.index("AppleScriptErrorHandler:") :]
    assert "salesdesk addin install" in handler and "XLWINGS_VERSION" in handler
    assert "xlwings runpython install" not in code  # it would not rebuild the add-in


@pytest.mark.parametrize(
    ("lang", "asked", "refused"),
    [
        (
            "zh",
            "为哪个月份生成业务员工作簿？（例如 2026-03）",
            "“2026年4月”不是月份，应写作 2026-03。",
        ),
        ("en", "Issue rep workbooks for which month? (e.g. 2026-03)", "'2026年4月' is not a month"),
    ],
)
def test_a_button_asks_and_refuses_in_the_company_language(addin, lang, asked, refused):
    """The macros' own prompts follow the active workbook's company (its guide sheet)."""
    workbook = Path(__file__).resolve().parents[2] / "workbooks" / lang / "masters.xlsx"
    app = ExcelApplication.open(workbook, with_vba=False)
    app.add_module(RUNPYTHON_START, name="xlwings")
    app.add_module(modules_of(addin)["SalesDesk"], name="SalesDesk")
    app.answer_dialogs("2026年4月")
    app.run("SalesDeskIssue")
    assert app.console == []  # a month typed the wrong way never reaches Python
    (_, prompt, _, _), (kind, text, title, _) = app.dialogs
    assert asked in prompt
    assert (kind, title) == ("MsgBox", "SalesDesk") and text.startswith(refused)
