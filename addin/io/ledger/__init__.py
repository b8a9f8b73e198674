"""The ledger: the system of record for every submission collected (SQLite or PostgreSQL)."""

from __future__ import annotations

from addin.io.ledger.engine import ENV_VAR, resolve_url
from addin.io.ledger.migrations import LedgerError, LedgerTooNew
from addin.io.ledger.store import (
    FINANCE_PERIOD,
    Ledger,
    Submission,
    SubmitResult,
    Submitter,
    file_sha256,
)
from addin.io.ledger.tables import KIND_OF, STORED

__all__ = [
    "ENV_VAR",
    "FINANCE_PERIOD",
    "KIND_OF",
    "STORED",
    "Ledger",
    "LedgerError",
    "LedgerTooNew",
    "Submission",
    "SubmitResult",
    "Submitter",
    "file_sha256",
    "resolve_url",
]
