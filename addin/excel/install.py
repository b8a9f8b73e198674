"""`salesdesk addin install|uninstall`: put the add-in and xlwings' settings in place.

The add-in is built on the spot from `macros/` and the installed xlwings, so the VBA side
always matches the Python side. Settings go to the user's `salesdesk.conf`, which the
add-in's RunPython reads: the interpreter is this Python, PYTHONPATH the folder that holds
the `addin` package. Excel need not run; it picks the add-in up at its next start.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import xlwings

from addin.excel.vba import ADDIN_NAME, PROJECT_NAME
from addin.jobs.result import JobFailed, JobResult

MAC_GROUP = Path("Library/Group Containers/UBF8T346G9.Office")
MAC_SANDBOX = Path("Library/Containers/com.microsoft.Excel/Data")
MAC_SCRIPTS = Path("Library/Application Scripts/com.microsoft.Excel")


@dataclass(slots=True)
class Places:
    """Where each piece goes on one kind of machine."""

    system: str  # "Windows" | "macOS"
    addin: Path
    config: Path
    interpreter_key: str
    applescript: Path | None = None
    notes: list[str] = field(default_factory=list)


def places(platform: str, home: Path, env: Mapping[str, str]) -> Places:
    if platform.startswith("win"):
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        profile = Path(env.get("USERPROFILE") or home)
        return Places(
            "Windows",
            appdata / "Microsoft" / "Excel" / "XLSTART" / ADDIN_NAME,
            profile / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf",
            "INTERPRETER_WIN",
        )
    if platform == "darwin":
        content = home / MAC_GROUP / "User Content.localized"
        startup = (
            content / "Startup.localized" / "Excel"
            if content.exists()
            else home / MAC_GROUP / "User Content" / "Startup" / "Excel"
        )
        return Places(
            "macOS",
            startup / ADDIN_NAME,
            home / MAC_SANDBOX / f"{PROJECT_NAME}.conf",
            "INTERPRETER_MAC",
            applescript=home / MAC_SCRIPTS / f"xlwings-{xlwings.__version__}.applescript",
            notes=[
                "the first time, macOS asks to let Excel run the add-in's macros and to "
                "control Python (Automation permission); allow both"
            ],
        )
    raise ValueError(f"Excel does not run on {platform}")


def package_root() -> Path:
    """The folder that holds the `addin` package (PYTHONPATH for RunPython)."""
    return Path(__file__).resolve().parents[2]


def config_text(existing: str, values: Mapping[str, str]) -> str:
    """xlwings' `"KEY","value"` lines: ours replaced, the user's other settings kept."""
    keep = [
        line
        for line in existing.splitlines()
        if line.strip()
        and (m := re.match(r'\s*"([^"]*)"', line))
        and m.group(1).upper() not in values
    ]
    ours = [f'"{key}","{value}"' for key, value in values.items()]
    return "\n".join([*ours, *keep]) + "\n"


def _settings(where: Places, python: str) -> dict[str, str]:
    return {where.interpreter_key: python, "PYTHONPATH": str(package_root())}


def _plan(where: Places, python: str) -> list[str]:
    lines = [
        f"{where.system}: build {ADDIN_NAME} (SalesDesk ribbon tab) into {where.addin}",
        f"{where.system}: write {where.config} with "
        + ", ".join(f"{k}={v}" for k, v in _settings(where, python).items()),
    ]
    if where.applescript is not None:
        lines.append(f"{where.system}: copy xlwings' RunPython script to {where.applescript}")
    return lines


def _target(
    platform: str | None, home: Path | None, env: Mapping[str, str] | None
) -> tuple[str, Path, Mapping[str, str]]:
    return (
        platform or sys.platform,
        Path(home or Path.home()),
        env if env is not None else os.environ,
    )


def _dry_run(job: str, python: str, home: Path, env: Mapping[str, str]) -> JobResult:
    result = JobResult(job)
    result.summary.append(
        f"Excel is not available on this machine ({sys.platform}); nothing was changed. "
        "Run this command on the Windows or macOS computer that has Excel. There it would:"
    )
    for platform in ("win32", "darwin"):
        where = places(platform, home, env)
        if job == "addin install":
            result.summary += [f"  {line}" for line in _plan(where, python)]
        else:
            result.summary += [f"  {where.system}: remove {where.addin} and {where.config}"]
    result.data["dry_run"] = True
    return result


def install_addin(
    *,
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    python: str | None = None,
) -> JobResult:
    """Build and install the add-in and its settings for this user."""
    from addin.excel.build import build_addin

    platform, home, env = _target(platform, home, env)
    python = python or sys.executable
    if not (platform.startswith("win") or platform == "darwin"):
        return _dry_run("addin install", python, home, env)
    where = places(platform, home, env)
    result = JobResult("addin install")
    with tempfile.TemporaryDirectory() as tmp:
        built = build_addin(Path(tmp) / ADDIN_NAME)
        where.addin.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(built, where.addin)
        except PermissionError:
            raise JobFailed(
                f"{where.addin} is in use: quit Excel and run this again (nothing was changed)"
            ) from None
    where.config.parent.mkdir(parents=True, exist_ok=True)
    old = where.config.read_text(encoding="utf-8") if where.config.exists() else ""
    where.config.write_text(config_text(old, _settings(where, python)), encoding="utf-8")
    result.written += [where.addin, where.config]
    result.summary += [
        f"installed the SalesDesk add-in: {where.addin}",
        f"settings for RunPython (this Python, PYTHONPATH): {where.config}",
    ]
    if where.applescript is not None:
        source = Path(xlwings.__file__).parent / where.applescript.name
        where.applescript.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, where.applescript)
        result.written.append(where.applescript)
        result.summary.append(f"enabled RunPython for Excel: {where.applescript}")
    result.summary += [*where.notes, "restart Excel: the SalesDesk tab appears on the ribbon"]
    return result


def uninstall_addin(
    *, platform: str | None = None, home: Path | None = None, env: Mapping[str, str] | None = None
) -> JobResult:
    """Remove the add-in and its settings; xlwings' RunPython script stays (others share it)."""
    platform, home, env = _target(platform, home, env)
    if not (platform.startswith("win") or platform == "darwin"):
        return _dry_run("addin uninstall", sys.executable, home, env)
    where = places(platform, home, env)
    result = JobResult("addin uninstall")
    for path in (where.addin, where.config):
        if path.exists():
            try:
                path.unlink()
            except PermissionError:
                raise JobFailed(f"{path} is in use: quit Excel and run this again") from None
            result.summary.append(f"removed {path}")
        else:
            result.summary.append(f"not there (already removed): {path}")
    result.summary.append("restart Excel: the SalesDesk tab is gone")
    return result
