"""What a job hands back to its door (command line or Excel)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from addin.core.issues import Issue, has_errors


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

    @property
    def exit_code(self) -> int:
        return 1 if has_errors(self.issues) else 0

    def headline(self) -> str:
        errors = sum(1 for i in self.issues if i.severity == "error")
        warnings = sum(1 for i in self.issues if i.severity == "warning")
        if errors:
            return f"{self.job}: done, but {errors} problem(s) found — see the Issues sheet" + (
                f" ({warnings} warning(s))" if warnings else ""
            )
        if warnings:
            return f"{self.job}: done with {warnings} warning(s) — see the Issues sheet"
        return f"{self.job}: done"
