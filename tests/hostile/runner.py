"""Run one hostile case through the real command line and record what happened.

Besides the answer (exit status, issues, refusal) the runner checks the two promises
every case must keep: no value the user typed changed (every cell of every input sheet
is compared before and after), and no cell became a live formula (the sheet XML is
scanned for `<f>` elements that were not there before).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from addin.cli import main
from addin.io.ledger import Ledger
from addin.io.reader import WorkbookFile
from addin.io.xlsx.relationships import sheet_paths
from addin.schema import TABLES
from tests.hostile.base import PERIOD, Base
from tests.hostile.corpus import Case, Where

OUTPUT_SHEETS = {"Issues"}  # what check and collect may rewrite in a workbook
_CELL = re.compile(rb"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]+\d+)"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)


@dataclass(slots=True)
class CaseResult:
    name: str
    exit: int
    output: str
    issues: set[Where] = field(default_factory=set)
    changed: list[str] = field(default_factory=list)  # typed values that changed
    formulas: list[str] = field(default_factory=list)  # cells that became live formulas
    reads: list[str] = field(default_factory=list)  # read-backs that differ

    @property
    def traceback(self) -> bool:
        return "Traceback" in self.output or "internal error" in self.output


def snapshot(path: Path) -> dict[str, dict[str, Any]] | None:
    """Every cell value of every sheet but the outputs; None if openpyxl cannot open it."""
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:
        return None
    try:
        return {
            ws.title: {
                c.coordinate: c.value
                for row in ws.iter_rows()  # type: ignore[union-attr]
                for c in row
                if c.value is not None and hasattr(c, "coordinate")
            }
            for ws in book.worksheets
            if ws.title not in OUTPUT_SHEETS
        }
    except Exception:  # parts are parsed lazily: a damaged sheet shows up only here
        return None
    finally:
        book.close()


def formulas(path: Path) -> set[tuple[str, str, bytes]]:
    """(sheet, cell, formula text) of every formula cell in the file."""
    try:
        parts = {part: name for name, part in sheet_paths(path).items()}
        with zipfile.ZipFile(path) as zf:
            found = set()
            for part, sheet in parts.items():
                for cell in _CELL.finditer(zf.read(part)):
                    formula = _FORMULA.search(cell.group(2))
                    ref = _REF.search(cell.group(1))
                    if formula and ref:
                        found.add((sheet, ref.group(1).decode(), formula.group(1) or b""))
            return found
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return set()
    except Exception:  # a part defusedxml refuses: the file is refused before any write
        return set()


def live_formulas(
    before: set[tuple[str, str, bytes]],
    after: set[tuple[str, str, bytes]],
    typed: dict[str, dict[str, Any]] | None,
) -> list[str]:
    """Formula cells that are new, or whose formula holds text the user typed as text.

    A formula that was in the file before may come back re-serialised (LibreOffice and
    openpyxl quote sheet names differently), so cells are compared by position; the text
    check catches user text turned into a formula anywhere."""
    had = {(s, c) for s, c, _ in before}
    existing = {html.unescape(raw.decode("utf-8", "replace")) for _, _, raw in before}
    user = {  # text cells that look like formulas (the snapshot shows formulas as "=…" too)
        v.lstrip("=+-@")
        for cells in (typed or {}).values()
        for v in cells.values()
        if isinstance(v, str)
        and v[:1] in ("=", "+", "-", "@")
        and len(v) > 3
        and v[1:] not in existing
    }
    out = []
    for sheet, cell, raw in sorted(after):
        text = html.unescape(raw.decode("utf-8", "replace"))
        if (sheet, cell) not in had or any(u and u in text for u in user):
            out.append(f"{sheet}!{cell}: {text}")
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare(case: Case, base: Base, work: Path) -> tuple[Path, Path]:
    """A private copy of the clean company; the case's file made from its base file."""
    company = work / "co"
    shutil.copytree(base.company, company)
    start = company / base.book(case.base).relative_to(base.company)
    return company, case.make(start)


