"""Where finance records come from: finance.xlsx, recorded into the ledger.

finance.xlsx is where finance pastes the ERP export. Each clean read is recorded in the
ledger as a finance submission, identified by a hash of its content (not of the file,
which changes whenever a job writes results into it), so reading the same export again
stores nothing new. When the workbook's SalesLines are empty but the ledger holds a
counted finance submission — a company too big for one sheet — the ledger is used; every
job follows that one rule (`stored_finance`), so two jobs never read two exports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, has_errors
from addin.core.progress import step
from addin.i18n import Msg
from addin.io.company import Company, Masters
from addin.io.ledger import FINANCE_PERIOD, Ledger
from addin.io.ledger.tables import data_columns
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


#: table → column → (position per row, values): the column is values[position]
Coded = Mapping[str, Mapping[str, tuple[np.ndarray, np.ndarray]]]


def content_hash(frames: dict[str, pd.DataFrame], coded: Coded | None = None) -> str:
    """A digest of every value of `frames`, as each reads in text: the same tables give
    the same digest in any run. Equal to hashing `pd.util.hash_pandas_object(
    frame.astype(str), index=False)`, which it replaced, so digests already in a ledger
    still match.

    `coded` gives columns the caller built from a short array of values (the plan's
    cube: a month's or a pair's text on every cell); each of those values is hashed
    once instead of finding the distinct ones among millions of rows. It must describe
    the frame's column exactly — the digest is then the same."""
    digest = hashlib.sha256()
    for name in sorted(frames):
        frame = frames[name]
        known = (coded or {}).get(name, {})
        digest.update(name.encode())
        columns = [
            _text_hashes(frame.iloc[:, k], known.get(str(frame.columns[k])))
            for k in range(frame.shape[1])
        ]
        digest.update(_row_hashes(columns, len(frame)).tobytes())
    return "content:" + digest.hexdigest()


def _text_hashes(
    values: pd.Series, coded: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """pandas' hash of each value as text. Values repeat (a month, a rep, a whole-unit
    target on many cells), so each distinct one is turned into text and hashed once."""
    codes, uniques = coded or pd.factorize(values, use_na_sentinel=False)
    text = pd.Series(uniques, dtype=values.dtype).astype(str)
    hashed = pd.util.hash_pandas_object(text, index=False).to_numpy()
    return hashed[codes]


def _row_hashes(columns: list[np.ndarray], rows: int) -> np.ndarray:
    # How pandas combines the column hashes of a row (CPython's tuple hash), as
    # `hash_pandas_object` does for a DataFrame.
    if not columns:
        return np.full(rows, 0x345678 + 97531, dtype=np.uint64)
    mult = np.uint64(1000003)
    out = np.zeros_like(columns[0]) + np.uint64(0x345678)
    for i, hashed in enumerate(columns):
        inverse = len(columns) - i
        out ^= hashed
        out *= mult
        mult += np.uint64(82520 + inverse + inverse)
    out += np.uint64(97531)
    return out


def load_finance(
    company: Company, masters: Masters, *, record: bool = True, coded: Sequence[str] = ()
) -> FinanceRecords:
    path = company.book("finance")
    reads = read_tables(path, INPUTS, masters.lookups())
    issues = [i for r in reads.values() for i in r.issues]
    lines, payments = reads["SalesLines"].frame, reads["Payments"].frame
    with step(Msg("progress.finance_ledger")), open_ledger(company, masters) as ledger:
        if lines.empty:
            stored = stored_finance(ledger, coded, coded)
            if stored is not None:
                return FinanceRecords(*stored, reads, issues, source="ledger")
        if record and not has_errors(issues) and not lines.empty:
            frames = {"SalesLines": lines, "Payments": payments}
            recorded = ledger.submit(
                kind="finance",
                rep_id="",
                period=FINANCE_PERIOD,
                file_name=path.name,
                file_hash=content_hash(frames),
                status="accepted",
                frames=frames,
            )
            if recorded.outcome == "stored":
                ledger.keep_finance(frames, recorded.submission_id)
    return FinanceRecords(lines, payments, reads, issues)


def stored_finance(
    ledger: Ledger,
    coded_lines: Sequence[str] = (),
    coded_payments: Sequence[str] = (),
    payment_columns: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The ledger's counted finance (SalesLines, Payments) in the reader's shape; None
    when it holds none. Every job takes finance.xlsx first and this only when the
    workbook's SalesLines are empty (a company too big for one sheet): the ledger holds
    the export last recorded, the workbook the one finance pasted since."""
    lines = ledger.counted(
        "SalesLines", kind="finance", columns=reader_columns("SalesLines"), coded=coded_lines
    )
    if lines.empty:
        return None
    columns = reader_columns("Payments") if payment_columns is None else list(payment_columns)
    payments = ledger.counted("Payments", kind="finance", columns=columns, coded=coded_payments)
    return _as_read(lines), _as_read(payments)


def reader_columns(name: str) -> list[str]:
    """The ledger columns of `name` that the reader's frame has too: not the submission
    nor its period, which the ledger keeps beside the rows (a table's own rep_id stays)."""
    return [c for c in data_columns(name) if c not in {"submission_id", "period"}]


def _as_read(frame: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows in the shape the reader delivers (row_no becomes _row)."""
    return frame.rename(columns={"row_no": ROW})
