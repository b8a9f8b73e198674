"""A plan's `Style`s as XlsxWriter formats: one shared format per distinct look (Excel
keeps a workbook's styles few, and so does a conditional format's differential style)."""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.format import Format

from addin.io.xlsx.book import Style

_FLAGS = (("bold", "bold"), ("italic", "italic"), ("wrap", "text_wrap"))
#: A thin line of this colour when a Style asks for a border without naming one.
BORDER_COLOR = "B4B4B4"


def format_options(style: Style) -> dict[str, Any]:
    """XlsxWriter's options for `style` (only what the style sets)."""
    props: dict[str, Any] = {name: True for key, name in _FLAGS if getattr(style, key)}
    if style.size:
        props["font_size"] = style.size
    if style.color:
        props["font_color"] = "#" + style.color
    if style.fill:
        props["bg_color"] = "#" + style.fill
        props["pattern"] = 1
    if style.valign:
        props["valign"] = style.valign
    if style.align:
        props["align"] = style.align
    if style.underline:
        props["underline"] = 1
    if style.num_format:
        props["num_format"] = style.num_format
    if style.unlocked:
        props["locked"] = False
    if style.border:
        color = "#" + (style.border_color or BORDER_COLOR)
        if style.border == "bottom":
            props.update(bottom=1, bottom_color=color)
        else:
            props.update(border=1, border_color=color)
    return props


class Formats:
    """Style → the one XlsxWriter format of that look in this workbook."""

    def __init__(self, book: xlsxwriter.Workbook, font: str = "") -> None:
        self.book = book
        self.font = font  # the book's font, for what is not a cell format (notes)
        self.cache: dict[Style, Format] = {}

    def __call__(self, style: Style | None) -> Format | None:
        if style is None:
            return None
        found = self.cache.get(style)
        if found is None:
            found = self.cache[style] = self.book.add_format(format_options(style))
        return found