def run_case(case: Case, base: Base, work: Path) -> CaseResult:
    company, path = prepare(case, base, work)
    # Values are compared only where bytes changed: a refused file must stay byte-equal,
    # and is never parsed here (a bomb would hurt the test as much as the product).
    original = work / f"original{path.suffix}"
    if path.is_file():
        shutil.copyfile(path, original)
    before_bytes = _digest(path) if path.is_file() else ""
    runner = CliRunner()
    if case.door == "check":
        run = runner.invoke(main, ["check", "--json", str(path)])
    else:
        run = runner.invoke(main, ["collect", str(company), str(path)])
    output = run.output + (
        f"\n{run.exception!r}" if run.exception and run.exit_code not in (0, 1, 2) else ""
    )
    result = CaseResult(case.name, run.exit_code, output)
    if case.door == "check" and run.exit_code in (0, 1):
        payload = json.loads(run.stdout)
        result.issues = {_where(i["code"], i["sheet"], i["cell"]) for i in payload["issues"]}
        written = path
    elif case.door == "collect":
        # a file collect refuses leaves no submission; one it reads leaves its issues
        recorded = _ledger_issues(company, path.name)  # an accepted file records none
        result.issues = {("refused", "")} if recorded is None else recorded
        written = company / "returned" / path.name
        if not path.is_file():  # collected: it left the inbox for the period's archive
            path = company / "archive" / PERIOD / path.name
        if path.is_file() and _digest(path) != before_bytes:
            result.changed.append(f"{path.name}: the inbox file itself was changed")
    else:
        written = path
    if written.is_file() and original.is_file() and _digest(written) != before_bytes:
        before_values = snapshot(original)
        if before_values is None:
            result.changed.append(f"{path.name}: a file that could not be read was rewritten")
        else:
            result.changed += _changed(before_values, snapshot(written))
        result.formulas = live_formulas(formulas(original), formulas(written), before_values)
    result.reads = _read_back(case, path)
    return result


def _where(code: str, sheet: str, cell: str) -> Where:
    return code, f"{sheet}!{cell}" if cell else sheet


def _ledger_issues(company: Path, file_name: str) -> set[Where] | None:
    """The issues recorded with the file's submission; None when it was not submitted."""
    ledger_file = company / "ledger.sqlite"
    if not ledger_file.exists():
        return None
    with Ledger.open(ledger_file) as ledger:
        subs = ledger.submissions()
        ids = subs.loc[subs["file_name"] == file_name, "submission_id"].tolist()
        if not ids:
            return None
        out: set[Where] = set()
        for sid in ids:
            found = ledger.issues(int(sid))
            out |= {
                _where(c, s or "", cell or "")
                for c, s, cell in zip(found["code"], found["sheet"], found["cell"], strict=True)
            }
        return out


def _changed(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]] | None
) -> list[str]:
    if after is None:
        return ["the workbook no longer opens"]
    out = []
    for sheet, cells in before.items():
        now = after.get(sheet)
        if now is None:
            out.append(f"sheet {sheet} is gone")
            continue
        for ref in sorted(set(cells) | set(now)):
            if cells.get(ref) != now.get(ref):
                out.append(f"{sheet}!{ref}: {cells.get(ref)!r} became {now.get(ref)!r}")
    return out


def _read_back(case: Case, path: Path) -> list[str]:
    """Values the reader delivers for the cells the case names (accepted forms)."""
    wrong = []
    for table, row, key, value in case.expect.reads:
        with WorkbookFile(path) as book:
            frame = book.read(TABLES[table], required=False).frame
        got = frame.loc[frame["_row"] == row, key].tolist()
        if got != [value]:
            wrong.append(f"{table} row {row} {key}: read {got!r}, expected [{value!r}]")
    return wrong
