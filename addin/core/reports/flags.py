"""Turning a boolean mask over a report table into located issues.

Like `addin.core.issues.issues_for_rows`, but the message may also name a per-row
`{detail}` (the earlier row a duplicate repeats, a visit's length), which is what tells
the rep what to fix. Python work is proportional to the flagged rows only.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from addin.core.issues import FILE, ROW, Issue, show


def shown(value: object) -> str:
    """`show`, with times of day as the rep typed them (09:30, not 09:30:00)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if not value.second and not value.microsecond else "%H:%M:%S")
    return show(value)


def as_mask(mask: pd.Series) -> np.ndarray:
    """A plain bool array; NA counts as "not flagged"."""
    return np.asarray(mask.fillna(False), dtype=bool)


def flag(
    frame: pd.DataFrame,
    mask: pd.Series,
    *,
    code: str,
    sheet: str,
    column: str,
    detail: pd.Series | None = None,
    **args: object,
) -> list[Issue]:
    """One issue per row where `mask` holds; its message may use `{value}`, `{detail}`
    and `args`.

    `mask` and `detail` must be aligned with `frame` row by row (same length, same order).
    """
    chosen = as_mask(mask)
    if not chosen.any():
        return []
    bad = frame.loc[chosen]
    rows = bad[ROW].tolist() if ROW in bad.columns else [None] * len(bad)
    values = _texts(bad[column]) if column in bad.columns else [""] * len(bad)
    details = _texts(detail.loc[chosen]) if detail is not None else [""] * len(bad)
    files = bad[FILE].tolist() if FILE in bad.columns else [""] * len(bad)
    return [
        Issue(
            code=code,
            args={**args, "detail": d},
            sheet=sheet,
            row=None if r is None or pd.isna(r) else int(r),
            column=column,
            value=v,
            file=f,
        )
        for r, v, d, f in zip(rows, values, details, files, strict=True)
    ]


def _texts(values: pd.Series) -> list[str]:
    """`shown` of each value, formatting each distinct value once."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    texts = [shown(v) for v in distinct]
    texts.append("")  # code -1: a blank cell
    return [texts[c] for c in codes.tolist()]


def user_columns(frame: pd.DataFrame) -> list[str]:
    """The columns the rep typed: everything but bookkeeping such as `_row`."""
    return [c for c in frame.columns if not str(c).startswith("_")]


def same_file(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """`columns`, plus the file in a frame that stacks several files: rows repeat each
    other only within their own workbook."""
    return [FILE, *columns] if FILE in frame.columns else columns
