"""xlwings entry points: what the SalesDesk ribbon and the template buttons run.

Each macro in addin/excel/macros/SalesDesk.bas calls one of these through RunPython, e.g.
`RunPython "import addin.entry as sd; sd.age()"`. Each takes `xw.Book.caller()` (the
active workbook), runs the same job function as the command line on it and its folder,
and ends with a plain message box. They return that message (for tests and logs).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from addin.excel.bridge import TITLE, Door, caller, run_job, tell_anywhere
from addin.excel.bridge import about as _about
from addin.excel.selftest import selftest_folder, selftest_job
from addin.jobs.result import JobFailed

__all__ = [
    "about",
    "age",
    "appraise",
    "check",
    "collect",
    "dashboard",
    "issue",
    "selftest",
    "split",
    "status",
]


def check() -> str:
    """Validate the open workbook, mark every problem, list them on its Issues sheet."""
    return run_job("check")


def split() -> str:
    """Split the company targets in plan.xlsx."""
    return run_job("split")


def issue(period: str | None = None) -> str:
    """Write reps/rep-<id>.xlsx for every active rep for `period` (YYYY-MM)."""
    return run_job("issue", period=period)


def collect(period: str | None = None) -> str:
    """Check and count the workbooks waiting in inbox/."""
    return run_job("collect", period=period)


def status(period: str | None = None) -> str:
    """Who handed in what for `period`, and who has not."""
    return run_job("status", period=period)


def age() -> str:
    """Receivables in finance.xlsx as of today."""
    return run_job("age")


def appraise(period: str) -> str:
    """Score every rep for `period` (YYYY-MM, YYYY-Qn or YYYY) in appraisal.xlsx."""
    return run_job("appraise", period=period)


def dashboard() -> str:
    """Refresh dashboard.xlsx."""
    return run_job("dashboard")


def about(addin_xlwings: str = "") -> str:
    """Show the versions the add-in runs with; works with no workbook open too."""
    message = _about(addin_xlwings)
    book = caller()
    if book is None:
        tell_anywhere(message)
        return message
    with contextlib.suppress(Exception):  # Excel went away: the text is returned
        Door(book).tell(message, critical=False)
    return message


def selftest() -> str:
    """Press every button on a demo company in a new folder; the report opens at the end."""
    book = caller()
    try:
        result = selftest_job(
            selftest_folder(Path.home()), ENTRY_POINTS, app=book.app if book else None
        )
        message, critical = f"{TITLE} self-test: {result.summary[-1]}", bool(result.force_exit)
    except JobFailed as exc:
        message, critical = f"{TITLE} self-test: {exc}", True
    if book is None:
        tell_anywhere(message)
    else:
        Door(book).tell(message, critical=critical)
    return message


#: What each button runs, by job name: the self-test presses them through this.
ENTRY_POINTS: dict[str, Callable[..., str]] = {
    "check": check,
    "split": split,
    "issue": issue,
    "collect": collect,
    "status": status,
    "age": age,
    "appraise": appraise,
    "dashboard": dashboard,
    "about": about,
}
