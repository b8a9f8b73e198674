"""A sheet the rep renamed (DailyReport → 我的日报) is named as the rep sees it now,
everywhere a problem is reported: console lines of check and collect, the Issues
sheet and its links, the cell notes and the returned copy's first line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from addin.cli import main
from tests.hostile.base import build_base
from tests.hostile.mutate import edit_book, put, rename_sheet

TAB = "我的日报"


def renamed_report(root: Path) -> tuple[Path, Path]:
    base = build_base(root)
    sent = base.book("rep")
    edit_book(
        sent,
        rename_sheet("DailyReport", TAB),
        put(TAB, {"E3": "party", "B4": "C001 Hilltop Mart"}),
    )
    return base.company, sent


def assert_reported_on_the_tab(lines: list[str], workbook: Path) -> None:
    located = [line for line in lines if line.startswith("rep-R001-2026-03.xlsx:")]
    assert sorted(line.split(": ", 1)[0] for line in located) == [
        f"rep-R001-2026-03.xlsx:{TAB}!B4",
        f"rep-R001-2026-03.xlsx:{TAB}!E3",
    ]
    book = openpyxl.load_workbook(workbook)
    issues = book["Issues"]
    listed = [
        (row[0].value, next(c.hyperlink.location for c in row if c.hyperlink is not None))
        for row in issues.iter_rows(min_row=4)
        if row[0].value
    ]
    assert sorted(listed) == [(TAB, f"'{TAB}'!B4"), (TAB, f"'{TAB}'!E3")]
    sheet = book[TAB]
    assert "[not_allowed]" in sheet["E3"].comment.text
    assert "[code_name_mismatch]" in sheet["B4"].comment.text
    assert "DailyReport" not in book.sheetnames


def test_check_names_the_renamed_sheet_in_every_place(tmp_path: Path) -> None:
    _, sent = renamed_report(tmp_path)
    result = CliRunner().invoke(main, ["check", str(sent)])
    assert result.exit_code == 1, result.output
    assert_reported_on_the_tab(result.stderr.splitlines(), sent)


def test_collect_names_the_renamed_sheet_and_its_returned_copy_too(tmp_path: Path) -> None:
    company, sent = renamed_report(tmp_path)
    result = CliRunner().invoke(main, ["collect", str(company)])
    assert result.exit_code == 1, result.output
    returned = company / "returned" / sent.name
    assert_reported_on_the_tab(result.stderr.splitlines(), returned)
    headline = openpyxl.load_workbook(returned)["Issues"]["A1"].value
    assert headline.startswith(f"Counted: {TAB} 1/3 rows, ")


def test_rows_under_a_renamed_sheet_s_table_name_the_tab(tmp_path: Path) -> None:
    from openpyxl.utils import range_boundaries

    _, sent = renamed_report(tmp_path)
    book = openpyxl.load_workbook(sent)
    last = range_boundaries(book[TAB].tables["DailyReport"].ref)[3]
    edit_book(sent, put(TAB, {f"I{last + 1}": "typed below the table"}))
    result = CliRunner().invoke(main, ["check", str(sent)])
    (under,) = [line for line in result.stderr.splitlines() if "typed under" in line]
    assert under == (
        f"rep-R001-2026-03.xlsx:{TAB}!A{last + 1}: warning: 1 row(s) typed under the table "
        f"{TAB} (rows {last + 1}–{last + 1}) were read too; resize the table to include them"
    )


def test_a_message_naming_another_renamed_sheet_of_the_workbook_names_its_tab(
    tmp_path: Path,
) -> None:
    base = build_base(tmp_path)
    sent = base.book("rep")
    edit_book(sent, rename_sheet("MyProducts", "产品"), put("Forecast", {"C2": "P99"}))
    result = CliRunner().invoke(main, ["check", str(sent)])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == ["rep-R001-2026-03.xlsx:Forecast!C2: 'P99' is not in 产品"]
    book = openpyxl.load_workbook(sent)
    assert book["Forecast"]["C2"].comment.text.startswith("[unknown_product] 'P99' is not in 产品")
    (message,) = [r[6].value for r in book["Issues"].iter_rows(min_row=4) if r[4].value]
    assert message == "'P99' is not in 产品"
