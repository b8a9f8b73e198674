"""The parts of a workbook's zip package: bounded reads, whole-package reads and writes,
content types, and the cell-reference arithmetic every part reader needs.

Every read of a part is bounded (`MAX_PART_BYTES`): a part is untrusted until the safety
gate (`safety.py`) has passed the file, and even after it a reader never holds more than
one part in memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

from defusedxml import ElementTree as SafeET

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
MAX_PART_BYTES = 512 * 1024 * 1024
CHUNK = 1 << 20


def read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise ValueError(f"part {name} is larger than {MAX_PART_BYTES // 2**20} MB")
    return data


def contains(zf: zipfile.ZipFile, name: str, needle: bytes) -> bool:
    """Whether the part holds `needle`, read in chunks (a big sheet never sits in memory)."""
    tail = b""
    with zf.open(name) as fh:
        while chunk := fh.read(CHUNK):
            if needle in tail + chunk[: len(needle)] or needle in chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def read_parts(path: Path) -> dict[str, bytes]:
    """Every part of a small package (an add-in, a template) by name, in zip order."""
    with zipfile.ZipFile(path) as zf:
        return {name: read_part(zf, name) for name in zf.namelist()}


def write_parts(path: Path, parts: Mapping[str, bytes]) -> None:
    """A package from its parts; `[Content_Types].xml` first, as Office writes it."""
    ordered = [CONTENT_TYPES, *[n for n in parts if n != CONTENT_TYPES]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in ordered:
            zf.writestr(name, parts[name])


def content_types(parts: Mapping[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """(defaults by extension, overrides by part name) of a package."""
    root = SafeET.fromstring(parts[CONTENT_TYPES])
    defaults, overrides = {}, {}
    for el in root:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "Default":
            defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        elif tag == "Override":
            overrides[el.get("PartName", "")] = el.get("ContentType", "")
    return defaults, overrides


def column_index(letters: str) -> int:
    """Excel letters → 0-based column index."""
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def column_letter(index: int) -> str:
    """0-based column index → Excel letters."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
