"""`xl/styles.xml` edited as text: new entries are appended to their lists, nothing else
of the user's stylesheet changes.

Two uses: the marks (a cell format identical to the cell's own but for a fill of ours,
recognised again by that fill's colour), and merging another workbook's formats when one
of its sheets is transplanted (each format found in the target or appended, the sheet's
`s=` indexes remapped).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Fills that mark cells with issues; unusual shades so we never take a user's fill for ours.
MARK_COLORS = {"error": "FFFFC9C9", "warning": "FFFFEBB5"}
_LISTS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")
_ITEM = {
    "numFmts": "numFmt",
    "fonts": "font",
    "fills": "fill",
    "borders": "border",
    "cellStyleXfs": "xf",
    "cellXfs": "xf",
    "cellStyles": "cellStyle",
    "dxfs": "dxf",
}
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_MARK_FILL = re.compile(
    r'patternType="solid".*?fgColor\b[^>]*rgb="(' + "|".join(MARK_COLORS.values()) + ')"',
    re.S | re.I,
)
_EMPTY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def items(text: str, prefix: str, name: str) -> list[str]:
    """The raw XML of each entry of list `name` ("cellXfs") in stylesheet `text`."""
    block = re.search(rf"<{prefix}{name}\b[^>]*?(?:/>|>(.*?)</{prefix}{name}>)", text, re.S)
    if block is None or block[1] is None:
        return []
    tag = prefix + _ITEM[name]
    return re.findall(rf"<{tag}\b[^>]*?(?:/>|>.*?</{tag}>)", block[1], re.S)


def attrs(xml: str) -> dict[str, str]:
    head = xml[: xml.index(">")]
    return dict(_ATTR.findall(head))


def with_attrs(xml: str, changes: dict[str, str | None]) -> str:
    """`xml` with its start tag's attributes changed (None removes one)."""
    end = xml.index(">")
    closing = "/" if xml[end - 1] == "/" else ""
    head = xml[: end - len(closing)]
    for key, value in changes.items():
        head = re.sub(rf'\s{re.escape(key)}="[^"]*"', "", head)
        if value is not None:
            head += f' {key}="{value}"'
    return head + closing + xml[end:]


def _body(xml: str) -> str:
    end = xml.index(">")
    return "" if xml[end - 1] == "/" else xml[end + 1 :]


