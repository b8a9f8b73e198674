"""`salesdesk addin install|uninstall`: put the add-in, its templates and settings in place.

Everything with VBA in it is built on the spot from the package's macro sources and the
installed xlwings, so the VBA side always matches the Python side: the add-in
(SalesDesk.xlam, into Excel's startup folder) and the .xlsm templates with buttons (into
SalesDesk's own folder). Settings go to the user's `salesdesk.conf`, which RunPython reads:
this Python (or, for conda on Windows, its installation and environment) and the folder
that holds the `addin` package. Optionally the company folder becomes a Trusted Location
(Windows, current user). Excel need not run; it picks the add-in up at its next start.

For an IT roll-out: running it again changes nothing that is already right; every run is
appended to a log (Windows `%LOCALAPPDATA%\\SalesDesk\\install.log`, macOS
`~/Library/Logs/SalesDesk/install.log`); `install.json` beside the templates records what
was put where, and `uninstall` removes exactly that.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import xlwings

from addin.excel.build import build_addin, build_macro_templates
from addin.excel.places import (
    AskExcel,
    Places,
    ask_excel_startup,
    conda_settings,
    is_windows,
    places,
    standard_startup,
    startup_folder,
)
from addin.excel.trust import trust_folder, untrust
from addin.excel.vba import ADDIN_NAME
from addin.i18n import Msg, default_lang, t
from addin.jobs.result import JobFailed, JobResult

try:  # the registry exists on Windows only; tests hand in their own
    import winreg as system_registry
except ImportError:
    system_registry = None  # type: ignore[assignment]

INTERPRETER_KEYS = ("INTERPRETER_WIN", "INTERPRETER_MAC", "INTERPRETER")
CONDA_KEYS = ("CONDA PATH", "CONDA ENV")


def package_root() -> Path:
    """The folder that holds the `addin` package (PYTHONPATH for RunPython)."""
    return Path(__file__).resolve().parents[2]


def config_text(existing: str, values: Mapping[str, str], drop: tuple[str, ...] = ()) -> str:
    """xlwings' `"KEY","value"` lines: ours replaced, `drop` removed, the rest kept."""
    gone = {k.upper() for k in (*values, *drop)}
    keys = [(line, re.match(r'\s*"([^"]*)"', line)) for line in existing.splitlines()]
    keep = [line for line, m in keys if m and m.group(1).upper() not in gone]
    ours = [f'"{key}","{value}"' for key, value in values.items()]
    return "\n".join([*ours, *keep]) + "\n"


def settings(platform: str, python: str, prefix: Path, env: Mapping[str, str]) -> dict[str, str]:
    """What RunPython needs to start this Python with the `addin` package on its path."""
    values: dict[str, str] = {}
    conda = conda_settings(prefix, env) if is_windows(platform) else None
    if conda is not None:
        values["CONDA PATH"], values["CONDA ENV"] = conda
    else:
        values["INTERPRETER_WIN" if is_windows(platform) else "INTERPRETER_MAC"] = python
    values["PYTHONPATH"] = str(package_root())
    return values


def _target(
    platform: str | None, home: Path | None, env: Mapping[str, str] | None
) -> tuple[str, Path, Mapping[str, str]]:
    return (
        platform or sys.platform,
        Path(home or Path.home()),
        env if env is not None else os.environ,
    )


def _dry_run(job: str, home: Path, env: Mapping[str, str], lang: str) -> JobResult:
    result = JobResult(job, lang=lang)
    result.summary.append(Msg("install.no_excel", platform=sys.platform))
    for platform in ("win32", "darwin"):
        where = places(platform, home, env)
        startup = standard_startup(platform, home, env) or Msg("install.startup_unknown")
        system = where.system
        if job == "addin install":
            result.summary += [
                Msg("install.would_addin", system=system, addin=ADDIN_NAME, startup=startup),
                Msg("install.would_templates", system=system, folder=where.templates),
                Msg("install.would_config", system=system, config=where.config),
            ]
        else:
            result.summary.append(
                Msg("install.would_remove", system=system, record=where.record, config=where.config)
            )
    result.data["dry_run"] = True
    return result


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(source, target)
    except PermissionError:
        raise JobFailed(t(default_lang(), "install.in_use", path=target)) from None


def _log(where: Places, result: JobResult) -> None:
    where.log.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    lines = [f"{stamp} {result.job} (SalesDesk, xlwings {xlwings.__version__})"]
    lines += [f"{stamp}   {line}" for line in result.lines()]
    with where.log.open("a", encoding="utf-8") as log:
        log.write("\n".join(lines) + "\n")


