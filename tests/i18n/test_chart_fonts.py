"""Every text of every chart names the company's font: a chart does not follow the
workbook's Normal style, and Excel's default chart font has no Chinese glyphs."""

from __future__ import annotations

import re
import zipfile

from addin.books.styles import font_for
from tests.i18n.conftest import Run

_TEXT_PROPS = re.compile(r"<a:defRPr[^>]*/>|<a:defRPr[^>]*>.*?</a:defRPr>|<a:rPr[^>]*>.*?</a:rPr>")


def _chart_fonts(run: Run) -> dict[str, list[set[str]]]:
    fonts: dict[str, list[set[str]]] = {}
    for path in sorted(run.root.glob("*.xlsx")):
        with zipfile.ZipFile(path) as book:
            for name in book.namelist():
                if name.startswith("xl/charts/chart"):
                    xml = book.read(name).decode("utf-8")
                    runs = _TEXT_PROPS.findall(xml)
                    fonts[f"{path.name}:{name}"] = [
                        set(re.findall(r'<a:latin typeface="([^"]*)"', r)) for r in runs
                    ]
    return fonts


def test_zh_charts_are_drawn_in_the_chinese_font(zh_run: Run) -> None:
    fonts = _chart_fonts(zh_run)
    assert fonts, "the zh demo has charts"
    for chart, runs in fonts.items():
        assert runs, chart
        assert all(r == {font_for("zh")} for r in runs), (chart, runs)


def test_en_charts_are_drawn_in_the_workbook_font(en_run: Run) -> None:
    for chart, runs in _chart_fonts(en_run).items():
        assert all(r == {font_for("en")} for r in runs), (chart, runs)
