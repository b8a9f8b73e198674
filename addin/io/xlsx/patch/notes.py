"""Our notes on flagged cells, in a sheet's comments part and its legacy VML drawing.

A note of ours is written in the name of `AUTHOR`. A user's own note on a flagged cell is
kept as they wrote it (its runs, fonts and author), ours added below `NOTE_SEPARATOR` as
one more run; a clean run takes that run away again, and our own notes with their shapes.
The parts are created when the sheet has none, and removed when nothing is left in them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, unescape

from addin.io.xlsx.parts import NS_MAIN, column_index
from addin.io.xlsx.patch.package import CT, Package, Rel, relative

AUTHOR = "SalesDesk"
#: Between a user's own note and ours below it on the same cell: what a clean run removes.
NOTE_SEPARATOR = "\n—— SalesDesk ——\n"
COMMENTS_TYPE = CT + "spreadsheetml.comments+xml"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_RUN_PR = '<rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
_COMMENT = re.compile(r"<comment\b([^>]*)>(.*?)</comment>", re.S)
_REF = re.compile(r'\bref="([A-Z]{1,3})(\d+)"')
_AUTHOR_ID = re.compile(r'\bauthorId="(\d+)"')
#: VML prefixes differ by writer (Excel's v:, o:, x:; openpyxl's ns0…): matched by any.
_SHAPE = re.compile(r"<(\w+):shape\b(?:(?!<\1:shape\b).)*?</\1:shape>", re.S)
_ROW = re.compile(r"<\w+:Row>\s*(\d+)\s*</\w+:Row>")
_COLUMN = re.compile(r"<\w+:Column>\s*(\d+)\s*</\w+:Column>")
_SHAPE_ID = re.compile(r'\bid="_x0000_s(\d+)"')
_IDMAP = re.compile(r'<\w+:idmap\b[^>]*\bdata="([\d,]+)"')
_VML_NS = {
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "x": "urn:schemas-microsoft-com:office:excel",
}
_AFTER_LEGACY = (
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
)  # fmt: skip
_SHAPETYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


@dataclass(slots=True)
class _Note:
    ref: str
    attrs: str  # the comment's start-tag attributes, kept as they were
    text: str  # the inner XML of its <text>
    ours: bool


def users_text(inner: str) -> str:
    """A note's text XML without our part (the user's runs as they wrote them)."""
    sep = escape(NOTE_SEPARATOR)
    at = inner.find(sep)
    if at < 0:
        return inner
    run = inner.rfind("<r>", 0, at)
    if run >= 0 and re.fullmatch(r"<r>(?:<rPr>.*?</rPr>)?<t\b[^>]*>", inner[run:at], re.S):
        end = inner.find("</r>", at)
        return inner[:run] + (inner[end + 4 :] if end >= 0 else "")
    # our text inside the user's own text element (a note written in one piece)
    in_run = inner.rfind("<r>", 0, at) > inner.rfind("</r>", 0, at)
    return inner[:at] + "</t>" + ("</r>" if in_run else "")


def _our_run(text: str) -> str:
    return f'<r>{_RUN_PR}<t xml:space="preserve">{escape(text)}</t></r>'


def _with_ours(inner: str, ours: str) -> str:
    """The user's note with ours as a last run (before phonetic runs, as the schema orders)."""
    spot = re.search(r"<rPh\b|<phoneticPr\b", inner)
    cut = spot.start() if spot else len(inner)
    return inner[:cut] + _our_run(NOTE_SEPARATOR + ours) + inner[cut:]


