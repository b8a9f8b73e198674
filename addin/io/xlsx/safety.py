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

import io
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from addin.i18n import Msg, SaidError
from addin.io.xlsx.parts import CHUNK, column_index, read_part
from addin.io.xlsx.relationships import WORKBOOK, WORKBOOK_RELS, sheet_targets

if TYPE_CHECKING:
    from addin.core.settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # XML compresses ~10-30x; bombs go 1000x+
#: The ways Excel and every other spreadsheet program store a part. Any other method is
#: refused before a part is opened, not left to whatever zipfile or calamine make of it.
EXCEL_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)
_XML_PART = (".xml", ".rels", ".vml")
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 64 * 1024
#: Row tags. The fast path: every tag starting `<row`, with its number where written
#: `<row r="12"` as nearly every writer puts it — b"" for another writer's form (or a
#: <rowBreaks>), which sends the piece to the general form and tag count below.
_ROW_FAST = re.compile(rb'<row(?: r="(\d+)")?')
_ROW_ANY = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_WIDE = re.compile(rb' r="[A-Z]{2}')
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d')


def xml_prolog_is_safe(zf: zipfile.ZipFile, name: str) -> bool:
    """False when the part declares a DTD or entities (never in a real workbook: a bomb
    or an external-entity attack), or hides its first element past `PROLOG_BYTES`."""
    with zf.open(name) as fh:
        return _prolog_is_safe(fh.read(PROLOG_BYTES))


def _prolog_is_safe(head: bytes) -> bool:
    first = _FIRST_ELEMENT.search(head)
    if first is None:
        return len(head) < PROLOG_BYTES
    prolog = head[: first.start()].upper()
    return b"<!DOCTYPE" not in prolog and b"<!ENTITY" not in prolog


#: What the extent scan notes on its way: an error value (`<v>#REF!</v>`) and a formula.
#: The pieces of the sheet holding either are kept, so the reader finds those cells
#: without inflating the sheet again (and never looks at a sheet with none).
ERROR_VALUE, FORMULA = b"v>#", b"<f"


#: The same literal searches by the regex engine: two to three times faster than
#: `bytes.__contains__` on sheet XML, where '<' and ':' are everywhere.
_FORMULA = re.compile(re.escape(FORMULA))
_PREFIXED_ROW = re.compile(rb":row")


def _has_marks(data: bytes, end: int) -> bool:
    """Whether `data[:end]` holds an error value or a formula. Every error value starts
    with '#' and every formula tag has an 'f', both rare in sheet XML: a one-byte search
    (memchr) rules either out almost always before the slower multi-byte one runs."""
    if data.find(b"#", 0, end) >= 0 and data.find(ERROR_VALUE, 0, end) >= 0:
        return True
    return data.find(b"f", 0, end) >= 0 and _FORMULA.search(data, 0, end) is not None


@dataclass(slots=True)
class SheetSurvey:
    """What the extent scan saw of one sheet: the pieces holding marks (above), each
    made of whole cells when `whole` (else the reader inflates the sheet again)."""

    pieces: list[bytes] = field(default_factory=list)
    whole: bool = True


@dataclass(slots=True)
class Survey:
    """What the safety pass saw of a file: each sheet part's `SheetSurvey`, and the small
    parts it read whole on its way (workbook, relationships, tables, styles), checked
    against their CRC, so the reader does not inflate them a second time."""

    sheets: dict[str, SheetSurvey] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)

    def get(self, part: str) -> SheetSurvey | None:
        return self.sheets.get(part)


def _cut(data: bytes, *, last: bool) -> tuple[int, bool]:
    """(where the piece to scan now ends in `data` — the rest waits for the next read —,
    whether the cut kept cells whole). It falls before a cell when one starts near the
    end, so no cell is split."""
    if last:
        return len(data), True
    cut = data.rfind(b"<c ", max(0, len(data) - 65536))
    if cut >= 0:
        return cut, True
    cut = data.rfind(b"<", max(0, len(data) - 4096))
    return (len(data) if cut < 0 else cut), False


def sheet_extent(
    zf: zipfile.ZipFile, name: str, stop_rows: int, survey: SheetSurvey | None = None
) -> tuple[int, int]:
    """(rows, columns) a sheet spans from A1 — what a reader must hold in memory — by a
    streaming scan of its row tags and wide cell references. Stops once rows pass
    `stop_rows`. Row numbers are taken as written (a lone cell in row 1,000,000 counts),
    and rows without a number follow the one before, as readers number them. Each
    piece of the sheet holding an error value or a formula is kept in `survey`."""
    with zf.open(name) as fh:
        return _extent(iter(lambda: fh.read(CHUNK), b""), stop_rows, survey)


