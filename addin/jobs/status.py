"""`salesdesk status DIR [--period P]`: who submitted what, what counts, who is missing."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from addin.i18n import Msg
from addin.io.ledger import STORED
from addin.jobs.common import open_company
from addin.jobs.issue import active_reps, default_period, month_period
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobResult


def _submission(row: Mapping[Hashable, Any]) -> dict[str, Any]:
    return {
        "rep_id": str(row["rep_id"]),
        "period": str(row["period"]),
        "file": str(row["file_name"]),
        "received_at": pd.Timestamp(row["received_at"]).isoformat(),
        "status": str(row["status"]),
        "issues": int(row["issue_count"]),
        "counted": bool(row["counted"]),
    }


def counted_tables(per_rep: pd.DataFrame) -> list[dict[str, Any]]:
    """rep_id, period, table, rows for every table of every counted rep submission (from
    `Ledger.status`, whose columns are the rep tables' row counts)."""
    out: list[dict[str, Any]] = []
    for row in per_rep.loc[per_rep["counted_id"].notna()].to_dict("records"):
        out += [
            {
                "rep_id": str(row["rep_id"]),
                "period": str(row["period"]),
                "submission_id": int(row["counted_id"]),
                "table": table,
                "rows": int(row[table]),
            }
            for table in STORED["rep"]
        ]
    return out


def status(root: Path, period: str | None = None) -> JobResult:
    company, masters = open_company(root)
    period = month_period(period) if period else default_period()
    result = JobResult("status", lang=masters.settings.lang)
    with open_ledger(company, masters) as ledger:
        subs = ledger.submissions(period=period, kind="rep")
        counted_rows = counted_tables(ledger.status(period))
    submissions = [_submission(row) for row in subs.to_dict("records")]
    expected = set(active_reps(masters, period)["rep_id"])
    counted_reps = {s["rep_id"] for s in submissions if s["counted"]}
    sent = {s["rep_id"] for s in submissions}
    missing = sorted(expected - sent)
    rejected_only = sorted((expected & sent) - counted_reps)
    result.data.update(
        {
            "period": period,
            "submissions": submissions,
            "counted": counted_rows,
            "not_submitted": missing,
            "nothing_accepted": rejected_only,
        }
    )
    result.summary.append(Msg("status.period", period=period, count=len(expected)))
    for s in submissions:
        status = Msg(f"status.{s['status']}")
        result.summary.append(
            Msg(
                "status.line",
                rep=f"{s['rep_id']:8}",
                file=f"{s['file']:24}",
                received=f"{s['received_at'][:16]:16}",
                status=status,
                issues=f"{s['issues']:4}",
                counted=Msg("status.counted") if s["counted"] else "",
            )
        )
    if missing:
        result.summary.append(Msg("status.missing", who=", ".join(missing)))
    if rejected_only:
        result.summary.append(Msg("status.rejected_only", who=", ".join(rejected_only)))
    return result
