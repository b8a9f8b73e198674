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


def factorized(values: pd.Series) -> tuple[np.ndarray, Any]:
    """`pd.factorize(values)`. Text held in pandas' Python-backed string type is hashed
    as plain objects: the same codes and values, a fifth less time on millions of ids."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "python":
        return pd.factorize(values.to_numpy(dtype=object))
    return pd.factorize(values)


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
