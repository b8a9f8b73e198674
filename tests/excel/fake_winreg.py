"""The part of Python's `winreg` the installer uses, over a dict: HKCU as Windows keeps it.

Keys are case-insensitive like the registry's; opening a missing key raises
FileNotFoundError (an OSError), EnumKey past the end raises OSError, as winreg does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HKEY_CURRENT_USER = "HKCU"
KEY_ALL_ACCESS = 0xF003F
KEY_READ = 0x20019
REG_SZ = 1
REG_DWORD = 4


@dataclass
class Key:
    name: str
    values: dict[str, tuple[Any, int]] = field(default_factory=dict)
    children: dict[str, Key] = field(default_factory=dict)  # lower-case name → key

    def __enter__(self) -> Key:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def child(self, name: str) -> Key | None:
        return self.children.get(name.lower())


class FakeWinreg:
    HKEY_CURRENT_USER = HKEY_CURRENT_USER
    KEY_ALL_ACCESS = KEY_ALL_ACCESS
    KEY_READ = KEY_READ
    REG_SZ = REG_SZ
    REG_DWORD = REG_DWORD

    def __init__(self) -> None:
        self.hkcu = Key("HKEY_CURRENT_USER")

    def _root(self, key: Any) -> Key:
        return self.hkcu if key == HKEY_CURRENT_USER else key

    def _walk(self, key: Any, sub: str, create: bool) -> Key:
        node = self._root(key)
        for part in [p for p in sub.split("\\") if p]:
            nxt = node.child(part)
            if nxt is None:
                if not create:
                    raise FileNotFoundError(2, "The system cannot find the file specified")
                nxt = node.children[part.lower()] = Key(part)
            node = nxt
        return node

    def OpenKey(self, key: Any, sub: str, reserved: int = 0, access: int = KEY_READ) -> Key:
        return self._walk(key, sub, create=False)

    def CreateKeyEx(self, key: Any, sub: str, reserved: int = 0, access: int = 0) -> Key:
        return self._walk(key, sub, create=True)

    def EnumKey(self, key: Key, index: int) -> str:
        names = [k.name for k in key.children.values()]
        if index >= len(names):
            raise OSError(259, "No more data is available")
        return names[index]

    def QueryValueEx(self, key: Key, name: str) -> tuple[Any, int]:
        if name not in key.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return key.values[name]

    def SetValueEx(self, key: Key, name: str, reserved: int, kind: int, value: Any) -> None:
        key.values[name] = (value, kind)

    def DeleteKey(self, key: Key, sub: str) -> None:
        target = key.child(sub)
        if target is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        if target.children:  # winreg cannot delete a key that has subkeys
            raise PermissionError(5, "Access is denied")
        del key.children[sub.lower()]

    def tree(self, path: str) -> dict[str, dict[str, Any]]:
        """Subkey → {value name: value} under `path` (what a test compares)."""
        try:
            node = self._walk(HKEY_CURRENT_USER, path, create=False)
        except FileNotFoundError:
            return {}
        return {
            k.name: {name: value for name, (value, _) in k.values.items()}
            for k in node.children.values()
        }
