"""An edit session over a saved workbook package: parts read on demand, the changed ones
written, every other zip member copied across as stored (`zipcopy.py`).

Relationships and content types are edited here too, since every patch needs them: a new
part without its content type or relationship is a part Excel does not see.
"""

from __future__ import annotations

import posixpath
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree as SafeET

from addin.io.atomic import atomic_write
from addin.io.xlsx.parts import CONTENT_TYPES, NS_PKG_REL, read_part
from addin.io.xlsx.patch.zipcopy import copy_member
from addin.io.xlsx.relationships import WORKBOOK, WORKBOOK_RELS, rels_name, resolve, sheet_targets

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument."
_XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(slots=True)
class Streamed:
    """A part written as it is saved: `head`, the text `body()` yields, `tail` — a sheet
    whose streamed rows would be hundreds of MB held as one string."""

    head: bytes
    body: Callable[[], Iterable[str]]
    tail: bytes

    def chunks(self) -> Iterator[bytes]:
        yield self.head
        for text in self.body():
            yield text.encode("utf-8")
        yield self.tail

    def __bytes__(self) -> bytes:
        return b"".join(self.chunks())


@dataclass(slots=True)
class Rel:
    id: str
    type: str  # the last segment of the relationship type: "table", "comments"…
    target: str  # as written in the part (relative to the source part's folder)
    external: bool = False
    full_type: str = ""

    def uri(self) -> str:
        return self.full_type or REL + self.type


class Package:
    """Open with `Package(path)`; `save(target)` writes the edited package atomically."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._zip = zipfile.ZipFile(self.path)
        self._changed: dict[str, bytes | Streamed] = {}
        self._removed: set[str] = set()

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    # ------------------------------------------------------------------ parts
    def has(self, name: str) -> bool:
        if name in self._removed:
            return False
        return name in self._changed or name in self._zip.NameToInfo

    def names(self) -> Iterator[str]:
        for info in self._zip.infolist():
            if self.has(info.filename):
                yield info.filename
        yield from (n for n in self._changed if n not in self._zip.NameToInfo)

    def read(self, name: str) -> bytes:
        if name in self._removed:
            raise KeyError(name)
        if name in self._changed:
            data = self._changed[name]
            if isinstance(data, Streamed):  # read back after all (a mark on it): made whole
                data = self._changed[name] = bytes(data)
            return data
        return read_part(self._zip, name)

    def write(self, name: str, data: bytes | Streamed) -> None:
        self._removed.discard(name)
        self._changed[name] = data

    def remove(self, name: str) -> None:
        self._changed.pop(name, None)
        self._removed.add(name)
        self.set_content_type(name, None)

    def free_name(self, pattern: str) -> str:
        """The first unused part name of `pattern` ("xl/tables/table{}.xml")."""
        n = 1
        while self.has(pattern.format(n)) or pattern.format(n) in self._changed:
            n += 1
        return pattern.format(n)

    # ------------------------------------------------------------------ content types
    def set_content_type(self, part: str, content_type: str | None) -> None:
        """Give `part` its Override (None drops it)."""
        if not self.has(CONTENT_TYPES):
            return
        text = self.read(CONTENT_TYPES).decode("utf-8")
        name = re.escape("/" + part.lstrip("/"))
        new = re.sub(rf'<Override\b[^>]*?PartName="{name}"[^>]*/>', "", text)
        if content_type is not None:
            override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
            new = new.replace("</Types>", override + "</Types>")
        if new != text:
            self._changed[CONTENT_TYPES] = new.encode("utf-8")

    def ensure_default(self, extension: str, content_type: str) -> None:
        text = self.read(CONTENT_TYPES).decode("utf-8")
        if re.search(rf'<Default\b[^>]*Extension="{extension}"', text, re.I):
            return
        default = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
        self._changed[CONTENT_TYPES] = re.sub(
            r"(<Types\b[^>]*>)", lambda m: m[1] + default, text, count=1
        ).encode("utf-8")

    # ------------------------------------------------------------------ relationships
    def rels(self, part: str) -> list[Rel]:
        name = rels_name(part)
        if not self.has(name):
            return []
        out = []
        for el in SafeET.fromstring(self.read(name)).iter(f"{{{NS_PKG_REL}}}Relationship"):
            kind = el.get("Type", "")
            out.append(
                Rel(
                    id=el.get("Id", ""),
                    type=kind.rsplit("/", 1)[-1],
                    target=el.get("Target", ""),
                    external=el.get("TargetMode") == "External",
                    full_type=kind,
                )
            )
        return out

    def set_rels(self, part: str, rels: list[Rel]) -> None:
        name = rels_name(part)
        if not rels:
            if self.has(name):
                self.remove(name)
            return
        body = "".join(
            f"<Relationship Id={quoteattr(r.id)} Type={quoteattr(r.uri())} "
            f"Target={quoteattr(r.target)}"
            + (' TargetMode="External"' if r.external else "")
            + "/>"
            for r in rels
        )
        self.write(
            name, _XML_HEAD + f'<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>'.encode()
        )

    def target(self, part: str, rel: Rel) -> str:
        """The part name a relationship of `part` points at."""
        return resolve(posixpath.dirname(part), rel.target)

    def sheets(self) -> dict[str, str]:
        """Sheet name → part, in tab order."""
        return sheet_targets(self.read(WORKBOOK), self.read(WORKBOOK_RELS))

    # ------------------------------------------------------------------ saving
    def save(self, target: Path | None = None) -> None:
        """Write the edited package over `target` (default: where it came from), atomically."""
        atomic_write(Path(target or self.path), self.write_to)

    def write_to(self, path: Path) -> None:
        # Rewritten parts are deflated at level 1: a marked 100,000-row sheet is tens of
        # MB of XML, and level 6 spent 2 s of a 3.5 s patch for a file ~15 % smaller.
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info in self._zip.infolist():
                name = info.filename
                if name in self._removed:
                    continue
                if name in self._changed:
                    _write_part(out, name, self._changed[name], info.date_time)
                else:
                    copy_member(self._zip, info, out)
            for name, data in self._changed.items():
                if name not in self._zip.NameToInfo:
                    _write_part(out, name, data)


def _write_part(
    out: zipfile.ZipFile,
    name: str,
    data: bytes | Streamed,
    date_time: tuple[int, int, int, int, int, int] | None = None,
) -> None:
    fresh = zipfile.ZipInfo(name, date_time=date_time or time.localtime()[:6])
    fresh.compress_type = zipfile.ZIP_DEFLATED
    if isinstance(data, bytes):
        out.writestr(fresh, data, compresslevel=1)
        return
    fresh._compresslevel = 1  # type: ignore[attr-defined]  # what writestr sets
    with out.open(fresh, "w") as sink:
        for chunk in data.chunks():
            sink.write(chunk)


def relative(source_part: str, target_part: str) -> str:
    """The Target a relationship of `source_part` writes to reach `target_part`."""
    return posixpath.relpath(target_part, posixpath.dirname(source_part))
