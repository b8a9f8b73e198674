"""Generated submissions, typed as the reader delivers them.

A "job" (a small dict) names one rep workbook file: the same job always gives the same
frames and the same hash, so test processes and the parent agree on what was sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue
from addin.io.ledger import Ledger, SubmitResult

VISIT_TYPES = ("visit", "phone", "delivery", "collection", "promotion", "new_customer")


def job(
    rep_id: str, period: str = "2026-11", version: int = 1, rows: int = 6, status: str = "accepted"
) -> dict[str, Any]:
    return {"rep_id": rep_id, "period": period, "version": version, "rows": rows, "status": status}


def job_hash(spec: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def _seed(spec: dict[str, Any]) -> int:
    return int(job_hash(spec)[:8], 16)


def daily_report(spec: dict[str, Any]) -> pd.DataFrame:
    rng = np.random.default_rng(_seed(spec))
    n = spec["rows"]
    year, month = (int(p) for p in spec["period"].split("-"))
    days = rng.integers(1, 28, n)
    starts = rng.integers(8 * 60, 17 * 60, n)
    order = rng.integers(0, 500_000, n) / 100.0
    return pd.DataFrame(
        {
            ROW: np.arange(5, 5 + n),
            "date": pd.to_datetime([dt.date(year, month, int(d)) for d in days]),
            "customer_id": [f"C{int(i):05d}" for i in rng.integers(1, 999, n)],
            "start_time": [dt.time(int(s) // 60, int(s) % 60) for s in starts],
            "end_time": [dt.time(int(s + 30) // 60, int(s + 30) % 60) for s in starts],
            "visit_type": [VISIT_TYPES[int(i)] for i in rng.integers(0, 6, n)],
            "order_amount": np.where(rng.random(n) < 0.3, np.nan, order),
            "collection_amount": np.where(rng.random(n) < 0.5, np.nan, order / 2),
            "expense_amount": rng.integers(0, 20_000, n) / 100.0,
            "feedback": [
                None if rng.random() < 0.4 else f"note {spec['version']}-{k} 价格" for k in range(n)
            ],
        }
    )


def weekly_route(spec: dict[str, Any]) -> pd.DataFrame:
    n = max(1, spec["rows"] // 2)
    year, month = (int(p) for p in spec["period"].split("-"))
    return pd.DataFrame(
        {
            ROW: np.arange(5, 5 + n),
            "week_start": pd.to_datetime([dt.date(year, month, 2)] * n),
            "weekday": pd.array([1 + k % 7 for k in range(n)], dtype="Int64"),
            "seq": pd.array([1 + k // 7 for k in range(n)], dtype="Int64"),
            "customer_id": [f"C{k:05d}" for k in range(n)],
            "objective": ["order" if k % 2 else None for k in range(n)],
        }
    )


def rep_frames(spec: dict[str, Any]) -> dict[str, pd.DataFrame]:
    return {"DailyReport": daily_report(spec), "WeeklyRoute": weekly_route(spec)}


def rep_issues(spec: dict[str, Any]) -> list[Issue]:
    if spec["status"] == "accepted":
        return []
    return [
        Issue(
            code="unknown_customer",
            args={"table": "Customers", "effect": ""},
            sheet="DailyReport",
            row=7,
            column="customer_id",
            value="C99999",
            file=f"rep-{spec['rep_id']}.xlsx",
            cell="B7",
        )
    ]


def submit_finance(
    ledger: Ledger, frames: dict[str, pd.DataFrame], file_hash: str = "f1"
) -> SubmitResult:
    """finance.xlsx's tables `frames`, submitted as the company's finance export."""
    return ledger.submit(
        kind="finance",
        rep_id="",
        period="finance",
        file_name="finance.xlsx",
        file_hash=file_hash,
        status="accepted",
        frames=frames,
    )


def submit_job(ledger: Ledger, spec: dict[str, Any]) -> SubmitResult:
    frames = rep_frames(spec)
    if spec["status"] == "partial":  # the caller passes only the valid rows
        frames = {name: frame.iloc[1:] for name, frame in frames.items()}
    return ledger.submit(
        kind="rep",
        rep_id=spec["rep_id"],
        period=spec["period"],
        file_name=f"rep-{spec['rep_id']}-v{spec['version']}.xlsx",
        file_hash=job_hash(spec),
        status=spec["status"],
        frames=frames,
        issues=rep_issues(spec),
    )
