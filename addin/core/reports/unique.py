"""Per-value work done once per distinct value.

pandas string methods and parsers of Python objects (ids, "YYYY-MM" months,
`datetime.time` cells) run at Python speed per element. Report columns repeat a few
hundred distinct values over millions of rows, so each function here factorizes first,
does the work on the distinct values and spreads the result back with one take.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

#: Rows sampled to tell whether a column comes in runs of one value.
_SAMPLE = 4096


def factorized(values: pd.Series) -> tuple[np.ndarray, Any]:
    """`pd.factorize(values)`. Text held in pandas' Python-backed string type is hashed
    as plain objects: the same codes and values, a fifth less time on millions of ids.

    Report rows come grouped by submission (one rep's month): their rep ids and months
    repeat in long runs. A column of objects that does is hashed one value per run."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "python":
        objects = values.to_numpy(dtype=object)
    elif pd.api.types.is_object_dtype(values.dtype):
        objects = values.to_numpy()
    else:
        return pd.factorize(values)
    starts = _run_starts(objects)
    if starts is None:
        return pd.factorize(objects)
    codes, distinct = pd.factorize(objects[starts])
    return np.repeat(codes, np.diff(np.append(starts, len(objects)))), distinct


def _run_starts(objects: np.ndarray) -> np.ndarray | None:
    """Where each run of equal values begins, when the values come in runs (on average
    two rows or more: an invoice's lines, a rep's month of reports); None otherwise.
    The first row of a value always begins a run, so factorizing the runs' first rows
    finds the same values in the same order."""
    if len(objects) < 4 * _SAMPLE:
        return None
    try:
        if (objects[1:_SAMPLE] != objects[: _SAMPLE - 1]).sum() > _SAMPLE // 2:
            return None
        changed = np.asarray(objects[1:] != objects[:-1], dtype=bool)
    except (TypeError, ValueError):  # a value with no plain truth of != (pd.NA)
        return None
    starts = np.flatnonzero(np.concatenate(([True], changed)))
    return starts if len(starts) <= len(objects) // 2 else None


def per_unique(values: pd.Series, work: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`work(values)`, computed on the distinct non-blank values only.

    `work` must return a Series aligned position by position with its input; blanks in
    `values` come back as the blank of the result's dtype.
    """
    codes, distinct = factorized(values)
    done = work(pd.Series(distinct, dtype=values.dtype if len(distinct) else object))
    done = done.reset_index(drop=True)
    blank = pd.Series([None], dtype=done.dtype if len(done) else object)
    lookup = pd.concat([done, blank], ignore_index=True) if len(done) else blank
    # Code -1 (a blank) picks the trailing blank.
    picked = lookup.iloc[np.where(codes < 0, len(lookup) - 1, codes)]
    return picked.set_axis(values.index)


def ids_text(values: pd.Series) -> pd.Series:
    """Ids as trimmed text (NA when blank), so ids typed as numbers still match."""
    return per_unique(values, lambda distinct: distinct.astype("string").str.strip())
