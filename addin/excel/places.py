"""Where the add-in's pieces go on one computer, and how RunPython finds this Python.

- The add-in goes into Excel's startup folder, asked of Excel itself (`App.startup_path`:
  XLSTART on Windows, the Startup folder of the Office group container on macOS). When
  Excel cannot be asked, Windows' documented per-user XLSTART is used, and on macOS the
  folder Excel created at its first start, if it exists; otherwise the install stops and
  says how to go on (start Excel once, or name the folder with --startup).
- xlwings' settings file for our project (`salesdesk.conf`), where its VBA looks
  (`GetConfigFilePath`): `%USERPROFILE%\\.salesdesk\\` and Excel's sandbox on macOS.
- A conda Python on Windows needs `CONDA PATH`/`CONDA ENV` so RunPython activates the
  environment first (xlwings' `ExecuteWindows`); otherwise NumPy's DLLs are not found.
- SalesDesk's own folder: the .xlsm templates built for this xlwings, the install record
  (what uninstall removes) and the install log.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

import xlwings as xw

from addin.excel.vba import ADDIN_NAME, PROJECT_NAME
from addin.i18n import Msg, default_lang, t
from addin.jobs.result import JobFailed

MAC_GROUP = Path("Library/Group Containers/UBF8T346G9.Office")
MAC_SANDBOX = Path("Library/Containers/com.microsoft.Excel/Data")
MAC_SCRIPTS = Path("Library/Application Scripts/com.microsoft.Excel")
MAC_STARTUP = (
    MAC_GROUP / "User Content.localized" / "Startup.localized" / "Excel",
    MAC_GROUP / "User Content" / "Startup" / "Excel",
)

AskExcel = Callable[[], str]


@dataclass(slots=True)
class Places:
    """Where each piece goes on one kind of machine."""

    system: str  # "Windows" | "macOS"
    config: Path
    data: Path  # SalesDesk's own folder: templates, install record
    log: Path
    startup: Path | None = None  # Excel's startup folder, once known
    applescript_dir: Path | None = None
    notes: list[str] = field(default_factory=list)  # message ids of what to tell the user

    @property
    def addin(self) -> Path:
        if self.startup is None:
            raise RuntimeError("the startup folder is not known yet")
        return self.startup / ADDIN_NAME

    @property
    def templates(self) -> Path:
        return self.data / "templates"

    @property
    def record(self) -> Path:
        return self.data / "install.json"


def is_windows(platform: str) -> bool:
    return platform.startswith("win")


def places(platform: str, home: Path, env: Mapping[str, str]) -> Places:
    if is_windows(platform):
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        profile = Path(env.get("USERPROFILE") or home)
        data = local / "SalesDesk"
        return Places(
            "Windows",
            config=profile / f".{PROJECT_NAME}" / f"{PROJECT_NAME}.conf",
            data=data,
            log=data / "install.log",
        )
    if platform == "darwin":
        return Places(
            "macOS",
            config=home / MAC_SANDBOX / f"{PROJECT_NAME}.conf",
            data=home / "Library" / "Application Support" / "SalesDesk",
            log=home / "Library" / "Logs" / "SalesDesk" / "install.log",
            applescript_dir=home / MAC_SCRIPTS,
            notes=["install.mac_permissions"],  # message ids
        )
    raise ValueError(f"Excel does not run on {platform}")


def standard_startup(platform: str, home: Path, env: Mapping[str, str]) -> Path | None:
    """The startup folder Excel uses when it cannot be asked: Windows' documented per-user
    XLSTART; on macOS only a folder Excel already made (its name differs by version)."""
    if is_windows(platform):
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        return appdata / "Microsoft" / "Excel" / "XLSTART"
    return next((home / p for p in MAC_STARTUP if (home / p).is_dir()), None)


def startup_folder(
    platform: str, home: Path, env: Mapping[str, str], ask: AskExcel | None
) -> tuple[Path, Msg]:
    """(Excel's startup folder, how it was found)."""
    reason = Msg("install.no_excel_to_ask")
    if ask is not None:
        try:
            answer = ask()
        except Exception as exc:  # Excel missing, or automation refused
            reason = Msg("install.excel_refused", error=f"{type(exc).__name__}: {exc}")
        else:
            if answer:
                return Path(answer), Msg("install.how_asked")
            reason = Msg("install.no_startup_named")
    fallback = standard_startup(platform, home, env)
    if fallback is None:
        raise JobFailed(t(default_lang(), "install.no_startup_folder", reason=reason))
    return fallback, Msg("install.how_standard", reason=reason)


def ask_excel_startup() -> str:
    """Excel's startup folder, from the running Excel or one started hidden for it."""
    running = xw.apps.active if xw.apps.count else None
    if running is not None:
        return str(running.startup_path)
    app = xw.App(visible=False, add_book=False)
    try:
        return str(app.startup_path)
    finally:
        app.quit()


def conda_settings(prefix: Path, env: Mapping[str, str]) -> tuple[str, str] | None:
    """(CONDA PATH, CONDA ENV) when `prefix` is a conda environment, else None.

    CONDA PATH is the conda installation (the folder with condabin\\conda.bat); CONDA ENV
    is "base", an environment's name under envs\\, or its full path (`conda activate`
    takes either)."""
    if not (prefix / "conda-meta").is_dir():
        return None
    if (prefix / "condabin").is_dir():
        return str(prefix), "base"
    if prefix.parent.name.lower() == "envs" and (prefix.parent.parent / "condabin").is_dir():
        return str(prefix.parent.parent), prefix.name
    exe = env.get("CONDA_EXE")  # conda's own: <install>\Scripts\conda.exe
    if exe:
        return str(PureWindowsPath(exe).parent.parent), str(prefix)
    raise JobFailed(t(default_lang(), "install.conda_not_found", prefix=prefix))
