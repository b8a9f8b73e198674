"""Progress of long work, told to whoever is listening.

A job marks its steps with `step("reading finance.xlsx", total=n)` and, where it loops,
`advance()`s the step; it never knows who listens. The door decides: the command line
installs a rich progress bar on a terminal or one plain line per step otherwise, the
Excel door a callback that writes Excel's status bar (`reporting(sink)` for the run).
With nobody listening every call is a no-op, so core and tests pay nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from addin.i18n import Localized, t

T = TypeVar("T")


@dataclass
class Step:
    """One step of a job: what it does, how far it got (`total` None: not countable)."""

    label: str | Localized  # a message, said in whichever language the listener speaks
    total: int | None = None
    done: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def left(self) -> float | None:
        """Seconds left at the rate so far; None until there is a rate to go by."""
        if not self.total or self.done <= 0:
            return None
        return self.elapsed * (self.total - self.done) / self.done


class ProgressSink(Protocol):
    """Who is told: a step starts, moves on, ends (each call with the same `Step`)."""

    def started(self, step: Step) -> None: ...

    def advanced(self, step: Step) -> None: ...

    def finished(self, step: Step) -> None: ...


_sink: ContextVar[ProgressSink | None] = ContextVar("salesdesk_progress", default=None)
_current: ContextVar[Step | None] = ContextVar("salesdesk_progress_step", default=None)


@contextmanager
def reporting(sink: ProgressSink | None) -> Iterator[None]:
    """Tell `sink` about every step run inside the block."""
    token = _sink.set(sink)
    try:
        yield
    finally:
        _sink.reset(token)


@contextmanager
def step(label: str | Localized, total: int | None = None) -> Iterator[Step]:
    """A step of the running job; `advance()` inside it moves its count on."""
    current = Step(label, total)
    sink = _sink.get()
    token = _current.set(current)
    if sink is not None:
        sink.started(current)
    try:
        yield current
    finally:
        _current.reset(token)
        if sink is not None:
            sink.finished(current)


def advance(count: int = 1) -> None:
    """Count `count` more units of the current step done."""
    current = _current.get()
    if current is None:
        return
    current.done += count
    sink = _sink.get()
    if sink is not None:
        sink.advanced(current)


def track(items: Iterable[T], label: str | Localized, total: int | None = None) -> Iterator[T]:
    """Each item of `items` as one unit of a step called `label`."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with step(label, total):
        for item in items:
            yield item
            advance()


class CallbackSink:
    """Each change as one line of text, for a status bar (Excel's) that shows one line.

    Calls are thinned to one per `every` seconds within a step: Excel redraws its status
    bar on each write, and a loop over 1,000 reps must not wait on that.
    """

    def __init__(
        self, tell: Callable[[str], None], *, every: float = 0.5, lang: str = "en"
    ) -> None:
        self.tell = tell
        self.every = every
        self.lang = lang
        self._last = 0.0

    def started(self, step: Step) -> None:
        self._last = time.monotonic()
        self.tell(describe(step, lang=self.lang))

    def advanced(self, step: Step) -> None:
        now = time.monotonic()
        if now - self._last >= self.every or step.done == step.total:
            self._last = now
            self.tell(describe(step, lang=self.lang))

    def finished(self, step: Step) -> None:
        self.tell(describe(step, finished=True, lang=self.lang))


def label_of(step: Step, lang: str = "en") -> str:
    """The step's label as `lang` says it."""
    return step.label if isinstance(step.label, str) else step.label.render(lang)


def describe(step: Step, *, finished: bool = False, lang: str = "en") -> str:
    """`label 120/1,000 (3 s, about 22 s left)`; at the end `label: 1,000/1,000 (4.1 s)`."""
    label = label_of(step, lang)
    if finished:
        count = (
            t(lang, "progress.count", done=step.done, total=step.total)
            if step.total is not None
            else ""
        )
        return t(lang, "progress.done", label=label, count=count, seconds=step.elapsed)
    if step.total is None:
        return t(lang, "progress.waiting", label=label)
    left = step.left
    eta = t(lang, "progress.left", seconds=left) if left is not None else ""
    return t(
        lang,
        "progress.running",
        label=label,
        done=step.done,
        total=step.total,
        seconds=step.elapsed,
        left=eta,
    )
