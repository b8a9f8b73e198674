"""Inputs as `Ledger.counted(coded=...)` serves them, for benchmarks of the jobs that
read ids that way (`age`, `appraise`): the id columns kept as a ledger snapshot in a
scratch folder and read back from it, as Categoricals of the snapshot's stored codes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from addin.io.ledger.snapshot_files import SnapshotFiles


def coded(frame: pd.DataFrame, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """`frame` with `columns` as `Ledger.counted(coded=...)` serves them: kept as a
    snapshot of table `name` and read back from it, in a scratch folder."""
    columns = tuple(c for c in columns if c in frame.columns)
    with tempfile.TemporaryDirectory() as folder:
        files = SnapshotFiles(Path(folder))
        ident = {"bench": name}
        rows = len(frame)
        files.save("bench", ident, name, ((c, frame[c]) for c in columns), rows, [[rows]])
        manifest = files.manifest("bench", ident)
        read = files.frame(manifest, name, columns, coded=columns) if manifest else None
    if read is None:
        raise SystemExit(f"{name}: the snapshot did not keep {columns}")
    return frame.assign(**{c: read[c].set_axis(frame.index) for c in columns})
