"""Replacing parts of a saved package, and carrying formula results across a re-save.

openpyxl keeps a formula but drops its saved result; a reader that does not calculate
(ours) would then see a blank where the user's formula showed 1,000. `formula_results`
takes them from the file as it was and `restore_formula_results` puts them back into the
file as re-saved.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path

from addin.io.xlsx.parts import CHUNK, contains, read_part
from addin.io.xlsx.relationships import sheet_paths


def replace_parts(path: Path, parts: Mapping[str, bytes]) -> None:
    """Replace the named parts of the package at `path` in place; every other part is
    copied across unchanged, one at a time (a big sheet never sits in memory)."""
    tmp = path.with_name(path.name + ".parts")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in parts:
                dst.writestr(info, parts[info.filename], zipfile.ZIP_DEFLATED)
            else:
                with src.open(info) as fin, dst.open(info, "w") as fout:
                    shutil.copyfileobj(fin, fout, CHUNK)
    tmp.replace(path)


_CELL_XML = re.compile(rb"<((?:\w+:)?c)\b([^>]*?)(?<!/)>(.*?)</\1>", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_RESULT = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_NO_RESULT = re.compile(rb"<(?:\w+:)?v\s*/>|<(?:\w+:)?v></(?:\w+:)?v>")
_TYPE = re.compile(rb'\s*\bt="(\w+)"')
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')
FormulaResults = dict[str, dict[bytes, tuple[bytes, bytes, bytes]]]


def formula_results(path: Path) -> FormulaResults:
    """Sheet → cell → (formula, result type, saved result) of formula cells with a result."""
    out: FormulaResults = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_paths(path).items():
            if part not in zf.NameToInfo or not contains(zf, part, b"</f>"):
                continue
            cells = {}
            for match in _CELL_XML.finditer(read_part(zf, part)):
                formula, result = _FORMULA.search(match[3]), _RESULT.search(match[3])
                ref = _CELL_REF.search(match[2])
                if formula and result and result[1] and ref:
                    kind = _TYPE.search(match[2])
                    cells[ref[1]] = (formula[1] or b"", kind[1] if kind else b"n", result[1])
            if cells:
                out[name] = cells
    return out


def restore_formula_results(path: Path, results: FormulaResults) -> int:
    """Give formula cells of `path` that lost their result the one they had; only where
    the formula is the same one (or was a shared formula's copy). Returns cells restored."""
    if not results:
        return 0
    changed: dict[str, bytes] = {}
    restored = 0
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_paths(path).items():
            cells = results.get(name)
            if not cells or part not in zf.NameToInfo:
                continue

            def fill(
                match: re.Match[bytes], cells: dict[bytes, tuple[bytes, bytes, bytes]] = cells
            ) -> bytes:
                nonlocal restored
                ref, formula = _CELL_REF.search(match[2]), _FORMULA.search(match[3])
                if not ref or not formula or ref[1] not in cells or _RESULT.search(match[3]):
                    return match[0]
                text, kind, value = cells[ref[1]]
                if text and (formula[1] or b"") != text:
                    return match[0]  # another formula: the old result is not its result
                attrs = _TYPE.sub(b"", match[2]) + (b' t="' + kind + b'"' if kind != b"n" else b"")
                body = _NO_RESULT.sub(b"", match[3]) + b"<v>" + value + b"</v>"
                restored += 1
                return b"<" + match[1] + attrs + b">" + body + b"</" + match[1] + b">"

            data = read_part(zf, part)
            new = _CELL_XML.sub(fill, data)
            if new != data:
                changed[part] = new
    if changed:
        replace_parts(path, changed)
    return restored
