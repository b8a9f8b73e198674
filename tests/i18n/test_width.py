"""Column widths follow what a column shows, Chinese characters counting double."""

from __future__ import annotations

from addin.i18n.width import MAX_WIDTH, display_width, fit_width


def test_chinese_characters_count_double() -> None:
    assert display_width("C00001") == 6
    assert display_width("客户编号") == 8
    assert display_width("年度目标（元）") == 14


def test_a_chinese_header_gets_a_wider_column_than_the_same_count_of_latin_letters() -> None:
    assert fit_width("客户资料卡备注", [], "text") > fit_width("Remarks", [], "text")


def test_money_is_measured_as_excel_shows_it_with_separators() -> None:
    # 12,345,678.90 is 13 characters: a width of 11 would show ###
    assert fit_width("金额", [12345678.9], "money") >= 15


def test_long_text_is_capped() -> None:
    assert fit_width("备注", ["很长的说明" * 40], "text") == MAX_WIDTH
