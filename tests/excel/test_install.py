"""`salesdesk addin install|uninstall` on Windows and macOS folders, and the Linux dry run."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import xlwings
from click.testing import CliRunner

from addin.cli import main
from addin.excel import install, install_addin, uninstall_addin
from addin.excel.build import BUTTONS, LANGS, build_macro_workbook
from addin.excel.install import config_text, package_root
from addin.excel.package import CT_MAIN
from addin.excel.trust import DESCRIPTION, LOCATIONS, folder_text, trust_folder
from addin.io.xlsx.parts import content_types, read_parts
from addin.jobs.result import JobFailed
from tests.excel.fake_winreg import FakeWinreg
from tests.excel.test_macros import modules_of


@pytest.fixture(autouse=True)
def one_template(request, monkeypatch):
    """Ten templates take seconds to build; only the test about them builds them all."""
    if "every_template" not in request.node.name:
        monkeypatch.setattr(
            install,
            "build_macro_templates",
            lambda folder: [build_macro_workbook("finance", "en", folder / "en" / "finance.xlsm")],
        )


def windows_env(tmp_path):
    return {
        "APPDATA": str(tmp_path / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(tmp_path / "AppData" / "Local"),
        "USERPROFILE": str(tmp_path),
    }


def plain_python(tmp_path):
    prefix = tmp_path / "Python311"
    prefix.mkdir()
    return prefix


def test_windows_install_puts_the_addin_in_xlstart_and_settings_in_the_profile(tmp_path):
    env = windows_env(tmp_path)
    result = install_addin(
        platform="win32",
        home=tmp_path,
        env=env,
        python=r"C:\Py\python.exe",
        prefix=plain_python(tmp_path),
    )
    addin = tmp_path / "AppData/Roaming/Microsoft/Excel/XLSTART/SalesDesk.xlam"
    config = tmp_path / ".salesdesk" / "salesdesk.conf"
    assert result.written[0] == addin and config in result.written
    assert content_types(read_parts(addin))[1]["/xl/workbook.xml"] == CT_MAIN["xlam"]
    text = config.read_text(encoding="utf-8")
    assert '"INTERPRETER_WIN","C:\\Py\\python.exe"' in text
    assert f'"PYTHONPATH","{package_root()}"' in text
    assert "CONDA" not in text
    assert any("restart Excel" in line for line in result.lines())
    log = tmp_path / "AppData/Local/SalesDesk/install.log"
    assert "addin install" in log.read_text(encoding="utf-8")

    undone = uninstall_addin(platform="win32", home=tmp_path, env=env)
    assert not addin.exists() and not config.exists()
    assert not (tmp_path / "AppData/Local/SalesDesk/templates").exists()
    assert f"removed {addin}" in undone.lines()
    assert "addin uninstall" in log.read_text(encoding="utf-8")  # the log stays for IT


def test_install_builds_every_template_for_the_installed_xlwings(tmp_path):
    env = windows_env(tmp_path)
    install_addin(platform="win32", home=tmp_path, env=env, prefix=plain_python(tmp_path))
    folder = tmp_path / "AppData/Local/SalesDesk/templates"
    built = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.xlsm"))
    assert built == sorted(f"{lang}/{stem}.xlsm" for lang in LANGS for stem in BUTTONS)
    code = modules_of(folder / "en" / "finance.xlsm")["xlwings"]
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in code
    addin = tmp_path / "AppData/Roaming/Microsoft/Excel/XLSTART/SalesDesk.xlam"
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in modules_of(addin)["xlwings"]


def conda_install(root, env_name=None):
    """A conda installation as Anaconda lays it out; the prefix of base or of an env."""
    (root / "condabin").mkdir(parents=True)
    (root / "condabin" / "conda.bat").write_text("@echo off\n")
    (root / "conda-meta").mkdir()
    if env_name is None:
        return root
    prefix = root / "envs" / env_name
    (prefix / "conda-meta").mkdir(parents=True)
    return prefix


@pytest.mark.parametrize("env_name", [None, "sales"])
def test_windows_conda_python_gets_conda_path_and_env_instead_of_an_interpreter(tmp_path, env_name):
    env = windows_env(tmp_path)
    config = tmp_path / ".salesdesk" / "salesdesk.conf"
    config.parent.mkdir(parents=True)
    config.write_text('"INTERPRETER_WIN","C:\\old\\python.exe"\n"SHOW CONSOLE","True"\n')
    anaconda = tmp_path / "Anaconda3"
    prefix = conda_install(anaconda, env_name)
    install_addin(
        platform="win32",
        home=tmp_path,
        env=env,
        python=str(prefix / "python.exe"),
        prefix=prefix,
    )
    lines = config.read_text(encoding="utf-8").splitlines()
    assert f'"CONDA PATH","{anaconda}"' in lines
    assert f'"CONDA ENV","{env_name or "base"}"' in lines
    assert not any("INTERPRETER" in line for line in lines)  # xlwings would skip conda
    assert '"SHOW CONSOLE","True"' in lines


def test_a_conda_env_outside_envs_is_activated_by_its_path(tmp_path):
    prefix = tmp_path / "D" / "envs-elsewhere" / "sales"
    (prefix / "conda-meta").mkdir(parents=True)
    env = {**windows_env(tmp_path), "CONDA_EXE": r"C:\Miniconda3\Scripts\conda.exe"}
    install_addin(platform="win32", home=tmp_path, env=env, prefix=prefix)
    text = (tmp_path / ".salesdesk" / "salesdesk.conf").read_text(encoding="utf-8")
    assert f'"CONDA ENV","{prefix}"' in text
    assert '"CONDA PATH","C:\\Miniconda3"' in text.replace("/", "\\")


def test_macos_install_takes_the_startup_folder_from_excel(tmp_path):
    startup = tmp_path / "Excel says" / "Startup" / "Excel"
    result = install_addin(
        platform="darwin",
        home=tmp_path,
        env={},
        python="/Users/ann/Sales Desk/.venv/bin/python",
        ask=lambda: str(startup),
    )
    assert (startup / "SalesDesk.xlam").exists()
    assert any("asked Excel" in line for line in result.lines())
    config = tmp_path / "Library/Containers/com.microsoft.Excel/Data/salesdesk.conf"
    assert '"INTERPRETER_MAC","/Users/ann/Sales Desk/.venv/bin/python"' in config.read_text(
        encoding="utf-8"
    )
    scripts = list((tmp_path / "Library/Application Scripts/com.microsoft.Excel").iterdir())
    assert [p.name for p in scripts] == [f"xlwings-{xlwings.__version__}.applescript"]
    assert any("Automation" in line for line in result.lines())
    assert (tmp_path / "Library/Logs/SalesDesk/install.log").exists()
    uninstall_addin(platform="darwin", home=tmp_path, env={})
    assert not (startup / "SalesDesk.xlam").exists()  # the install record knew where


def test_macos_without_excel_to_ask_uses_only_a_startup_folder_excel_made(tmp_path):
    def no_excel() -> str:
        raise OSError("Excel is not running and could not be started")

    with pytest.raises(JobFailed, match="start Excel once"):
        install_addin(platform="darwin", home=tmp_path, env={}, ask=no_excel)
    assert not (tmp_path / "Library/Containers").exists()  # nothing half-installed
    made = tmp_path / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
    made.mkdir(parents=True)
    result = install_addin(platform="darwin", home=tmp_path, env={}, ask=no_excel)
    assert (made / "SalesDesk.xlam").exists()
    assert any("could not be asked" in line for line in result.lines())


def test_installing_twice_changes_nothing_and_keeps_the_users_settings(tmp_path):
    env = windows_env(tmp_path)
    registry = FakeWinreg()
    prefix = plain_python(tmp_path)
    company = tmp_path / "Sales Co"
    for _ in range(2):
        install_addin(
            platform="win32",
            home=tmp_path,
            env=env,
            prefix=prefix,
            python=r"C:\Py\python.exe",
            trust=company,
            registry=registry,
        )
    config = (tmp_path / ".salesdesk" / "salesdesk.conf").read_text(encoding="utf-8")
    assert config.count("INTERPRETER_WIN") == 1
    assert len(registry.tree(LOCATIONS)) == 1


def test_reinstalling_keeps_the_users_own_settings():
    old = '"INTERPRETER_WIN","C:\\old\\python.exe"\n"SHOW CONSOLE","True"\n'
    new = config_text(old, {"INTERPRETER_WIN": "C:\\new\\python.exe", "PYTHONPATH": "C:\\sd"})
    assert new.splitlines() == [
        '"INTERPRETER_WIN","C:\\new\\python.exe"',
        '"PYTHONPATH","C:\\sd"',
        '"SHOW CONSOLE","True"',
    ]


def test_trusted_location_is_written_for_the_current_user_and_removed_by_uninstall(tmp_path):
    registry = FakeWinreg()
    # Office's own locations and one the user added by hand
    for name, path in (("Location0", "C:\\Office\\XLSTART\\"), ("Location20", "D:\\Mine\\")):
        key = registry.CreateKeyEx(registry.HKEY_CURRENT_USER, f"{LOCATIONS}\\{name}")
        registry.SetValueEx(key, "Path", 0, registry.REG_SZ, path)
    env = windows_env(tmp_path)
    result = install_addin(
        platform="win32",
        home=tmp_path,
        env=env,
        prefix=plain_python(tmp_path),
        trust=tmp_path / "Sales Co",
        registry=registry,
    )
    tree = registry.tree(LOCATIONS)
    assert tree["Location21"]["Path"] == folder_text(str(tmp_path / "Sales Co"))
    assert tree["Location21"]["Path"].endswith("Sales Co\\")
    assert tree["Location21"]["AllowSubfolders"] == 1
    assert tree["Location21"]["Description"] == DESCRIPTION
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", tree["Location21"]["Date"])
    assert any("trusted location for this user (Location21)" in s for s in result.lines())

    undone = uninstall_addin(platform="win32", home=tmp_path, env=env, registry=registry)
    assert set(registry.tree(LOCATIONS)) == {"Location0", "Location20"}  # theirs stay
    assert any("no longer a trusted location" in s for s in undone.lines())


def test_a_network_company_folder_is_trusted_but_network_trust_is_not_switched_on():
    registry = FakeWinreg()
    found = trust_folder(registry, r"\\server\sales", today=dt.date(2026, 3, 1))
    assert found.network and found.path == "\\\\server\\sales\\"
    assert registry.tree(LOCATIONS)[found.key]["Date"] == "03/01/2026"
    key = registry.OpenKey(registry.HKEY_CURRENT_USER, LOCATIONS)
    with pytest.raises(OSError):
        registry.QueryValueEx(key, "AllowNetworkLocations")


def test_on_linux_it_says_plainly_what_it_would_do_and_changes_nothing(tmp_path):
    result = install_addin(platform="linux", home=tmp_path, env={})
    text = "\n".join(result.lines())
    assert "Excel is not available on this machine" in text
    assert "XLSTART" in text and "templates" in text
    assert result.written == [] and not any(tmp_path.iterdir())
    assert result.exit_code == 0
    assert "nothing was changed" in "\n".join(
        uninstall_addin(platform="linux", home=tmp_path, env={}).lines()
    )


def test_a_chinese_administrator_is_told_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESDESK_LANG", "zh")
    result = install_addin(platform="linux", home=tmp_path, env={}, lang="zh")
    assert result.lines()[0].startswith("本机没有 Excel")
    assert "生成到 Excel 指定的启动文件夹" in "\n".join(result.lines())
    undone = uninstall_addin(platform="linux", home=tmp_path, env={})
    assert "删除" in "\n".join(undone.lines())


def test_the_command_line_is_silent_with_quiet_and_reports_json():
    runner = CliRunner()
    quiet = runner.invoke(main, ["addin", "install", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    as_json = runner.invoke(main, ["addin", "uninstall", "--json"])
    assert json.loads(as_json.output)["dry_run"] is True


def test_how_the_startup_folder_was_found_is_said_in_chinese(tmp_path):
    def no_excel() -> str:
        raise OSError("Excel is not running")

    made = tmp_path / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
    made.mkdir(parents=True)
    result = install_addin(platform="darwin", home=tmp_path, env={}, ask=no_excel, lang="zh")
    first = next(line for line in result.lines() if "SalesDesk.xlam" in line)
    assert "无法询问 Excel" in first and "使用标准文件夹" in first
    assert "could not be asked" not in first and "standard folder" not in first
