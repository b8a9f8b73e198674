"""What python-calamine does not tell us about a sheet, read from the parts themselves.

- Table parts: where each Excel Table sits, its header and Total Row counts and column
  names (calamine's own table read parses the whole sheet a second time; the table part
  is a few hundred bytes).
- Cell styles: which `cellXfs` entries show a number as a percent (`30%` typed in Excel
  stores 0.3 in such a cell).
- One byte scan of a sheet part for the cells that need it: error cells (`#REF!`, which
  calamine turns into blanks), formulas without a saved result (a file written by a
  script and never opened in Excel: calamine sees a blank) and percent-formatted cells.
  The scan touches only those cells; a sheet without any of them is not inflated at all
  (the safety gate's streaming pass already told us, see `PartSurvey`).
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET

from addin.io.xlsx.parts import column_index
from addin.io.xlsx.relationships import WORKBOOK, rels_name, resolve

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE_REL = "/table"
_STYLES_REL = "/styles"
#: Built-in number formats that show a percent (ECMA-376 §18.8.30): 0% and 0.00%.
_BUILTIN_PERCENT = frozenset({9, 10})
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA_START = re.compile(rb"<f[\s>/]")
_CELL_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")
MAX_SMALL_PART = 8 * 1024 * 1024  # a table part or styles.xml: never near this in a real file

Cell = tuple[int, int]  # (row, column), 0-based


@dataclass(frozen=True, slots=True)
class TablePart:
    name: str
    display_name: str
    sheet: str
    first_row: int  # 0-based row of the table's first row (its header, when it has one)
    first_col: int
    last_row: int  # 0-based row of the table's last row (its Total Row, when shown)
    last_col: int
    header_rows: int
    totals_rows: int
    columns: tuple[str, ...]

    @property
    def names(self) -> tuple[str, str]:
        return self.name, self.display_name


@dataclass(slots=True)
class SheetMarks:
    """Cells of one sheet that need more than their value: see the module docstring."""

    errors: dict[Cell, str] = field(default_factory=dict)
    no_result: set[Cell] = field(default_factory=set)
    percent: set[Cell] = field(default_factory=set)


def _small_part(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        data = fh.read(MAX_SMALL_PART + 1)
    if len(data) > MAX_SMALL_PART:
        raise ValueError(f"part {name} is larger than {MAX_SMALL_PART // 2**20} MB")
    return data


def _rels_of(zf: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, part name) of a part's internal relationships."""
    rels = rels_name(part)
    if rels not in zf.NameToInfo:
        return []
    return list(_parsed_rels(_small_part(zf, rels), posixpath.dirname(part)))


# Rep workbooks issued from one template share most of their small parts byte for byte
# (relationships, styles, many tables): collect parses each distinct part once.
@functools.lru_cache(maxsize=512)
def _parsed_rels(data: bytes, folder: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (rel.get("Type", ""), resolve(folder, rel.get("Target", "")))
        for rel in SafeET.fromstring(data).iter(f"{_NS_PKG}Relationship")
        if rel.get("TargetMode") != "External" and rel.get("Target")
    )


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    m = _CELL_RANGE.match(ref.strip().upper())
    if not m:
        return None
    c0, r0 = column_index(m[1]), int(m[2]) - 1
    c1, r1 = (column_index(m[3]), int(m[4]) - 1) if m[3] else (c0, r0)
    return r0, c0, r1, c1


def _count(value: str | None, default: int) -> int:
    try:
        return max(int(value), 0) if value is not None else default
    except ValueError:
        return default


def table_parts(zf: zipfile.ZipFile, sheets: dict[str, str]) -> list[TablePart]:
    """Every Excel Table of the workbook, in sheet order. `sheets`: name → sheet part."""
    out: list[TablePart] = []
    for sheet, part in sheets.items():
        if part not in zf.NameToInfo:
            continue
        for kind, target in _rels_of(zf, part):
            if not kind.endswith(_TABLE_REL) or target not in zf.NameToInfo:
                continue
            table = _parsed_table(_small_part(zf, target), sheet)
            if table is not None:
                out.append(table)
    return out


