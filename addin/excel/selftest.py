"""`salesdesk addin selftest`: every button's job, in order, in the running Excel.

A demo company is made in a folder; each step opens its workbook in Excel, makes it the
caller (xlwings' `set_mock_caller`, what RunPython does) and runs the entry point the
button runs (`addin.entry`). Two more steps try what users do: a second click while a
job runs (the job lock must refuse it) and About. Message boxes go to the status bar
meanwhile, so nothing waits for a click. The report workbook (`selftest-report.xlsx`:
step, result, seconds, message, and the versions of Excel, xlwings, Python, the system)
is what a tester sends back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import platform
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.table import Table, TableStyleInfo

from addin.demo import generate_company
from addin.excel.bridge import quiet
from addin.excel.joblock import job_lock
from addin.i18n import default_lang, t
from addin.io.atomic import atomic_write
from addin.io.company import Company
from addin.jobs.init import Size, init_company
from addin.jobs.result import JobFailed, JobResult

REPORT = "selftest-report.xlsx"
HEADERS = ["Step", "Workbook", "Result", "Seconds", "Message"]
RESULT_FILL = {"ok": "FFC6EFCE", "problems": "FFFFEB9C", "failed": "FFFFC7CE"}


#: The entry points the buttons call (addin.entry), by name; handed in by the caller.
Buttons = Mapping[str, Callable[..., str]]


@dataclass(frozen=True, slots=True)
class Step:
    name: str  # the entry point in addin.entry
    stem: str  # the workbook it is pressed in
    asks_period: bool = False


#: The buttons in the order a month runs (docs/excel.md, release matrix).
STEPS: tuple[Step, ...] = (
    Step("check", "masters"),
    Step("split", "plan"),
    Step("issue", "masters", asks_period=True),
    Step("collect", "masters", asks_period=True),
    Step("status", "masters", asks_period=True),
    Step("age", "finance"),
    Step("appraise", "appraisal", asks_period=True),
    Step("dashboard", "dashboard"),
    Step("busy", "finance"),
    Step("about", "masters"),
)


@dataclass(slots=True)
class Outcome:
    step: str
    workbook: str
    result: str  # ok | problems | failed
    seconds: float
    message: str


def judge(step: str, message: str) -> str:
    """ok, problems (the job ran and reported input problems) or failed."""
    first = message.splitlines()[0] if message else ""
    if step == "busy":
        return "ok" if "still running" in first else "failed"
    if step == "about":
        return "ok" if first.startswith("SalesDesk ") and "xlwings" in message else "failed"
    if first.startswith(f"{step}: done"):
        return "problems" if "problem" in first else "ok"
    return "failed"


def _press(step: Step, book: Any, period: str, buttons: Buttons) -> str:
    book.set_mock_caller()
    if step.name == "busy":  # a second click while a job holds the lock
        with job_lock("selftest"):
            return buttons["age"]()
    if step.name == "about":
        return buttons["about"](xw.__version__)
    run = buttons[step.name]
    return run(period) if step.asks_period else run()


def run_steps(
    app: Any, root: Path, period: str, buttons: Buttons, steps: Sequence[Step] = STEPS
) -> list[Outcome]:
    company = Company(root)
    outcomes = []
    for step in steps:
        path = company.book(step.stem)
        started = time.perf_counter()
        try:
            book = _open(app, path)
            with quiet():
                message = _press(step, book, period, buttons)
            result = judge(step.name, message)
        except Exception as exc:  # the report says what broke; the next step still runs
            message, result = f"{type(exc).__name__}: {exc}", "failed"
        seconds = round(time.perf_counter() - started, 2)
        outcomes.append(Outcome(step.name, path.name, result, seconds, message))
        app.status_bar = f"SalesDesk self-test: {step.name} {result}"
    app.status_bar = False
    return outcomes


def _open(app: Any, path: Path) -> Any:
    for book in app.books:
        if Path(str(book.fullname)).resolve() == path.resolve():
            return book
    return app.books.open(str(path))


def versions(app: Any) -> list[tuple[str, str]]:
    try:
        ours = package_version("salesdesk")
    except PackageNotFoundError:
        ours = "(not installed as a package)"
    return [
        ("Excel", str(app.version)),
        ("xlwings", xw.__version__),
        ("Python", f"{sys.version.split()[0]} ({sys.executable})"),
        ("System", platform.platform()),
        ("SalesDesk", ours),
        ("Run at", dt.datetime.now().isoformat(timespec="seconds")),
    ]


def write_report(target: Path, outcomes: Sequence[Outcome], about: list[tuple[str, str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Selftest"
    for row, (name, value) in enumerate(about, start=1):
        sheet.cell(row=row, column=1, value=name).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=value)
    top = len(about) + 2
    for column, header in enumerate(HEADERS, start=1):
        sheet.cell(row=top, column=column, value=header)
    for row, outcome in enumerate(outcomes, start=top + 1):
        values: list[str | float] = [
            outcome.step,
            outcome.workbook,
            outcome.result,
            outcome.seconds,
            outcome.message,
        ]
        for column, item in enumerate(values, start=1):
            # text from a job's message is data, never a formula
            cell = sheet.cell(row=row, column=column, value=item)
            if isinstance(item, str):
                cell.data_type = "s"
        sheet.cell(row=row, column=3).fill = PatternFill(
            "solid", fgColor=RESULT_FILL[outcome.result]
        )
    end = top + max(1, len(outcomes))
    table = Table(displayName="Selftest", ref=f"A{top}:E{end}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    for letter, width in zip("ABCDE", (14, 18, 10, 9, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    atomic_write(target, book.save)
    return target


def selftest(
    folder: Path,
    app: Any,
    buttons: Buttons,
    *,
    size: Size = "small",
    steps: Sequence[Step] = STEPS,
) -> tuple[Path, list[Outcome]]:
    """Make the demo company in `folder` (new or empty), press every button in `app`,
    write the report into `folder`; returns (report, outcomes)."""
    root = Path(folder)
    if root.exists() and any(root.iterdir()):
        raise JobFailed(t(default_lang(), "excel.selftest_not_empty", folder=root))
    init_company(root, demo=True, size=size)
    period = generate_company(size=size).period
    outcomes = run_steps(app, root, period, buttons, steps)
    report = write_report(root / REPORT, outcomes, versions(app))
    return report, outcomes


def selftest_folder(home: Path, now: dt.datetime | None = None) -> Path:
    """A new folder for the ribbon's self-test: under Documents, named by the time."""
    base = home / "Documents" if (home / "Documents").is_dir() else home
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d %H%M%S")
    return base / f"SalesDesk self-test {stamp}"


def excel_app() -> Any:
    """The running Excel, or a new visible one (the tester watches the steps)."""
    try:
        return xw.apps.active if xw.apps.count else xw.App(visible=True, add_book=False)
    except Exception as exc:  # no Excel on this machine (Linux), or automation refused
        error = f"{type(exc).__name__}: {exc}"
        raise JobFailed(t(default_lang(), "excel.excel_unreachable", error=error)) from None


def selftest_job(
    folder: Path, buttons: Buttons, size: Size = "small", app: Any | None = None
) -> JobResult:
    """`addin selftest` and the ribbon's Self-test: the report, and one line per step."""
    app = app if app is not None else excel_app()
    report, outcomes = selftest(folder, app, buttons, size=size)
    result = JobResult("addin selftest")
    result.written.append(report)
    result.summary += [f"{o.step:<10} {o.result:<9} {o.seconds:>7.2f}s" for o in outcomes]
    failed = [o.step for o in outcomes if o.result == "failed"]
    result.summary.append(
        f"report: {report}" + (f" — failed: {', '.join(failed)}" if failed else " — all passed")
    )
    result.force_exit = 1 if failed else 0
    with contextlib.suppress(Exception):  # the report is on disk either way
        app.books.open(str(report))
    return result
