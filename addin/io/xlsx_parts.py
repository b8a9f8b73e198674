"""Small, bounded reads of a workbook's XML parts: sheet paths and error cells.

python-calamine reads values fast but turns error cells (`#REF!`) into blanks, so we
find error cells ourselves with a byte scan of the sheet XML — cheap, and only done
when the sheet contains any `t="e"` cell at all.

`sheet_extent` and `xml_prolog_is_safe` are the streaming checks the safety gate runs
before any parser sees a part: constant memory, whatever the part's size.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ERROR_CELL = re.compile(rb"<c\b([^>]*\bt=\"e\"[^>]*)>(.*?)</c>", re.S)
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
MAX_PART_BYTES = 512 * 1024 * 1024
CHUNK = 1 << 20
#: `<row r="12"` as nearly every writer puts it (fast path), and the general form.
_ROW_FAST = re.compile(rb'<row r="(\d+)"')
_ROW_ANY = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_WIDE = re.compile(rb' r="[A-Z]{2}')
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 64 * 1024


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


def _contains(zf: zipfile.ZipFile, name: str, needle: bytes) -> bool:
    """Whether the part holds `needle`, read in chunks (a big sheet never sits in memory)."""
    tail = b""
    with zf.open(name) as fh:
        while chunk := fh.read(CHUNK):
            if needle in tail + chunk[: len(needle)] or needle in chunk:
                return True
            tail = chunk[-len(needle) :]
    return False


def error_cells(path: Path, sheet_xml: str) -> dict[tuple[int, int], str]:
    """(row, col) 0-based → error text, for every error cell of a sheet."""
    with zipfile.ZipFile(path) as zf:
        if not _contains(zf, sheet_xml, b't="e"'):
            return {}
        data = _read_part(zf, sheet_xml)
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


def xml_prolog_is_safe(zf: zipfile.ZipFile, name: str) -> bool:
    """False when the part declares a DTD or entities (never in a real workbook: a bomb
    or an external-entity attack), or hides its first element past `PROLOG_BYTES`."""
    with zf.open(name) as fh:
        head = fh.read(PROLOG_BYTES)
    first = _FIRST_ELEMENT.search(head)
    if first is None:
        return len(head) < PROLOG_BYTES
    prolog = head[: first.start()].upper()
    return b"<!DOCTYPE" not in prolog and b"<!ENTITY" not in prolog


#: Byte patterns the extent scan notes on its way: error cells and formulas. The pieces
#: of the sheet holding them are kept, so the reader finds those cells without inflating
#: the sheet again (and never looks at a sheet that has none).
SURVEY_MARKS = (b't="e"', b"<f")


@dataclass(slots=True)
class SheetSurvey:
    """What the extent scan saw of one sheet: the pieces holding `SURVEY_MARKS`, each
    made of whole cells when `whole` (else the reader inflates the sheet again)."""

    pieces: list[bytes] = field(default_factory=list)
    whole: bool = True


def _piece(data: bytes, *, last: bool) -> tuple[bytes, bytes, bool]:
    """(piece to scan now, rest for the next read, whether the cut kept cells whole).
    The cut falls before a cell when one starts near the end, so no cell is split."""
    if last:
        return data, b"", True
    cut = data.rfind(b"<c ", max(0, len(data) - 65536))
    if cut >= 0:
        return data[:cut], data[cut:], True
    cut = data.rfind(b"<", max(0, len(data) - 4096))
    cut = len(data) if cut < 0 else cut
    return data[:cut], data[cut:], False


def sheet_extent(
    zf: zipfile.ZipFile, name: str, stop_rows: int, survey: SheetSurvey | None = None
) -> tuple[int, int]:
    """(rows, columns) a sheet spans from A1 — what a reader must hold in memory — by a
    streaming scan of its row tags and wide cell references. Stops once rows pass
    `stop_rows`. Row numbers are taken as written (a lone cell in row 1,000,000 counts),
    and rows without a number follow the one before, as readers number them. Each
    piece of the sheet holding any of `SURVEY_MARKS` is kept in `survey`."""
    top = tagged = numbered = width = 0
    tail = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(CHUNK)
            data, tail, whole = _piece(tail + chunk, last=not chunk)
            if survey is not None and any(m in data for m in SURVEY_MARKS):
                survey.pieces.append(data)
                survey.whole &= whole
            found = _ROW_FAST.findall(data)
            tags = len(_ROW_TAG.findall(data)) if b":row" in data else data.count(b"<row")
            if tags != len(found):  # other writers' forms, or <rowBreaks>: the general scan
                found = _ROW_ANY.findall(data)
                tags = len(_ROW_TAG.findall(data))
            if found:
                top = max(top, max(map(int, found)))
            numbered += len(found)
            tagged += tags
            if _WIDE.search(data):
                refs = set(_WIDE_REF.findall(data))
                width = max([width, *(column_index(c.decode()) + 1 for c in refs)])
            if not chunk or top + (tagged - numbered) > stop_rows:
                break
    return top + (tagged - numbered), max(width, 26 if tagged else 0)


# ------------------------------------------------------------------ formula results
# openpyxl keeps a formula but drops its saved result; a reader that does not calculate
# (ours) would then see a blank where the user's formula showed 1,000. These two carry
# the results over from the file as it was to the file as re-saved.
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
            if part not in zf.NameToInfo or not _contains(zf, part, b"</f>"):
                continue
            cells = {}
            for match in _CELL_XML.finditer(_read_part(zf, part)):
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

            data = _read_part(zf, part)
            new = _CELL_XML.sub(fill, data)
            if new != data:
                changed[part] = new
    if changed:
        _replace_parts(path, changed)
    return restored


def _replace_parts(path: Path, parts: dict[str, bytes]) -> None:
    tmp = path.with_name(path.name + ".parts")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in parts:
                dst.writestr(info, parts[info.filename], zipfile.ZIP_DEFLATED)
            else:
                with src.open(info) as fin, dst.open(info, "w") as fout:
                    shutil.copyfileobj(fin, fout, CHUNK)
    tmp.replace(path)