def _extent(
    chunks: Iterator[bytes], stop_rows: int, survey: SheetSurvey | None = None
) -> tuple[int, int]:
    """`sheet_extent` over the sheet's bytes as they are inflated (`chunks`)."""
    top = tagged = numbered = width = 0
    tail = b""
    while True:
        chunk = next(chunks, b"")
        last = len(chunk) < CHUNK  # a short read is the end: a small sheet is one piece
        # the piece is data[:end], scanned in place (a slice would copy a megabyte)
        data = tail + chunk if tail else chunk
        end, whole = _cut(data, last=last)
        tail = data[end:]
        if survey is not None and _has_marks(data, end):
            survey.pieces.append(data[:end])
            survey.whole &= whole
        found = _ROW_FAST.findall(data, 0, end)
        if b"" in found or _PREFIXED_ROW.search(data, 0, end) is not None:
            found = _ROW_ANY.findall(data, 0, end)  # other writers' forms: the general scan
            tags = len(_ROW_TAG.findall(data, 0, end))
        else:
            tags = len(found)
        if found:
            top = max(top, max(map(int, found)))
        numbered += len(found)
        tagged += tags
        if _WIDE.search(data, 0, end):
            refs = set(_WIDE_REF.findall(data, 0, end))
            width = max([width, *(column_index(c.decode()) + 1 for c in refs)])
        if last or top + (tagged - numbered) > stop_rows:
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


class RefusedFile(SaidError):
    """A file we will not open, and why (`refusal.<why>` in the catalogue)."""

    def __init__(self, why: str, /, **args: object) -> None:
        super().__init__(Msg(f"refusal.{why}", **args))


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
        # The file is read once (its size is within the limit): every part is inflated
        # from these bytes, the directory read from them, nothing opened twice.
        whole = path.read_bytes()
        zf = zipfile.ZipFile(io.BytesIO(whole))
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise RefusedFile("damaged", file=path.name, error=str(exc)) from None
    with zf:
        return _check_zip(path, zf, limits, whole)


def _check_zip(path: Path, zf: zipfile.ZipFile, limits: Limits, whole: bytes) -> Survey:
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
        if info.compress_type not in EXCEL_METHODS:
            raise RefusedFile(
                "compression", file=path.name, part=info.filename, method=info.compress_type
            )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise RefusedFile("zip_bomb", file=path.name, part=info.filename, ratio=f"{ratio:,}")
    return _check_parts(path, _Package(zf, whole), infos, limits)


def _check_parts(
    path: Path, package: _Package, infos: list[zipfile.ZipInfo], limits: Limits
) -> Survey:
    """Stream the parts a parser would read: no DTDs, no sheet past the limits.

    One pass in zip order: each XML part's head is checked for a DTD, a sheet is measured
    as it is inflated, a small part read whole is kept. What is refused, and why, is as if
    every part's head were checked first and the sheets measured after, in sheet order."""
    zf = package.zf
    survey = Survey()
    extents: dict[str, tuple[int, int] | Exception] = {}
    try:
        sheets = {part: name for name, part in _sheet_parts(package).items()}
        sheets.update(
            {
                i.filename: i.filename
                for i in infos
                if _WORKSHEET.match(i.filename) and i.filename not in sheets
            }
        )
        for info in infos:
            xml = info.filename.lower().endswith(_XML_PART)
            if info.filename in sheets and zf.NameToInfo.get(info.filename) is info:
                found = SheetSurvey()
                survey.sheets[info.filename] = found
                safe, extent = package.measure(info, limits.max_rows, found, prolog=xml)
                extents[info.filename] = extent
            elif xml:
                safe = package.prolog_is_safe(info, survey.parts)
            else:
                continue
            if not safe:
                raise RefusedFile("xml_entities", file=path.name, part=info.filename)
        for part, name in sheets.items():
            if part not in zf.NameToInfo:
                continue
            extent = extents[part]
            if isinstance(extent, Exception):  # damage past a sheet's head
                raise extent
            rows, columns = extent
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
    except _DAMAGE as exc:
        raise RefusedFile("damaged", file=path.name, error=str(exc)) from None
    return survey


