"""Collected files leave `inbox/` for `archive/<period>/`, exactly as received.

The ledger already knows each file by its hash; moving it out of the inbox makes the
next `collect` quiet (the inbox holds only what has not been collected yet), and the
archive keeps the bytes the ledger's hash was taken of. A file of the same name already
archived with other contents (a rep's second version) is kept beside it under a name
carrying its hash, so nothing received is ever overwritten.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from addin.io.company import Company
from addin.io.ledger import file_sha256


def archive_collected(path: Path, company: Company, period: str, digest: str) -> Path | None:
    """Move a collected inbox file to the period's archive; None for a file that was not
    in the inbox."""
    if path.resolve().parent != company.inbox.resolve():
        return None
    folder = company.archive(period)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists() and file_sha256(target) != digest:
        target = folder / f"{path.stem}-{digest[:12]}{path.suffix}"
    if target.exists():  # these very bytes are archived already
        path.unlink()
        return target
    try:
        os.replace(path, target)  # one rename: the bytes are not touched
    except OSError:  # another drive: copy, check the copy, then let go of the original
        shutil.copyfile(path, target)
        if file_sha256(target) != digest:
            target.unlink()
            raise
        path.unlink()
    return target
