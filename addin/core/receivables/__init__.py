"""Receivables: payment application, ageing, dunning, DSO and collections (pure core).

Entry point: `age_receivables`. The job layer reads finance.xlsx and masters.xlsx,
calls it, and writes `AgeingResult` tables to sheets.
"""

from addin.core.receivables.age import AgeingResult, age_receivables, collections_as_of
from addin.core.receivables.ageing import bucket_columns
from addin.core.receivables.apply import UNAPPLIED
from addin.core.receivables.dso import DSO_METHOD
from addin.core.receivables.dunning import DEFAULT_ACTIONS

__all__ = [
    "DEFAULT_ACTIONS",
    "DSO_METHOD",
    "UNAPPLIED",
    "AgeingResult",
    "age_receivables",
    "bucket_columns",
    "collections_as_of",
]
