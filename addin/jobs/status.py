"""`salesdesk status DIR [--period P]`: who submitted what, what counts, who is missing."""

from __future__ import annotations

from pathlib import Path

from addin.io.ledger import STORED
from addin.jobs.common import open_company
from addin.jobs.issue import active_reps, default_period
from addin.jobs.ledger_access import open_ledger
from addin.jobs.result import JobResult
from addin.schema import WORKBOOK_INPUTS


def status(root: Path, period: str | None = None) -> JobResult:
    company, masters = open_company(root)
    period = period or default_period()
    result = JobResult("status")
    with open_ledger(company, masters) as ledger:
        subs = ledger.submissions(period=period, kind="rep")
        counted_rows = []
        for table in WORKBOOK_INPUTS["rep"]:
            if table not in STORED:
                continue
            rows = ledger.counted(table, period=period)
            if rows.empty:
                continue
            sizes = rows.groupby(["rep_id", "period"]).size()
            counted_rows += [
                {"rep_id": r, "period": p, "table": table, "rows": int(n)}
                for (r, p), n in sizes.items()
            ]
    submissions = [
        {
            "rep_id": row.rep_id, "period": row.period, "file": row.file_name,
            "received_at": row.received_at.isoformat(), "status": row.status,
            "issues": int(row.issue_count), "counted": bool(row.counted),
        }
        for row in subs.itertuples()
    ]
    expected = set(active_reps(masters, period)["rep_id"])
    counted_reps = {s["rep_id"] for s in submissions if s["counted"]}
    missing = sorted(expected - {s["rep_id"] for s in submissions})
    rejected_only = sorted(expected & {s["rep_id"] for s in submissions} - counted_reps)
    result.data.update(
        {"period": period, "submissions": submissions, "counted": counted_rows,
         "not_submitted": missing, "nothing_accepted": rejected_only}
    )
    result.summary.append(f"period {period}: {len(expected)} active rep(s)")
    for s in submissions:
        mark = "counted" if s["counted"] else ""
        result.summary.append(
            f"  {s['rep_id']:8} {s['file']:24} {s['received_at'][:16]:16} {s['status']:9} "
            f"{s['issues']:4} issue(s) {mark}"
        )
    if missing:
        result.summary.append("not submitted: " + ", ".join(missing))
    if rejected_only:
        result.summary.append("submitted, nothing accepted yet: " + ", ".join(rejected_only))
    return result
