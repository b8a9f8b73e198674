"""A sheet rendered by the book plan (XlsxWriter, in memory) moved into an existing
package: in the place of the sheet it replaces, or as a new last tab.

What moves with it: its table parts (new part names and ids), its header notes (comments
and VML), its formats (merged into the target's stylesheet, `s=` remapped), its shared
strings (written inline), its print titles (defined names of that sheet). The target's
other sheets, names and parts stay as they are.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Mapping
from xml.sax.saxutils import quoteattr

from addin.io.xlsx.patch.package import CT, Package, Rel, Streamed, relative
from addin.io.xlsx.patch.styles import StyleSheet, reprefix
from addin.io.xlsx.relationships import WORKBOOK, WORKBOOK_RELS, rels_name, resolve, sheet_targets
from addin.io.xlsx.render_stream import PLACEHOLDER, Deferred

SHEET_TYPE = CT + "spreadsheetml.worksheet+xml"
_PART_TYPES = {
    "table": ("xl/tables/table{}.xml", CT + "spreadsheetml.table+xml"),
    "comments": ("xl/comments{}.xml", CT + "spreadsheetml.comments+xml"),
    "vmlDrawing": ("xl/drawings/vmlDrawing{}.vml", None),
}
_SHARED = re.compile(rb'<c\b([^>]*?)\st="s"([^>]*)><v>(\d+)</v></c>')
_STYLE = re.compile(rb'(<(?:c|row)\b[^>]*?\ss=")(\d+)(")')
_COL_STYLE = re.compile(rb'(<col\b[^>]*?\sstyle=")(\d+)(")')
_DXF = re.compile(rb'(\b\w*[dD]xfId=")(\d+)(")')
_SI = re.compile(rb"<si>(.*?)</si>", re.S)
_NAME = re.compile(r"<definedName\b([^>]*)>(.*?)</definedName>", re.S)
_LOCAL = re.compile(r'\blocalSheetId="(\d+)"')
_SHEET_REF = re.compile(r"(?:'(?:[^']|'')*'|[A-Za-z_\u0080-\uffff][^!,'()\s]*)!")


class Source:
    """The rendered workbook the sheets come from."""

    def __init__(self, zf: zipfile.ZipFile, deferred: Mapping[str, Deferred] | None = None) -> None:
        self.zf = zf
        #: sheet name → its streamed rows, left out of its XML (`render_stream.py`)
        self.deferred = dict(deferred or {})
        self.sheets = sheet_targets(zf.read(WORKBOOK), zf.read(WORKBOOK_RELS))
        self.styles = StyleSheet(zf.read("xl/styles.xml").decode("utf-8"))
        shared = zf.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in zf.NameToInfo else b""
        self.strings = _SI.findall(shared)
        self.names = _NAME.findall(zf.read(WORKBOOK).decode("utf-8"))
        self.order = list(self.sheets)


def transplant(
    pkg: Package, styles: StyleSheet, source: Source, name: str, replace: str | None
) -> str:
    """Put sheet `name` of `source` into `pkg` in place of sheet `replace` (None: a new
    last tab called `name`). Returns the sheet's name in `pkg`."""
    targets = pkg.sheets()
    if replace is not None and replace in targets:
        part, title = targets[replace], replace
        _drop_parts(pkg, part)
        _drop_calc_chain(pkg)
    else:
        part, title = _add_sheet(pkg, name), name
    index = list(pkg.sheets()).index(title)
    src_part = source.sheets[name]
    restyled = _Restyled(styles, source)
    rows = source.deferred.get(name)
    # The rows' styles join the workbook's where the rows stand, between the sheet's own
    # rows above and below: the stylesheet comes out as a sheet written whole makes it.
    head, placeholder, tail = source.zf.read(src_part).partition(PLACEHOLDER.encode())
    if rows is not None and not placeholder:
        raise RuntimeError(f"{name}: the rendered sheet lost its streamed rows' place")
    head = restyled.sheet(head)
    ids = {s: restyled.xf(s) for s in rows.styles if s is not None} if rows is not None else {}
    xml = head + placeholder + restyled.sheet(tail)
    xml = re.sub(rb'\stabSelected="1"', b"", xml)
    rels = []
    for rel in _source_rels(source.zf, src_part):
        pattern, content_type = _PART_TYPES[rel.type]
        new_part = pkg.free_name(pattern)
        data = source.zf.read(resolve(posixpath.dirname(src_part), rel.target))
        if rel.type == "table":
            data = _table(data, pkg, styles, source)
        pkg.write(new_part, data)
        if content_type:
            pkg.set_content_type(new_part, content_type)
        else:
            pkg.ensure_default("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
        rels.append(Rel(rel.id, rel.type, relative(part, new_part), full_type=rel.full_type))
    if rows is None:
        pkg.write(part, xml)
    else:
        head, _, tail = xml.partition(PLACEHOLDER.encode())
        # Renumbered now: the stylesheet is written before the rows are.
        pkg.write(part, Streamed(head, lambda: rows.chunks(ids.__getitem__), tail))
    pkg.set_rels(part, rels)
    _print_names(pkg, source, name, index, title)
    return title


def _source_rels(zf: zipfile.ZipFile, part: str) -> list[Rel]:
    name = rels_name(part)
    if name not in zf.NameToInfo:
        return []
    out = []
    for m in re.finditer(rb"<Relationship\b([^>]*)/>", zf.read(name)):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m[1].decode("utf-8")))
        kind = attrs.get("Type", "")
        if attrs.get("TargetMode") == "External":
            continue
        rel = Rel(attrs["Id"], kind.rsplit("/", 1)[-1], attrs["Target"], full_type=kind)
        if rel.type not in _PART_TYPES:
            raise ValueError(f"a rendered sheet with a {rel.type} part cannot be moved")
        out.append(rel)
    return out


