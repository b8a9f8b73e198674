"""When a customer counts as lost, and against which rep (appraisal and dashboard alike).

A customer who skips a month has not been lost: many buy every second or third month.
Each customer's **usual interval** is the median gap, in months, between the months it
bought in (a purchase is a sales line with a positive amount). After a purchase in month
L the customer is lost in month L + T, where T = the larger of `lost_customer_months`
and one month more than its usual interval — unless it buys again by then. T is at most
12: a customer is lost only while it has bought in the 12 months before.

A customer lost, won back and lost again counts each time it was lost.

The loss is charged to the rep who held the customer through the silent months: the rep
on its last purchase, unless that rep left before the loss was due; then the customer's
rep on its data card (who took it over).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.receivables.frames import dates, text
from addin.core.reports.calendar import date_month_number

#: A customer who bought in the last 12 months is still a customer to win back.
LOOKBACK_MONTHS = 12
LOSS_COLUMNS = ("customer_id", "rep_id", "last_month", "lost_month", "usual_gap")


def purchase_months(sales: pd.DataFrame) -> pd.DataFrame:
    """customer_id, mno, rep_id (of the month's last purchase), one row per month bought,
    by customer (as text sorts) and month. Depends on the sales alone: a caller judging
    several periods computes it once and hands it to `losses_from_months`."""
    when = dates(sales, "date")
    amount = pd.to_numeric(sales["amount"], errors="coerce")
    coded = _text_codes(sales, "customer_id")
    if coded is None:
        customer = text(sales, "customer_id").to_numpy(dtype=object)
        named = customer != ""
    else:
        codes, vocabulary = coded
        named = codes != (vocabulary.get_loc("") if "" in vocabulary else -1)
    keep = np.flatnonzero((amount > 0).to_numpy() & when.notna().to_numpy() & named)
    # Customers coded in text order, days as integers: one stable integer sort replaces
    # the sort on text, ties staying in the order the lines came.
    if coded is None:
        cust, found = pd.factorize(customer[keep], sort=True)
        names = np.asarray(found, dtype=object)
    else:  # codes in text order already: the same order, the same names
        cust, names = coded[0][keep], np.asarray(coded[1], dtype=object)
    days = when.to_numpy()[keep].astype("datetime64[D]")
    order = np.lexsort((days.astype("int64"), cust))
    cust, days, rows = cust[order], days[order], keep[order]
    mno = days.astype("datetime64[M]").astype("int64") + 1970 * 12
    # The last line of each customer's month names its rep.
    last = np.r_[(cust[1:] != cust[:-1]) | (mno[1:] != mno[:-1]), True] if cust.size else cust
    return pd.DataFrame(
        {
            "customer_id": names[cust[last]],
            "mno": mno[last].astype("int64"),
            "rep_id": text(sales, "rep_id").to_numpy(dtype=object)[rows[last]],
        }
    )


def _text_codes(sales: pd.DataFrame, column: str) -> tuple[np.ndarray, pd.Index] | None:
    """A categorical column's codes and categories, when the categories are the column's
    text already (`text` would change none of them) and sorted: codes then order and
    name the rows as `text` and a sorted factorize of it would, without a million
    strings made and hashed again. None otherwise."""
    if column not in sales.columns or not isinstance(sales[column].dtype, pd.CategoricalDtype):
        return None
    values = sales[column]
    names = values.cat.categories
    texts = np.asarray(names, dtype=object)
    if not (names.is_unique and names.is_monotonic_increasing and names.inferred_type == "string"):
        return None
    if not np.array_equal(text(pd.DataFrame({column: texts}), column).to_numpy(), texts):
        return None
    codes = values.cat.codes.to_numpy().astype("int64")
    if (codes < 0).any():  # a missing value: blank text, which sorts elsewhere
        return None
    return codes, names


def loss_threshold(usual_gap: pd.Series, lost_customer_months: int) -> pd.Series:
    """Months without a purchase that make a customer lost (see the module docstring)."""
    own = np.floor(usual_gap.fillna(0).to_numpy(dtype="float64")) + 1
    months = np.minimum(np.maximum(own, lost_customer_months), LOOKBACK_MONTHS)
    return pd.Series(months.astype("int64"), index=usual_gap.index)


def customer_losses(
    sales: pd.DataFrame,
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    *,
    lost_customer_months: int,
    up_to: pd.Timestamp,
) -> pd.DataFrame:
    """Every loss due by the month of `up_to`, judged on the purchases up to then:
    customer_id, rep_id (charged), last_month and lost_month (month numbers,
    year × 12 + month − 1), usual_gap (months; NaN for a customer who bought once)."""
    return losses_from_months(
        purchase_months(sales),
        customers,
        reps,
        lost_customer_months=lost_customer_months,
        up_to=up_to,
    )


def losses_from_months(
    bought: pd.DataFrame,
    customers: pd.DataFrame,
    reps: pd.DataFrame,
    *,
    lost_customer_months: int,
    up_to: pd.Timestamp,
) -> pd.DataFrame:
    """`customer_losses` from the months of `purchase_months`."""
    until = int(up_to.year * 12 + up_to.month - 1)
    months = bought.loc[bought["mno"] <= until]
    following = months.groupby("customer_id")["mno"].shift(-1)
    gap = following - months["mno"]
    usual = gap.groupby(months["customer_id"]).transform("median")
    threshold = loss_threshold(usual, lost_customer_months)
    lost_month = months["mno"] + threshold
    silent = following.isna() | (following > lost_month)
    lost = months.assign(lost_month=lost_month, usual_gap=usual).loc[silent & (lost_month <= until)]
    card = pd.Series(
        text(customers, "rep_id").to_numpy(), index=text(customers, "customer_id").to_numpy()
    )
    card = card[~card.index.duplicated()]
    left = pd.Series(dates(reps, "leave_date").to_numpy(), index=text(reps, "rep_id").to_numpy())
    left = left[~left.index.duplicated()]
    gone = date_month_number(pd.Series(left.reindex(lost["rep_id"]).to_numpy(), index=lost.index))
    taken_over = card.reindex(lost["customer_id"]).fillna("").to_numpy(dtype=object)
    handed_on = (gone < lost["lost_month"]).to_numpy(dtype=bool) & (taken_over != "")
    charged = np.where(handed_on, taken_over, lost["rep_id"].to_numpy(dtype=object))
    out = pd.DataFrame(
        {
            "customer_id": lost["customer_id"].to_numpy(dtype=object),
            "rep_id": charged,
            "last_month": lost["mno"].to_numpy(dtype="int64"),
            "lost_month": lost["lost_month"].to_numpy(dtype="int64"),
            "usual_gap": lost["usual_gap"].to_numpy(dtype="float64"),
        }
    )
    return out.sort_values(["lost_month", "customer_id"], kind="stable").reset_index(drop=True)
