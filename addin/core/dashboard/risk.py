"""Warnings about customers: credit, overdue debt, price control and diversion.

One function per kind, each returning rows of `WARNING_COLUMNS`. Breaking a rule that
has no degree — selling below the floor price, goods of another territory on the
shelf — is always "high"; the others follow the twice-the-threshold rule of
`warnings.py`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.dashboard.frames import Window, lookup_series
from addin.core.dashboard.warnings import day, empty_warnings, money, severity, warning_rows
from addin.core.receivables.frames import numbers, text
from addin.core.settings import Settings
from addin.i18n import Msg

#: Cents of tolerance when comparing a line's unit price with the floor price.
PRICE_TOLERANCE = 0.005


def over_credit_limit(ageing: pd.DataFrame, open_items: pd.DataFrame) -> pd.DataFrame:
    """Customers owing more than their credit limit. Since: the date of the open invoice
    that took the balance (oldest first) over the limit."""
    over = ageing.loc[ageing["over_limit"].astype(bool)]
    if over.empty:
        return empty_warnings()
    limit = over.set_index("customer_id")["credit_limit"]
    items = open_items.loc[
        open_items["customer_id"].isin(limit.index) & (open_items["outstanding"] > 0)
    ].sort_values(["customer_id", "date"], kind="stable")
    running = items.groupby("customer_id")["outstanding"].cumsum()
    crossed = items.loc[running.to_numpy() > limit.reindex(items["customer_id"]).to_numpy()]
    since = crossed.groupby("customer_id")["date"].min().reindex(over["customer_id"])
    used = over["credit_used_pct"].to_numpy(dtype="float64")
    level = np.where(np.isnan(used), "high", severity(used, 100.0))
    detail = [
        Msg(
            "warn.over_credit",
            total=money(t),
            limit=money(c),
            used="" if np.isnan(u) else Msg("warn.over_credit_used", pct=u),
        )
        for t, c, u in zip(over["total"], over["credit_limit"], used, strict=True)
    ]
    return warning_rows(
        "over_credit_limit",
        level,
        over["rep_id"].to_numpy(dtype=object),
        over["customer_id"].to_numpy(dtype=object),
        detail,
        since.to_numpy(),
    )


def overdue_beyond_policy(
    ageing: pd.DataFrame, open_items: pd.DataFrame, settings: Settings
) -> pd.DataFrame:
    """Customers with items overdue longer than `overdue_policy_days`. Since: the day
    their oldest such item passed the policy."""
    policy = settings.overdue_policy_days
    late = open_items.loc[
        (open_items["days_overdue"].fillna(0) > policy) & (open_items["outstanding"] > 0)
    ]
    if late.empty:
        return empty_warnings()
    per = late.groupby("customer_id").agg(
        amount=("outstanding", "sum"),
        oldest=("due_date", "min"),
        worst=("days_overdue", "max"),
        items=("outstanding", "size"),
    )
    rep = lookup_series(ageing, "customer_id", "rep_id").reindex(per.index).fillna("")
    worst = per["worst"].to_numpy(dtype="float64")
    detail = [
        Msg("warn.overdue", amount=money(a), policy=policy, n=n, worst=int(w), due=day(d))
        for a, n, w, d in zip(per["amount"], per["items"], worst, per["oldest"], strict=True)
    ]
    since = per["oldest"] + pd.Timedelta(days=policy + 1)
    return warning_rows(
        "overdue_beyond_policy",
        severity(worst, policy),
        rep.to_numpy(dtype=object),
        per.index.to_numpy(dtype=object),
        detail,
        since.to_numpy(),
    )


def price_lines(sales: pd.DataFrame, products: pd.DataFrame, window: Window) -> pd.DataFrame:
    """Sales lines of the review month (to `as_of`) priced below the product's floor
    price: amount / qty < floor_price. Credit notes and lines without qty are skipped."""
    lines = sales.loc[
        (sales["mno"] == window.month_no)
        & (sales["date"] <= window.as_of)
        & (sales["qty"] > 0)
        & (sales["amount"] > 0)
    ]
    floors = pd.Series(
        numbers(products, "floor_price").to_numpy(), index=text(products, "product_id").to_numpy()
    )
    floors = floors[~floors.index.duplicated()]
    floor = floors.reindex(lines["product_id"]).to_numpy(dtype="float64")
    price = (lines["amount"] / lines["qty"]).to_numpy()
    below = ~np.isnan(floor) & (price < floor - PRICE_TOLERANCE)
    return lines.loc[below].assign(price=price[below], floor_price=floor[below])


def price_below_floor(cheap: pd.DataFrame) -> pd.DataFrame:
    """One warning per rep × customer × product with lines below the floor price
    (`cheap` from `price_lines`)."""
    if cheap.empty:
        return empty_warnings()
    per = (
        cheap.groupby(["rep_id", "customer_id", "product_id"], sort=True)
        .agg(
            lines=("price", "size"),
            lowest=("price", "min"),
            floor=("floor_price", "first"),
            since=("date", "min"),
        )
        .reset_index()
    )
    detail = [
        Msg("warn.below_floor", n=n, product=p, floor=money(f), lowest=money(low))
        for p, n, f, low in zip(
            per["product_id"], per["lines"], per["floor"], per["lowest"], strict=True
        )
    ]
    return warning_rows(
        "price_below_floor",
        "high",
        per["rep_id"].to_numpy(dtype=object),
        per["customer_id"].to_numpy(dtype=object),
        detail,
        per["since"].to_numpy(),
    )


def _allowed_codes(regions: pd.DataFrame, homes: np.ndarray) -> pd.DataFrame:
    """(home, code) pairs of the codes goods may carry in each home region: the region
    itself and every region above it (goods coded NORTH may be sold in NORTH-TJ)."""
    parent = lookup_series(regions, "region_id", "parent_id")
    homes = np.unique(homes.astype(str))
    pairs = [pd.DataFrame({"home": homes, "code": homes})]
    current = homes
    for _ in range(10):  # region trees are shallow; 10 levels also ends a loop in bad data
        current = parent.reindex(current).fillna("").to_numpy(dtype=object)
        if not (current != "").any():
            break
        pairs.append(pd.DataFrame({"home": homes, "code": current}).loc[current != ""])
    return pd.concat(pairs, ignore_index=True).drop_duplicates()


def diversion_territory(
    inspections: pd.DataFrame, card: pd.DataFrame, regions: pd.DataFrame, window: Window
) -> pd.DataFrame:
    """Goods found in the review month's market inspections bearing a territory code
    that is not the inspected customer's region (nor a region above it)."""
    rows = inspections.loc[
        (inspections["mno"] == window.month_no)
        & (inspections["date"] <= window.as_of)
        & (inspections["territory_code"] != "")
    ]
    rows = rows.loc[rows["customer_id"].isin(card.index)]
    if rows.empty:
        return empty_warnings()
    home = card["region_id"].reindex(rows["customer_id"]).fillna("").to_numpy(dtype=object)
    rows = rows.assign(home=home)
    allowed = _allowed_codes(regions, home).assign(ok=True)
    marked = rows.merge(
        allowed, left_on=["home", "territory_code"], right_on=["home", "code"], how="left"
    )
    found = rows.loc[marked["ok"].isna().to_numpy()]
    if found.empty:
        return empty_warnings()
    per = (
        found.groupby(["customer_id", "product_id", "territory_code"], sort=True)
        .agg(
            seen=("date", "size"),
            since=("date", "min"),
            home=("home", "first"),
            by=("rep_id", "first"),
        )
        .reset_index()
    )
    rep = card["rep_id"].reindex(per["customer_id"]).fillna("").to_numpy(dtype=object)
    detail = [
        Msg("warn.diversion", product=p, code=t, region=h, n=n, by=b)
        for p, t, h, n, b in zip(
            per["product_id"],
            per["territory_code"],
            per["home"],
            per["seen"],
            per["by"],
            strict=True,
        )
    ]
    return warning_rows(
        "diversion_territory",
        "high",
        rep,
        per["customer_id"].to_numpy(dtype=object),
        detail,
        per["since"].to_numpy(),
    )


