"""What a job hands back to its door (command line or Excel)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from addin.core.issues import Issue, has_errors
from addin.core.wording import say


class JobFailed(Exception):
    """The job could not run at all (exit 2): a missing folder, an unreadable file…"""


@dataclass(slots=True)
class JobResult:
    job: str
    issues: list[Issue] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    data: dict[str, object] = field(default_factory=dict)
    #: Exit status regardless of issues (the demo plants problems on purpose).
    force_exit: int | None = None
    #: The workbooks whose Issues sheet lists this run's problems, as the user finds them
    #: (`returned/rep-R001-2026-03.xlsx`); empty: the files the issues name.
    marked: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if has_errors(self.issues) else 0

    def headline(self) -> str:
        errors = sum(1 for i in self.issues if i.severity == "error")
        warnings = sum(1 for i in self.issues if i.severity == "warning")
        if errors:
            return f"{self.job}: done, but {errors} problem(s) found — {self._see()}" + (
                f" ({warnings} warning(s))" if warnings else ""
            )
        if warnings:
            return f"{self.job}: done with {warnings} warning(s) — {self._see()}"
        return f"{self.job}: done"

    def _see(self) -> str:
        """Where to look: the Issues sheet of the workbooks named, or the lines above
        when no workbook holds them (a refused file is not marked)."""
        names = self.marked or sorted(
            {i.file for i in self.issues if i.file and i.severity != "info" and i.code != "refused"}
        )
        if not names:
            return "see the messages above"
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        return say("see_issues", files=shown)
