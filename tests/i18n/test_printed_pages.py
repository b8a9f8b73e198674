"""The printed forms fit their pages in both languages, as LibreOffice prints them.

A manager prints the appraisal slips (one A4 page per rep, handed over in the talk), the
customer card (one page) and reads the How-to sheet; a Chinese label is about twice as wide
as its letters count, so each is printed to PDF from a demo company in English and in
Chinese, and the page count and the printed text are read back.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from addin.i18n import t
from addin.jobs.demo_cycle import run_demo
from tests.libreoffice import needs_libreoffice, printed

pytestmark = [
    needs_libreoffice,
    pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed"),
]

#: A word of each printed form's title, as each language prints it.
SLIP_TITLE = {"en": "Appraisal slip", "zh": "业务员考核单"}


@pytest.fixture(scope="session", params=["en", "zh"])
def company(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    lang = request.param
    root = tmp_path_factory.mktemp(f"print-{lang}") / "co"
    run_demo(root, lang=lang)
    return root, lang


def test_each_slip_prints_on_one_page(company: tuple[Path, str], tmp_path: Path) -> None:
    root, lang = company
    book = root / "appraisal.xlsx"
    reps = _scorecard_reps(book)
    pages, texts = printed(book, t(lang, "sheet.slips"), tmp_path)
    assert pages == len(reps) > 0
    for rep, text in zip(reps, texts, strict=True):
        assert rep in text and SLIP_TITLE[lang] in text  # its own rep, the whole slip
        # Every figure computed: a slip naming its Scorecard by another title than the
        # workbook's (Scorecard in a 考核结果 workbook) printed #NAME? in every cell.
        assert not any(e in text for e in ("#NAME?", "#REF!", "Err:", "#VALUE!")), text


def test_the_customer_card_prints_on_one_page(company: tuple[Path, str], tmp_path: Path) -> None:
    root, lang = company
    pages, texts = printed(root / "dashboard.xlsx", t(lang, "sheet.customer_card"), tmp_path)
    assert pages == 1
    picked = openpyxl.load_workbook(root / "dashboard.xlsx")[t(lang, "sheet.customer_card")]["B3"]
    assert str(picked.value).split()[0] in texts[0]  # the picked customer, computed and shown


def test_the_how_to_sheet_prints_whole_lines(company: tuple[Path, str], tmp_path: Path) -> None:
    root, lang = company
    sheet = t(lang, "sheet.guide")
    pages, texts = printed(root / "masters.xlsx", sheet, tmp_path)
    lines = [
        str(row[0])
        for row in openpyxl.load_workbook(root / "masters.xlsx")[sheet].iter_rows(values_only=True)
        if row[0]
    ]
    assert pages <= 2
    printed_text = " ".join(" ".join(texts).split())
    # every line of the guide is on paper, none cut at the page's edge
    for line in lines:
        assert " ".join(line.split())[-12:] in printed_text, line


def _scorecard_reps(book: Path) -> list[str]:
    """The reps of the Scorecard table, in its order (its first column is the rep id)."""
    workbook = openpyxl.load_workbook(book)
    ws = next(ws for ws in workbook.worksheets if "Scorecard" in ws.tables)
    first, last = ws.tables["Scorecard"].ref.split(":")
    rows = ws[f"{first}:{first[0]}{last.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"]
    return [str(c.value) for (c,) in rows[1:] if c.value]