def renote(pkg: Package, sheet_part: str, sheet_xml: bytes, notes: Mapping[str, str]) -> bytes:
    """Put `notes` (cell → our text) on the sheet and take every other note of ours off;
    returns the sheet XML (its `<legacyDrawing>` added or dropped with the parts)."""
    rels = pkg.rels(sheet_part)
    comments_rel = next((r for r in rels if r.type == "comments"), None)
    vml_rel = next((r for r in rels if r.type == "vmlDrawing"), None)
    if comments_rel is None and not notes:
        return sheet_xml
    comments_part = (
        pkg.target(sheet_part, comments_rel) if comments_rel else pkg.free_name("xl/comments{}.xml")
    )
    old = pkg.read(comments_part).decode("utf-8") if comments_rel else ""
    head, authors, found, tail = _parse(old)
    if not notes and not any(n.ours or users_text(n.text) != n.text for n in found):
        return sheet_xml  # nothing of ours to take off: the parts stay byte for byte
    kept: list[_Note] = []
    dropped: set[str] = set()
    for note in found:
        if note.ours:
            dropped.add(note.ref)
        else:
            note.text = users_text(note.text)
            kept.append(note)
    by_ref = {n.ref: n for n in kept}
    if notes and AUTHOR not in authors:
        authors.append(AUTHOR)
    for ref, text in notes.items():
        if ref in by_ref:
            by_ref[ref].text = _with_ours(by_ref[ref].text, text)
        else:
            kept.append(_Note(ref, f' ref="{ref}" authorId="{authors.index(AUTHOR)}"', "", True))
            kept[-1].text = _our_run(text)
    new_shapes = [n.ref for n in kept if n.ours and n.ref not in dropped]
    gone = dropped - {n.ref for n in kept}
    if AUTHOR in authors and authors[-1] == AUTHOR and not any(n.ours for n in kept):
        authors.pop()  # the author list as it was before our first note
    if kept:
        pkg.write(comments_part, _comments_xml(head, authors, kept, tail))
        if comments_rel is None:
            rels.append(Rel(_free_id(rels), "comments", relative(sheet_part, comments_part)))
            pkg.set_content_type(comments_part, COMMENTS_TYPE)
    elif comments_rel is not None:
        pkg.remove(comments_part)
        rels.remove(comments_rel)
    sheet_xml = _redraw(pkg, sheet_part, sheet_xml, rels, vml_rel, new_shapes, gone, notes)
    pkg.set_rels(sheet_part, rels)
    return sheet_xml


def _parse(xml: str) -> tuple[str, list[str], list[_Note], str]:
    if not xml:
        return f'<comments xmlns="{NS_MAIN}">', [], [], ""
    head = re.search(r"<comments\b[^>]*>", xml)
    authors = [unescape(a) for a in re.findall(r"<author>(.*?)</author>", xml, re.S)]
    authors += [""] * xml.count("<author/>")
    tail_at = xml.find("</commentList>")
    tail = xml[tail_at + len("</commentList>") : xml.rfind("</comments>")] if tail_at >= 0 else ""
    notes = []
    for m in _COMMENT.finditer(xml):
        ref, author = _REF.search(m[1]), _AUTHOR_ID.search(m[1])
        text = re.search(r"<text>(.*)</text>", m[2], re.S)
        if ref is None or text is None:
            continue
        who = authors[int(author[1])] if author and int(author[1]) < len(authors) else ""
        notes.append(_Note(ref[1] + ref[2], m[1], text[1], who == AUTHOR))
    return (head[0] if head else f'<comments xmlns="{NS_MAIN}">'), authors, notes, tail


def _comments_xml(head: str, authors: list[str], notes: list[_Note], tail: str) -> bytes:
    who = "".join(f"<author>{escape(a)}</author>" for a in authors)
    body = "".join(f"<comment{n.attrs}><text>{n.text}</text></comment>" for n in notes)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{head}<authors>{who}</authors><commentList>{body}</commentList>{tail}</comments>"
    ).encode()


def _free_id(rels: list[Rel]) -> str:
    used = {r.id for r in rels}
    n = 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def _cell(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref)
    assert m is not None
    return int(m[2]) - 1, column_index(m[1])


