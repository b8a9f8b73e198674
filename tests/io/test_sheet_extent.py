"""How far a sheet spans, as the safety gate measures it before any reader holds it:
row numbers as written, rows without a number following the one before, namespaced
tags, page breaks beside the rows and wide cell references — in any writer's form, and
the same however the inflated bytes are cut into pieces."""

from __future__ import annotations

import io
import zipfile

import pytest

from addin.io.xlsx import safety

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(rows: str, *, tail: str = "", prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    ns = NS.replace("xmlns=", f"xmlns:{prefix}=") if prefix else NS
    return (
        f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData>{rows}</{p}sheetData>'
        f"{tail}</{p}worksheet>"
    ).encode()


def cells(row: int, cols: str = "A", p: str = "") -> str:
    return "".join(f'<{p}c r="{c}{row}"><{p}v>1</{p}v></{p}c>' for c in cols.split())


def extent(xml: bytes, stop_rows: int = 10_000_000) -> tuple[int, int]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as zf:
        return safety.sheet_extent(zf, "xl/worksheets/sheet1.xml", stop_rows)


def excel_rows(numbers: list[int], cols: str = "A B") -> str:
    return "".join(f'<row r="{n}" spans="1:2">{cells(n, cols)}</row>' for n in numbers)


def test_rows_as_excel_writes_them() -> None:
    assert extent(sheet(excel_rows([1, 2, 3]))) == (3, 26)
    # A lone cell far down counts where it is written.
    assert extent(sheet(excel_rows([1, 1_000_000]))) == (1_000_000, 26)


def test_a_wide_reference_widens_the_sheet() -> None:
    assert extent(sheet(excel_rows([1, 2], "A AB")))[1] == 28
    assert extent(sheet(excel_rows([1], "A XFD")))[1] == 16384


@pytest.mark.parametrize(
    "rows",
    [
        # rows with no number follow the one before, as readers number them
        '<row r="1">' + cells(1) + "</row><row>" + cells(2) + "</row><row>" + cells(3) + "</row>",
        # the number after another attribute
        '<row spans="1:1" r="1">' + cells(1) + '</row><row ht="15" r="3">' + cells(3) + "</row>",
    ],
)
def test_other_writers_row_forms(rows: str) -> None:
    assert extent(sheet(rows)) == (3, 26)


def test_row_breaks_beside_the_rows_are_not_rows() -> None:
    breaks = (
        '<rowBreaks count="1" manualBreakCount="1"><brk id="2" max="16383" man="1"/></rowBreaks>'
    )
    assert extent(sheet(excel_rows([1, 2]), tail=breaks)) == (2, 26)


def test_namespaced_rows_are_rows() -> None:
    rows = "".join(f'<x:row r="{n}">{cells(n, "A", "x")}</x:row>' for n in (1, 5))
    assert extent(sheet(rows, prefix="x")) == (5, 26)
    unnumbered = f'<x:row r="4">{cells(4, "A", "x")}</x:row><x:row>{cells(5, "A", "x")}</x:row>'
    assert extent(sheet(unnumbered, prefix="x")) == (5, 26)


def test_the_same_extent_however_the_bytes_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = [*range(1, 3000), 5000, 5001]
    xml = sheet(excel_rows(numbers, "A B AC") + "<row>" + cells(5002) + "</row>")
    assert extent(xml) == (5002, 29)
    # The scan reads fixed-size pieces (the last shorter): cut anywhere, mid-tag too.
    for size in (97, 1024, 65536):
        monkeypatch.setattr(safety, "CHUNK", size)
        pieces = [xml[i : i + size] for i in range(0, len(xml), size)]
        assert safety._extent(iter(pieces), 10_000_000) == (5002, 29)


def test_a_sheet_past_the_row_limit_stops_the_scan_early() -> None:
    rows, _ = extent(sheet(excel_rows(list(range(1, 50_001)), "A")), stop_rows=100)
    assert rows > 100
