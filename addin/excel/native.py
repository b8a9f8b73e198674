"""The few Excel operations free xlwings has no method for, through `.api` per platform.

Windows talks COM (pywin32), macOS AppleScript (appscript). Both are listed on the release
check list in docs/excel.md because no test here can reach a real Excel.
"""

from __future__ import annotations

import sys
from typing import Any


def set_protection(sheet: Any, on: bool) -> None:
    """Protect an output sheet as the writer does (sorting and filtering allowed), or lift it."""
    api = sheet.api
    if sys.platform == "darwin":
        if on:
            api.protect_worksheet(contents=True, allow_sorting=True, allow_filtering=True)
        else:
            api.unprotect()
    elif on:
        api.Protect(Contents=True, AllowSorting=True, AllowFiltering=True)
    else:
        api.Unprotect()


def delete_table(table: Any) -> None:
    """Remove an Excel Table (ListObject) and its cells' contents."""
    if sys.platform == "darwin":
        table.api.delete()
    else:
        table.api.Delete()
