"""Write .xlsx files by hand, the way other programs do: what Excel tolerates but never writes.

Used for exports that are not from Excel or openpyxl (a Google-Sheets-like download: no
Excel Tables, inline strings, no styles beyond a date format), for streaming very large
sheets without holding them in memory, and for sheets that leave out `<dimension>`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from addin.io.xlsx.parts import column_letter

EPOCH = dt.date(1899, 12, 30)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
    'formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1">'
    '<border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/>'
    '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
)


@dataclass(slots=True)
class RawSheet:
    name: str
    rows: Iterable[Sequence[object]]  # row 1 first; None is an empty cell
    table: str = ""  # an Excel Table over the rows when set (needs `width` and `height`)
    width: int = 0
    height: int = 0
    dimension: bool = True
    hidden_rows: set[int] = field(default_factory=set)


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="1"><v>{(value - EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def _sheet_xml(sheet: RawSheet, out: zipfile.ZipFile, part: str) -> None:
    with out.open(part, "w", force_zip64=True) as fh:
        fh.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}">'.encode()
        )
        if sheet.dimension and sheet.width and sheet.height:
            fh.write(
                f'<dimension ref="A1:{column_letter(sheet.width - 1)}{sheet.height}"/>'.encode()
            )
        fh.write(b"<sheetData>")
        buffer: list[str] = []
        for r, values in enumerate(sheet.rows, start=1):
            hidden = ' hidden="1"' if r in sheet.hidden_rows else ""
            cells = "".join(_cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(values))
            buffer.append(f'<row r="{r}"{hidden}>{cells}</row>')
            if len(buffer) >= 2000:
                fh.write("".join(buffer).encode())
                buffer.clear()
        fh.write("".join(buffer).encode())
        fh.write(b"</sheetData>")
        if sheet.table:
            fh.write(b'<tableParts count="1"><tablePart r:id="rIdT"/></tableParts>')
        fh.write(b"</worksheet>")


def _table_xml(sheet: RawSheet, n: int, header: Sequence[object]) -> str:
    ref = f"A1:{column_letter(sheet.width - 1)}{max(sheet.height, 2)}"
    cols = "".join(
        f'<tableColumn id="{i}" name="{escape(str(h))}"/>' for i, h in enumerate(header, 1)
    )
    return (
        f'<table xmlns="{MAIN}" id="{n}" name="{sheet.table}" displayName="{sheet.table}" '
        f'ref="{ref}"><autoFilter ref="{ref}"/><tableColumns count="{len(header)}">{cols}'
        "</tableColumns></table>"
    )


def write_xlsx(
    path: Path, sheets: Sequence[RawSheet], headers: dict[str, Sequence[object]]
) -> Path:
    """Write `sheets`; `headers[sheet.name]` names the columns of a sheet's table."""
    types = [
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>',
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>',
    ]
    book_sheets, book_rels = [], []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for n, sheet in enumerate(sheets, start=1):
            part = f"xl/worksheets/sheet{n}.xml"
            types.append(
                f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.worksheet+xml"/>'
            )
            book_sheets.append(f'<sheet name="{escape(sheet.name)}" sheetId="{n}" r:id="rId{n}"/>')
            book_rels.append(
                f'<Relationship Id="rId{n}" Type="{REL}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
            )
            _sheet_xml(sheet, out, part)
            if sheet.table:
                types.append(
                    f'<Override PartName="/xl/tables/table{n}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>'
                )
                out.writestr(f"xl/tables/table{n}.xml", _table_xml(sheet, n, headers[sheet.name]))
                out.writestr(
                    f"xl/worksheets/_rels/sheet{n}.xml.rels",
                    f'<Relationships xmlns="{PKG}"><Relationship Id="rIdT" Type="{REL}/table" '
                    f'Target="../tables/table{n}.xml"/></Relationships>',
                )
        book_rels.append(f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>')
        out.writestr("xl/styles.xml", _STYLES)
        out.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{"".join(book_sheets)}</sheets>'
            "</workbook>",
        )
        out.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG}">{"".join(book_rels)}</Relationships>',
        )
        out.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        out.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(types)
            + "</Types>",
        )
    return path
