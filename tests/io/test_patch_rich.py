"""`check` patches a rich user workbook: only the marks change, every other part is kept.

The demo's masters workbook is dressed as a real user leaves it — a note of their own, rich
text, conditional formats, a data validation, a defined name, a chart on a sheet of their
own, formulas with the results Excel saved, and a VBA project (as .xlsm) — then a wrong
region is typed into Reps. After `salesdesk check`, each part of the package is compared
with the one before: byte for byte where the marks have no business, element by element
where they do, and the file still opens in openpyxl and in LibreOffice.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from defusedxml import ElementTree
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from addin.cli import main
from tests.libreoffice import needs_libreoffice, resaved

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RICH_TEXT = "Wang Lei (new)"
VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an OLE header: never run, only kept
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def _dress(source: Path, target: Path) -> None:
    """What a user adds over a month of work, saved by their spreadsheet program."""
    book = openpyxl.load_workbook(source)
    reps = book["Reps"]
    header = [c.value for c in reps[1]]
    region = header.index("Region ID") + 1
    reps.cell(row=2, column=region).value = "NOWHERE"  # the mistake check must mark
    name = reps.cell(row=3, column=2)
    name.comment = Comment("Call him on Mondays", "Li Na")
    name.fill = PatternFill("solid", fgColor="FFCCE5FF")
    # a rep's name typed with a bold part: rich text inside the table
    reps["B4"].value = CellRichText("Wang ", TextBlock(InlineFont(b=True), "Lei"), " (new)")
    reps.conditional_formatting.add(
        "A2:A40",
        CellIsRule(
            operator="equal", formula=['"R001"'], fill=PatternFill("solid", fgColor="FFFFEB9C")
        ),
    )
    rating = DataValidation(type="whole", operator="between", formula1="1", formula2="9")
    reps.add_data_validation(rating)
    rating.add("B40")
    mine = book.create_sheet("MyChart")
    for r, (label, value) in enumerate([("Q1", 10), ("Q2", 30), ("Q3", 20)], start=1):
        mine.cell(row=r, column=1, value=label)
        mine.cell(row=r, column=2, value=value)
    mine["B4"] = "=SUM(B1:B3)"
    chart = BarChart()
    chart.add_data(Reference(mine, min_col=2, min_row=1, max_row=3))
    chart.set_categories(Reference(mine, min_col=1, min_row=1, max_row=3))
    chart.title = "Quarters"
    mine.add_chart(chart, "D2")
    book.defined_names["MyQuarters"] = DefinedName("MyQuarters", attr_text="MyChart!$B$1:$B$3")
    book.save(target)
    _as_excel_saved_it(target)


def _as_excel_saved_it(path: Path) -> None:
    """Add what only Excel writes: the formula's saved result and a VBA project."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = next(
        n for n, d in parts.items() if n.startswith("xl/worksheets/") and b"SUM(B1:B3)" in d
    )
    parts[sheet] = re.sub(
        rb"<f>SUM\(B1:B3\)</f>(<v */>|<v></v>)?", b"<f>SUM(B1:B3)</f><v>60</v>", parts[sheet]
    )
    assert b"<v>60</v>" in parts[sheet]
    parts["xl/vbaProject.bin"] = VBA
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(XLSX, XLSM).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    parts["[Content_Types].xml"] = types.encode()
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
            'vbaProject" Target="vbaProject.bin"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _sheet_part(parts: dict[str, bytes], title: str) -> str:
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in workbook.iter(f"{NS}sheet"):
        if sheet.get("name") == title:
            rid = sheet.get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
            )
            return "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
    raise KeyError(title)


def _cells(xml: bytes) -> dict[str, dict[str, str]]:
    """Each cell's attributes and content, style index aside."""
    root = ElementTree.fromstring(xml)
    out = {}
    for c in root.iter(f"{NS}c"):
        attrs = {k: v for k, v in c.attrib.items() if k != "s"}
        attrs["content"] = "".join(ElementTree.tostring(child, encoding="unicode") for child in c)
        out[c.get("r")] = attrs
    return out


def _styles(xml: bytes) -> dict[str, str | None]:
    root = ElementTree.fromstring(xml)
    return {c.get("r"): c.get("s") for c in root.iter(f"{NS}c")}


def _outside_cells(xml: bytes) -> bytes:
    """The sheet part without its sheetData: everything a patch must leave as it was."""
    return re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>", b"", xml, flags=re.S)


@pytest.fixture
def rich_book(demo_master: Path, tmp_path: Path) -> Path:
    book = tmp_path / "masters.xlsm"
    _dress(demo_master / "masters.xlsx", book)
    return book


def _check(book: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(book)])
    assert result.exit_code == 1, result.output  # the typed mistake is an error
    return result.output