def purchase_jump(
    sales: pd.DataFrame, card: pd.DataFrame, window: Window, settings: Settings
) -> pd.DataFrame:
    """Customers buying more than `diversion_jump_factor` × their average month in the
    review month (to `as_of`). The average is over the (up to) 12 months before it,
    counted from the customer's first purchase; fewer than
    `diversion_min_history_months` months of history is too little to judge. Since:
    the day the month's purchases passed the line."""
    m = window.month_no
    # Only the columns used: a copy of all of a million lines' columns is most of the cost.
    history = sales.loc[(sales["mno"] >= m - 12) & (sales["mno"] < m), ["customer_id", "amount"]]
    first = (
        sales.loc[sales["amount"] > 0, ["customer_id", "mno"]].groupby("customer_id")["mno"].min()
    )
    now = sales.loc[
        (sales["mno"] == m) & (sales["date"] <= window.as_of), ["customer_id", "date", "amount"]
    ]
    bought = now.groupby("customer_id")["amount"].sum()
    bought = bought.loc[bought > 0]
    if bought.empty:
        return empty_warnings()
    ids = bought.index
    months = (m - first.reindex(ids).fillna(m).clip(lower=m - 12)).to_numpy(dtype="float64")
    past = history.groupby("customer_id")["amount"].sum().reindex(ids).fillna(0.0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        average = np.where(months > 0, past / months, np.nan)
    line = average * settings.diversion_jump_factor
    hit = (months >= settings.diversion_min_history_months) & (average > 0)
    hit &= bought.to_numpy() > line
    if not hit.any():
        return empty_warnings()
    flagged = pd.Series(line[hit], index=ids[hit])
    days = now.loc[now["customer_id"].isin(flagged.index)].sort_values(
        ["customer_id", "date"], kind="stable"
    )
    running = days.groupby("customer_id")["amount"].cumsum().to_numpy()
    passed = days.loc[running > flagged.reindex(days["customer_id"]).to_numpy()]
    since = passed.groupby("customer_id")["date"].min().reindex(flagged.index)
    times = bought.to_numpy()[hit] / average[hit]
    rep = card["rep_id"].reindex(flagged.index).fillna("").to_numpy(dtype=object)
    detail = [
        Msg(
            "warn.purchase_jump",
            amount=money(b),
            month=window.month,
            factor=x,
            average=money(a),
            n=int(n),
        )
        for b, x, a, n in zip(bought.to_numpy()[hit], times, average[hit], months[hit], strict=True)
    ]
    return warning_rows(
        "purchase_jump",
        severity(times, settings.diversion_jump_factor),
        rep,
        flagged.index.to_numpy(dtype=object),
        detail,
        since.to_numpy(),
    )
