"""Copy a zip member from one archive to another as it is stored: the same compressed
bytes, no inflating and deflating again.

Python's `zipfile` has no public call for it; the member's data is read from behind its
local header and written behind a new one, and the member is registered with the output
archive exactly as `ZipFile.writestr` registers what it writes.
"""

from __future__ import annotations

import copy
import struct
import zipfile

from addin.io.xlsx.parts import CHUNK

#: The local file header (APPNOTE 4.3.7): its fixed size and signature.
_HEADER_SIZE = 30
_HEADER_SIGNATURE = b"PK\x03\x04"
_DATA_DESCRIPTOR = 0x08
_ENCRYPTED = 0x01
_ZIP64_EXTRA = 1


def copy_member(src: zipfile.ZipFile, info: zipfile.ZipInfo, dst: zipfile.ZipFile) -> None:
    """Append member `info` of `src` to `dst` byte for byte (same compressed data)."""
    if info.flag_bits & _ENCRYPTED or src.fp is None or dst.fp is None:
        raise zipfile.BadZipFile(f"{info.filename}: cannot be copied as stored")
    fp = src.fp
    fp.seek(info.header_offset)
    head = fp.read(_HEADER_SIZE)
    if len(head) != _HEADER_SIZE or head[:4] != _HEADER_SIGNATURE:
        raise zipfile.BadZipFile(f"{info.filename}: bad local header")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fp.seek(info.header_offset + _HEADER_SIZE + name_len + extra_len)
    out = copy.copy(info)
    # Sizes and CRC go in the local header; the source's trailing descriptor is not copied.
    out.flag_bits &= ~_DATA_DESCRIPTOR
    out.extra = zipfile._strip_extra(info.extra, (_ZIP64_EXTRA,))  # type: ignore[attr-defined]
    zip64 = out.file_size > zipfile.ZIP64_LIMIT or out.compress_size > zipfile.ZIP64_LIMIT
    dst.fp.seek(dst.start_dir)  # type: ignore[attr-defined]
    out.header_offset = dst.fp.tell()
    dst._writecheck(out)  # type: ignore[attr-defined]
    dst._didModify = True  # type: ignore[attr-defined]
    dst.fp.write(out.FileHeader(zip64))
    remaining = info.compress_size
    while remaining:
        chunk = fp.read(min(CHUNK, remaining))
        if not chunk:
            raise zipfile.BadZipFile(f"{info.filename}: truncated")
        dst.fp.write(chunk)
        remaining -= len(chunk)
    dst.filelist.append(out)
    dst.NameToInfo[out.filename] = out
    dst.start_dir = dst.fp.tell()  # type: ignore[attr-defined]
