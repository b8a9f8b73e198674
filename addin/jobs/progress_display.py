"""How the command line shows progress: a rich bar on a terminal, plain lines otherwise.

Progress goes to stderr, so `--json` output on stdout stays clean.
"""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from addin.core.progress import ProgressSink, Step, describe, label_of


class PlainLines:
    """One line per finished step (`salesdesk: reading finance.xlsx: in 1.2 s`), for logs
    and pipes where a redrawn bar would be noise."""

    def __init__(self, stream: TextIO, prefix: str = "salesdesk", lang: str = "en") -> None:
        self.stream = stream
        self.prefix = prefix
        self.lang = lang

    def started(self, step: Step) -> None:
        pass

    def advanced(self, step: Step) -> None:
        pass

    def finished(self, step: Step) -> None:
        self.stream.write(f"{self.prefix}: {describe(step, finished=True, lang=self.lang)}\n")
        self.stream.flush()


class RichBar:
    """A bar per step with counts, elapsed time and time left; kept on screen when done."""

    def __init__(self, stream: TextIO, lang: str = "en") -> None:
        self.lang = lang
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self.tasks: dict[int, TaskID] = {}

    def started(self, step: Step) -> None:
        if not self.tasks:
            self.progress.start()
        self.tasks[id(step)] = self.progress.add_task(label_of(step, self.lang), total=step.total)

    def advanced(self, step: Step) -> None:
        task = self.tasks.get(id(step))
        if task is not None:
            self.progress.update(task, completed=step.done)

    def finished(self, step: Step) -> None:
        task = self.tasks.pop(id(step), None)
        if task is None:
            return
        if step.total is None:  # not countable: show it complete
            self.progress.update(task, total=1, completed=1)
        else:
            self.progress.update(task, completed=step.done)
        if not self.tasks:
            self.progress.stop()


def display_for(stream: TextIO, lang: str = "en") -> ProgressSink:
    """A bar when `stream` is a terminal, plain lines when it is a file or a pipe; the
    steps are named in `lang`."""
    return RichBar(stream, lang) if stream.isatty() else PlainLines(stream, lang=lang)
