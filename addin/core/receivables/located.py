"""Issues for the rows a boolean mask picks out of column arrays.

The receivables core keeps its tables as arrays; this builds the one small frame
`issues_for_rows` needs from the flagged rows alone, so the cost is proportional to
the number of bad rows, never to the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows


def issues_where(
    mask: np.ndarray,
    rows: np.ndarray,
    values: np.ndarray | pd.Series | Callable[[np.ndarray], np.ndarray],
    *,
    code: str,
    sheet: str,
    column: str,
    **args: Any,
) -> list[Issue]:
    """One issue per row where `mask` holds, in array order; `values` are the cells
    shown as the issue's value, or a function giving those of the flagged positions
    (ids as text: looked up for the few bad rows, not for every row)."""
    if not mask.any():
        return []
    if callable(values):
        picked = values(np.flatnonzero(mask))
    else:
        picked = values[mask] if isinstance(values, np.ndarray) else values.to_numpy()[mask]
    frame = pd.DataFrame({ROW: rows[mask], column: picked})
    every = pd.Series(True, index=frame.index)
    return issues_for_rows(frame, every, code=code, sheet=sheet, column=column, **args)
