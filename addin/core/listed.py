"""A code picked from a dropdown that shows it with its name: `C00008 天津泰美超市`.

Excel's list validation stores the entry picked, so the cell holds the code, a space and
the name. The code is what counts; the name only confirms it. A name that does not belong
to the code means the cell says two things, and which one was meant is the user's to say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd


def name_key(text: object) -> str:
    """A name as compared: runs of spaces (full-width too) as one, any case."""
    return " ".join(str(text).split()).casefold()


def listed_entry(code: object, name: object) -> str:
    """The dropdown's entry for a code: the code, a space, its name on one line."""
    shown = "" if _blank(name) else " ".join(str(name).split())
    return f"{code} {shown}" if shown else str(code)


@dataclass(frozen=True, slots=True)
class Listed:
    """The values of a column read as codes. `codes` holds the code of every picked
    entry (other values unchanged); `mismatch` the rows whose name is not their code's,
    with `named` the code's own name on those rows."""

    codes: pd.Series
    mismatch: pd.Series
    named: pd.Series


def read_listed(values: pd.Series, names: Mapping[str, Sequence[str]]) -> Listed:
    """`names`: each listed code → the names that confirm it, its current one first.
    Only values that are not a code already are looked at."""
    loose = values.notna() & ~values.isin(list(names))
    by_fold = {name_key(code): str(code) for code in names}
    # A rep picks the same few entries again and again: each distinct one is read once.
    code_of: dict[object, str] = {}
    wrong: dict[object, str] = {}  # entry → the code's own name, where the name is another
    for value in pd.unique(values[loose]):
        found = _code_and_name(str(value), by_fold, names)
        if found is None:
            continue  # not "CODE name": a bare name or an unknown code, told elsewhere
        code, name = found
        code_of[value] = code
        if name_key(name) not in {name_key(n) for n in names[code]}:
            wrong[value] = next(iter(names[code]), "")
    if not code_of:
        return Listed(values, pd.Series(False, index=values.index), pd.Series(dtype=object))
    picked = loose & values.isin(list(code_of))
    codes = values.where(~picked, values.map(code_of))
    mismatch = loose & values.isin(list(wrong))
    named = values.where(mismatch).map(wrong, na_action="ignore")
    return Listed(codes, mismatch, named)


def _code_and_name(
    value: str, by_fold: Mapping[str, str], names: Mapping[str, Sequence[str]]
) -> tuple[str, str] | None:
    """(code, name) of a "CODE name" entry. A code may itself hold spaces (`HK 001`), so
    every split at a space is tried: the one whose name confirms its code wins, else the
    longest code."""
    words = value.split()
    splits = []
    for cut in range(len(words) - 1, 0, -1):  # longest code first
        code = by_fold.get(name_key(" ".join(words[:cut])))
        if code is not None:
            splits.append((code, " ".join(words[cut:])))
    for code, name in splits:
        if name_key(name) in {name_key(n) for n in names[code]}:
            return code, name
    return splits[0] if splits else None


def confirming_names(
    current: Mapping[str, str], issued: Mapping[str, str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Each code of `current` (code → name) → the names that confirm it: its current
    name, then the name its dropdown was issued with if the customer was renamed since
    (a rep picks from the list in the workbook, which a later rename does not reach)."""
    out: dict[str, tuple[str, ...]] = {}
    for code, name in current.items():
        names = [n for n in (name, (issued or {}).get(code)) if not _blank(n)]
        out[code] = tuple(dict.fromkeys(str(n) for n in names))
    return out


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return (isinstance(value, float) and value != value) or not str(value).strip()
