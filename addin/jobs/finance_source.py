"""Where finance records come from: finance.xlsx, recorded into the ledger.

finance.xlsx is where finance pastes the ERP export. Each clean read is recorded in the
ledger as a finance submission, identified by a hash of its content (not of the file,
which changes whenever a job writes results into it), so reading the same export again
stores nothing new. When the workbook's SalesLines are empty but the ledger holds a
counted finance submission — a company too big for one sheet — the ledger is used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from addin.core.issues import ROW, Issue, has_errors
from addin.core.progress import step
from addin.i18n import Msg
from addin.io.company import Company, Masters
from addin.io.ledger import FINANCE_PERIOD
from addin.io.reader import TableRead
from addin.jobs.common import read_tables
from addin.jobs.ledger_access import open_ledger

INPUTS = ("SalesLines", "Payments")


@dataclass(slots=True)
class FinanceRecords:
    lines: pd.DataFrame
    payments: pd.DataFrame
    reads: dict[str, TableRead]
    issues: list[Issue] = field(default_factory=list)
    source: str = "finance.xlsx"


def content_hash(frames: dict[str, pd.DataFrame]) -> str:
    digest = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        digest.update(name.encode())
        digest.update(
            pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes()
        )
    return "content:" + digest.hexdigest()


def load_finance(company: Company, masters: Masters, *, record: bool = True) -> FinanceRecords:
    path = company.book("finance")
    reads = read_tables(path, INPUTS, masters.lookups())
    issues = [i for r in reads.values() for i in r.issues]
    lines, payments = reads["SalesLines"].frame, reads["Payments"].frame
    with step(Msg("progress.finance_ledger")), open_ledger(company, masters) as ledger:
        if lines.empty:
            stored = ledger.counted("SalesLines", kind="finance")
            if not stored.empty:
                paid = ledger.counted("Payments", kind="finance")
                return FinanceRecords(
                    _as_read(stored), _as_read(paid), reads, issues, source="ledger"
                )
        if record and not has_errors(issues) and not lines.empty:
            frames = {"SalesLines": lines, "Payments": payments}
            ledger.submit(
                kind="finance",
                rep_id="",
                period=FINANCE_PERIOD,
                file_name=path.name,
                file_hash=content_hash(frames),
                status="accepted",
                frames=frames,
            )
    return FinanceRecords(lines, payments, reads, issues)


def _as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows in the shape the reader delivers (row_no becomes _row)."""
    out = frame.rename(columns={"row_no": ROW})
    return out.drop(columns=[c for c in ("submission_id", "period") if c in out.columns])
