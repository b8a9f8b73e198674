"""Layout that fits Chinese: no `###` in any column, and fonts with CJK glyphs.

Excel shows `###` when a number or a date is wider than its column (text spills over or
is cut, never `###`). For every template and every workbook of the zh demo company, each
number or date cell's text as its number format shows it must fit its column's width
(widths count digit widths; a CJK character counts two, `addin/i18n/width.py`). A zh
workbook names a font with Chinese glyphs for its cells and notes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from addin.books.styles import FONTS
from addin.i18n.width import display_width
from tests.i18n.conftest import Run

TEMPLATES = Path(__file__).parents[2] / "workbooks"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: Excel's width of a column nobody sized (Calibri 11).
DEFAULT_WIDTH = 8.43


def shown(value: object, number_format: str) -> str | None:
    """A number or date as its number format shows it; None for text (which never shows
    `###`) and for formats this test does not model."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        fmt = number_format.lower()
        if fmt in ("yyyy-mm-dd", "yyyy/m/d", "yyyy-mm-dd;@"):
            return "2026-03-31"
        if fmt in ("hh:mm", "h:mm"):
            return "00:00"
        return None
    if not isinstance(value, int | float):
        return None
    fmt = number_format.replace("\\", "").replace('"', "")
    decimals = len(fmt.split(".")[1].rstrip("%;@ ")) if "." in fmt else 0
    if "#,##0" in fmt:
        text = f"{value:,.{decimals}f}"
    elif re.fullmatch(r"0(\.0+)?%?", fmt):
        text = f"{value * (100 if fmt.endswith('%') else 1):.{decimals}f}" + (
            "%" if fmt.endswith("%") else ""
        )
    elif fmt == "General":
        # General never shows ### for a number: it rounds or turns scientific to fit.
        return None
    else:
        return None
    return text


def widths(ws: Worksheet) -> dict[int, float]:
    """Column number → width, for the columns the sheet sizes."""
    out: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min and dim.max:
            for c in range(dim.min, dim.max + 1):
                out[c] = dim.width
    return out


def too_narrow(path: Path, name: str) -> Iterator[str]:
    book = openpyxl.load_workbook(path, data_only=True)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        sized = widths(ws)
        default = ws.sheet_format.defaultColWidth or DEFAULT_WIDTH
        merged = {c for r in ws.merged_cells.ranges for c in r.cells}
        for row in ws.iter_rows():
            for cell in row:
                text = shown(cell.value, cell.number_format)
                if text is None or (cell.row, cell.column) in merged:
                    continue
                width = sized.get(cell.column, default)
                if width < display_width(text):
                    yield f"{name}:{ws.title}!{cell.coordinate} {text!r} in width {width}"


def cell_fonts(path: Path) -> set[str]:
    """Names of the fonts the cell formats of `path` use, and of its notes' text."""
    with zipfile.ZipFile(path) as package:
        styles = ElementTree.fromstring(package.read("xl/styles.xml"))
        fonts = [
            (f.find(f"{_MAIN}name").get("val") if f.find(f"{_MAIN}name") is not None else "")
            for f in styles.iter(f"{_MAIN}font")
            if f in list(styles.find(f"{_MAIN}fonts") or [])
        ]
        used = {fonts[int(xf.get("fontId", 0))] for xf in (styles.find(f"{_MAIN}cellXfs") or [])}
        for part in package.namelist():
            if re.fullmatch(r"xl/comments\d*\.xml", part):
                note = ElementTree.fromstring(package.read(part))
                used |= {f.get("val", "") for f in note.iter(f"{_MAIN}rFont")}
    return used


def test_shown_models_excels_formats() -> None:
    assert shown(1234567.891, "#,##0.00") == "1,234,567.89"
    assert shown(12.5, "0.0") == "12.5"
    assert shown(dt.date(2026, 3, 31), "yyyy-mm-dd") == "2026-03-31"
    assert shown("客户", "General") is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_template_column_shows_hashes(lang: str) -> None:
    found = [
        line
        for path in sorted((TEMPLATES / lang).glob("*.xlsx"))
        for line in too_narrow(path, f"{lang}/{path.name}")
    ]
    assert not found, found[:20]


def test_no_column_of_the_zh_company_shows_hashes(zh_run: Run) -> None:
    root = zh_run.root
    paths = [p for p in sorted(root.rglob("*.xlsx")) if "archive" not in p.parts]
    found = [line for p in paths for line in too_narrow(p, p.relative_to(root).as_posix())]
    assert not found, f"{len(found)} cells would show ###: {found[:20]}"


def test_zh_workbooks_name_a_font_with_chinese_glyphs(zh_run: Run) -> None:
    for path in [*sorted(zh_run.root.glob("*.xlsx")), *sorted((TEMPLATES / "zh").glob("*.xlsx"))]:
        fonts = cell_fonts(path) - {""}
        assert fonts == {FONTS["zh"]}, (path.name, fonts)
