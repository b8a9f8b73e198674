"""Relationships: which part holds which sheet, and adding a relationship to a part.

A sheet's name lives in `xl/workbook.xml`, its part in `xl/_rels/workbook.xml.rels`; every
reader and writer that goes from "the sheet called Visits" to `xl/worksheets/sheet3.xml`
goes through `sheet_targets`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from defusedxml import ElementTree as SafeET

from addin.io.xlsx.parts import NS_DOC_REL, NS_MAIN, NS_PKG_REL, read_part

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


def resolve(base_dir: str, target: str) -> str:
    """A relationship target as a part name (absolute targets start with '/')."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, target))


def sheet_targets(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name → part name, in the workbook's sheet order."""
    book = SafeET.fromstring(workbook_xml)
    rels = SafeET.fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{NS_PKG_REL}}}Relationship")}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{{{NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{NS_DOC_REL}}}id"), "")
        if target:
            out[sheet.get("name", "")] = resolve("xl", target)
    return out


def sheet_paths(path: Path) -> dict[str, str]:
    """Sheet name → zip path of its XML, read from the file at `path`."""
    with zipfile.ZipFile(path) as zf:
        return sheet_targets(read_part(zf, WORKBOOK), read_part(zf, WORKBOOK_RELS))


def sheet_part(parts: Mapping[str, bytes], sheet_name: str) -> str:
    """The part name (xl/worksheets/sheetN.xml) of the sheet called `sheet_name`."""
    found = sheet_targets(parts[WORKBOOK], parts[WORKBOOK_RELS])
    if sheet_name not in found:
        raise KeyError(f"no sheet named {sheet_name!r}")
    return found[sheet_name]


def rels_name(part: str) -> str:
    """The relationships part of `part` (xl/worksheets/sheet1.xml → …/_rels/sheet1.xml.rels)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def add_relationship(rels: bytes | None, rel_type: str, target: str) -> tuple[bytes, str]:
    """`rels` (or a new relationships part) with one more relationship, and its new id."""
    text = (
        rels
        or f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{NS_PKG_REL}"></Relationships>'.encode()
    ).decode("utf-8")
    used = set(re.findall(r'Id="([^"]+)"', text))
    n = 1
    while f"rId{n}" in used:
        n += 1
    rid = f"rId{n}"
    rel = f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"/>'
    return text.replace("</Relationships>", rel + "</Relationships>").encode("utf-8"), rid
