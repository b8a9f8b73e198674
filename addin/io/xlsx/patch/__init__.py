"""Existing workbooks patched part by part, never rewritten through a model.

`package.py` the edit session (parts on demand, the rest copied as stored by
`zipcopy.py`); `styles.py` stylesheet entries appended; `cells.py` cell formats of a sheet
part (the marks' fills); `notes.py` comments and their VML shapes; `transplant.py` a sheet
rendered by the book plan moved in; `edit.py` the one call jobs make.
"""

from addin.io.xlsx.patch.edit import Mark, patch_workbook, sheet_titles, tables_on_sheets
from addin.io.xlsx.patch.notes import AUTHOR, NOTE_SEPARATOR
from addin.io.xlsx.patch.styles import MARK_COLORS

__all__ = [
    "AUTHOR",
    "MARK_COLORS",
    "NOTE_SEPARATOR",
    "Mark",
    "patch_workbook",
    "sheet_titles",
    "tables_on_sheets",
]
