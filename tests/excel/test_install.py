"""`salesdesk addin install|uninstall` on Windows and macOS folders, and the Linux dry run."""

from __future__ import annotations

from addin.excel import install_addin, uninstall_addin
from addin.excel.install import config_text, package_root
from addin.excel.package import CT_MAIN
from addin.io.xlsx.parts import content_types, read_parts


def test_windows_install_puts_the_addin_in_xlstart_and_settings_in_the_profile(tmp_path):
    env = {"APPDATA": str(tmp_path / "AppData" / "Roaming"), "USERPROFILE": str(tmp_path)}
    result = install_addin(platform="win32", home=tmp_path, env=env, python=r"C:\Py\python.exe")
    addin = tmp_path / "AppData/Roaming/Microsoft/Excel/XLSTART/SalesDesk.xlam"
    config = tmp_path / ".salesdesk" / "salesdesk.conf"
    assert result.written == [addin, config]
    assert content_types(read_parts(addin))[1]["/xl/workbook.xml"] == CT_MAIN["xlam"]
    text = config.read_text(encoding="utf-8")
    assert '"INTERPRETER_WIN","C:\\Py\\python.exe"' in text
    assert f'"PYTHONPATH","{package_root()}"' in text
    assert any("restart Excel" in line for line in result.summary)

    undone = uninstall_addin(platform="win32", home=tmp_path, env=env)
    assert not addin.exists() and not config.exists()
    assert f"removed {addin}" in undone.summary


def test_macos_install_enables_runpython_and_reads_the_sandbox_settings(tmp_path):
    result = install_addin(platform="darwin", home=tmp_path, env={}, python="/usr/bin/python3")
    startup = tmp_path / "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"
    assert (startup / "SalesDesk.xlam").exists()
    config = tmp_path / "Library/Containers/com.microsoft.Excel/Data/salesdesk.conf"
    assert '"INTERPRETER_MAC","/usr/bin/python3"' in config.read_text(encoding="utf-8")
    scripts = list((tmp_path / "Library/Application Scripts/com.microsoft.Excel").iterdir())
    assert [p.suffix for p in scripts] == [".applescript"]
    assert any("Automation" in line for line in result.summary)


def test_reinstalling_keeps_the_users_own_settings():
    old = '"INTERPRETER_WIN","C:\\old\\python.exe"\n"SHOW CONSOLE","True"\n'
    new = config_text(old, {"INTERPRETER_WIN": "C:\\new\\python.exe", "PYTHONPATH": "C:\\sd"})
    assert new.splitlines() == [
        '"INTERPRETER_WIN","C:\\new\\python.exe"',
        '"PYTHONPATH","C:\\sd"',
        '"SHOW CONSOLE","True"',
    ]


def test_on_linux_it_says_plainly_what_it_would_do_and_changes_nothing(tmp_path):
    result = install_addin(platform="linux", home=tmp_path, env={})
    text = "\n".join(result.summary)
    assert "Excel is not available on this machine" in text
    assert "XLSTART" in text and "Startup" in text
    assert result.written == [] and not any(tmp_path.iterdir())
    assert result.exit_code == 0
    assert "nothing was changed" in "\n".join(
        uninstall_addin(platform="linux", home=tmp_path, env={}).summary
    )
