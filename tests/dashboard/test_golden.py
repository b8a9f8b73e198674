"""The demo dashboard's main tables against reviewed copies in tests/dashboard/golden/.

Numbers are compared with a cent's tolerance, dates as days, text exactly; row order
does not matter (rows are matched on the table's key). After a deliberate change,
regenerate with SALESDESK_UPDATE_GOLDEN=1 and review the CSV diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from addin.jobs.dashboard import dashboard
from tests.dashboard.workbook import read_tables

GOLDEN = Path(__file__).parent / "golden"
KEYS = {
    "CustomerReview": ["customer_id"],
    "Warnings": ["kind", "rep_id", "customer_id", "detail"],
    "Pacing": ["measure", "dimension", "member"],
    "CustomerABC": ["customer_id"],
    "NewLostByRep": ["rep_id"],
    "CustomerMoves": ["customer_id", "move"],
    "MarketIntel": ["month", "region_id", "competitor", "product"],
}
UPDATE = os.environ.get("SALESDESK_UPDATE_GOLDEN") == "1"


def as_text(values: pd.Series) -> pd.Series:
    """Cells as comparable text: blanks "", dates as YYYY-MM-DD, whole floats as ints."""

    def one(v: object) -> str:
        if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
            return ""
        if isinstance(v, pd.Timestamp) or hasattr(v, "isoformat"):
            return pd.Timestamp(v).date().isoformat()  # type: ignore[arg-type]
        return str(v)

    return values.map(one)


@pytest.fixture(scope="module")
def tables(tmp_path_factory, demo_master) -> dict[str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("golden") / "co"
    shutil.copytree(demo_master, root)
    dashboard(root)
    return read_tables(root / "dashboard.xlsx")


def _compare(name: str, got: pd.DataFrame, want: pd.DataFrame) -> list[str]:
    problems = []
    if list(got.columns) != list(want.columns):
        return [f"{name}: columns {list(got.columns)} != golden {list(want.columns)}"]
    keys = KEYS[name]
    got = got.assign(**{k: as_text(got[k]) for k in keys}).sort_values(keys, kind="stable")
    want = want.sort_values(keys, kind="stable")
    if len(got) != len(want) or not (got[keys].to_numpy() == want[keys].to_numpy()).all():
        missing = set(map(tuple, want[keys].to_numpy())) ^ set(map(tuple, got[keys].to_numpy()))
        return [
            f"{name}: rows differ ({len(got)} vs golden {len(want)}); e.g. {sorted(missing)[:3]}"
        ]
    for column in got.columns:
        mine, theirs = got[column].reset_index(drop=True), want[column].reset_index(drop=True)
        wanted_numbers = pd.to_numeric(theirs.replace("", np.nan), errors="coerce")
        is_number = theirs.eq("") | wanted_numbers.notna()
        mine_numbers = pd.to_numeric(mine, errors="coerce")
        if (
            is_number.all()
            and theirs.ne("").any()
            and mine_numbers.notna().sum() == theirs.ne("").sum()
        ):
            close = np.isclose(mine_numbers, wanted_numbers, rtol=1e-9, atol=0.006, equal_nan=True)
            bad = np.flatnonzero(~close)
        else:
            bad = np.flatnonzero(as_text(mine).to_numpy() != theirs.to_numpy())
        for i in bad[:3]:
            key = tuple(got[keys].iloc[i])
            problems.append(f"{name}{key}.{column}: {mine.iloc[i]!r} != golden {theirs.iloc[i]!r}")
    return problems


@pytest.mark.parametrize("name", list(KEYS))
def test_demo_dashboard_matches_golden(tables: dict[str, pd.DataFrame], name: str) -> None:
    got = tables[name]
    path = GOLDEN / f"{name}.csv"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        got.assign(**{c: as_text(got[c]) for c in got.columns}).to_csv(path, index=False)
    want = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert _compare(name, got, want) == []
