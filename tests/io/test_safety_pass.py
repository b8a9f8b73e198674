"""The safety gate inflates each part once, straight from the file's bytes: a damaged
part is still refused with zipfile's own words, a DTD still found wherever it hides, and
what the reader takes from the parts the gate kept is what it reads from the file."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
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


def _edit_directory(
    path: Path, target: Path, name: str, edit: Callable[[bytearray, int], None]
) -> Path:
    """A copy whose central directory entry for `name` (at its offset in the bytes) is
    changed by `edit`; the part's own bytes untouched, as a crafted or broken file has it."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        directory = zf.start_dir
    at = data.find(b"PK\x01\x02", directory)
    while at >= 0:
        size = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + size].decode() == name:
            edit(data, at)
        at = data.find(b"PK\x01\x02", at + 46)
    target.write_bytes(bytes(data))
    return target


def _bad_crc(path: Path, target: Path, name: str) -> Path:
    """A copy whose central directory gives `name` a wrong CRC."""

    def flip(data: bytearray, at: int) -> None:
        crc = struct.unpack("<I", data[at + 16 : at + 20])[0]
        data[at + 16 : at + 20] = struct.pack("<I", crc ^ 0xFFFF)

    return _edit_directory(path, target, name, flip)


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


def _survey_of(path: Path) -> Survey:
    from addin.io.xlsx import safety

    safety._PASSED.clear()  # the file's own pass, not the one kept for an unchanged file
    return check_workbook_file(path)


def test_a_sheet_stored_as_one_measured_before_gives_the_same_survey(tmp_path: Path) -> None:
    from addin.io.xlsx import safety

    path = make_table_book(
        tmp_path / "errors.xlsx", "Customers", HEADER, [*ROWS, ["C999", "#N/A", "", "", ""]]
    )
    safety._MEASURED.clear()
    fresh = _survey_of(path)
    assert safety._MEASURED  # kept: the next file with this sheet is not inflated again
    twin = tmp_path / "twin.xlsx"
    twin.write_bytes(path.read_bytes())
    served = _survey_of(twin)
    assert served.sheets.keys() == fresh.sheets.keys()
    for part, seen in fresh.sheets.items():
        assert (served.sheets[part].pieces, served.sheets[part].whole) == (
            seen.pieces,
            seen.whole,
        )
    assert any(s.pieces for s in served.sheets.values())  # the #N/A cell's piece


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_part_seen_clean_before_with_a_wrong_crc_is_still_refused(
    tmp_path: Path, part: str
) -> None:
    path = _book(tmp_path)
    _survey_of(path)  # its parts inflated, checked and kept
    bad = _bad_crc(path, tmp_path / "bad.xlsx", part)
    with pytest.raises(RefusedFile) as refused:
        check_workbook_file(bad)
    assert "damaged" in str(refused.value) and _zipfile_error(bad, part) in str(refused.value)


def test_a_sheet_grown_past_the_limit_is_refused_after_a_clean_one(tmp_path: Path) -> None:
    from addin.io.xlsx.safety import Limits

    part = "xl/worksheets/sheet1.xml"
    path = _book(tmp_path)
    _survey_of(path)
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read(part)
    far = sheet.replace(b'<row r="40"', b'<row r="4000000"').replace(b'r="A40"', b'r="A4000000"')
    assert far != sheet
    bad = _with_part(path, tmp_path / "far.xlsx", part, far)
    with pytest.raises(RefusedFile) as refused:
        check_workbook_file(bad, Limits())
    assert refused.value.msg.id == "refusal.too_many_rows"


def _with_method(path: Path, target: Path, name: str, method: int) -> Path:
    """A copy whose central directory says `name` is stored with zip method `method`."""

    def say(data: bytearray, at: int) -> None:
        data[at + 10 : at + 12] = struct.pack("<H", method)

    return _edit_directory(path, target, name, say)


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, 99])
def test_a_part_compressed_a_way_excel_never_writes_is_refused_before_it_is_opened(
    tmp_path: Path, method: int
) -> None:
    odd = _with_method(_book(tmp_path), tmp_path / "odd.xlsx", "xl/worksheets/sheet1.xml", method)
    with pytest.raises(RefusedFile) as refused:
        check_workbook_file(odd)
    assert refused.value.msg.render("en") == (
        f"odd.xlsx: part xl/worksheets/sheet1.xml is compressed in a way Excel never writes "
        f"(zip method {method}); open the workbook in Excel, save it again and resend"
    )
    said = refused.value.msg.render("zh")
    assert said.startswith("odd.xlsx：部件 xl/worksheets/sheet1.xml 的压缩方式不是 Excel 会写出的")
    assert f"（zip 方法 {method}）" in said
