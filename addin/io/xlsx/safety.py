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
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from addin.i18n import Msg
from addin.io.xlsx.parts import CHUNK, column_index, read_part
from addin.io.xlsx.relationships import WORKBOOK, WORKBOOK_RELS, sheet_targets

if TYPE_CHECKING:
    from addin.core.settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # XML compresses ~10-30x; bombs go 1000x+
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)
_XML_PART = (".xml", ".rels", ".vml")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 64 * 1024
#: `<row r="12"` as nearly every writer puts it (fast path), and the general form.
_ROW_FAST = re.compile(rb'<row r="(\d+)"')
_ROW_ANY = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_WIDE = re.compile(rb' r="[A-Z]{2}')
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')


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


#: What the extent scan notes on its way: an error value (`<v>#REF!</v>`) and a formula.
#: The pieces of the sheet holding either are kept, so the reader finds those cells
#: without inflating the sheet again (and never looks at a sheet with none).
ERROR_VALUE, FORMULA = b"v>#", b"<f"


def _has_marks(data: bytes) -> bool:
    # every error value starts with '#', rare in sheet XML: a one-byte search (memchr)
    # rules errors out almost always before the slower multi-byte ones run
    return (b"#" in data and ERROR_VALUE in data) or FORMULA in data


@dataclass(slots=True)
class SheetSurvey:
    """What the extent scan saw of one sheet: the pieces holding marks (above), each
    made of whole cells when `whole` (else the reader inflates the sheet again)."""

    pieces: list[bytes] = field(default_factory=list)
    whole: bool = True


#: Sheet part → what the streaming pass saw of it (see `SheetSurvey`).
Survey = dict[str, SheetSurvey]


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
    piece of the sheet holding an error value or a formula is kept in `survey`."""
    top = tagged = numbered = width = 0
    tail = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(CHUNK)
            data, tail, whole = _piece(tail + chunk, last=not chunk)
            if survey is not None and _has_marks(data):
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
    """A file we will not open. `msg` says why in one sentence, in whichever language it
    is shown (`refusal.<why>` in the catalogue); `str()` is the English, for logs."""

    def __init__(self, why: str, /, **args: object) -> None:
        self.msg = Msg(f"refusal.{why}", **args)
        super().__init__(self.msg.render("en"))

    def render(self, lang: str) -> str:
        return self.msg.render(lang)


#: Files passed (by identity, see `_identity`) and what their scan saw, newest last: a
#: command opens masters.xlsx more than once (its language, then its tables), and the
#: scan of an unchanged file would find the same. Failures are not kept: a refused file
#: is scanned again, and says why again.
_PASSED: OrderedDict[tuple[object, ...], Survey] = OrderedDict()
_PASSED_KEPT = 4


def check_workbook_file(path: Path, limits: Limits | None = None) -> Survey:
    """Raise `RefusedFile` with a plain reason if `path` must not be parsed; else return
    what the streaming pass over each sheet saw on its way (see `Survey`). A file that
    passed before, unchanged since and under the same limits, is not scanned again."""
    limits = limits or Limits()
    key = _identity(path, limits)
    if key is not None and key in _PASSED:
        _PASSED.move_to_end(key)
        return _PASSED[key]
    survey = _check_file(path, limits)
    if key is not None:
        _PASSED[key] = survey
        while len(_PASSED) > _PASSED_KEPT:
            _PASSED.popitem(last=False)
    return survey


def _identity(path: Path, limits: Limits) -> tuple[object, ...] | None:
    """The file as it is now: any write or replacement changes its size, its times or its
    inode (an atomic save is a new inode). None when it cannot be told (no such file)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (
        str(path.resolve()),
        st.st_dev,
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
        st.st_ctime_ns,
        limits,
    )


def _check_file(path: Path, limits: Limits) -> Survey:
    if not path.exists():
        raise RefusedFile("missing", file=path)
    if path.is_dir():
        raise RefusedFile("folder", file=path)
    size = path.stat().st_size
    if size > limits.max_file_mb * 1024 * 1024:
        mb, limit = f"{size / 1024 / 1024:.0f}", f"{limits.max_file_mb:g}"
        raise RefusedFile("too_big", file=path.name, mb=mb, limit=limit)
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise RefusedFile("empty", file=path.name)
    if head.startswith(OLE_MAGIC):
        raise RefusedFile("old_format", file=path.name)
    if not head.startswith(ZIP_MAGIC):
        raise RefusedFile("not_xlsx", file=path.name)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise RefusedFile("damaged", file=path.name, error=str(exc)) from None
    with zf:  # one open for the whole scan: the directory of a zip is read once
        return _check_zip(path, zf, limits)


def _check_zip(path: Path, zf: zipfile.ZipFile, limits: Limits) -> Survey:
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise RefusedFile("foreign_zip", file=path.name)
    if len(infos) > MAX_ENTRIES:
        raise RefusedFile("too_many_parts", file=path.name, count=f"{len(infos):,}")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_mb * 1024 * 1024:
        raise RefusedFile("unpacks", file=path.name, mb=f"{total / 1024 / 1024:.0f}")
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise RefusedFile("zip_bomb", file=path.name, part=info.filename, ratio=f"{ratio:,}")
    return _check_parts(path, zf, infos, limits)


def _check_parts(
    path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits
) -> Survey:
    """Stream the parts a parser would read: no DTDs, no sheet past the limits."""
    survey: Survey = {}
    try:
        for info in infos:
            if info.filename.lower().endswith(_XML_PART) and not xml_prolog_is_safe(
                zf, info.filename
            ):
                raise RefusedFile("xml_entities", file=path.name, part=info.filename)
        sheets = {part: name for name, part in _sheet_parts(zf).items()}
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
                limit = f"{limits.max_rows:,}"
                raise RefusedFile("too_many_rows", file=path.name, sheet=name, limit=limit)
            if rows * columns > limits.max_cells:
                raise RefusedFile(
                    "too_many_cells",
                    file=path.name,
                    sheet=name,
                    rows=f"{rows:,}",
                    columns=f"{columns:,}",
                    limit=f"{limits.max_cells:,}",
                )
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,  # zipfile: an encrypted member
        NotImplementedError,  # zipfile: a compression method it cannot read (not a stub)
    ) as exc:
        raise RefusedFile("damaged", file=path.name, error=str(exc)) from None
    return survey


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    try:
        return sheet_targets(read_part(zf, WORKBOOK), read_part(zf, WORKBOOK_RELS))
    except Exception:  # a damaged workbook.xml: the name pattern still finds the sheets
        return {}