@functools.lru_cache(maxsize=512)
def _parsed_table(data: bytes, sheet: str) -> TablePart | None:
    root = SafeET.fromstring(data)
    bounds = _bounds(root.get("ref", ""))
    if bounds is None:
        return None
    names = tuple(c.get("name", "") for c in root.iter(f"{_NS_MAIN}tableColumn"))
    name = root.get("name") or root.get("displayName") or ""
    return TablePart(
        name=name,
        display_name=root.get("displayName") or name,
        sheet=sheet,
        first_row=bounds[0],
        first_col=bounds[1],
        last_row=bounds[2],
        last_col=bounds[3],
        header_rows=_count(root.get("headerRowCount"), 1),
        totals_rows=_count(root.get("totalsRowCount"), 0),
        columns=names,
    )


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows its number as a percent (`0%`, `0.0%;[Red]-0%`);
    a % inside quotes, escaped or in a [condition] is literal text, not the percent sign."""
    return "%" in _QUOTED.sub("", code)


def percent_styles(zf: zipfile.ZipFile, workbook_part: str = WORKBOOK) -> frozenset[int]:
    """Indexes of the `cellXfs` entries (a cell's `s`) whose number format is a percent."""
    styles = next((t for k, t in _rels_of(zf, workbook_part) if k.endswith(_STYLES_REL)), "")
    if not styles or styles not in zf.NameToInfo:
        return frozenset()
    return _parsed_percent_styles(_small_part(zf, styles))


@functools.lru_cache(maxsize=64)
def _parsed_percent_styles(data: bytes) -> frozenset[int]:
    root = SafeET.fromstring(data)
    percent_ids = set(_BUILTIN_PERCENT)
    for fmt in root.iter(f"{_NS_MAIN}numFmt"):
        code, ident = fmt.get("formatCode", ""), _count(fmt.get("numFmtId"), -1)
        if is_percent_format(code):
            percent_ids.add(ident)
        else:
            percent_ids.discard(ident)  # a file may redefine a built-in id
    xfs = root.find(f"{_NS_MAIN}cellXfs")
    if xfs is None:
        return frozenset()
    return frozenset(
        n
        for n, xf in enumerate(xfs.iter(f"{_NS_MAIN}xf"))
        if _count(xf.get("numFmtId"), 0) in percent_ids
    )


def _cell_at(data: bytes, pos: int) -> tuple[Cell, bytes, bytes] | None:
    """The cell around byte `pos`: ((row, col), its start tag's attributes, its body)."""
    start = data.rfind(b"<c ", 0, pos)
    if start < 0:
        return None
    head_end = data.find(b">", start)
    if head_end < 0:
        return None
    attrs = data[start + 3 : head_end]
    ref = _REF.search(attrs)
    if ref is None:
        return None
    if attrs.endswith(b"/"):
        body = b""
    else:
        end = data.find(b"</c>", head_end)
        body = data[head_end + 1 : end if end >= 0 else len(data)]
    return (int(ref[2]) - 1, column_index(ref[1].decode())), attrs, body


def _value(body: bytes) -> bytes | None:
    start = body.find(b"<v")
    if start < 0:
        return None
    if body.startswith(b"<v/>", start) or body.startswith(b"<v />", start):
        return b""
    end = body.find(b"</v>", start)
    return body[body.find(b">", start) + 1 : end] if end >= 0 else None


def scan_sheet(data: bytes, percent: frozenset[int]) -> SheetMarks:
    """Error cells, formulas without a saved result and percent-formatted cells."""
    marks = SheetMarks()
    pos = data.find(b't="e"')
    while pos >= 0:
        cell = _cell_at(data, pos)
        if cell is not None:
            value = _value(cell[2])
            if value:
                marks.errors[cell[0]] = value.decode("utf-8", "replace")
        pos = data.find(b't="e"', pos + 5)
    for match in _FORMULA_START.finditer(data):
        cell = _cell_at(data, match.start())
        if cell is None:
            continue
        value = _value(cell[2])
        kind = _TYPE.search(cell[1])
        # an empty <v></v> is Excel's saved result of a formula giving "" (t="str");
        # a number cell with an empty or absent value has no result at all
        if value is None or (not value and not (kind and kind[1] in (b"str", b"inlineStr"))):
            marks.no_result.add(cell[0])
    if percent:
        styled = re.compile(
            rb'<c [^>]*?\bs="(?:' + b"|".join(str(n).encode() for n in sorted(percent)) + rb')"'
        )
        for match in styled.finditer(data):
            cell = _cell_at(data, match.end())
            if cell is not None:
                marks.percent.add(cell[0])
    return marks
