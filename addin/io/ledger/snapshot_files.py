"""A frame of counted rows on disk, beside the ledger: one directory of `.npy` arrays per
snapshot and a JSON manifest naming it. No pickle anywhere — every array is loaded with
`allow_pickle=False` — so a file planted in the folder can at worst be refused.

Each column is stored by its spec type: numbers, whole numbers (values + NA mask),
dates (datetime64), text and times as integer codes into their distinct values (text as
one UTF-8 blob, times as microseconds); a text or time column read `coded` comes back
as those very codes and values (a pandas Categorical), its rows never hashed again. A
snapshot is trusted only when the manifest agrees with what is asked, and every
array's dtype, shape and CRC agree with the manifest; anything else is a miss, never an
error. Decoding goes through the same functions `frames.from_columns` uses where pandas
infers a dtype (text), so the frame read back is the frame that was stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import time
import uuid
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from addin.io.ledger.frames import _driver_text
from addin.io.ledger.tables import BASE_COLUMNS
from addin.schema import TABLES

#: Bump when the layout or encoding changes: older snapshots are then ignored.
FORMAT = 1
_TEXT_TYPES = {"id", "month", "text"}
_NUMBER_TYPES = {"number", "money", "pct"}
#: A temporary file or folder this old was left by a writer that did not finish.
STALE_SECONDS = 3600
#: Separates distinct values in a text column's blob; Excel cells cannot hold it.
_SEP = "\x00"


class Unstorable(Exception):
    """A frame this format cannot hold exactly (it is then served, just not kept)."""


@dataclass(frozen=True, slots=True)
class CodedText:
    """A text column given as each row's position in a short array of texts: a plan's
    millions of month and pair texts are stored as these codes, without turning each
    row into a string and hashing it again. `dtype` is the one the column reads back
    with (`coded_text` works it out)."""

    codes: np.ndarray
    texts: np.ndarray
    dtype: str

    def __len__(self) -> int:
        return len(self.codes)


def coded_text(codes: np.ndarray, texts: np.ndarray) -> CodedText | None:
    """`texts[codes]` as a `CodedText`, or None when it cannot stand for the column the
    ledger reads back: a text that is not a `str` (the ledger stores `str(value)`), a
    blank, or no rows to tell the dtype from."""
    texts = np.asarray(texts, dtype=object)
    if not len(codes) or not _all_text(texts):
        return None
    if int(codes.min()) < 0 or int(codes.max()) >= len(texts):
        return None
    return CodedText(codes, texts, str(_driver_text(texts).dtype))


def column_kind(name: str, key: str) -> str:
    """How column `key` of table `name` is stored."""
    if key in ("submission_id", "row_no"):
        return "int64"
    types = {c.key: c.type for c in TABLES[name].columns if c.key not in BASE_COLUMNS}
    type_ = types.get(key, "id")  # the submission's rep_id and period are text
    if type_ in _NUMBER_TYPES:
        return "float64"
    if type_ in {"int", "bool", "date", "time"}:
        return type_
    if type_ in _TEXT_TYPES:
        return "text"
    raise Unstorable(f"no snapshot encoding for {name}.{key} ({type_})")


# ---------------------------------------------------------------------- encoding
def _encode(
    kind: str, values: pd.Series | CodedText
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Arrays for one column, and what the manifest says of it beyond them."""
    if isinstance(values, CodedText):
        if kind != "text":
            raise Unstorable(f"coded text for a {kind} column")
        return _text_arrays(values.codes, values.texts)
    dtype = str(values.dtype)
    if kind == "int64":
        _expect(dtype, "int64")
        return {"values": values.to_numpy()}, {}
    if kind == "float64":
        _expect(dtype, "float64")
        return {"values": values.to_numpy()}, {}
    if kind == "date":
        _expect(dtype, "datetime64[ns]")
        return {"values": values.to_numpy()}, {}
    if kind in {"int", "bool"}:
        _expect(dtype, "Int64" if kind == "int" else "boolean")
        mask = values.isna().to_numpy()
        raw = values.to_numpy(dtype="int64" if kind == "int" else "bool", na_value=0)
        return {"values": raw, "mask": mask}, {}
    objects = values.to_numpy(dtype=object)
    if kind == "time":
        codes, uniques = pd.factorize(objects, use_na_sentinel=True)
        _expect(dtype, "object")
        if any(v is not None for v in objects[codes < 0]):
            raise Unstorable("a time column holds a blank other than None")
        micros = []
        for u in uniques:
            if type(u) is not dt.time or u.tzinfo is not None:
                raise Unstorable(f"not a time of day: {u!r}")
            micros.append(((u.hour * 60 + u.minute) * 60 + u.second) * 1_000_000 + u.microsecond)
        return {"codes": codes.astype("int64"), "micros": np.array(micros, dtype="int64")}, {}
    # pandas' own hash table: faster than grouping by `hash_array` of the texts (which
    # encodes each one to UTF-8 first), on the driver's fresh strings (3x) and more on a
    # plan's repeated ones; -1 where missing, values in order of first appearance.
    codes, found = pd.factorize(objects, use_na_sentinel=True)
    return _text_arrays(codes, np.asarray(found, dtype=object))


