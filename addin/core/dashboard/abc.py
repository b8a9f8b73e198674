"""ABC classes by the Pareto share of sales.

Customers are ranked by sales, largest first. A customer is **A** while the customers
ranked above it hold less than `abc_a_pct` % of all sales — so the customer whose sales
cross the line is still A (with the defaults, the few customers making the first 80 %).
Then **B** up to `abc_b_pct` %, the rest **C**. Customers with no (or negative, after
credit notes) sales are C whatever the shares say. Ties are broken by customer_id so
the classes are reproducible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.settings import Settings

ABC_COLUMNS = ("customer_id", "sales", "share_pct", "cum_pct", "rank", "class")


def abc_classes(sales: pd.Series, settings: Settings) -> pd.DataFrame:
    """`sales`: amount per customer_id (index). One row per customer with its share,
    cumulative share (both in %), rank and class, largest first."""
    frame = pd.DataFrame(
        {
            "customer_id": sales.index.astype(str),
            "sales": pd.to_numeric(sales, errors="coerce").fillna(0.0).to_numpy(dtype="float64"),
        }
    )
    frame = frame.sort_values(["sales", "customer_id"], ascending=[False, True], kind="stable")
    positive = frame["sales"].clip(lower=0.0).to_numpy()
    total = positive.sum()
    share = positive / total * 100.0 if total > 0 else np.zeros(len(frame))
    cum = np.cumsum(share)
    before = cum - share
    a_line, b_line = settings.abc_a_pct, max(settings.abc_b_pct, settings.abc_a_pct)
    klass = np.where(before < a_line, "A", np.where(before < b_line, "B", "C")).astype(object)
    klass[positive <= 0] = "C"
    frame["share_pct"] = np.round(share, 2)
    frame["cum_pct"] = np.round(cum, 2)
    frame["rank"] = np.arange(1, len(frame) + 1, dtype="int64")
    frame["class"] = klass
    return frame.reset_index(drop=True).loc[:, list(ABC_COLUMNS)]
