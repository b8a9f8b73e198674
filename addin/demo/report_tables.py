"""The rep's other monthly tables: plan, summary, forecast, competitors, inspections.

Numbers come from the rep's own history where there is one (last year's month for the
plan, the last twelve months for the forecast), so a demo manager sees plans and
forecasts of the right size for each customer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.demo.calendar import MONTH_FACTOR
from addin.demo.context import RepContext, typical_order
from addin.demo.names import COMPETITOR_BRANDS, COMPETITOR_BRANDS_ZH, OUR_BRANDS
from addin.demo.rand import blank_unless
from addin.demo.texts import ACHIEVEMENTS, FOCUS, PLAN_ACTIONS, PROBLEMS, PROMOTIONS
from addin.schema.vocab import QUALITY


def _texts(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    return np.array(pool, dtype=object)[rng.integers(0, len(pool), n)]


def _month_after(period: str, k: int) -> str:
    return (pd.Period(period, freq="M") + k).strftime("%Y-%m")


def _working_days(ctx: RepContext, n: int) -> np.ndarray:
    """n working days of the period (with repeats), as datetime64[ns]."""
    days = ctx.days if len(ctx.days) else pd.DatetimeIndex([ctx.month.first])
    return np.sort(days.to_numpy()[ctx.rng.integers(0, len(days), n)]).astype("datetime64[ns]")


def monthly_plan(ctx: RepContext) -> pd.DataFrame:
    rng, ids = ctx.rng, ctx.customers["customer_id"].astype(str)
    same_month = ctx.history["date"].dt.month == ctx.month.first.month
    last_year = ctx.history.loc[same_month].groupby("customer_id")["amount"].sum()
    base = last_year.reindex(ids).fillna(0.0).to_numpy()
    fresh = typical_order(ctx).reindex(ids).to_numpy() * rng.uniform(1.0, 3.0, len(ids))
    dormant = (ctx.customers["status"].astype(str) == "dormant").to_numpy()
    sales = np.where(base > 0, base * rng.uniform(1.0, 1.2, len(ids)), fresh)
    sales = np.round(np.where(dormant, 0.5 * sales, sales), -2)
    return pd.DataFrame(
        {
            "month": ctx.period,
            "customer_id": ids.to_numpy(),
            "sales_plan": sales.astype("float64"),
            "collection_plan": np.round(sales * rng.uniform(0.85, 1.05, len(ids)), -2),
            "actions": pd.Series(_texts(rng, PLAN_ACTIONS[ctx.lang], len(ids)), dtype="str"),
        }
    )


def monthly_summary(ctx: RepContext, daily: pd.DataFrame) -> pd.DataFrame:
    text = ACHIEVEMENTS[ctx.lang].format(
        visits=len(daily),
        orders=float(daily["order_amount"].sum()),
        collections=float(daily["collection_amount"].sum()),
        customers=int(daily["customer_id"].nunique()),
    )
    rng = ctx.rng
    return pd.DataFrame(
        {
            "month": [ctx.period],
            "achievements": [text],
            "problems": [str(_texts(rng, PROBLEMS[ctx.lang], 1)[0])],
            "next_month_focus": [str(_texts(rng, FOCUS[ctx.lang], 1)[0])],
        }
    ).astype({"achievements": "str", "problems": "str", "next_month_focus": "str"})


def forecast(ctx: RepContext, months: int = 3) -> pd.DataFrame:
    """Next `months` months × the rep's main customers × their main products."""
    rng = ctx.rng
    pairs = ctx.pairs
    top_customers = pairs.groupby("customer_id")["amount"].sum().nlargest(5).index
    pairs = pairs.loc[pairs["customer_id"].isin(top_customers)]
    pairs = pairs.sort_values("amount", ascending=False).groupby("customer_id").head(3)
    if pairs.empty and len(ctx.customers):
        chosen = ctx.customers["customer_id"].astype(str).to_numpy()[:3]
        products = ctx.month.products["product_id"].astype(str).to_numpy()[:2]
        pairs = pd.DataFrame(
            [(c, p, 24_000.0) for c in chosen for p in products],
            columns=["customer_id", "product_id", "amount"],
        )
    ahead = [_month_after(ctx.period, k) for k in range(1, months + 1)]
    grid = pairs.loc[np.repeat(pairs.index.to_numpy(), len(ahead))].reset_index(drop=True)
    grid["month"] = np.tile(ahead, len(pairs))
    season = MONTH_FACTOR[pd.PeriodIndex(grid["month"], freq="M").month - 1] / MONTH_FACTOR.mean()
    noise = rng.uniform(0.9, 1.25, len(grid))
    grid["amount"] = np.maximum(np.round(grid["amount"] / 12.0 * season * noise, -2), 100.0)
    grid = grid.sort_values(["month", "customer_id", "product_id"]).reset_index(drop=True)
    return grid[["month", "customer_id", "product_id", "amount"]].astype(
        {"month": "str", "customer_id": "str", "product_id": "str", "amount": "float64"}
    )


