"""One SalesDesk job at a time for this user.

On macOS RunPython starts Python in the background and hands Excel back at once
(xlwings' AppleScript ends its shell command with `&`), so a second click starts a second
job on the same files while the first one still writes. On Windows RunPython waits, but a
command-line run or a second Excel can still overlap. The lock is an operating-system lock
on a file in the user's temporary folder: it goes with the process, so a job that crashed
or was killed never leaves it behind.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_NAME = "salesdesk-job.lock"


class Busy(Exception):
    """Another SalesDesk job is running."""


def lock_path() -> Path:
    return Path(tempfile.gettempdir()) / LOCK_NAME


def _take(handle: IO[str]) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _release(handle: IO[str]) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    else:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:  # Windows refuses to read a locked byte range
        return ""


@contextmanager
def job_lock(job: str, path: Path | None = None) -> Iterator[None]:
    """Hold the lock while `job` runs; raise Busy (saying which job holds it) if taken."""
    path = path or lock_path()
    handle = path.open("a+", encoding="utf-8")
    try:
        if not _take(handle):
            holder = _holder(path)
            raise Busy(
                f"another SalesDesk job is still running{f' ({holder})' if holder else ''}; "
                "wait for its message, then run this again"
            )
        handle.seek(0)
        handle.truncate()
        since = dt.datetime.now().strftime("%H:%M:%S")
        handle.write(f"{job}, started {since}, process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            _release(handle)
    finally:
        handle.close()
