"""Render pictures of the demo company's workbooks for the docs (needs LibreOffice).

    python docs/make_pictures.py

Builds the demo company in a temporary folder, keeps one sheet (and its first rows) per
picture, has LibreOffice print it to PDF and pdftoppm turn page 1 into docs/img/*.png.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from addin.jobs.demo_cycle import run_demo

IMG = Path(__file__).resolve().parent / "img"
PICTURES = [
    ("masters.xlsx", "Customers", 25, "masters-customers"),
    ("plan.xlsx", "TargetCheck", 30, "plan-targetcheck"),
    ("plan.xlsx", "TargetsByRep", 20, "plan-targets-by-rep"),
    ("finance.xlsx", "Ageing", 25, "finance-ageing"),
    ("finance.xlsx", "Dunning", 20, "finance-dunning"),
    ("reps/rep-R001-*.xlsx", "DailyReport", 25, "rep-dailyreport"),
    ("reps/rep-R001-*.xlsx", "MyTotals", 10, "rep-mytotals"),
    ("returned/rep-R006-*.xlsx", "Issues", 15, "rep-returned-issues"),
]
#: The Chinese company's pictures for the README's 中文 section (sheet tabs in Chinese);
#: a whole workbook (sheet None) is printed as it is, charts included.
ZH_PICTURES = [
    ("dashboard.xlsx", None, 0, "zh-dashboard"),
    ("archive/*/rep-R001-*.xlsx", "业务员日报", 25, "zh-rep-dailyreport"),
]


def render(book_path: Path, sheet: str | None, rows: int, name: str, work: Path) -> Path:
    if sheet is None:  # the workbook as it is: page 1 is its first sheet
        single = work / f"{name}.xlsx"
        shutil.copyfile(book_path, single)
        return _print(single, name, work)
    book = openpyxl.load_workbook(book_path)
    for other in [s for s in book.sheetnames if s != sheet]:
        del book[other]
    ws = book[sheet]
    if ws.max_row > rows:
        ws.delete_rows(rows + 1, ws.max_row - rows)
        for table in ws.tables.values():
            first, last = table.ref.split(":")
            letters = "".join(ch for ch in last if ch.isalpha())
            table.ref = f"{first}:{letters}{rows}"
    ws.page_setup.orientation = "landscape"
    single = work / f"{name}.xlsx"
    book.save(single)
    return _print(single, name, work)


def _print(single: Path, name: str, work: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(single),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(work / f"{name}.pdf"),
            str(IMG / name),
        ],
        check=True,
    )
    return IMG / f"{name}.png"


def main() -> None:
    work = Path(tempfile.mkdtemp())
    IMG.mkdir(exist_ok=True)
    for lang, pictures in (("en", PICTURES), ("zh", ZH_PICTURES)):
        root = work / lang
        run_demo(root, lang=lang)
        for book, sheet, rows, name in pictures:  # rep files carry the demo's period
            (path,) = sorted(root.glob(book))
            print(render(path, sheet, rows, name, work))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
