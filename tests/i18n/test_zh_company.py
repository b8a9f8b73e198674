"""A Chinese company sees Chinese: the zh demo run through the whole cycle, every workbook
opened, and the parts that are done read for Latin words.

Read here: visible sheet tabs, every table's header row and header notes, data-validation
prompts and error alerts, dropdown columns' values, the Issues sheets' messages, the
rep's running totals, the Overview and the console. Codes (C00001, INV2024-000001),
units and product names typed by the company (250ml) are allowed; so is SalesDesk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from addin.schema import TABLES
from tests.i18n.conftest import Run

#: A Latin word (two letters or more) that is not part of a code, a unit or our name.
_WORD = re.compile(r"(?<![A-Za-z0-9_\-])[A-Za-z]{2,}(?![A-Za-z0-9_\-])")
ALLOWED = {"SalesDesk", "ml", "kg", "ABC", "ERP", "Excel", "split", "salesdesk", "issue", "init"}


@pytest.fixture(scope="session")
def zh_company(zh_run: Run) -> tuple[Path, str]:
    """The session's zh demo company (conftest.py) and what `demo` printed."""
    demo = [s.text for s in zh_run.console if s.where.startswith("`salesdesk demo` ")]
    return zh_run.root, "\n".join(demo)


_FILE = re.compile(r"\S+\.xlsx|\S*/\S*")


def latin(text: object) -> list[str]:
    """Latin words of `text`, file names and paths (masters.xlsx, returned/) aside."""
    words = _WORD.findall(_FILE.sub("", str(text or "")))
    return [w for w in words if w not in ALLOWED]


def books(root: Path) -> Iterator[tuple[str, openpyxl.Workbook]]:
    for path in sorted(root.rglob("*.xlsx")):
        yield path.relative_to(root).as_posix(), openpyxl.load_workbook(path)


def test_sheet_tabs_are_chinese(zh_company: tuple[Path, str]) -> None:
    root, _ = zh_company
    found = [
        f"{name}: {ws.title}"
        for name, book in books(root)
        for ws in book.worksheets
        if ws.sheet_state == "visible" and latin(ws.title)
    ]
    assert not found


def test_table_headers_notes_validations_and_dropdown_values_are_chinese(
    zh_company: tuple[Path, str],
) -> None:
    root, _ = zh_company
    found: list[str] = []
    for name, book in books(root):
        for ws in book.worksheets:
            for table_name, ref in ws.tables.items():
                spec = TABLES.get(table_name)
                first = ws[ref.split(":")[0]]
                header = first.row
                for cell in ws[header]:
                    for text in (cell.value, cell.comment.text if cell.comment else ""):
                        found += [f"{name}:{ws.title}!{cell.coordinate} {w}" for w in latin(text)]
                if spec is None:
                    continue
                labels = [c.value for c in ws[header]]
                for column in spec.columns:
                    if not column.allowed or column.label("zh") not in labels:
                        continue
                    col = labels.index(column.label("zh")) + 1
                    for (value,) in ws.iter_rows(
                        min_row=header + 1, min_col=col, max_col=col, values_only=True
                    ):
                        if isinstance(value, str) and value in column.allowed and latin(value):
                            found.append(f"{name}:{ws.title} {column.key}={value}")
            for dv in ws.data_validations.dataValidation:
                for text in (dv.prompt, dv.error, dv.promptTitle, dv.errorTitle):
                    found += [f"{name}:{ws.title} validation: {w}" for w in latin(text)]
    assert not found, found[:20]


def test_issues_sheets_and_console_speak_chinese(zh_company: tuple[Path, str]) -> None:
    root, output = zh_company
    found: list[str] = []
    for name, book in books(root):
        if "问题清单" not in book.sheetnames:
            continue
        ws = book["问题清单"]
        labels = [c.value for c in ws[3]]
        message = labels.index(TABLES["Issues"].column("message").label("zh")) + 1
        for (text,) in ws.iter_rows(min_row=4, min_col=message, max_col=message, values_only=True):
            found += [f"{name}: {text}" for w in latin(text)]
    assert not found, found[:10]
    summary = [line for line in output.splitlines() if not line.startswith("salesdesk:")]
    assert summary and not [line for line in summary if latin(line)], summary


#: Latin brackets or a Latin colon touching Chinese (`C00029 (上海源通)`, `警告: `), a
#: Latin list comma (`R001, R002`) or a spaced dash (`（-100%） — 无目标`).
_LATIN_PUNCTUATION = re.compile(r"[\u4e00-\u9fff]\)|\([\u4e00-\u9fff]|[\u4e00-\u9fff]: |, | — ")


def test_console_messages_use_chinese_punctuation(zh_company: tuple[Path, str]) -> None:
    """After the `file:sheet!C12: ` location (kept as the contract spells it), a message
    is punctuated as Chinese is written: names in full-width brackets, 警告：, 5/5 after ：."""
    _, output = zh_company
    lines = output.splitlines()
    located = [line for line in lines if ": " in line and not line.startswith("salesdesk:")]
    messages = [line.split(": ", 1)[1] for line in located]
    assert any(m.startswith("警告：") for m in messages), messages[:5]
    assert any("（" in m and re.search(r"[A-Z]\d{3,}（", m) for m in messages), messages[:5]
    progress = [line.removeprefix("salesdesk: ") for line in lines if line.startswith("salesdesk:")]
    assert any(re.search(r"：\d+/\d+（", p) for p in progress), progress
    said = [line for line in lines if not line.startswith("salesdesk:") and ": " not in line]
    bad = [m for m in messages + progress + said if _LATIN_PUNCTUATION.search(m)]
    assert not bad, bad[:5]


def test_rep_totals_and_overview_are_chinese(zh_company: tuple[Path, str]) -> None:
    root, _ = zh_company
    rep = openpyxl.load_workbook(next((root / "reps").glob("rep-*.xlsx")))
    totals = rep["本月合计"]
    labels = [row[0] for row in totals.iter_rows(min_row=2, max_col=1, values_only=True) if row[0]]
    assert "拜访次数" in labels and not [x for x in labels if latin(x)]
    overview = openpyxl.load_workbook(root / "dashboard.xlsx")["总览"]
    texts = [c.value for row in overview.iter_rows(max_col=1) for c in row if c.value]
    assert "本月销售额（万元）" in texts
    assert not [x for x in texts if latin(x)], texts
