"""The house colours shared by the workbook layouts, by what they mean (RRGGBB).

A leaf: it imports nothing, so any layout may use it and none need import another
layout for a colour. Layouts make book-plan `Style`s of them.
"""

from __future__ import annotations

NAVY = "1F4E78"  # titles, section heads, header rows
GREY = "595959"  # notes and labels
ALERT = "FFC9C9"  # a row or cell that needs action
WATCH = "FFEBB5"  # a row or cell to watch
GOOD = "D9EAD3"  # ahead of plan
PICK = "FFF2CC"  # a cell the user types or picks in
BAND = "DDEBF7"  # light band behind labels
SHADE = "F2F2F2"  # parameters looked up from elsewhere
RULE = "B4B4B4"  # thin grid lines

#: The font a workbook is written in, by language: one with the glyphs of that language,
#: installed with Office (等线 is Office's own font for Chinese since 2016), so Chinese is
#: not drawn by a fallback font of another size and weight.
FONTS = {"en": "Calibri", "zh": "等线"}


def font_for(lang: str) -> str:
    """The workbook font for `lang` (English's for a language without its own)."""
    return FONTS.get(lang, FONTS["en"])
