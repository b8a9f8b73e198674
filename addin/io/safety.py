"""Refuse files that are not safe or not workbooks, before any parser sees them.

A workbook is a zip of XML. We check the zip's own directory (cheap, nothing inflated)
for bombs — too many entries, too much uncompressed data, an absurd compression ratio —
and recognise the usual wrong files by their first bytes: an encrypted workbook (an OLE
container), an old .xls, a CSV or HTML renamed to .xlsx, a truncated download. XML inside
is parsed by defusedxml (openpyxl uses it when installed; our own XML reads call it
directly), which refuses entity expansion bombs and external entities; and since no real
workbook part declares a DTD, any part that does is refused before a parser sees it.
Finally each sheet's extent is measured by a streaming scan of its row tags, so a sheet
too big to hold (Settings.max_rows, or a lone cell far out that would make a reader fill
a vast grid) is refused before it is parsed into memory.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from addin.io.xlsx_parts import SheetSurvey, sheet_extent, sheet_paths, xml_prolog_is_safe

if TYPE_CHECKING:
    from addin.core.settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # XML compresses ~10-30x; bombs go 1000x+
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)
_XML_PART = (".xml", ".rels", ".vml")


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_mb: float = 50.0
    max_uncompressed_mb: float = 1500.0
    max_rows: int = 1_100_000
    #: Cells a sheet may span (rows x columns from A1): readers hold the whole grid. Any
    #: sheet within max_rows and 26 columns fits; wide and tall together does not.
    max_cells: int = 30_000_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(max_file_mb=settings.max_file_mb, max_rows=settings.max_rows)


class RefusedFile(Exception):
    """A file we will not open; the message is one plain sentence for the user."""


#: Sheet part → what the streaming pass saw of it (see `SheetSurvey`).
Survey = dict[str, SheetSurvey]


def check_workbook_file(path: Path, limits: Limits | None = None) -> Survey:
    """Raise `RefusedFile` with a plain reason if `path` must not be parsed; else return
    what the streaming pass over each sheet saw on its way (see `Survey`)."""
    limits = limits or Limits()
    if not path.exists():
        raise RefusedFile(f"{path}: no such file")
    if path.is_dir():
        raise RefusedFile(f"{path}: is a folder, not a workbook")
    size = path.stat().st_size
    if size > limits.max_file_mb * 1024 * 1024:
        raise RefusedFile(
            f"{path.name}: the file is {size / 1024 / 1024:.0f} MB, above the limit of "
            f"{limits.max_file_mb:g} MB (setting max_file_mb)"
        )
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise RefusedFile(f"{path.name}: the file is empty")
    if head.startswith(OLE_MAGIC):
        raise RefusedFile(
            f"{path.name}: the workbook is password-protected or in the old .xls format; "
            "remove the password / save it as .xlsx and send it again"
        )
    if not head.startswith(ZIP_MAGIC):
        raise RefusedFile(
            f"{path.name}: this is not an Excel workbook (.xlsx) — perhaps a CSV or web page "
            "renamed; open it in Excel and save as .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise RefusedFile(
            f"{path.name}: the workbook is damaged or incomplete ({exc}); send it again"
        ) from None
    if "xl/workbook.xml" not in names:
        raise RefusedFile(f"{path.name}: this zip file is not an Excel workbook")
    if len(infos) > MAX_ENTRIES:
        raise RefusedFile(f"{path.name}: the workbook has {len(infos)} parts; refused as unsafe")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_mb * 1024 * 1024:
        raise RefusedFile(
            f"{path.name}: the workbook unpacks to {total / 1024 / 1024:.0f} MB; refused as unsafe"
        )
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise RefusedFile(
                f"{path.name}: part {info.filename} is compressed {ratio} times over "
                "(a zip bomb); refused as unsafe"
            )
    return _check_parts(path, infos, limits)


def _check_parts(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> Survey:
    """Stream the parts a parser would read: no DTDs, no sheet past the limits."""
    survey: Survey = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for info in infos:
                if info.filename.lower().endswith(_XML_PART) and not xml_prolog_is_safe(
                    zf, info.filename
                ):
                    raise RefusedFile(
                        f"{path.name}: part {info.filename} declares XML entities (an XML bomb "
                        "or a link to other files); refused as unsafe"
                    )
            sheets = {part: name for name, part in _sheet_parts(path).items()}
            sheets.update(
                {
                    i.filename: i.filename
                    for i in infos
                    if _WORKSHEET.match(i.filename) and i.filename not in sheets
                }
            )
            for part, name in sheets.items():
                if part not in zf.NameToInfo:
                    continue
                survey[part] = SheetSurvey()
                rows, columns = sheet_extent(zf, part, limits.max_rows, survey[part])
                if rows > limits.max_rows:
                    raise RefusedFile(
                        f"{path.name}: sheet {name} has more than {limits.max_rows:,} rows, the "
                        "limit (setting max_rows); it was not read"
                    )
                if rows * columns > limits.max_cells:
                    raise RefusedFile(
                        f"{path.name}: sheet {name} spans {rows:,} rows x {columns:,} columns, "
                        f"more than {limits.max_cells:,} cells; delete what is typed far from "
                        "the tables and send it again"
                    )
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,  # zipfile: an encrypted member
        NotImplementedError,  # zipfile: a compression method it cannot read (not a stub)
    ) as exc:
        raise RefusedFile(
            f"{path.name}: the workbook is damaged or incomplete ({exc}); send it again"
        ) from None
    return survey


def _sheet_parts(path: Path) -> dict[str, str]:
    try:
        return sheet_paths(path)
    except Exception:  # a damaged workbook.xml: the name pattern still finds the sheets
        return {}
