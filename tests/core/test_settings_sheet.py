"""The Settings sheet a company gets: every setting with what it does in the company's
language, yes/no as a word of that language — and what it writes reads back the same."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from addin.core.settings import Settings, settings_from_rows, settings_rows
from addin.i18n import Lang
from addin.io.company import load_masters
from addin.jobs.init import init_company

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_setting_says_what_it_does_in_the_company_language(lang: Lang) -> None:
    rows = settings_rows(Settings(lang=lang), lang)
    assert [key for key, _, _ in rows] == list(Settings.model_fields)
    for key, _, meaning in rows:
        assert meaning.strip(), key
        assert bool(CJK.search(meaning)) == (lang == "zh"), (key, meaning)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_what_the_sheet_is_written_with_reads_back_as_the_same_settings(lang: Lang) -> None:
    settings = Settings(lang=lang, accept_partial=False, holidays=["2026-10-01", "2026-10-02"])
    rows = settings_rows(settings, lang)
    shown = dict((key, value) for key, value, _ in rows)
    assert shown["accept_partial"] == {"en": "no", "zh": "否"}[lang]
    read, issues = settings_from_rows([(n + 2, k, v) for n, (k, v, _) in enumerate(rows)])
    assert issues == [] and read == settings


def test_a_chinese_company_reads_its_settings_sheet_and_a_yes_no_typed_in_chinese(
    tmp_path: Path,
) -> None:
    root = tmp_path / "co"
    init_company(root, demo=True, lang="zh")
    path = root / "masters.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["系统设置"]
    assert [c.value for c in sheet[1]] == ["设置项", "值", "说明"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["accept_partial"][1] == "是" and "有效行" in rows["accept_partial"][2]
    assert load_masters(path).settings.accept_partial is True
    at = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "accept_partial")
    sheet.cell(at, 2).value = "否"
    book.save(path)
    masters = load_masters(path)
    assert masters.issues == [] and masters.settings.accept_partial is False
