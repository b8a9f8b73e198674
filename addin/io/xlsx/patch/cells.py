"""The cell formats of one sheet part changed in place: our marks' fills put on the cells
with issues, and taken off (the cell's own format back) everywhere else.

The part is edited as bytes: one regex pass finds the cells wearing a mark, one pass over
the row tags finds the rows with targets, and only those rows' cells are looked at. Every
other byte of the sheet stays as the user's program wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from addin.io.xlsx.parts import column_index, column_letter
from addin.io.xlsx.patch.styles import StyleSheet

Target = tuple[int, int]  # (1-based row, 0-based column)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ROW_R = re.compile(rb'\br="(\d+)"')
_S = re.compile(rb'\ss="(\d+)"')
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_NUM = {k: re.compile(rb"\b" + k + rb'="(\d+)"') for k in (b"min", b"max", b"style")}


def prefix_of(data: bytes) -> bytes:
    root = re.search(rb"<(\w+:)?worksheet\b", data[:4096])
    return (root[1] or b"") if root else b""


def _tag(attrs: bytes, closing: bytes, style: int, name: bytes) -> bytes:
    attrs = _S.sub(b"", attrs)
    if style:
        attrs += b' s="%d"' % style
    return b"<" + name + attrs + closing + b">"


def restyle(
    data: bytes, targets: Mapping[Target, str], styles: StyleSheet, marks: Mapping[int, int]
) -> bytes | None:
    """The sheet with `targets` (cell → "error"/"warning") wearing our fill and every
    other mark taken off; None when nothing changes."""
    prefix = prefix_of(data)
    cell_name = prefix + b"c"
    edits: list[tuple[int, int, int, bytes]] = []  # (start, order, end, new bytes)
    if marks:
        alternatives = b"|".join(b"%d" % s for s in sorted(marks))
        worn = re.compile(
            rb"<" + re.escape(cell_name) + rb'\b([^>]*?\ss="(?:' + alternatives + rb')"[^>]*?)(/?)>'
        )
        for m in worn.finditer(data):
            ref = _REF.search(m[1])
            if ref and (int(ref[2]), column_index(ref[1].decode())) in targets:
                continue  # re-marked below, from the same origin
            origin = marks[int(_S.search(m[1])[1])]  # type: ignore[index]
            if origin == 0 and m[2] and ref and _only_ref(m[1]):
                edits.append((m.start(), 1, m.end(), b""))  # a cell we created: gone again
            else:
                edits.append((m.start(), 1, m.end(), _tag(m[1], m[2], origin, cell_name)))
    if targets:
        edits += _mark_rows(data, prefix, targets, styles, marks)
    if not edits:
        return None
    edits.sort(key=lambda e: (e[0], e[1]))  # stable: inserts at one spot keep their order
    out, pos = [], 0
    for start, _, end, new in edits:
        out.append(data[pos:start])
        out.append(new)
        pos = end
    out.append(data[pos:])
    result = b"".join(out)
    row = re.escape(prefix + b"row")
    return re.sub(rb"<" + row + rb' r="\d+"></' + row + rb">", b"", result)


def _only_ref(attrs: bytes) -> bool:
    return not _S.sub(b"", _REF.sub(b"", attrs)).strip(b" /")


def _mark_rows(
    data: bytes,
    prefix: bytes,
    targets: Mapping[Target, str],
    styles: StyleSheet,
    marks: Mapping[int, int],
) -> list[tuple[int, int, int, bytes]]:
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), severity in targets.items():
        by_row.setdefault(r, {})[c] = severity
    col_styles = _column_styles(data, prefix)
    edits: list[tuple[int, int, int, bytes]] = []
    row_tag = re.compile(rb"<" + re.escape(prefix + b"row") + rb"\b([^>]*?)(/?)>")
    end_row = b"</" + prefix + b"row>"
    data_start = data.find(b"sheetData")
    close_data = data.find(b"</" + prefix + b"sheetData>")
    pending = sorted(by_row)
    number = 0
    for m in row_tag.finditer(data, data_start):
        if close_data >= 0 and m.start() > close_data:
            break
        found = _ROW_R.search(m[1])
        number = int(found[1]) if found else number + 1
        while pending and pending[0] < number:  # rows that do not exist yet, in order
            r = pending.pop(0)
            edits.append(
                (m.start(), 0, m.start(), _new_row(prefix, r, by_row[r], styles, col_styles))
            )
        if not pending or pending[0] != number:
            continue
        pending.pop(0)
        row_style = _row_style(m[1])
        if m[2]:  # <row …/>: no cells yet
            cells = b"".join(
                _new_cell(prefix, number, c, styles.mark(_base(c, row_style, col_styles), sev))
                for c, sev in sorted(by_row[number].items())
            )
            opened = b"<" + prefix + b"row" + m[1] + b">"
            edits.append((m.start(), 1, m.end(), opened + cells + end_row))
            continue
        close = data.find(end_row, m.end())
        edits += _mark_cells(
            data,
            prefix,
            m.end(),
            close,
            number,
            by_row[number],
            styles,
            marks,
            row_style,
            col_styles,
        )
    if pending:
        if close_data < 0:  # <sheetData/>: open it
            empty = re.search(rb"<" + re.escape(prefix) + rb"sheetData\s*/>", data)
            if empty is None:
                raise ValueError("the sheet has no sheetData")
            rows = b"".join(_new_row(prefix, r, by_row[r], styles, col_styles) for r in pending)
            name = prefix + b"sheetData"
            edits.append(
                (empty.start(), 1, empty.end(), b"<" + name + b">" + rows + b"</" + name + b">")
            )
        else:
            for r in pending:
                edits.append(
                    (close_data, 0, close_data, _new_row(prefix, r, by_row[r], styles, col_styles))
                )
    return edits


def _mark_cells(
    data: bytes,
    prefix: bytes,
    start: int,
    stop: int,
    row: int,
    wanted: dict[int, str],
    styles: StyleSheet,
    marks: Mapping[int, int],
    row_style: int | None,
    col_styles: dict[int, int],
) -> list[tuple[int, int, int, bytes]]:
    edits = []
    cell_tag = re.compile(rb"<" + re.escape(prefix + b"c") + rb"\b([^>]*?)(/?)>")
    todo = sorted(wanted.items())
    col = -1
    for m in cell_tag.finditer(data, start, stop):
        ref = _REF.search(m[1])
        col = column_index(ref[1].decode()) if ref else col + 1
        while todo and todo[0][0] < col:
            c, sev = todo.pop(0)
            new = styles.mark(_base(c, row_style, col_styles), sev)
            edits.append((m.start(), 0, m.start(), _new_cell(prefix, row, c, new)))
        if todo and todo[0][0] == col:
            _, sev = todo.pop(0)
            s = _S.search(m[1])
            current = int(s[1]) if s else 0
            new = styles.mark(marks.get(current, current), sev)
            edits.append((m.start(), 1, m.end(), _tag(m[1], m[2], new, prefix + b"c")))
    for c, sev in todo:
        new = styles.mark(_base(c, row_style, col_styles), sev)
        edits.append((stop, 0, stop, _new_cell(prefix, row, c, new)))
    return edits


def _new_cell(prefix: bytes, row: int, col: int, style: int) -> bytes:
    return b'<%sc r="%s%d" s="%d"/>' % (prefix, column_letter(col).encode(), row, style)


def _new_row(
    prefix: bytes, row: int, wanted: dict[int, str], styles: StyleSheet, col_styles: dict[int, int]
) -> bytes:
    cells = b"".join(
        _new_cell(prefix, row, c, styles.mark(_base(c, None, col_styles), sev))
        for c, sev in sorted(wanted.items())
    )
    return b'<%srow r="%d">%s</%srow>' % (prefix, row, cells, prefix)


def _row_style(attrs: bytes) -> int | None:
    """The format a new cell of this row takes when the row has one of its own."""
    if b'customFormat="1"' not in attrs and b'customFormat="true"' not in attrs:
        return None
    s = _S.search(attrs)
    return int(s[1]) if s else 0


def _base(col: int, row_style: int | None, col_styles: dict[int, int]) -> int:
    """The format a cell created in this row and column shows before our fill."""
    return row_style if row_style is not None else col_styles.get(col, 0)


def _column_styles(data: bytes, prefix: bytes) -> dict[int, int]:
    """0-based column → the format its empty cells show (`<col style=…>`)."""
    head_end = data.find(b"sheetData")
    out: dict[int, int] = {}
    for m in _COL.finditer(data, 0, head_end if head_end >= 0 else len(data)):
        found = {k: _NUM[k].search(m[1]) for k in _NUM}
        if not all(found.values()):
            continue
        lo, hi, style = (int(found[k][1]) for k in (b"min", b"max", b"style"))  # type: ignore[index]
        for c in range(lo - 1, min(hi, 16384)):
            out[c] = style
    return out
