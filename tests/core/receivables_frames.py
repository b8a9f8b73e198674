"""Payment frames for the receivables tests, in the shape the reader delivers."""

from __future__ import annotations

from typing import Any

import pandas as pd

from addin.core.issues import ROW

D = pd.Timestamp


def pays(*rows: tuple[Any, ...]) -> pd.DataFrame:
    """(payment_id, date, customer_id, amount[, invoice_id]) per payment."""
    frame = pd.DataFrame(
        [
            {
                "payment_id": r[0],
                "date": D(r[1]),
                "customer_id": r[2],
                "amount": float(r[3]),
                "invoice_id": r[4] if len(r) > 4 else "",
            }
            for r in rows
        ],
        columns=["payment_id", "date", "customer_id", "amount", "invoice_id"],
    )
    frame[ROW] = range(2, len(frame) + 2)
    return frame
