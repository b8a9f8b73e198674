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


def printed(book: Path, sheet: str, work: Path) -> tuple[int, list[str]]:
    """Print sheet `sheet` of `book` to PDF with LibreOffice: its page count and the text
    of each page. The other sheets are hidden and their print areas dropped (LibreOffice
    prints a print area even of a hidden sheet); formulas are recalculated on load."""
    import openpyxl

    copy = openpyxl.load_workbook(book)
    for ws in copy.worksheets:
        if ws.title != sheet:
            ws.sheet_state = "hidden"
            ws.print_area = None
    copy.active = copy.sheetnames.index(sheet)
    work.mkdir(parents=True, exist_ok=True)
    alone = work / "printed.xlsx"
    copy.save(alone)
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(alone),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = work / "printed.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(x.split()[-1] for x in info.stdout.splitlines() if x.startswith("Pages:")))
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]
    return pages, texts