def _our_products(ctx: RepContext, n: int) -> pd.DataFrame:
    """n product rows (with repeats) from what the rep's customers bought, else any."""
    products = ctx.month.products
    sold = ctx.pairs["product_id"].unique()
    pool = products.loc[products["product_id"].isin(sold)] if len(sold) else products
    return pool.iloc[ctx.rng.integers(0, len(pool), n)]


def _generic_name(names: pd.Series) -> pd.Series:
    """Our product name without our brand: "禾丰绿茶 500ml×15" → "绿茶 500ml×15"."""
    pattern = "^(" + "|".join(sorted(OUR_BRANDS, key=len, reverse=True)) + ")"
    return names.astype(str).str.replace(pattern, "", regex=True)


def competitors(ctx: RepContext) -> pd.DataFrame:
    """A few prices of competitors' equivalents of products the rep sells."""
    rng = ctx.rng
    n = int(rng.integers(3, 9)) if len(ctx.customers) else 0
    pick = _our_products(ctx, n)
    wholesale = np.round(pick["unit_price"].to_numpy() * rng.uniform(0.85, 1.08, n) * 2) / 2
    retail = np.round(wholesale * rng.uniform(1.15, 1.45, n) * 2) / 2
    brands = _texts(rng, COMPETITOR_BRANDS, n)
    if ctx.month.lang == "zh":  # a company that works in Chinese writes brands by 中文名
        brands = np.array([COMPETITOR_BRANDS_ZH.get(b, b) for b in brands], dtype=object)
    promo = blank_unless(rng.random(n) < 0.5, _texts(rng, PROMOTIONS[ctx.lang], n))
    ids = ctx.customers["customer_id"].astype(str).to_numpy()
    return pd.DataFrame(
        {
            "date": _working_days(ctx, n),
            "competitor": pd.Series(brands, dtype="str"),
            "product": (pd.Series(brands) + " " + _generic_name(pick["name"]).to_numpy()).astype(
                "str"
            ),
            "wholesale_price": wholesale.astype("float64"),
            "retail_price": retail.astype("float64"),
            "quality": pd.Series(_texts(rng, QUALITY, n), dtype="str"),
            "promotion": pd.Series(promo, dtype="str"),
            "customer_id": pd.Series(ids[rng.integers(0, len(ids), n)] if n else [], dtype="str"),
        }
    )


def _foreign_area(ctx: RepContext, area: np.ndarray) -> np.ndarray:
    """An area of another region for each given area (the same area if there is none)."""
    parents = ctx.month.area_parent
    leaves, leaf_parent = parents.index.to_numpy(), parents.to_numpy()
    out = area.copy()
    for i, a in enumerate(area):  # only the few diverted rows
        choices = leaves[leaf_parent != parents.get(a, "")]
        if len(choices):
            out[i] = choices[int(ctx.rng.integers(len(choices)))]
    return out


def market_inspection(ctx: RepContext, diverted_share: float = 0.06) -> pd.DataFrame:
    """Shelf checks at the rep's customers; a few find goods coded for another region."""
    rng, cards = ctx.rng, ctx.customers
    n = int(rng.integers(6, 16)) if len(cards) else 0
    shops = cards.loc[cards["type"].astype(str).isin(["retailer", "key_account", "wholesaler"])]
    shops = shops if len(shops) else cards
    at = shops.iloc[rng.integers(0, len(shops), n)] if n else shops.iloc[:0]
    pick = _our_products(ctx, n)
    shelf = rng.random(n) < 0.85
    price = np.round(pick["unit_price"].to_numpy() * rng.uniform(1.15, 1.45, n) * 2) / 2
    area = at["region_id"].astype(str).to_numpy()
    diverted = rng.random(n) < diverted_share
    territory = area.copy()
    territory[diverted] = _foreign_area(ctx, area[diverted])
    return pd.DataFrame(
        {
            "date": _working_days(ctx, n),
            "customer_id": pd.Series(at["customer_id"].astype(str).to_numpy(), dtype="str"),
            "product_id": pd.Series(pick["product_id"].astype(str).to_numpy(), dtype="str"),
            "on_shelf": pd.Series(np.where(shelf, "yes", "no"), dtype="str"),
            "retail_price": np.where(shelf, price, np.nan).astype("float64"),
            "stock_qty": np.where(shelf, rng.integers(0, 121, n), 0).astype("float64"),
            "territory_code": pd.Series(territory, dtype="str"),
        }
    )
