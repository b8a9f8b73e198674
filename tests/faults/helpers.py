"""Run the real command line in child processes and read back what it left on disk.

A workbook's *fingerprint* is what a user sees in it — sheet names and every cell value —
so two saves of the same result compare equal although their zip bytes differ (times in
document properties, the "last checked" stamp of the Issues sheet).
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import python_calamine as pc

ROOT = Path(__file__).resolve().parents[2]
BOOKS = (".xlsx", ".xlsm")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def cli_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("SALESDESK_CRASH_AT", "SALESDESK_LEDGER")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra)
    return env


def start_cli(args: list[str], **env: str) -> subprocess.Popen[str]:
    """`python -m addin ARGS` as a child process, as a user (or a scheduler) would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "addin", *args],
        cwd=ROOT,
        env=cli_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_cli(args: list[str], timeout: float = 180, **env: str) -> subprocess.CompletedProcess[str]:
    proc = start_cli(args, **env)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def is_temporary(path: Path) -> bool:
    """Files a save in progress leaves (ours `.~…`, Excel's `~$…`); never read as data."""
    return any(part.startswith((".~", "~$")) for part in path.parts)


def workbooks(root: Path) -> dict[str, Path]:
    """Every workbook under `root` by relative path, temporary files left out."""
    return {
        str(p.relative_to(root)): p
        for p in sorted(root.rglob("*"))
        if p.suffix.lower() in BOOKS and not is_temporary(p.relative_to(root))
    }


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if is_temporary(p.relative_to(root))]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(path: Path) -> str:
    """Sheet names and all values; raises if the file does not open as a workbook."""
    digest = hashlib.sha256()
    book = pc.CalamineWorkbook.from_path(str(path))
    try:
        for name in book.sheet_names:
            digest.update(f"\x00sheet {name}\x00".encode())
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                text = "\x1f".join("" if v is None else str(v) for v in row)
                digest.update(_STAMP.sub("<time>", text).encode() + b"\x1e")
    finally:
        book.close()
    return digest.hexdigest()


def ledger_state(path: Path) -> tuple[tuple[str, int], ...]:
    """Rows per ledger table (empty when there is no ledger yet); checks integrity."""
    if not path.exists():
        return ()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return tuple(
            (n, int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]))
            for n in sorted(names)
        )
