"""Collections achieved per rep and month, for collection targets and appraisal.

Money that settled an invoice is credited to that invoice's rep; money left unapplied
(overpayments, held receipts, refunds) to the customer's current rep. The month is the
month the payment was received. Credit notes are not collections.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.receivables.frames import from_cents


def collections_by_rep(
    receipts: pd.DataFrame, applications: pd.DataFrame, customer_rep: pd.Series
) -> pd.DataFrame:
    """(rep_id, month "YYYY-MM", collected) sorted by rep then month.

    `receipts` carry amount_c and applied_c; `applications` the payment → invoice pairs
    with the invoice's rep_id; `customer_rep` maps customer_id → current rep.
    """
    settled = applications.loc[applications["source"] == "payment"]
    parts = [
        pd.DataFrame(
            {
                "rep_id": settled["rep_id"].to_numpy(dtype=object),
                "date": settled["source_date"].to_numpy(),
                "cents": settled["amount_c"].to_numpy(dtype="int64"),
            }
        ),
        pd.DataFrame(
            {
                "rep_id": customer_rep.reindex(receipts["customer_id"].to_numpy())
                .fillna("")
                .to_numpy(dtype=object),
                "date": receipts["date"].to_numpy(),
                "cents": (receipts["amount_c"] - receipts["applied_c"]).to_numpy(dtype="int64"),
            }
        ),
    ]
    money = pd.concat(parts, ignore_index=True)
    money = money.loc[money["cents"] != 0]
    dates = pd.to_datetime(money["date"])
    money["ym"] = dates.dt.year * 100 + dates.dt.month
    table = money.groupby(["rep_id", "ym"], sort=True)["cents"].sum().reset_index()
    table = table.loc[table["cents"] != 0]
    ym = table["ym"].to_numpy(dtype="int64")
    return pd.DataFrame(
        {
            "rep_id": table["rep_id"].to_numpy(dtype=object),
            "month": np.array([f"{v // 100:04d}-{v % 100:02d}" for v in ym], dtype=object),
            "collected": from_cents(table["cents"].to_numpy()),
        }
    )