def _text_arrays(
    codes: np.ndarray, uniques: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """A text column as codes (-1 missing) into `uniques`, these as one UTF-8 blob."""
    if not _all_text(uniques):
        raise Unstorable("a text column holds something other than text")
    blob = _SEP.join(uniques)
    if blob.count(_SEP) != max(len(uniques) - 1, 0):
        raise Unstorable("a text value holds a NUL character")
    data = np.frombuffer(blob.encode("utf-8"), dtype=np.uint8)
    return {"codes": codes.astype("int32" if len(uniques) < 2**31 else "int64"), "blob": data}, {
        "distinct": len(uniques)
    }


def _all_text(values: np.ndarray) -> bool:
    """Every value a `str` (one C pass; pandas' inference, as the ledger's writer uses)."""
    return not len(values) or infer_dtype(values, skipna=False) == "string"


def _expect(dtype: str, wanted: str) -> None:
    if dtype != wanted:
        raise Unstorable(f"dtype {dtype}, expected {wanted}")


#: The kinds of column stored as codes into their distinct values, which a read may
#: therefore serve `coded`, as a Categorical of those very codes.
CODABLE = frozenset({"text", "time"})

#: The dtype each kind's arrays must have, whatever a manifest says.
_DTYPES = {
    "int64": {"values": "int64"},
    "float64": {"values": "float64"},
    "date": {"values": "datetime64[ns]"},
    "int": {"values": "int64", "mask": "bool"},
    "bool": {"values": "bool", "mask": "bool"},
    "time": {"codes": "int64", "micros": "int64"},
}


def _decode(
    kind: str, arrays: dict[str, np.ndarray], meta: dict[str, Any], rows: int, coded: bool = False
) -> Any:
    wanted = _DTYPES.get(kind, {"blob": "uint8"})
    if any(str(arrays[part].dtype) != dtype for part, dtype in wanted.items()):
        raise ValueError(f"a {kind} column stored in other arrays than this format's")
    if kind == "text" and str(arrays["codes"].dtype) not in {"int32", "int64"}:
        raise ValueError("text codes that are not integers")
    if kind in {"int64", "float64", "date"}:
        return arrays["values"]
    if kind == "int":
        return pd.arrays.IntegerArray(arrays["values"], arrays["mask"])
    if kind == "bool":
        return pd.arrays.BooleanArray(arrays["values"], arrays["mask"])
    codes = arrays["codes"]
    if kind == "time":
        micros = arrays["micros"]
        _codes_fit(codes, len(micros))
        times = [_time(int(m)) for m in micros.tolist()]
        if coded:
            return _categorical(codes, times)
        return np.array([*times, None], dtype=object)[codes]
    distinct = int(meta["distinct"])
    _codes_fit(codes, distinct)
    text = arrays["blob"].tobytes().decode("utf-8")
    uniques = text.split(_SEP) if distinct else []
    if len(uniques) != distinct:
        raise ValueError("the text blob does not hold the stated values")
    if coded:
        return _categorical(codes, uniques)
    return _driver_text(np.array([*uniques, None], dtype=object)[codes])


def _categorical(codes: np.ndarray, values: list[Any]) -> pd.Categorical:
    """The stored codes into `values` (texts or times) as a Categorical. Values a reader
    factorized are distinct; texts kept from a caller's coded texts (`CodedText`) may
    repeat one, and a category cannot: then codes into the distinct values."""
    categories = pd.Index(values, dtype=object)
    if categories.is_unique:
        return pd.Categorical.from_codes(codes, categories=categories)
    where, distinct = pd.factorize(categories)
    return pd.Categorical.from_codes(np.append(where, -1)[codes], categories=distinct)


def _codes_fit(codes: np.ndarray, distinct: int) -> None:
    if len(codes) and (int(codes.min()) < -1 or int(codes.max()) >= distinct):
        raise ValueError("codes outside the stored values")


def _time(micros: int) -> dt.time:
    if not 0 <= micros < 86_400_000_000:
        raise ValueError("a stored time outside the day")
    seconds, micro = divmod(micros, 1_000_000)
    return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


def _crc(array: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(array).view(np.uint8).data)


# ---------------------------------------------------------------------- files
class SnapshotFiles:
    """The snapshots of one ledger, in folder `root`: per slot (a table and its filters)
    `<slot>.json`, the manifest, naming `<slot>-<token>/`, the arrays. Only the latest
    snapshot of a slot is kept."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def manifest(self, slot: str, ident: dict[str, Any]) -> dict[str, Any] | None:
        """The manifest of `slot`'s snapshot when it is one of ours for `ident`, else None."""
        try:
            manifest = json.loads((self.root / f"{slot}.json").read_text("utf-8"))
            if manifest.get("format") != FORMAT or manifest.get("ident") != ident:
                return None
            segments = manifest["segments"]
            if int(manifest["rows"]) != sum(int(s[-1]) for s in segments):
                return None
            if not isinstance(manifest["columns"], dict) or not isinstance(manifest["data"], str):
                return None
            return dict(manifest)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None

    def frame(
        self,
        manifest: dict[str, Any],
        name: str,
        keys: Sequence[str],
        coded: Sequence[str] = (),
    ) -> pd.DataFrame | None:
        """Columns `keys` of the snapshot `manifest` describes, or None when its files are
        missing, partial or damaged, or say other than the manifest does. Text and time
        columns named in `coded` come as Categoricals of their stored codes."""
        try:
            rows = int(manifest["rows"])
            folder = self.root / manifest["data"]
            if folder.parent != self.root or folder.name.startswith("."):
                return None
            data: dict[str, Any] = {}
            dtypes: dict[str, str] = {}
            for key in keys:
                entry = manifest["columns"][key]
                kind = column_kind(name, key)
                if entry["kind"] != kind:
                    return None
                arrays = {
                    part: _load(folder / str(file["file"]), file)
                    for part, file in entry["files"].items()
                }
                for part in ("values", "mask", "codes"):
                    if part in arrays and arrays[part].shape != (rows,):
                        return None
                as_codes = key in coded and kind in CODABLE
                data[key] = _decode(kind, arrays, entry, rows, as_codes)
                dtypes[key] = "category" if as_codes else entry["dtype"]
            frame = pd.DataFrame(data, columns=list(keys), copy=False)
            if len(frame) != rows or any(str(frame[k].dtype) != dtypes[k] for k in keys):
                return None
            return frame
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # anything off about it: not a snapshot we can trust

    def save(
        self,
        slot: str,
        ident: dict[str, Any],
        name: str,
        frame: Iterable[tuple[Any, pd.Series | CodedText]],
        rows: int,
        segments: list[list[Any]],
    ) -> bool:
        """Keep `frame`'s columns (`DataFrame.items()`, or columns made one at a time:
        each is let go once encoded), `rows` long, of table `name` as the snapshot of
        `slot`: arrays into a new folder, then the manifest swapped in with one rename,
        then the older folders removed. False when it could not be kept (a column this
        format cannot hold, or raising `Unstorable`; the read is not affected)."""
        token = uuid.uuid4().hex[:12]
        folder = self.root / f"{slot}-{token}"
        temp = self.root / f".{slot}-{token}.tmp"
        try:
            columns: dict[str, Any] = {}
            encoded: list[tuple[str, np.ndarray]] = []
            for n, (key, values) in enumerate(frame):
                if len(values) != rows:
                    raise Unstorable(f"{key}: {len(values)} rows, not {rows}")
                kind = column_kind(name, str(key))
                arrays, meta = _encode(kind, values)
                files = {}
                for part, array in arrays.items():
                    file = f"{n}.{part}.npy"
                    files[part] = {
                        "file": file,
                        "dtype": array.dtype.str,
                        "shape": list(array.shape),
                        "crc": _crc(array),
                    }
                    encoded.append((file, array))
                columns[str(key)] = {
                    "kind": kind,
                    "dtype": str(values.dtype),
                    "files": files,
                    **meta,
                }
        except (Unstorable, ValueError, TypeError):  # kept or not, the read is served
            return False
        manifest = {
            "format": FORMAT,
            "ident": ident,
            "data": folder.name,
            "rows": rows,
            "columns": columns,
            "segments": segments,
        }
        try:
            temp.mkdir(parents=True)
            for file, array in encoded:
                np.save(temp / file, array, allow_pickle=False)
            os.replace(temp, folder)
            pointer = self.root / f".{slot}-{token}.json.tmp"
            pointer.write_text(json.dumps(manifest), "utf-8")
            os.replace(pointer, self.root / f"{slot}.json")
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            return False
        self._prune(slot, folder.name)
        return True

    def _prune(self, slot: str, keep: str) -> None:
        """Remove the slot's folders the manifest no longer names (bounded size), and
        what a writer killed mid-save left (temporary, and old enough not to be another
        writer's at work now)."""
        with contextlib.suppress(OSError):
            for path in self.root.glob(f"{slot}-*"):
                if path.name != keep and path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
            for path in self.root.glob(f".{slot}-*"):
                if time.time() - path.stat().st_mtime > STALE_SECONDS:
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink(missing_ok=True)


def _load(path: Path, file: dict[str, Any]) -> np.ndarray:
    if path.name != file["file"] or path.name.startswith("."):
        raise ValueError("a snapshot file outside its folder")
    array = np.load(path, allow_pickle=False)
    if array.dtype.str != file["dtype"] or list(array.shape) != list(file["shape"]):
        raise ValueError(f"{path.name}: not the array the manifest describes")
    if _crc(array) != int(file["crc"]):
        raise ValueError(f"{path.name}: damaged")
    return array
