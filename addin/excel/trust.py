"""The company folder as an Excel Trusted Location on Windows, for the current user only.

Excel keeps a user's own Trusted Locations (File > Options > Trust Center > Trusted
Locations) under HKCU\\Software\\Microsoft\\Office\\16.0\\Excel\\Security\\Trusted Locations,
one subkey per folder (`LocationN`) with `Path`, `AllowSubfolders`, `Description` and
`Date`. 16.0 is every current Office: 2016, 2019, 2021, LTSC and Microsoft 365. Ours is
told apart by its Description, so `uninstall` removes only what `install` added. A folder
on the network is trusted only when the user (or IT, by policy) allows network locations;
that switch trusts every network folder, so it is never turned on from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

LOCATIONS = r"Software\Microsoft\Office\16.0\Excel\Security\Trusted Locations"
DESCRIPTION = "SalesDesk company folder"
FIRST_FREE = 20  # Office's own locations are Location0…; ours start well above them


@dataclass(frozen=True, slots=True)
class Trusted:
    key: str  # subkey under LOCATIONS
    path: str
    network: bool


def _subkeys(winreg: Any, key: Any) -> list[str]:
    names = []
    i = 0
    while True:
        try:
            names.append(winreg.EnumKey(key, i))
        except OSError:
            return names
        i += 1


def _value(winreg: Any, key: Any, name: str) -> Any:
    try:
        return winreg.QueryValueEx(key, name)[0]
    except OSError:
        return None


def folder_text(folder: str) -> str:
    """The form Excel's dialog writes: an absolute path ending in a backslash."""
    text = str(PureWindowsPath(folder))
    return text if text.endswith("\\") else text + "\\"


def ours(winreg: Any) -> dict[str, str]:
    """SalesDesk's Trusted Locations: subkey → folder."""
    found: dict[str, str] = {}
    try:
        root = winreg.OpenKey(winreg.HKEY_CURRENT_USER, LOCATIONS)
    except OSError:
        return found
    with root:
        for name in _subkeys(winreg, root):
            with winreg.OpenKey(root, name) as key:
                if _value(winreg, key, "Description") == DESCRIPTION:
                    found[name] = str(_value(winreg, key, "Path") or "")
    return found


def trust_folder(winreg: Any, folder: str, today: dt.date | None = None) -> Trusted:
    """Register `folder` (and its subfolders); running it again changes nothing."""
    path = folder_text(folder)
    network = path.startswith("\\\\")
    existing = ours(winreg)
    for name, where in existing.items():
        if where.lower() == path.lower():
            return Trusted(name, path, network)
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, LOCATIONS, 0, winreg.KEY_ALL_ACCESS) as root:
        taken = {n.lower() for n in _subkeys(winreg, root)}
        n = FIRST_FREE
        while f"location{n}" in taken:
            n += 1
        name = f"Location{n}"
        with winreg.CreateKeyEx(root, name, 0, winreg.KEY_ALL_ACCESS) as key:
            winreg.SetValueEx(key, "Path", 0, winreg.REG_SZ, path)
            winreg.SetValueEx(key, "AllowSubfolders", 0, winreg.REG_DWORD, 1)
            winreg.SetValueEx(key, "Description", 0, winreg.REG_SZ, DESCRIPTION)
            day = today or dt.date.today()
            winreg.SetValueEx(key, "Date", 0, winreg.REG_SZ, day.strftime("%m/%d/%Y"))
    return Trusted(name, path, network)


def untrust(winreg: Any) -> list[str]:
    """Remove every Trusted Location SalesDesk added; the folders they named."""
    removed = []
    for name, path in ours(winreg).items():
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, LOCATIONS, 0, winreg.KEY_ALL_ACCESS) as root:
            winreg.DeleteKey(root, name)
        removed.append(path)
    return removed
