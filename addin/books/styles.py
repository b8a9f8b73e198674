"""The house look shared by the workbook layouts: fonts and fills by what they mean.

A leaf: it imports nothing from the package, so any layout may use it and none need
import another layout for a colour. Table headers keep the look of `io.writer`, which
writes tables into users' workbooks too.
"""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill

NAVY = "FF1F4E78"
NOTE_FONT = Font(italic=True, color="FF595959")
SECTION_FONT = Font(bold=True, size=12, color=NAVY)
BOLD = Font(bold=True)
ALERT_FILL = PatternFill("solid", fgColor="FFFFC9C9")
WATCH_FILL = PatternFill("solid", fgColor="FFFFEBB5")
GOOD_FILL = PatternFill("solid", fgColor="FFD9EAD3")
