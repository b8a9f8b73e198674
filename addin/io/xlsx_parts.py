"""Small, bounded reads of a workbook's XML parts: sheet paths and error cells.

python-calamine reads values fast but turns error cells (`#REF!`) into blanks, so we
find error cells ourselves with a byte scan of the sheet XML — cheap, and only done
when the sheet contains any `t="e"` cell at all.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ERROR_CELL = re.compile(rb"<c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</c>", re.S)
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
MAX_PART_BYTES = 512 * 1024 * 1024


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(MAX_PART_BYTES + 1)
    if len(data) > MAX_PART_BYTES:
        raise ValueError(f"part {name} is larger than {MAX_PART_BYTES // 2**20} MB")
    return data


def sheet_paths(path: Path) -> dict[str, str]:
    """Sheet name → zip path of its XML."""
    with zipfile.ZipFile(path) as zf:
        book = SafeET.fromstring(_read_part(zf, "xl/workbook.xml"))
        rels = SafeET.fromstring(_read_part(zf, "xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if not target:
            continue
        full = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        out[sheet.get("name", "")] = full
    return out


def error_cells(path: Path, sheet_xml: str) -> dict[tuple[int, int], str]:
    """(row, col) 0-based → error text, for every error cell of a sheet."""
    with zipfile.ZipFile(path) as zf:
        data = _read_part(zf, sheet_xml)
    if b't="e"' not in data:
        return {}
    out: dict[tuple[int, int], str] = {}
    for match in _ERROR_CELL.finditer(data):
        ref = _REF.search(match.group(1))
        value = _VALUE.search(match.group(2))
        if ref and value:
            out[(int(ref.group(2)) - 1, column_index(ref.group(1).decode()))] = value.group(
                1
            ).decode("utf-8", "replace")
    return out


def column_index(letters: str) -> int:
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
