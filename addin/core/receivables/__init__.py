"""Receivables: payment application, ageing, dunning, DSO and collections (pure core).

Entry point: `age_receivables`. The job layer reads finance.xlsx and masters.xlsx,
calls it, and writes `AgeingResult` tables to sheets. `apply_payments(...) -> Applied`
is the application pass alone (which money settled which invoice, ids coded once);
`Applied.collections()` and `collections_as_of` give collections by rep and month
from it without ageing anything (appraisal).
"""

from addin.core.receivables.age import (
    AgeingResult,
    Applied,
    age_receivables,
    apply_payments,
    collections_as_of,
)
from addin.core.receivables.ageing import bucket_columns
from addin.core.receivables.apply import UNAPPLIED
from addin.core.receivables.dso import DSO_METHOD
from addin.core.receivables.dunning import DEFAULT_ACTIONS

__all__ = [
    "DEFAULT_ACTIONS",
    "DSO_METHOD",
    "UNAPPLIED",
    "AgeingResult",
    "Applied",
    "age_receivables",
    "apply_payments",
    "bucket_columns",
    "collections_as_of",
]
