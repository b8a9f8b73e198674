"""Whole hostile files — wrong kinds, damage, bombs, macros, foreign exports, formula
injection — each give exactly their stated outcome, and nothing they hold is executed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.hostile import cases_files, foreign
from tests.hostile.base import Base
from tests.hostile.check_case import assert_case, params
from tests.hostile.corpus import Case


@pytest.mark.parametrize("case", params(cases_files.CASES))
def test_file_case(case: Case, base: Base, tmp_path: Path) -> None:
    assert_case(case, base, tmp_path)


def test_a_macro_workbook_keeps_its_macros_untouched_and_unrun(base: Base, tmp_path: Path) -> None:
    """check reads values only: the VBA project is carried over byte for byte, still
    a macro workbook, and nothing in it ran (it would have started a calculator)."""
    case = next(c for c in cases_files.CASES if c.name == "file-macro-workbook")
    result = assert_case(case, base, tmp_path)
    path = tmp_path / "co" / "masters.xlsm"
    assert result.exit == 1 and path.exists()
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/vbaProject.bin") == foreign.FAKE_VBA
        assert foreign.MACRO_BOOK_TYPE in zf.read("[Content_Types].xml").decode()


def test_text_too_long_for_a_cell_is_cut_in_the_issues_sheet(base: Base, tmp_path: Path) -> None:
    case = next(c for c in cases_files.CASES if c.name == "text-longer-than-a-cell")
    assert_case(case, base, tmp_path)
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "co" / "returned" / "rep-R001-2026-03.xlsx")
    longest = max(len(str(c.value or "")) for row in book["Issues"].iter_rows() for c in row)
    assert 1000 < longest <= 32_767