def _redraw(
    pkg: Package,
    sheet_part: str,
    sheet_xml: bytes,
    rels: list[Rel],
    vml_rel: Rel | None,
    new: list[str],
    gone: set[str],
    notes: Mapping[str, str],
) -> bytes:
    """The VML shapes that show the notes: ours added, those of removed notes dropped."""
    if not new and not gone:
        return sheet_xml
    part = (
        pkg.target(sheet_part, vml_rel)
        if vml_rel
        else pkg.free_name("xl/drawings/vmlDrawing{}.vml")
    )
    vml = pkg.read(part).decode("utf-8", "replace") if vml_rel else _empty_vml(pkg)
    cells = {_cell(ref) for ref in gone}

    def keep(m: re.Match[str]) -> str:
        shape = m[0]
        row, col = _ROW.search(shape), _COLUMN.search(shape)
        if 'ObjectType="Note"' in shape and row and col and (int(row[1]), int(col[1])) in cells:
            return ""
        return shape

    vml = _SHAPE.sub(keep, vml)
    if new:
        vml = _declare_prefixes(vml)
        if 'id="_x0000_t202"' not in vml:
            spot = re.search(r"</\w+:shapelayout>|<xml\b[^>]*>", vml)
            at = spot.end() if spot else 0
            vml = vml[:at] + _SHAPETYPE + vml[at:]
        ids = [int(i) for i in _SHAPE_ID.findall(vml)]
        idmap = _IDMAP.search(vml)
        first = max(ids, default=int((idmap[1] if idmap else "1").split(",")[0]) * 1024) + 1
        shapes = "".join(
            _shape(first + n, *_cell(ref), notes[ref].count("\n") + 1) for n, ref in enumerate(new)
        )
        vml = vml.replace("</xml>", shapes + "</xml>")
    if _SHAPE.search(vml):
        pkg.write(part, vml.encode("utf-8"))
        if vml_rel is None:
            rid = _free_id(rels)
            rels.append(Rel(rid, "vmlDrawing", relative(sheet_part, part)))
            pkg.ensure_default("vml", VML_TYPE)
            sheet_xml = _add_legacy(sheet_xml, rid)
        return sheet_xml
    if vml_rel is not None:
        pkg.remove(part)
        rels.remove(vml_rel)
        sheet_xml = re.sub(
            rb"<(?:\w+:)?legacyDrawing\b[^>]*\bid=\"" + vml_rel.id.encode() + rb"\"[^>]*/>",
            b"",
            sheet_xml,
        )
    return sheet_xml


def _declare_prefixes(vml: str) -> str:
    """The root declares the v:, o: and x: prefixes our shapes are written with (a
    second prefix for a namespace the file already binds to another one is legal XML)."""
    root = re.search(r"<xml\b[^>]*>", vml)
    if root is None:
        return vml
    tag = root[0]
    for prefix, uri in _VML_NS.items():
        if f"xmlns:{prefix}=" not in tag:
            tag = tag[:-1] + f' xmlns:{prefix}="{uri}">'
    return vml[: root.start()] + tag + vml[root.end() :]


def _empty_vml(pkg: Package) -> str:
    used = set()
    for name in pkg.names():
        if name.endswith(".vml"):
            for m in _IDMAP.finditer(pkg.read(name).decode("utf-8", "replace")):
                used |= {int(x) for x in m[1].split(",") if x}
    block = next(n for n in range(1, 1 << 16) if n not in used)
    return (
        "<xml " + " ".join(f'xmlns:{p}="{uri}"' for p, uri in _VML_NS.items()) + ">"
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{block}"/></o:shapelayout>'
        f"{_SHAPETYPE}</xml>"
    )


def _shape(ident: int, row: int, col: int, lines: int) -> str:
    height = 2 + min(lines, 12)  # rows the box reaches down
    return (
        f'<v:shape id="_x0000_s{ident}" type="#_x0000_t202" style="position:absolute;'
        f"margin-left:60pt;margin-top:1.5pt;width:240pt;height:{40 + 14 * min(lines, 12)}pt;"
        f'z-index:{ident % 1024};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
        '<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
        f"<x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{col + 1}, 15, {row}, 2, {col + 5}, 15, "
        f"{row + height}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row>"
        f"<x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )


def _add_legacy(sheet_xml: bytes, rid: str) -> bytes:
    """`<legacyDrawing>` where the worksheet schema puts it (after the cells)."""
    element = b'<legacyDrawing r:id="' + rid.encode() + b'"/>'
    root = re.search(rb"<(\w+:)?worksheet\b[^>]*>", sheet_xml)
    prefix = (root[1] or b"") if root else b""
    if prefix:
        element = b"<" + prefix + element[1:]
    if root and b"xmlns:r=" not in root[0]:
        tag = (
            root[0][:-1]
            + b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        )
        sheet_xml = sheet_xml[: root.start()] + tag + sheet_xml[root.end() :]
    cells_end = max(sheet_xml.rfind(b"sheetData>"), sheet_xml.rfind(b"sheetData/>"))
    best = -1
    for name in _AFTER_LEGACY:
        at = sheet_xml.find(b"<" + prefix + name.encode(), cells_end)
        if at >= 0 and (best < 0 or at < best):
            best = at
    if best < 0:
        best = sheet_xml.rfind(b"</" + prefix + b"worksheet>")
    return sheet_xml[:best] + element + sheet_xml[best:]
