"""Refuse files that are not safe or not workbooks, before any parser sees them.

A workbook is a zip of XML. We check the zip's own directory (cheap, nothing inflated)
for bombs — too many entries, too much uncompressed data, an absurd compression ratio —
and recognise the usual wrong files by their first bytes: an encrypted workbook (an OLE
container), an old .xls, a CSV or HTML renamed to .xlsx, a truncated download. XML inside
is parsed by defusedxml (openpyxl uses it when installed; our own XML reads call it
directly), which refuses entity expansion bombs and external entities.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # XML compresses ~10-30x; bombs go 1000x+


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_mb: float = 50.0
    max_uncompressed_mb: float = 1500.0


class RefusedFile(Exception):
    """A file we will not open; the message is one plain sentence for the user."""


def check_workbook_file(path: Path, limits: Limits | None = None) -> None:
    """Raise `RefusedFile` with a plain reason if `path` must not be parsed."""
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
