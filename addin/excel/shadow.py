"""Run a job on copies of the company's workbooks, beside the ones open in Excel.

Excel holds an open workbook locked (and leaves `~$name` beside it), so a job cannot write
the file the user is looking at. The job therefore runs on copies in a temporary folder
with the real ledger; afterwards each workbook the job changed either goes back into the
open window (see writeback) or, when it is not open, replaces the file in one step.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from addin.io.company import STEMS
from addin.io.ledger.engine import ENV_VAR, resolve_url

BOOK_SUFFIXES = (".xlsx", ".xlsm")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_lock_file(path: Path) -> bool:
    return path.name.startswith(("~$", ".~"))


def company_books(root: Path) -> list[Path]:
    """The company's own workbooks in its folder (masters, finance, plan…)."""
    return sorted(
        p
        for p in root.iterdir()
        if p.suffix.lower() in BOOK_SUFFIXES and p.stem.lower() in STEMS and not is_lock_file(p)
    )


def shadow_name(path: Path) -> str:
    """The name a job looks for: the jobs open `<stem>.xlsx`, the templates with buttons
    are `<stem>.xlsm`, so a company book is copied under its .xlsx name."""
    if path.stem.lower() in STEMS:
        return f"{path.stem.lower()}.xlsx"
    return path.name


@dataclass(slots=True)
class Shadow:
    root: Path  # the temporary company folder the job runs in
    before: Path  # untouched copies, to tell what the job changed and what was marked
    real: dict[str, Path] = field(default_factory=dict)  # shadow name → the user's file
    hashes: dict[str, str] = field(default_factory=dict)

    def path_of(self, real: Path) -> Path:
        return self.root / shadow_name(real)

    def before_of(self, name: str) -> Path:
        return self.before / name

    def changed(self) -> list[tuple[Path, Path]]:
        """(shadow file, the user's file) for every workbook the job wrote."""
        out = []
        for path in sorted(self.root.iterdir()):
            if path.suffix.lower() not in BOOK_SUFFIXES or is_lock_file(path):
                continue
            if self.hashes.get(path.name) != _digest(path):
                out.append((path, self.real.get(path.name, self.real_root / path.name)))
        return out

    @property
    def real_root(self) -> Path:
        first = next(iter(self.real.values()), None)
        return first.parent if first is not None else self.root


def ledger_url(root: Path) -> str:
    """The ledger the company really uses, so a shadow run counts in it."""
    from addin.io.company import read_settings
    from addin.io.reader import WorkbookFile

    url = ""
    masters = root / "masters.xlsx"
    if masters.exists():
        try:
            with WorkbookFile(masters) as book:
                settings, _ = read_settings(book)
            url = settings.ledger_url
        except Exception:  # a broken masters.xlsx is the job's to report
            url = ""
    return resolve_url(root, url)


@contextmanager
def shadow_run(root: Path, books: Iterable[Path]) -> Iterator[Shadow]:
    """Copies of `books` (the caller's copy wins a name clash) with the real ledger."""
    with tempfile.TemporaryDirectory(prefix="salesdesk-") as tmp:
        shadow = Shadow(Path(tmp) / root.name, Path(tmp) / "before")
        shadow.root.mkdir()
        shadow.before.mkdir()
        for path in books:
            name = shadow_name(path)
            shutil.copyfile(path, shadow.root / name)
            shutil.copyfile(path, shadow.before / name)
            shadow.real[name] = path
            shadow.hashes[name] = _digest(shadow.root / name)
        previous = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = ledger_url(root)
        try:
            yield shadow
        finally:
            if previous is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = previous


def install_file(source: Path, target: Path) -> None:
    """Put a result file in place of a workbook that is not open, in one step."""
    from addin.io.atomic import atomic_write

    def copy(tmp: Path) -> None:
        shutil.copyfile(source, tmp)

    atomic_write(target, copy)
