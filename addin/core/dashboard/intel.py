"""Market information: competitors' wholesale and retail prices per product and region
over time, beside ours, from the reps' Competitors and MarketInspection reports.

A competitor's product is written as the rep saw it ("康源 消毒液 4L×4"). With the
competitor's name taken off the front, what is left ("消毒液 4L×4") is matched to our
product whose name ends with it ("乐活消毒液 4L×4"), so its prices can be set against
ours: `wholesale_index` = the competitor's wholesale price as % of our unit price, and
`retail_gap_pct` = how far its shelf price is above (+) or below (−) the shelf price of
our product seen in the same month and region. Rows with `competitor` = "own" are our
products' shelf prices from market inspections (index 100 by definition).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import lookup_series, month_labels
from addin.core.receivables.frames import numbers, text

OWN = "own"
INTEL_COLUMNS = (
    "month",
    "region_id",
    "competitor",
    "product",
    "product_id",
    "observations",
    "wholesale_price",
    "retail_price",
    "our_price",
    "our_retail_price",
    "wholesale_index",
    "retail_gap_pct",
)
TREND_COLUMNS = ("month", "competitor", "wholesale_index")


def match_products(texts: pd.Series, brands: pd.Series, products: pd.DataFrame) -> np.ndarray:
    """Our product_id for each competitor product text ("" when none matches)."""
    ids, names = text(products, "product_id"), text(products, "name")
    suffixes: dict[str, str] = {}
    for pid, name in sorted(zip(ids, names, strict=True), reverse=True):
        for cut in range(len(name) - 1):  # the earliest product_id wins a shared suffix
            suffixes[name[cut:].strip()] = pid
    pairs = pd.DataFrame({"text": texts.to_numpy(), "brand": brands.to_numpy()})
    distinct = pairs.drop_duplicates()
    generic = [
        t[len(b) :].strip() if b and t.startswith(b) else t.strip()
        for t, b in zip(distinct["text"], distinct["brand"], strict=True)
    ]
    found = [suffixes.get(g, "") if len(g) >= 2 else "" for g in generic]
    mapped = distinct.assign(product_id=found)
    merged = pairs.merge(mapped, on=["text", "brand"], how="left")
    return merged["product_id"].fillna("").to_numpy(dtype=object)


def _region(rows: pd.DataFrame, card: pd.DataFrame, reps: pd.DataFrame) -> np.ndarray:
    """The customer's region, else the reporting rep's."""
    by_customer = card["region_id"].reindex(rows["customer_id"]).fillna("").to_numpy(dtype=object)
    by_rep = lookup_series(reps, "rep_id", "region_id").reindex(rows["rep_id"])
    return np.where(by_customer != "", by_customer, by_rep.fillna("").to_numpy(dtype=object))


def market_intel(
    competitors: pd.DataFrame,
    inspections: pd.DataFrame,
    card: pd.DataFrame,
    reps: pd.DataFrame,
    products: pd.DataFrame,
) -> pd.DataFrame:
    """One row per month × region × competitor × product (see module doc), by month."""
    price = pd.Series(
        numbers(products, "unit_price").to_numpy(), index=text(products, "product_id").to_numpy()
    )
    price = price[~price.index.duplicated()]
    names = lookup_series(products, "product_id", "name")

    own = inspections.loc[inspections["retail_price"].notna()]
    own = own.assign(region_id=_region(own, card, reps))
    shelf = own.groupby(["mno", "region_id", "product_id"])["retail_price"].mean()
    own_rows = own.groupby(["mno", "region_id", "product_id"], as_index=False).agg(
        observations=("retail_price", "size"), retail_price=("retail_price", "mean")
    )
    own_rows["competitor"] = OWN
    own_rows["product"] = names.reindex(own_rows["product_id"]).fillna("").to_numpy()
    own_rows["wholesale_price"] = price.reindex(own_rows["product_id"]).to_numpy()

    theirs = competitors.assign(
        region_id=_region(competitors, card, reps),
        product_id=match_products(competitors["product"], competitors["competitor"], products),
    )
    comp_rows = theirs.groupby(
        ["mno", "region_id", "competitor", "product", "product_id"], as_index=False
    ).agg(
        observations=("date", "size"),
        wholesale_price=("wholesale_price", "mean"),
        retail_price=("retail_price", "mean"),
    )
    table = pd.concat([comp_rows, own_rows], ignore_index=True)
    if table.empty:
        return pd.DataFrame(columns=list(INTEL_COLUMNS))
    keys = pd.MultiIndex.from_arrays([table["mno"], table["region_id"], table["product_id"]])
    table["our_price"] = price.reindex(table["product_id"]).to_numpy()
    table["our_retail_price"] = shelf.reindex(keys).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["wholesale_index"] = (table["wholesale_price"] / table["our_price"] * 100).round(1)
        gap = (table["retail_price"] / table["our_retail_price"] - 1) * 100
    table["retail_gap_pct"] = gap.round(1)
    for column in ("wholesale_price", "retail_price", "our_price", "our_retail_price"):
        table[column] = table[column].round(2)
    table["observations"] = table["observations"].astype("int64")
    table = table.sort_values(
        ["mno", "region_id", "product", "competitor"], kind="stable"
    ).reset_index(drop=True)
    table["month"] = month_labels(table["mno"])
    return table.loc[:, list(INTEL_COLUMNS)]


def price_trend(intel: pd.DataFrame) -> pd.DataFrame:
    """Per month and competitor, the mean wholesale index of its matched products —
    the competitor price trend the dashboard charts ("own" is 100)."""
    matched = intel.loc[intel["wholesale_index"].notna()]
    if matched.empty:
        return pd.DataFrame(columns=list(TREND_COLUMNS))
    trend = matched.groupby(["month", "competitor"])["wholesale_index"].mean().round(1)
    return trend.reset_index().loc[:, list(TREND_COLUMNS)]
