"""What a job hands back to its door (command line or Excel)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from addin.core.issues import Issue, has_errors
from addin.i18n import Msg, say, t


def files_by_worst(issues: list[Issue]) -> list[str]:
    """The files whose Issues sheet lists `issues`, those with errors first: the one to
    open is never hidden behind workbooks that only hold warnings."""
    worst: dict[str, bool] = {}
    for i in issues:
        if i.file and i.severity != "info" and i.code != "refused":
            worst[i.file] = worst.get(i.file, False) or i.severity == "error"
    return sorted(worst, key=lambda f: (not worst[f], f))


class JobFailed(Exception):
    """The job could not run at all (exit 2): a missing folder, an unreadable file…"""


@dataclass(slots=True)
class JobResult:
    job: str
    issues: list[Issue] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    #: Lines for the console: a message (said in `lang`) or plain text (paths, names).
    summary: list[Msg | str] = field(default_factory=list)
    data: dict[str, object] = field(default_factory=dict)
    #: Exit status regardless of issues (the demo plants problems on purpose).
    force_exit: int | None = None
    #: The workbooks whose Issues sheet lists this run's problems, as the user finds them
    #: (`returned/rep-R001-2026-03.xlsx`); empty: the files the issues name.
    marked: list[str] = field(default_factory=list)
    #: The company's language: what the console says is said in it.
    lang: str = "en"

    @property
    def exit_code(self) -> int:
        return 1 if has_errors(self.issues) else 0

    def lines(self) -> list[str]:
        """The summary as text in the company's language."""
        return say(self.lang, self.summary)

    def headline(self) -> str:
        errors = sum(1 for i in self.issues if i.severity == "error")
        warnings = sum(1 for i in self.issues if i.severity == "warning")
        if errors and warnings:
            kind = "problems_and_warnings"
        else:
            kind = "problems" if errors else "warnings" if warnings else "done"
        job = t(self.lang, "job." + self.job.replace(" ", "_"))
        return t(
            self.lang,
            f"cli.headline.{kind}",
            job=job,
            errors=errors,
            warnings=warnings,
            see=self._see() if errors or warnings else "",
        )

    def _see(self) -> str:
        """Where to look: the Issues sheet of the workbooks named, or the lines above
        when no workbook holds them (a refused file is not marked)."""
        names = self.marked or files_by_worst(self.issues)
        if not names:
            return t(self.lang, "cli.see.above")
        shown = t(self.lang, "list.sep").join(names[:3])
        if len(names) > 3:
            shown = t(self.lang, "cli.see.more", files=shown, count=len(names) - 3)
        return t(self.lang, "cli.see.issues_of", files=shown)
