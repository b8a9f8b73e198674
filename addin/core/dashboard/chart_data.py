"""Small tables the dashboard's charts draw: achievement by rep, ageing by rep, monthly
sales against target, and the competitor price trend.

A chart of a thousand reps is unreadable, so the per-rep charts keep the `TOP_REPS`
largest (by sales to date, and by money owed); the full lists are in Pacing and the
ageing tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window, month_label, name_of
from addin.core.dashboard.plan import PlanCube, as_plan
from addin.core.receivables import bucket_columns

TOP_REPS = 25


def _label(reps: pd.DataFrame, ids: pd.Series) -> np.ndarray:
    names = name_of(reps, "rep_id", ids)
    return np.array([f"{i} {n}".strip() for i, n in zip(ids, names, strict=True)], dtype=object)


def rep_achievement(
    pacing: pd.DataFrame, sales: pd.DataFrame, reps: pd.DataFrame, window: Window
) -> pd.DataFrame:
    """rep, sales_ytd, target_to_date, last_year_to_date for the top reps by sales."""
    rows = pacing.loc[(pacing["measure"] == "sales") & (pacing["dimension"] == "rep")]
    as_of = window.as_of
    a_year_ago = as_of - pd.DateOffset(years=1)
    last_year = (
        sales.loc[
            (sales["date"] >= pd.Timestamp(as_of.year - 1, 1, 1)) & (sales["date"] <= a_year_ago)
        ]
        .groupby("rep_id")["amount"]
        .sum()
    )
    table = pd.DataFrame(
        {
            "rep_id": rows["member"].to_numpy(dtype=object),
            "sales_ytd": rows["actual_ytd"].to_numpy(dtype="float64"),
            "target_to_date": rows["target_to_date"].to_numpy(dtype="float64"),
        }
    )
    table["last_year_to_date"] = last_year.reindex(table["rep_id"]).fillna(0.0).round(2).to_numpy()
    order = np.nan_to_num(table["sales_ytd"].to_numpy()) + np.nan_to_num(
        table["target_to_date"].to_numpy()
    )
    table = table.iloc[np.argsort(-order, kind="stable")[:TOP_REPS]]
    table = table.sort_values("rep_id").reset_index(drop=True)
    table.insert(0, "rep", _label(reps, table["rep_id"]))
    return table.drop(columns="rep_id")


def ageing_by_rep(by_rep: pd.DataFrame, reps: pd.DataFrame, bounds: list[int]) -> pd.DataFrame:
    """The ageing buckets of the reps owed most (from AgeingResult.by_rep)."""
    buckets = [c for c in bucket_columns(bounds) if c in by_rep.columns]
    if by_rep.empty:
        return pd.DataFrame(columns=["rep", *buckets])
    table = by_rep.loc[by_rep["rep_id"].astype(str) != ""]
    table = table.sort_values("total", ascending=False, kind="stable").head(TOP_REPS)
    table = table.sort_values("rep_id").reset_index(drop=True)
    out = table.loc[:, buckets].astype("float64").round(2)
    out.insert(0, "rep", _label(reps, table["rep_id"]))
    return out


def monthly_sales(
    sales: pd.DataFrame, targets: pd.DataFrame | PlanCube | None, window: Window
) -> pd.DataFrame:
    """month (each month of the as-of year), sales (to the as-of day), target, last_year."""
    year = window.as_of.year
    jan = year * 12
    month = np.arange(jan, jan + 12)
    now = sales.loc[(sales["date"] <= window.as_of) & (sales["mno"] >= jan)]
    actual = now.groupby("mno")["amount"].sum().reindex(month)
    before = sales.loc[(sales["mno"] >= jan - 12) & (sales["mno"] < jan)]
    last = before.groupby("mno")["amount"].sum().reindex(month - 12).fillna(0.0)
    target = pd.Series(np.nan, index=month)
    found = as_plan(targets)
    if found is not None:
        plan = found.customers
        amount = pd.to_numeric(plan.frame["sales_target"], errors="coerce")
        target = amount.groupby(plan.mno).sum().reindex(month)
    past = month <= window.as_of.year * 12 + window.as_of.month - 1
    return pd.DataFrame(
        {
            "month": [month_label(int(m)) for m in month],
            "sales": np.where(past, actual.fillna(0.0).round(2).to_numpy(), np.nan),
            "target": target.round(2).to_numpy(),
            "last_year": last.round(2).to_numpy(),
        }
    )


def trend_wide(trend: pd.DataFrame) -> pd.DataFrame:
    """Months down, one column per competitor ("own" first), for a line chart."""
    if trend.empty:
        return pd.DataFrame(columns=["month"])
    wide = trend.pivot_table(
        index="month", columns="competitor", values="wholesale_index", aggfunc="mean"
    )
    order = sorted(wide.columns, key=lambda c: (c != "own", str(c)))
    return wide.loc[:, order].round(1).reset_index().rename_axis(columns=None)
