"""Customer strategy cards (策略卡) for the plan year: class, goals, policy, actions.

The class comes from last year's sales (ABC at the Settings' 80 % / 95 % cumulative
shares); goals grow from last year by a class-typical rate; the texts are what a sales
manager would write, some in Chinese and some in English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.settings import Settings
from addin.demo.rand import Rng

SUPPORT_POLICY = {
    "A": ("年度返利3%，专项陈列费支持", "Annual rebate 3% plus paid shelf display",
          "优先供货，专职理货员", "Priority supply and a dedicated merchandiser",
          "每季度联合促销一次，费用各半"),
    "B": ("年度返利1.5%", "Quarterly rebate 1.5%", "新品进场费支持",
          "Listing-fee support for new products", "节日促销物料支持"),
    "C": ("标准价格政策，无返利", "Standard price list, no rebate", "现款现货",
          "Cash on delivery for new orders", "按需提供促销物料"),
}  # fmt: skip
KEY_ACTIONS = {
    "A": ("每周拜访，月度对账", "Weekly visit; reconcile the statement monthly",
          "扩大休闲食品品类陈列", "Win extra shelf space in the top stores",
          "严格执行区域价格，杜绝窜货"),
    "B": ("每两周拜访一次", "Visit every two weeks", "铺货率提升至80%",
          "Launch two new SKUs", "回款周期缩短至45天"),
    "C": ("每月拜访或电话一次", "Monthly visit or call", "评估合作价值，控制赊销",
          "Collect overdue before taking new orders", "电话跟进补货"),
}  # fmt: skip
GROWTH = {"A": (0.06, 0.15), "B": (0.05, 0.20), "C": (-0.05, 0.25)}


def abc_classes(sales: pd.Series, a_pct: float, b_pct: float) -> pd.Series:
    """A for the customers making the first a_pct % of sales, B up to b_pct %, C after.

    The customer who crosses a threshold still belongs to the higher class (so A covers at
    least a_pct % of sales, and the biggest customer is always A).
    """
    ranked = sales.sort_values(ascending=False, kind="stable")
    share = ranked.cumsum() / ranked.sum() * 100.0
    before = share - ranked / ranked.sum() * 100.0  # share of the customers ranked above
    klass = np.where(before < a_pct, "A", np.where(before < b_pct, "B", "C"))
    return pd.Series(klass, index=ranked.index).reindex(sales.index)


def build_strategy(
    rng: Rng, customers: pd.DataFrame, last_year_sales: pd.Series, year: int
) -> pd.DataFrame:
    """One card per customer that bought last year and is not closed."""
    settings = Settings()
    open_ = customers.loc[customers["status"] != "closed", "customer_id"]
    sales = last_year_sales.reindex(open_).fillna(0.0)
    sales = sales[sales > 0]
    klass = abc_classes(sales, settings.abc_a_pct, settings.abc_b_pct).to_numpy()
    n = len(sales)
    low = np.array([GROWTH[k][0] for k in klass])
    high = np.array([GROWTH[k][1] for k in klass])
    goal = np.round(sales.to_numpy() * (1 + low + (high - low) * rng.random(n)), -3)
    goal = np.maximum(goal, 1_000.0)
    collect = np.round(goal * rng.uniform(0.92, 1.0, n), -3)
    row = np.searchsorted(np.array(["A", "B", "C"]), klass)
    policy = np.array([SUPPORT_POLICY[k] for k in "ABC"])[row, rng.integers(0, 5, n)]
    actions = np.array([KEY_ACTIONS[k] for k in "ABC"])[row, rng.integers(0, 5, n)]
    return pd.DataFrame(
        {
            "customer_id": sales.index.astype(str),
            "year": np.full(n, year, dtype=np.int64),
            "class": klass.astype(str),
            "sales_goal": goal.astype("float64"),
            "collection_goal": collect.astype("float64"),
            "support_policy": policy.astype(str),
            "key_actions": actions.astype(str),
        }
    )
