"""The typed master tables kept between commands, beside masters.xlsx.

Every command starts by reading masters.xlsx whole (a large company: 50,000 customers,
seconds of parsing and typing), and between two edits of it the result is the same. A
clean read — no issue in any table — is kept in `.salesdesk/masters.npz` and served
while the file is unchanged: same size, modification time and SHA-256, read under the
same limits, by the same reading code (its modules' own hashes are in the key). Anything
that differs, a damaged or partial cache, or a column this format cannot hold exactly,
is a miss: masters.xlsx is read (safety pass included) and the cache made again, never
an error. A masters.xlsx with issues is never kept, so every command reads it and says
them.

No pickle: the one file is a NumPy archive loaded with `allow_pickle=False`; numbers,
dates and whole numbers are stored as arrays (whole numbers with their NA mask), text as
codes into its distinct values, which the JSON manifest lists. The frames read back are
the frames read from the workbook: columns, dtypes, values, blanks (None or NaN as they
were) and index (`tests/io/test_masters_cache.py`). `SALESDESK_MASTERS_CACHE=off` reads
masters.xlsx every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from addin.io.table_read import TableLayout, TableRead
from addin.io.xlsx.safety import Limits
from addin.schema import TABLES

#: Bump when the layout or encoding changes: older caches are then ignored.
FORMAT = 1
ENV_VAR = "SALESDESK_MASTERS_CACHE"
#: The modules whose code decides what a read of masters.xlsx yields: a change to any of
#: them is a new key (their source is hashed, so an edited checkout rebuilds too).
_READING_MODULES = (
    "addin.core.coerce",
    "addin.core.validate",
    "addin.core.settings",
    "addin.io.reader",
    "addin.io.table_check",
    "addin.io.table_read",
    "addin.io.company",
    "addin.io.masters_cache",
    "addin.schema.spec",
)
#: Packages whose every module shapes a read too: the table specs (columns, types,
#: allowed values) and the xlsx toolkit the reader parses with. Walked on disk, so the key
#: is the same whichever of them a command happens to have imported.
_READING_PACKAGES = ("schema", "io/xlsx")
_MANIFEST = "manifest"


class _Unstorable(Exception):
    """A column this format cannot hold exactly: the read is served, not kept."""


def cache_path(masters: Path) -> Path:
    return masters.parent / ".salesdesk" / "masters.npz"


def enabled() -> bool:
    return os.environ.get(ENV_VAR, "").strip().lower() not in ("off", "0", "no", "false")


def file_key(masters: Path, limits: Limits | None) -> dict[str, Any] | None:
    """What the cache must have been made from; None when the file cannot be read."""
    try:
        st = masters.stat()
        digest = hashlib.sha256(masters.read_bytes()).hexdigest()
    except OSError:
        return None
    return {
        "format": FORMAT,
        "name": masters.name,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "sha256": digest,
        "limits": asdict(limits or Limits()),
        "code": _code_hash(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }


_CODE: list[str] = []


def _code_hash() -> str:
    if not _CODE:
        digest = hashlib.sha256()
        for name in _READING_MODULES:
            # found, not imported: the key must not depend on what a command imported
            spec = importlib.util.find_spec(name)
            source = spec.origin if spec is not None else None
            digest.update(name.encode())
            if source:
                with contextlib.suppress(OSError):
                    digest.update(Path(source).read_bytes())
        package = Path(__file__).resolve().parents[1]  # addin/
        for folder in _READING_PACKAGES:
            for module_file in sorted((package / folder).rglob("*.py")):
                digest.update(module_file.relative_to(package).as_posix().encode())
                with contextlib.suppress(OSError):
                    digest.update(module_file.read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


# ---------------------------------------------------------------------------- reading
def load(masters: Path, key: Mapping[str, Any]) -> dict[str, TableRead] | None:
    """The reads kept for `key`, or None (no cache, another key, damage of any kind)."""
    path = cache_path(masters)
    try:
        with np.load(path, allow_pickle=False) as kept:
            arrays = {name: kept[name] for name in kept.files}
        manifest = json.loads(arrays.pop(_MANIFEST).tobytes().decode("utf-8"))
        if manifest.get("key") != dict(key):
            return None
        return {t["name"]: _table(t, arrays, masters.name) for t in manifest["tables"]}
    except Exception:  # missing, partial, damaged or planted: read the workbook instead
        return None


def _table(entry: dict[str, Any], arrays: dict[str, np.ndarray], file: str) -> TableRead:
    spec = TABLES[entry["name"]]
    rows = int(entry["rows"])
    columns = {c["key"]: _column(c, arrays, rows) for c in entry["columns"]}
    frame = pd.DataFrame(columns, index=pd.RangeIndex(rows))
    if list(frame.columns) != [c["key"] for c in entry["columns"]]:
        raise ValueError("columns")
    layout = None
    if entry["layout"] is not None:
        layout = TableLayout(**{**entry["layout"], "file": file})
    percent = {k: {int(r) for r in v} for k, v in entry["percent_rows"].items()}
    return TableRead(spec, frame, [], layout, set(entry["present"]), percent)


def _column(entry: dict[str, Any], arrays: dict[str, np.ndarray], rows: int) -> pd.Series:
    kind, at = entry["kind"], entry["array"]
    if kind == "array":
        values = arrays[at]
        if values.dtype.kind not in "iufbM" or values.shape != (rows,):
            raise ValueError(at)
        return pd.Series(values, dtype=values.dtype, copy=False)
    if kind == "Int64":
        values, mask = arrays[at], arrays[at + ".mask"]
        if values.dtype != np.int64 or mask.dtype != np.bool_ or values.shape != (rows,):
            raise ValueError(at)
        return pd.Series(pd.arrays.IntegerArray(values, mask))
    codes = arrays[at]
    uniques = entry["uniques"]
    if (
        codes.dtype != np.int32
        or codes.shape != (rows,)
        or not all(isinstance(u, str) for u in uniques)
    ):
        raise ValueError(at)
    cells = np.empty(rows, dtype=object)
    present = codes >= 0
    if present.any():
        cells[present] = np.array(uniques, dtype=object)[codes[present]]
    if kind == "object":
        return pd.Series(cells, dtype=object, copy=False)  # blanks stay None
    if kind == "str":
        return pd.Series(cells, dtype=pd.StringDtype(entry["storage"], na_value=np.nan))
    raise ValueError(kind)


# ---------------------------------------------------------------------------- writing
def save(masters: Path, key: Mapping[str, Any], reads: Mapping[str, TableRead]) -> None:
    """Keep `reads` for `key`, when every table is clean and every column storable; a
    folder that cannot be written to is no error (the next command reads the workbook)."""
    if any(r.issues for r in reads.values()):
        return
    arrays: dict[str, np.ndarray] = {}
    try:
        tables = [_table_entry(name, read, arrays) for name, read in reads.items()]
    except _Unstorable:
        return
    manifest = json.dumps({"key": dict(key), "tables": tables}, ensure_ascii=False)
    arrays[_MANIFEST] = np.frombuffer(manifest.encode("utf-8"), dtype=np.uint8)
    path = cache_path(masters)
    tmp = path.with_name(f".{path.stem}-{uuid.uuid4().hex}.tmp.npz")
    try:
        path.parent.mkdir(exist_ok=True)
        with tmp.open("wb") as fh:
            np.savez(fh, allow_pickle=False, **arrays)
        os.replace(tmp, path)  # readers see the old cache or the new one, never half
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _table_entry(name: str, read: TableRead, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    frame = read.frame
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        raise _Unstorable(name)
    if frame.columns.has_duplicates or not all(isinstance(c, str) for c in frame.columns):
        raise _Unstorable(name)
    columns = []
    for n, key in enumerate(frame.columns):
        at = f"{name}.{n}"
        columns.append({"key": key, "array": at, **_column_entry(frame[key], at, arrays)})
    layout = None
    if read.layout is not None:
        layout = asdict(read.layout)
        del layout["file"]  # the file's own name when served
    return {
        "name": name,
        "rows": len(frame),
        "columns": columns,
        "layout": layout,
        "present": sorted(read.present),
        "percent_rows": {k: sorted(v) for k, v in read.percent_rows.items()},
    }


def _column_entry(values: pd.Series, at: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iufbM":
        arrays[at] = values.to_numpy(copy=True)
        return {"kind": "array"}
    if isinstance(dtype, pd.Int64Dtype):
        arrays[at] = values.to_numpy(dtype=np.int64, na_value=0)
        arrays[at + ".mask"] = values.isna().to_numpy(dtype=np.bool_)
        return {"kind": "Int64"}
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        cells = values.to_numpy()
        blank = np.fromiter((v is None for v in cells), dtype=bool, count=len(cells))
        return {"kind": "object", **_codes(cells, blank, at, arrays)}
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "python" and dtype.na_value is np.nan:
        cells = values.to_numpy(dtype=object)
        blank = values.isna().to_numpy()
        return {"kind": "str", "storage": dtype.storage, **_codes(cells, blank, at, arrays)}
    raise _Unstorable(at)


def _codes(
    cells: np.ndarray, blank: np.ndarray, at: str, arrays: dict[str, np.ndarray]
) -> dict[str, Any]:
    """Text as codes into its distinct values (-1: blank); anything but text and the
    column's own blank is not stored."""
    filled = cells[~blank]
    if len(filled) and pd.api.types.infer_dtype(filled, skipna=False) != "string":
        raise _Unstorable(at)  # a number, a date, a NaN among the text: not kept
    codes = np.full(len(cells), -1, dtype=np.int32)
    found, uniques = pd.factorize(filled)
    codes[~blank] = found
    arrays[at] = codes
    return {"uniques": [str(u) for u in uniques.tolist()]}
