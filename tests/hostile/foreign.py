"""Files that did not come from our templates: other programs' exports, damaged and
dangerous files. Each function turns the clean file at `path` into the hostile one and
returns the path to run (which may differ: a macro workbook is `.xlsm`)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

import python_calamine as pc

from addin.io.xlsx.safety import OLE_MAGIC
from tests.hostile.mutate import read_part, rewrite_parts, sheet_part
from tests.hostile.rawxlsx import RawSheet, write_xlsx

#: Ten entities, each ten of the one before: `&lol9;` would be a billion "lol"s.
BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
    + b"]>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
)
VBA_CONTENT_TYPE = "application/vnd.ms-office.vbaProject"
MACRO_BOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
FAKE_VBA = (
    OLE_MAGIC + b"\x00" * 504 + b'Attribute VB_Name = "Module1"\r\nSub AutoOpen()\r\n'
    b'Shell "calc.exe"\r\nEnd Sub\r\n'
)


def _xml_body(data: bytes) -> bytes:
    return data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data


def text_file(content: str):  # type: ignore[no-untyped-def]
    def make(path: Path) -> Path:
        path.write_text(content, encoding="utf-8")
        return path

    return make


def truncated(keep: float):  # type: ignore[no-untyped-def]
    def make(path: Path) -> Path:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)])
        return path

    return make


def encrypted(path: Path) -> Path:
    """A password-protected workbook: an OLE container, as Excel writes one. With
    msoffcrypto-tool installed it is really encrypted; otherwise the container's magic
    bytes and padding, which is all a reader sees before it asks for the password."""
    try:
        import msoffcrypto  # type: ignore[import-untyped]

        out = io.BytesIO()
        with path.open("rb") as fh:
            msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt("secret", out)
        path.write_bytes(out.getvalue())
    except Exception:
        path.write_bytes(OLE_MAGIC + b"\x00" * 4088)
    return path


def not_a_workbook_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    return path


def entity_in_sheet(sheet: str, prolog: bytes, entity: bytes):  # type: ignore[no-untyped-def]
    """The sheet's first text becomes `entity`, declared in `prolog`."""

    def make(path: Path) -> Path:
        part = sheet_part(path, sheet)
        body = _xml_body(read_part(path, part)).replace(b"<t>", b"<t>" + entity, 1)
        return rewrite_parts(path, path, {part: prolog + body})

    return make


def bomb_in_shared_strings(path: Path) -> Path:
    """A sharedStrings part (as Excel and LibreOffice write) that is a billion laughs."""
    rels = read_part(path, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    types = read_part(path, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    strings = BILLION_LAUGHS + (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )
    return rewrite_parts(
        path,
        path,
        {
            "xl/_rels/workbook.xml.rels": rels,
            "[Content_Types].xml": types,
            "xl/sharedStrings.xml": strings,
        },
    )


def zip_bomb(path: Path) -> Path:
    """A 200 MB part that compresses to a few hundred KB, streamed (never in memory)."""
    rewrite_parts(path, path, {})
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("xl/media/padding.xml", "w", force_zip64=True) as fh,
    ):
        block = b" " * (1 << 20)
        for _ in range(200):
            fh.write(block)
    return path


def many_parts(path: Path) -> Path:
    with zipfile.ZipFile(path, "a") as zf:
        for n in range(10_001):
            zf.writestr(f"xl/custom/p{n}.txt", b"")
    return path


def lying_size(path: Path) -> Path:
    """A sheet part whose zip headers declare it small (and whose checksum matches that
    small prefix) while it inflates to much more: only a reader that checks the real
    size notices."""
    part = sheet_part(path, "Regions")
    small = read_part(path, part)
    big = small.replace(b"</sheetData>", b"<!--" + b"x" * 2_000_000 + b"--></sheetData>")
    rewrite_parts(path, path, {part: big})
    data = bytearray(path.read_bytes())
    crc = zlib.crc32(big[: len(small)])
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(part)
    local = info.header_offset
    data[local + 14 : local + 18] = crc.to_bytes(4, "little")
    data[local + 22 : local + 26] = len(small).to_bytes(4, "little")
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_len] == part.encode():
            data[central + 16 : central + 20] = crc.to_bytes(4, "little")
            data[central + 24 : central + 28] = len(small).to_bytes(4, "little")
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def lzma_parts(path: Path) -> Path:
    """Every part compressed with LZMA: a valid zip that Excel never writes."""
    return rewrite_parts(path, path, {}, compress=zipfile.ZIP_LZMA)


def with_macros(path: Path) -> Path:
    """The same workbook saved as .xlsm with a VBA project that must never run."""
    target = path.with_suffix(".xlsm")
    types = (
        read_part(path, "[Content_Types].xml")
        .replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            MACRO_BOOK_TYPE.encode(),
        )
        .replace(
            b"</Types>",
            f'<Default Extension="bin" ContentType="{VBA_CONTENT_TYPE}"/></Types>'.encode(),
        )
    )
    rels = read_part(path, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships'
        b'/vbaProject" Target="vbaProject.bin"/></Relationships>',
    )
    rewrite_parts(
        path,
        target,
        {
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/vbaProject.bin": FAKE_VBA,
        },
    )
    path.unlink()
    return target


def google_export(path: Path) -> Path:
    """The workbook as a Google-Sheets-like download: a sheet per table with its header
    in row 1, no Excel Tables, inline strings, no <dimension>, only a date format."""
    book = pc.CalamineWorkbook.from_path(str(path), load_tables=True)
    sheets = []
    for name in book.table_names or []:
        if name == "Issues":
            continue
        table = book.get_table_by_name(name)
        rows: list[list[object]] = [list(table.columns or [])]
        rows += [
            [None if v == "" else v for v in row]
            for row in table.to_python()
            if any(v not in ("", None) for v in row)
        ]
        sheets.append(RawSheet(name, rows, dimension=False))
    book.close()
    return write_xlsx(path, sheets, {})


def libreoffice(path: Path) -> Path:
    """Open and save the workbook in LibreOffice Calc (headless)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        out = Path(tmp) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out),
                str(path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": tmp},
        )
        shutil.copyfile(out / path.name, path)
    return path