def test_check_changes_only_the_marks_of_a_rich_workbook(rich_book: Path) -> None:
    before = _parts(rich_book)
    _check(rich_book)
    after = _parts(rich_book)

    reps = _sheet_part(before, "Reps")
    reps_rels = reps.replace("worksheets/", "worksheets/_rels/") + ".rels"
    issues = _sheet_part(after, "Issues")
    # what the marks may touch: the marked sheet, its notes and their relationships, the
    # stylesheet (one fill added), the Issues sheet and the lists that name parts
    may_change = {
        reps,
        reps_rels,
        issues,
        issues.replace("worksheets/", "worksheets/_rels/") + ".rels",
        "xl/styles.xml",
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        *_notes_parts(after, reps_rels),
        *_tables_of(after, issues),
    }
    kept = {n: d for n, d in before.items() if n not in may_change}
    assert {n: after.get(n) for n in kept} == kept

    # the marked sheet: every cell as typed, only the marked cell restyled, and nothing
    # around the cells (conditional formats, validations, views) touched
    assert _cells(after[reps]) == _cells(before[reps])
    old_styles, new_styles = _styles(before[reps]), _styles(after[reps])
    region = _region_column(rich_book)
    assert {r for r, s in new_styles.items() if old_styles.get(r) != s} == {f"{region}2"}
    assert _outside_cells(after[reps]) == _outside_cells(before[reps])

    # the stylesheet only grows: the user's formats keep their numbers
    old_xfs = _xfs(before["xl/styles.xml"])
    assert _xfs(after["xl/styles.xml"])[: len(old_xfs)] == old_xfs

    # what the user sees in Excel
    ws = openpyxl.load_workbook(rich_book)["Reps"]
    assert "NOWHERE" in ws[f"{region}2"].comment.text
    assert ws["B3"].comment.text == "Call him on Mondays"
    assert ws["B3"].fill.fgColor.rgb == "FFCCE5FF"
    rich = openpyxl.load_workbook(rich_book, rich_text=True)["Reps"]["B4"].value
    assert isinstance(rich, CellRichText) and str(rich) == RICH_TEXT
    workbook = ElementTree.fromstring(after["xl/workbook.xml"])
    names = {d.get("name"): d.text for d in workbook.iter(f"{NS}definedName")}
    assert names["MyQuarters"] == "MyChart!$B$1:$B$3"
    assert after["xl/vbaProject.bin"] == VBA
    saved = openpyxl.load_workbook(rich_book, data_only=True)["MyChart"]
    assert saved["B4"].value == 60  # the result Excel saved is still there


def test_a_clean_run_takes_our_marks_away_and_keeps_the_users(
    rich_book: Path, tmp_path: Path
) -> None:
    original = tmp_path / "original.xlsm"
    original.write_bytes(rich_book.read_bytes())
    _check(rich_book)
    region = _region_column(rich_book)
    parts = _parts(rich_book)
    reps = _sheet_part(parts, "Reps")
    # the user corrects the cell as Excel would save it: that cell's value alone changes
    good = openpyxl.load_workbook(rich_book)["Reps"][f"{region}3"].value
    parts[reps] = _retype(parts[reps], f"{region}2", str(good))
    _write(rich_book, parts)
    result = CliRunner().invoke(main, ["check", str(rich_book)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(rich_book)["Reps"]
    assert ws[f"{region}2"].value == good
    assert ws[f"{region}2"].comment is None and ws[f"{region}2"].fill.fill_type is None
    assert _notes(rich_book) == _notes(original)  # the user's notes, as they wrote them
    before, clean = _parts(original), _parts(rich_book)
    assert clean["xl/vbaProject.bin"] == VBA
    assert _outside_cells(clean[reps]) == _outside_cells(before[reps])


@needs_libreoffice
def test_libreoffice_opens_the_patched_workbook(rich_book: Path, tmp_path: Path) -> None:
    _check(rich_book)
    saved = resaved(rich_book, tmp_path / "lo", tmp_path / "profile")
    book = openpyxl.load_workbook(saved)
    reps = book["Reps"]
    region = _region_column(rich_book)
    assert reps[f"{region}2"].value == "NOWHERE"
    assert "NOWHERE" in reps[f"{region}2"].comment.text
    assert reps["B3"].comment.text == "Call him on Mondays"
    assert "Issues" in book.sheetnames and book["MyChart"]["B1"].value == 10


def _notes(book: Path) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (ws.title, cell.coordinate): (cell.comment.author, cell.comment.text)
        for ws in openpyxl.load_workbook(book).worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.comment is not None
    }


def _resolve(target: str) -> str:
    """A sheet relationship's target as a part name (absolute, or relative to worksheets/)."""
    if target.startswith("/"):
        return target[1:]
    return "xl/" + target.removeprefix("../")


def _region_column(book: Path) -> str:
    header = [c.value for c in openpyxl.load_workbook(book)["Reps"][1]]
    return openpyxl.utils.get_column_letter(header.index("Region ID") + 1)


def _tables_of(parts: dict[str, bytes], sheet_part: str) -> set[str]:
    rels_part = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    if rels_part not in parts:
        return set()
    rels = ElementTree.fromstring(parts[rels_part])
    return {
        _resolve(r.get("Target", ""))
        for r in rels
        if r.get("Target", "").rsplit("/", 2)[-2:-1] == ["tables"]
    }


def _notes_parts(parts: dict[str, bytes], rels_part: str) -> set[str]:
    if rels_part not in parts:
        return set()
    rels = ElementTree.fromstring(parts[rels_part])
    out = set()
    for r in rels:
        target = r.get("Target", "")
        if "comments" in target or "vmlDrawing" in target:
            out.add(_resolve(target))
    return out


def _xfs(xml: bytes) -> list[str]:
    root = ElementTree.fromstring(xml)
    cell_xfs = root.find(f"{NS}cellXfs")
    return (
        [ElementTree.tostring(x, encoding="unicode") for x in cell_xfs]
        if cell_xfs is not None
        else []
    )


def _retype(sheet_xml: bytes, ref: str, text: str) -> bytes:
    xml = sheet_xml.decode()
    pattern = re.compile(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', re.S)
    match = pattern.search(xml)
    assert match, ref
    attrs = re.sub(r'\s*t="[^"]*"', "", match[1])
    return (
        xml[: match.start()]
        + f'<c r="{ref}"{attrs} t="inlineStr"><is><t>{text}</t></is></c>'
        + xml[match.end() :]
    ).encode()


def _write(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
