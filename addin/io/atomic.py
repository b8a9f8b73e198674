"""Save files so a crash leaves either the old file or the new one, never half of each."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from addin.i18n import Msg, SaidError


class FileLocked(SaidError):
    """The target file is open elsewhere (Excel on Windows locks it); nothing was
    changed (`locked.<why>` in the catalogue)."""

    def __init__(self, why: str, /, **args: object) -> None:
        super().__init__(Msg(f"locked.{why}", **args))


def crash_point(name: str) -> None:
    """Test hook: `SALESDESK_CRASH_AT=name` kills the process here, as a power cut would."""
    if os.environ.get("SALESDESK_CRASH_AT") == name:
        os.kill(os.getpid(), 9)


@contextlib.contextmanager
def _temp_beside(target: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".~{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp)` to produce the new file, then move it over `target` in one step."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    refuse_if_open(target)
    with _temp_beside(target) as tmp:
        write(tmp)
        os.chmod(tmp, _mode_for(target))
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        crash_point(f"before-replace:{target.name}")
        try:
            os.replace(tmp, target)
        except PermissionError:
            raise FileLocked("by_another", file=target.name) from None
    _fsync_dir(target.parent)


def refuse_if_open(target: Path) -> None:
    """Raise `FileLocked` when `target` is open in Excel or LibreOffice. Jobs call it
    before any work too, so a user with the file open gets one sentence, nothing else."""
    owner = open_elsewhere(Path(target))
    if owner:
        raise FileLocked("by_program", file=Path(target).name, program=owner)


def _mode_for(target: Path) -> int:
    """Keep the old file's permissions; a new file gets the usual ones (not mkstemp's 0600)."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def open_elsewhere(target: Path) -> str:
    """Which program holds `target` open, judged by the lock file it leaves beside it."""
    if (target.parent / f"~${target.name}").exists():
        return "Excel"
    if (target.parent / f".~lock.{target.name}#").exists():
        return "LibreOffice"
    return ""
