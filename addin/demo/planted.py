"""A record of an error planted on purpose, so a test can check it is found."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Planted:
    table: str  # table (= sheet) name, e.g. "DailyReport"
    row: int  # 0-based position in the returned DataFrame (Excel row = header row + 1 + row)
    code: str  # the issue code a checker is expected to raise for it
    column: str = ""
    detail: str = ""


def set_cell(frame: pd.DataFrame, row: int, column: str, value: object) -> None:
    """Overwrite one cell in place, keeping the column's dtype (None becomes blank)."""
    dtype = frame[column].dtype
    values = frame[column].to_numpy(dtype=object, copy=True)
    values[row] = value
    frame[column] = pd.Series(values, index=frame.index, dtype=dtype)
