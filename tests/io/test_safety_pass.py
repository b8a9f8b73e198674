"""The safety gate inflates each part once, straight from the file's bytes: a damaged
part is still refused with zipfile's own words, a DTD still found wherever it hides, and
what the reader takes from the parts the gate kept is what it reads from the file."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from addin.io.reader import WorkbookFile
from addin.io.xlsx.safety import RefusedFile, Survey, check_workbook_file
from addin.schema import TABLES
from tests.conftest import make_table_book

HEADER = ["customer_id", "name", "type", "channel", "status"]
ROWS = [[f"C{n:03d}", f"店{n}", "retailer", "online", "active"] for n in range(1, 40)]


def _book(tmp_path: Path) -> Path:
    return make_table_book(tmp_path / "masters.xlsx", "Customers", HEADER, ROWS)


def _with_part(path: Path, target: Path, name: str, data: bytes) -> Path:
    """A copy of the package with one part's bytes replaced."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, data if info.filename == name else src.read(info))
    return target


def _bad_crc(path: Path, target: Path, name: str) -> Path:
    """A copy whose central directory gives `name` a wrong CRC (its bytes untouched)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        directory = zf.start_dir
    at = data.find(b"PK\x01\x02", directory)
    while at >= 0:
        size = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + size].decode() == name:
            crc = struct.unpack("<I", data[at + 16 : at + 20])[0]
            data[at + 16 : at + 20] = struct.pack("<I", crc ^ 0xFFFF)
        at = data.find(b"PK\x01\x02", at + 46)
    target.write_bytes(bytes(data))
    return target


def _zipfile_error(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf, pytest.raises(zipfile.BadZipFile) as raised:
        zf.read(name)
    return str(raised.value)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_part_with_a_wrong_crc_is_refused_in_zipfiles_words(tmp_path: Path, part: str) -> None:
    bad = _bad_crc(_book(tmp_path), tmp_path / "bad.xlsx", part)
    with pytest.raises(RefusedFile) as refused:
        check_workbook_file(bad)
    said = str(refused.value)
    assert "damaged" in said and _zipfile_error(bad, part) in said


def test_a_dtd_in_a_sheet_is_refused_though_the_sheet_is_measured_in_the_same_pass(
    tmp_path: Path,
) -> None:
    path = _book(tmp_path)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
    bad = _with_part(path, tmp_path / "dtd.xlsx", "xl/worksheets/sheet1.xml", hostile)
    with pytest.raises(RefusedFile) as refused:
        check_workbook_file(bad)
    assert refused.value.msg.id == "refusal.xml_entities"
    assert "xl/worksheets/sheet1.xml" in str(refused.value)


def test_the_reader_reads_the_same_from_the_kept_parts_as_from_the_file(tmp_path: Path) -> None:
    path = _book(tmp_path)
    survey = check_workbook_file(path)
    assert "xl/workbook.xml" in survey.parts  # kept: the reader does not inflate it again
    with zipfile.ZipFile(path) as zf:
        assert survey.parts["xl/workbook.xml"] == zf.read("xl/workbook.xml")
    with WorkbookFile(path, survey=survey) as kept, WorkbookFile(path, survey=Survey()) as bare:
        a, b = kept.read(TABLES["Customers"]), bare.read(TABLES["Customers"])
        assert kept.table_names == bare.table_names == ["Customers"]
    assert a.frame.equals(b.frame) and len(a.frame) == len(ROWS)
    assert [repr(i) for i in a.issues] == [repr(i) for i in b.issues]