def install_addin(
    *,
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    python: str | None = None,
    prefix: Path | None = None,
    startup: Path | None = None,
    ask: AskExcel | None = None,
    trust: Path | None = None,
    registry: Any = None,
    lang: str = "en",
) -> JobResult:
    """Build and install the add-in (its ribbon in `lang`), its templates and settings for
    this user.

    `ask` gives Excel's startup folder (by default the real Excel, on the machine that has
    it); `registry` is winreg (tests hand in a fake)."""
    platform, home, env = _target(platform, home, env)
    if not (is_windows(platform) or platform == "darwin"):
        return _dry_run("addin install", home, env, lang)
    python = python or sys.executable
    where = places(platform, home, env)
    if ask is None and platform == sys.platform:
        ask = ask_excel_startup
    if startup is not None:
        where.startup, how = Path(startup), Msg("install.how_named")
    else:
        where.startup, how = startup_folder(platform, home, env, ask)
    values = settings(platform, python, Path(prefix or sys.prefix), env)
    result = JobResult("addin install", lang=lang)
    with tempfile.TemporaryDirectory() as tmp:
        _copy(build_addin(Path(tmp) / ADDIN_NAME, lang), where.addin)
    templates = build_macro_templates(where.templates)
    where.config.parent.mkdir(parents=True, exist_ok=True)
    old = where.config.read_text(encoding="utf-8") if where.config.exists() else ""
    drop = INTERPRETER_KEYS if "CONDA PATH" in values else CONDA_KEYS
    where.config.write_text(config_text(old, values, drop), encoding="utf-8")
    result.written += [where.addin, *templates, where.config]
    result.summary += [
        Msg("install.installed", lang=lang, path=where.addin, how=how),
        Msg(
            "install.templates",
            count=len(templates),
            version=xlwings.__version__,
            folder=where.templates,
        ),
        Msg("install.settings", keys=", ".join(values), config=where.config),
    ]
    record: dict[str, Any] = {
        "xlwings": xlwings.__version__,
        "files": [str(where.addin), str(where.config)],
        "folders": [str(where.templates)],
    }
    if where.applescript_dir is not None:
        script = where.applescript_dir / f"xlwings-{xlwings.__version__}.applescript"
        _copy(Path(xlwings.__file__).parent / script.name, script)
        result.written.append(script)
        result.summary.append(Msg("install.runpython", script=script))
    if trust is not None:
        result.summary.append(_trust(platform, trust, registry))
    where.record.parent.mkdir(parents=True, exist_ok=True)
    where.record.write_text(json.dumps(record, indent=2), encoding="utf-8")
    result.summary += [Msg(note) for note in where.notes]
    result.summary += [Msg("install.restart"), Msg("install.log", path=where.log)]
    _log(where, result)
    return result


def _trust(platform: str, folder: Path, registry: Any) -> Msg:
    if not is_windows(platform):
        return Msg("install.mac_trust")
    registry = registry or system_registry
    if registry is None:
        raise JobFailed(t(default_lang(), "install.no_registry"))
    found = trust_folder(registry, str(folder))
    kind = "install.trusted_network" if found.network else "install.trusted"
    return Msg(kind, key=found.key, path=found.path)


def uninstall_addin(
    *,
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    registry: Any = None,
) -> JobResult:
    """Remove what install put in place; xlwings' RunPython script stays (others share it)."""
    platform, home, env = _target(platform, home, env)
    lang = default_lang()
    if not (is_windows(platform) or platform == "darwin"):
        return _dry_run("addin uninstall", home, env, lang)
    where = places(platform, home, env)
    result = JobResult("addin uninstall", lang=lang)
    files: list[Path] = [where.config]
    folders: list[Path] = [where.templates]
    if where.record.exists():
        record = json.loads(where.record.read_text(encoding="utf-8"))
        files = [Path(p) for p in record.get("files", [])] + [where.config]
        folders = [Path(p) for p in record.get("folders", [])]
    else:  # installed by an older SalesDesk: the standard startup folder
        startup = standard_startup(platform, home, env)
        if startup is not None:
            files.insert(0, startup / ADDIN_NAME)
    for path in dict.fromkeys([*files, where.record]):
        if not path.exists():
            result.summary.append(Msg("install.not_there", path=path))
            continue
        try:
            path.unlink()
        except PermissionError:
            raise JobFailed(t(lang, "install.in_use", path=path)) from None
        result.summary.append(Msg("install.removed", path=path))
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)
            result.summary.append(Msg("install.removed", path=folder))
    if is_windows(platform) and (registry or system_registry) is not None:
        for trusted in untrust(registry or system_registry):
            result.summary.append(Msg("install.untrusted", path=trusted))
    result.summary.append(Msg("install.gone"))
    _log(where, result)
    return result
