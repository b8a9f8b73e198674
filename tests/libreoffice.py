"""Recalculate a workbook with a real spreadsheet engine (LibreOffice, headless).

LibreOffice keeps cached formula values on load unless told otherwise, so each call uses
its own profile with OOXMLRecalcMode = 0 ("always recalculate").
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def recalculated(book: Path, work: Path) -> Path:
    """A copy of `book` with every formula recalculated by LibreOffice."""
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE)
    return resaved(book, work / "recalculated", profile)


def resaved(book: Path, out: Path, profile: Path) -> Path:
    """`book` opened and saved again as .xlsx by LibreOffice (headless, its own profile)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / (book.stem + ".xlsx")