class StyleSheet:
    """The stylesheet of a package, with the lists it may append to."""

    def __init__(self, text: str | None) -> None:
        self.text = text or _EMPTY
        root = re.search(r"<(\w+:)?styleSheet\b", self.text)
        self.prefix = (root[1] or "") if root else ""
        self.lists = {name: items(self.text, self.prefix, name) for name in _LISTS}
        self._added = {name: 0 for name in _LISTS}
        self._marks: dict[tuple[int, str], int] = {}
        self.mark_fills = {
            n for n, fill in enumerate(self.lists["fills"]) if _MARK_FILL.search(fill)
        }

    @property
    def changed(self) -> bool:
        return any(self._added.values())

    def add(self, name: str, xml: str) -> int:
        """The index of an identical entry of list `name`, appended when there is none."""
        found = self.lists[name]
        try:
            return found.index(xml)
        except ValueError:
            found.append(xml)
            self._added[name] += 1
            return len(found) - 1

    # ------------------------------------------------------------------ marks
    def mark_xfs(self) -> dict[int, int]:
        """Cell format carrying one of our fills → the format the cell had before."""
        xfs = self.lists["cellXfs"]
        out = {}
        for n, xf in enumerate(xfs):
            if int(attrs(xf).get("fillId", 0)) in self.mark_fills:
                out[n] = self._origin(n)
        return out

    def _origin(self, mark: int) -> int:
        """The format identical to `mark` but for its fill: a plain one (no fill) first,
        since a cell's own solid fill under a mark cannot be told apart from another."""
        key = _fill_free(self.lists["cellXfs"][mark])
        fills = self.lists["fills"]
        candidates = [
            n
            for n, xf in enumerate(self.lists["cellXfs"])
            if n != mark
            and int(attrs(xf).get("fillId", 0)) not in self.mark_fills
            and _fill_free(xf) == key
        ]
        plain = [
            n
            for n in candidates
            if 'patternType="none"' in fills[int(attrs(self.lists["cellXfs"][n]).get("fillId", 0))]
        ]
        return (plain or candidates or [0])[0]

    def mark(self, origin: int, severity: str) -> int:
        """The format `origin` with our fill of `severity`."""
        key = (origin, severity)
        if key not in self._marks:
            p = self.prefix
            fill = (
                f'<{p}fill><{p}patternFill patternType="solid">'
                f'<{p}fgColor rgb="{MARK_COLORS[severity]}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>'
            )
            fill_id = self.add("fills", fill)
            self.mark_fills.add(fill_id)
            xfs = self.lists["cellXfs"]
            base = xfs[origin] if origin < len(xfs) else xfs[0]
            self._marks[key] = self.add(
                "cellXfs", with_attrs(base, {"fillId": str(fill_id), "applyFill": "1"})
            )
        return self._marks[key]

    # ------------------------------------------------------------------ merging
    def merge_xf(self, xf: str, source: StyleSheet, fmt_code: Callable[[int], str | None]) -> int:
        """The index here of cell format `xf` of `source`, with its font, fill, border and
        number format found or added here."""
        a = attrs(xf)
        changes: dict[str, str | None] = {"xfId": "0"}
        for key, name in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            index = int(a.get(key, 0))
            if index < len(source.lists[name]):
                entry = reprefix(source.lists[name][index], source.prefix, self.prefix)
                changes[key] = str(self.add(name, entry))
        number = int(a.get("numFmtId", 0))
        code = fmt_code(number)
        if code is not None:
            changes["numFmtId"] = str(self.number_format(code))
        return self.add("cellXfs", reprefix(with_attrs(xf, changes), source.prefix, self.prefix))

    def number_format(self, code: str) -> int:
        for fmt in self.lists["numFmts"]:
            a = attrs(fmt)
            if a.get("formatCode") == code:
                return int(a["numFmtId"])
        used = [int(attrs(f).get("numFmtId", 0)) for f in self.lists["numFmts"]]
        ident = max([163, *used]) + 1
        self.add("numFmts", f'<{self.prefix}numFmt numFmtId="{ident}" formatCode="{code}"/>')
        return ident

    def format_code(self, ident: int) -> str | None:
        """The code of a custom number format (None for built-in ones)."""
        for fmt in self.lists["numFmts"]:
            a = attrs(fmt)
            if int(a.get("numFmtId", -1)) == ident:
                return a.get("formatCode")
        return None

    # ------------------------------------------------------------------ writing
    def xml(self) -> bytes:
        text = self.text
        for name in _LISTS:
            if self._added[name]:
                text = self._replace_list(text, name)
        return text.encode("utf-8")

    def _replace_list(self, text: str, name: str) -> str:
        tag = self.prefix + name
        entries = self.lists[name]
        block = f'<{tag} count="{len(entries)}">' + "".join(entries) + f"</{tag}>"
        pattern = re.compile(rf"<{tag}\b[^>]*?(?:/>|>.*?</{tag}>)", re.S)
        if pattern.search(text):
            return pattern.sub(lambda _: block, text, count=1)
        # A list the stylesheet lacks goes where the schema orders it.
        for later in (*_LISTS[_LISTS.index(name) + 1 :], "tableStyles", "colors", "extLst"):
            spot = re.search(rf"<{self.prefix}{later}\b", text)
            if spot:
                return text[: spot.start()] + block + text[spot.start() :]
        return text.replace(f"</{self.prefix}styleSheet>", block + f"</{self.prefix}styleSheet>")


def _fill_free(xf: str) -> tuple[tuple[tuple[str, str], ...], str]:
    a = {k: v for k, v in attrs(xf).items() if k not in ("fillId", "applyFill")}
    return tuple(sorted(a.items())), _body(xf)


def reprefix(xml: str, old: str, new: str) -> str:
    if old == new:
        return xml
    if old:
        xml = xml.replace(f"<{old}", "<").replace(f"</{old}", "</")
    if new:
        xml = re.sub(r"<(/?)(\w+)", rf"<\1{new}\2", xml)
    return xml