class _Restyled:
    """The moved sheet's style ids renumbered into the target's stylesheet."""

    def __init__(self, styles: StyleSheet, source: Source) -> None:
        self.styles, self.source = styles, source
        self.cache: dict[int, int] = {}

    def xf(self, index: int) -> int:
        if index not in self.cache:
            source = self.source.styles
            self.cache[index] = self.styles.merge_xf(
                source.lists["cellXfs"][index],
                source,
                lambda n: source.format_code(n) if n >= 164 else None,
            )
        return self.cache[index]

    def sheet(self, xml: bytes) -> bytes:
        source, xf = self.source, self.xf

        def inline(m: re.Match[bytes]) -> bytes:
            text = source.strings[int(m[3])]
            return b"<c" + m[1] + m[2] + b' t="inlineStr"><is>' + text + b"</is></c>"

        xml = _SHARED.sub(inline, xml)
        xml = _STYLE.sub(lambda m: m[1] + str(xf(int(m[2]))).encode() + m[3], xml)
        xml = _COL_STYLE.sub(lambda m: m[1] + str(xf(int(m[2]))).encode() + m[3], xml)
        return _DXF.sub(
            lambda m: m[1] + str(_dxf(self.styles, source, int(m[2]))).encode() + m[3], xml
        )


def _dxf(styles: StyleSheet, source: Source, index: int) -> int:
    entry = reprefix(source.styles.lists["dxfs"][index], source.styles.prefix, styles.prefix)
    return styles.add("dxfs", entry)


def _table(data: bytes, pkg: Package, styles: StyleSheet, source: Source) -> bytes:
    used = [0]
    for name in pkg.names():
        if name.startswith("xl/tables/") and name.endswith(".xml"):
            found = re.search(rb'<(?:\w+:)?table\b[^>]*?\sid="(\d+)"', pkg.read(name))
            used.append(int(found[1]) if found else 0)
    data = re.sub(
        rb'(<table\b[^>]*?\sid=")\d+"', lambda m: m[1] + b'%d"' % (max(used) + 1), data, count=1
    )
    return _DXF.sub(lambda m: m[1] + str(_dxf(styles, source, int(m[2]))).encode() + m[3], data)