_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # zipfile: an encrypted member
)
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … name length, extra length
_INPUT = 1 << 16  # compressed bytes inflated at a time


class _Inflated(Exception):
    """A part the fast path does not read as zipfile would (encrypted, an unusual method,
    a header or CRC that does not match): zipfile reads it, and says what is wrong."""


class _Package:
    """A zip's parts inflated straight from the file's bytes — no file handle or zipfile
    reader per part — each checked against its size and CRC as zipfile checks it. Any
    part the fast path does not take is read by zipfile itself, with its own errors."""

    def __init__(self, zf: zipfile.ZipFile, whole: bytes) -> None:
        self.zf = zf
        self.whole = memoryview(whole)

    def _stored(self, info: zipfile.ZipInfo) -> memoryview:
        if info.flag_bits & 0x1 or info.compress_type not in EXCEL_METHODS:
            raise _Inflated
        start = info.header_offset
        head = bytes(self.whole[start : start + _LOCAL_HEADER.size])
        if len(head) < _LOCAL_HEADER.size:
            raise _Inflated
        magic, name_len, extra_len = _LOCAL_HEADER.unpack(head)
        name_at = start + _LOCAL_HEADER.size
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        name = bytes(self.whole[name_at : name_at + name_len])
        if magic != ZIP_MAGIC or name != info.orig_filename.encode(encoding, "replace"):
            raise _Inflated
        begin = name_at + name_len + extra_len
        if begin + info.compress_size > len(self.whole):
            raise _Inflated
        return self.whole[begin : begin + info.compress_size]

    def chunks(self, info: zipfile.ZipInfo, size: int = CHUNK) -> Iterator[bytes]:
        """The part's bytes in pieces of `size` (the last shorter), as `fh.read(size)`
        gives them; raises `_Inflated` where zipfile must read it (before any piece, or
        at the end when the size or CRC is wrong)."""
        stored = self._stored(info)
        inflate = None if info.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(-15)
        pending = bytearray()
        crc = total = 0
        for at in range(0, len(stored), _INPUT):
            piece = stored[at : at + _INPUT]
            try:
                pending += piece if inflate is None else inflate.decompress(piece)
            except zlib.error:
                raise _Inflated from None
            while len(pending) >= size:
                with memoryview(pending) as view:  # one copy out, not two
                    out = view[:size].tobytes()
                del pending[:size]
                crc, total = zlib.crc32(out, crc), total + len(out)
                yield out
        if inflate is not None:
            pending += inflate.flush()
            if not inflate.eof:
                raise _Inflated
        out = bytes(pending)
        crc, total = zlib.crc32(out, crc), total + len(out)
        if total != info.file_size or crc != info.CRC:
            raise _Inflated
        if out:
            yield out

    def small(self, info: zipfile.ZipInfo) -> bytes:
        """A small part at once (never more than its stated size is inflated)."""
        stored = self._stored(info)
        if info.compress_type == zipfile.ZIP_STORED:
            data = bytes(stored)
        else:
            inflate = zlib.decompressobj(-15)
            try:
                data = inflate.decompress(stored, info.file_size + 1)
            except zlib.error:
                raise _Inflated from None
            if not inflate.eof:
                raise _Inflated
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            raise _Inflated
        return data

    def read(self, name: str) -> bytes:
        """A whole part (for the workbook's own small parts)."""
        info = self.zf.getinfo(name)
        try:
            return (
                self.small(info) if info.file_size <= PROLOG_BYTES else b"".join(self.chunks(info))
            )
        except _Inflated:
            return read_part(self.zf, name)

    def _small_seen(self, info: zipfile.ZipInfo) -> bytes:
        """`small`, served from `_INFLATED` when the part is stored byte for byte as one
        inflated and checked before (styles, theme, relationships of one template)."""
        key = (bytes(self._stored(info)), info.compress_type, info.file_size, info.CRC)
        data = _INFLATED.get(key)
        if data is None:
            data = self.small(info)
            _INFLATED[key] = data
            while len(_INFLATED) > _INFLATED_KEPT:
                _INFLATED.popitem(last=False)
        else:
            _INFLATED.move_to_end(key)
        return data

    def prolog_is_safe(self, info: zipfile.ZipInfo, kept: dict[str, bytes]) -> bool:
        """`xml_prolog_is_safe` of the part; a part that fits in the head is kept."""
        try:
            if info.file_size <= PROLOG_BYTES:
                head = self._small_seen(info)
                kept[info.filename] = head
            else:
                head = next(self.chunks(info, PROLOG_BYTES), b"")
        except _Inflated:
            return xml_prolog_is_safe(self.zf, info.filename)
        return _prolog_is_safe(head)

    def measure(
        self, info: zipfile.ZipInfo, stop_rows: int, survey: SheetSurvey, *, prolog: bool
    ) -> tuple[bool, tuple[int, int] | Exception]:
        """(whether its head is safe, its extent — or the damage found past its head) of
        a sheet part, in one inflation; a sheet stored byte for byte as one measured
        before (see `_MEASURED`) is not inflated again."""
        try:
            key = _measure_key(self._stored(info), info, stop_rows, prolog)
        except _Inflated:
            key = None
        seen = _MEASURED.get(key) if key is not None else None
        if key is not None and seen is not None:
            _MEASURED.move_to_end(key)
            safe, extent, pieces, whole = seen
            survey.pieces[:] = pieces
            survey.whole = whole
            return safe, extent
        safe, found = self._measured(info, stop_rows, survey, prolog=prolog)
        if key is not None and safe and isinstance(found, tuple):
            _remember(key, (safe, found, tuple(survey.pieces), survey.whole))
        return safe, found

    def _measured(
        self, info: zipfile.ZipInfo, stop_rows: int, survey: SheetSurvey, *, prolog: bool
    ) -> tuple[bool, tuple[int, int] | Exception]:
        heads: list[bytes] = []

        def watched() -> Iterator[bytes]:
            for chunk in self.chunks(info):
                if sum(map(len, heads)) < PROLOG_BYTES:
                    heads.append(chunk[:PROLOG_BYTES])
                yield chunk

        try:
            extent = _extent(watched(), stop_rows, survey)
        except _Inflated:  # zipfile reads it, raising what it finds where it finds it
            survey.pieces.clear()
            survey.whole = True
            safe = not prolog or xml_prolog_is_safe(self.zf, info.filename)
            try:
                return safe, sheet_extent(self.zf, info.filename, stop_rows, survey)
            except _DAMAGE as exc:
                return safe, exc
        return not prolog or _prolog_is_safe(b"".join(heads)[:PROLOG_BYTES]), extent


