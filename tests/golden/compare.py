"""Read a job's output tables back from the workbook and compare them with CSV goldens."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from addin.io.reader import WorkbookFile
from addin.schema import TABLES

HERE = Path(__file__).resolve().parent
GOLDEN = {
    "finance": ("OpenItems", "Ageing", "AgeingByRep", "Dunning", "Collections"),
    "plan": (
        "TargetCheck",
        "TargetsByMonth",
        "TargetsByRegion",
        "TargetsByRep",
        "TargetsByChannel",
        "ExpenseBudget",
    ),
}


def output_table(path: Path, name: str) -> pd.DataFrame:
    """An output table as its header says, values as stored (no spec typing)."""
    with WorkbookFile(path) as book:
        found = book.find_table(TABLES[name])
        assert found is not None, f"{path.name} has no table {name}"
        sheet, header0, col0, end0, headers = found
        rows = book.rows(sheet)[header0 + 1 : end0 + 1]
    frame = pd.DataFrame([r[col0 : col0 + len(headers)] for r in rows], columns=headers)
    return frame.replace("", np.nan).dropna(how="all").reset_index(drop=True)


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        as_number = pd.to_numeric(out[column], errors="coerce")
        if as_number.notna().sum() == out[column].notna().sum() and out[column].notna().any():
            out[column] = as_number.astype(float)
        else:
            out[column] = out[column].map(
                lambda v: None if pd.isna(v) else str(v)[:10] if hasattr(v, "isoformat") else str(v)
            )
    return out


def differences(actual: pd.DataFrame, golden: pd.DataFrame, name: str) -> list[str]:
    actual, golden = normalise(actual), normalise(golden)
    out: list[str] = []
    if list(actual.columns) != list(golden.columns):
        return [f"{name}: columns {list(actual.columns)} != golden {list(golden.columns)}"]
    if len(actual) != len(golden):
        return [f"{name}: {len(actual)} rows != golden {len(golden)}"]
    for column in golden.columns:
        a, g = actual[column], golden[column]
        if g.dtype == float and a.dtype == float:
            bad = ~np.isclose(a.fillna(0), g.fillna(0), atol=0.011) | (a.isna() != g.isna())
        else:
            bad = a.fillna("").astype(str) != g.fillna("").astype(str)
        for i in np.flatnonzero(bad.to_numpy())[:3]:
            out.append(f"{name} row {i + 1} {column}: {a.iloc[i]!r} != golden {g.iloc[i]!r}")
    return out


def golden_path(stem: str, name: str) -> Path:
    return HERE / "demo" / f"{stem}.{name}.csv"