def _drop_parts(pkg: Package, part: str) -> None:
    """The parts that belonged to the sheet being replaced (its tables, notes)."""
    for rel in pkg.rels(part):
        if rel.type in _PART_TYPES and not rel.external:
            pkg.remove(pkg.target(part, rel))


def _drop_calc_chain(pkg: Package) -> None:
    """Excel rebuilds the calculation chain; one naming cells of a replaced sheet would
    make it report the file as damaged."""
    rels = pkg.rels(WORKBOOK)
    chain = [r for r in rels if r.type == "calcChain"]
    for rel in chain:
        pkg.remove(pkg.target(WORKBOOK, rel))
        rels.remove(rel)
    if chain:
        pkg.set_rels(WORKBOOK, rels)


def _add_sheet(pkg: Package, name: str) -> str:
    part = pkg.free_name("xl/worksheets/sheet{}.xml")
    rels = pkg.rels(WORKBOOK)
    used = {r.id for r in rels}
    n = 1
    while f"rId{n}" in used:
        n += 1
    rels.append(Rel(f"rId{n}", "worksheet", relative(WORKBOOK, part)))
    pkg.set_rels(WORKBOOK, rels)
    pkg.set_content_type(part, SHEET_TYPE)
    book = pkg.read(WORKBOOK).decode("utf-8")
    ids = [int(i) for i in re.findall(r'<(?:\w+:)?sheet\b[^>]*?\ssheetId="(\d+)"', book)]
    prefix = re.search(r"<(\w+:)?sheets\b", book)
    p = (prefix[1] or "") if prefix else ""
    entry = f'<{p}sheet name={quoteattr(name)} sheetId="{max(ids, default=0) + 1}" r:id="rId{n}"/>'
    book = book.replace(f"</{p}sheets>", entry + f"</{p}sheets>", 1)
    pkg.write(WORKBOOK, book.encode("utf-8"))
    return part


def _print_names(pkg: Package, source: Source, name: str, index: int, title: str) -> None:
    """The built-in names (print titles…) of the moved sheet, in place of the old ones."""
    book = pkg.read(WORKBOOK).decode("utf-8")
    src_index = source.order.index(name)
    quoted = "'" + title.replace("'", "''") + "'"
    ours = []
    for attrs, formula in source.names:
        local = _LOCAL.search(attrs)
        if local and int(local[1]) == src_index and 'name="_xlnm.' in attrs:
            body = _SHEET_REF.sub(lambda _: quoted + "!", formula)
            local_attrs = _LOCAL.sub(f'localSheetId="{index}"', attrs)
            ours.append(f"<definedName{local_attrs}>{body}</definedName>")

    def stale(m: re.Match[str]) -> str:
        local = _LOCAL.search(m[1])
        builtin = 'name="_xlnm.Print_Titles"' in m[1] or 'name="_xlnm.Print_Area"' in m[1]
        return "" if local and int(local[1]) == index and builtin else m[0]

    new = _NAME.sub(stale, book)
    if ours:
        new = re.sub(r"<definedNames\s*/>", "<definedNames></definedNames>", new)
        if "</definedNames>" in new:
            new = new.replace("</definedNames>", "".join(ours) + "</definedNames>", 1)
        else:
            block = "<definedNames>" + "".join(ours) + "</definedNames>"
            anchor = "</externalReferences>" if "</externalReferences>" in new else "</sheets>"
            new = new.replace(anchor, anchor + block, 1)
    new = re.sub(r"<definedNames>\s*</definedNames>", "", new)
    if new != book:
        pkg.write(WORKBOOK, new.encode("utf-8"))