#: Sheets measured clean, by their stored bytes and what decides how those inflate:
#: identical stored bytes inflate to identical XML, so the measure (and the pieces kept
#: for the reader) is the same. Rep workbooks issued from one template carry several
#: sheets byte for byte (the product list, the guide): collect inflates each once. The
#: whole stored bytes are the key — compared in full, never just a checksum — so no other
#: content can pass for a measured one. Newest last; bounded by count and bytes.
_MEASURED: OrderedDict[tuple[object, ...], tuple[bool, tuple[int, int], tuple[bytes, ...], bool]]
_MEASURED = OrderedDict()
_MEASURED_KEPT = 64
_MEASURED_BYTES = 32 * 1024 * 1024
_MEASURED_SIZE: list[int] = [0]


#: Small parts (at most `PROLOG_BYTES` each) inflated and checked against their size and
#: CRC, by the same key as `_MEASURED`'s: their whole stored bytes. Newest last.
_INFLATED: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
_INFLATED_KEPT = 256


def _measure_key(
    stored: memoryview, info: zipfile.ZipInfo, stop_rows: int, prolog: bool
) -> tuple[object, ...] | None:
    if len(stored) > _MEASURED_BYTES // 8:  # a big sheet: seen once, kept nowhere
        return None
    return (bytes(stored), info.compress_type, info.file_size, info.CRC, stop_rows, prolog)


def _remember(
    key: tuple[object, ...], seen: tuple[bool, tuple[int, int], tuple[bytes, ...], bool]
) -> None:
    _MEASURED[key] = seen
    _MEASURED_SIZE[0] += len(key[0])  # type: ignore[arg-type]
    while len(_MEASURED) > _MEASURED_KEPT or _MEASURED_SIZE[0] > _MEASURED_BYTES:
        old, _ = _MEASURED.popitem(last=False)
        _MEASURED_SIZE[0] -= len(old[0])  # type: ignore[arg-type]


def _sheet_parts(package: _Package) -> dict[str, str]:
    try:
        return sheet_targets(package.read(WORKBOOK), package.read(WORKBOOK_RELS))
    except Exception:  # a damaged workbook.xml: the name pattern still finds the sheets
        return {}
