"""Which job each Excel button runs, how it is called, and what it writes.

The job modules are imported by name when the button is pressed, so a job that lands
later (appraise, dashboard) needs no change here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from addin.i18n import default_lang, t
from addin.jobs.result import JobFailed, JobResult

Call = Callable[[Callable[..., JobResult], Path, Path, dict[str, Any]], JobResult]


@dataclass(frozen=True, slots=True)
class ExcelJob:
    name: str
    module: str
    function: str
    call: Call
    #: The workbook the job rewrites: "caller", a company stem, or None (files elsewhere).
    writes: str | None
    #: The sheet to show when the job is done.
    show: str | None = None

    def function_object(self) -> Callable[..., JobResult]:
        try:
            module = importlib.import_module(self.module)
        except ModuleNotFoundError as exc:
            if exc.name == self.module:
                raise JobFailed(t(default_lang(), "excel.job_missing", job=self.name)) from None
            raise
        return getattr(module, self.function)  # type: ignore[no-any-return]


JOBS: dict[str, ExcelJob] = {
    job.name: job
    for job in (
        ExcelJob(
            "check",
            "addin.jobs.check",
            "check",
            lambda f, root, book, p: f(book),
            "caller",
            "Issues",
        ),
        ExcelJob(
            "split",
            "addin.jobs.split",
            "split",
            lambda f, root, book, p: f(root),
            "plan",
            "TargetsByRep",
        ),
        ExcelJob(
            "issue",
            "addin.jobs.issue",
            "issue_workbooks",
            lambda f, root, book, p: f(root, p.get("period")),
            None,
        ),
        ExcelJob(
            "collect",
            "addin.jobs.collect",
            "collect",
            lambda f, root, book, p: f(root, None, period=p.get("period")),
            None,
        ),
        ExcelJob(
            "status",
            "addin.jobs.status",
            "status",
            lambda f, root, book, p: f(root, p.get("period")),
            None,
        ),
        ExcelJob(
            "age",
            "addin.jobs.age",
            "age",
            lambda f, root, book, p: f(root, p.get("as_of")),
            "finance",
            "Ageing",
        ),
        ExcelJob(
            "appraise",
            "addin.jobs.appraise",
            "appraise",
            lambda f, root, book, p: f(root, p.get("period")),
            "appraisal",
            "Scorecard",
        ),
        ExcelJob(
            "dashboard",
            "addin.jobs.dashboard",
            "dashboard",
            lambda f, root, book, p: f(root),
            "dashboard",
            "Warnings",
        ),
    )
}
