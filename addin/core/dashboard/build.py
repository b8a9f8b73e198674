"""`build_dashboard`: every table of dashboard.xlsx from the company's frames.

The job gathers the inputs (masters, finance, the plan, counted rep reports) and hands
them over as `DashboardInputs`; nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.dashboard import card as cards
from addin.core.dashboard import chart_data, risk
from addin.core.dashboard import warnings as warn
from addin.core.dashboard.abc import abc_classes
from addin.core.dashboard.customers import customer_moves
from addin.core.dashboard.frames import (
    Window,
    competitor_frame,
    customer_frame,
    daily_frame,
    inspection_frame,
    payments_frame,
    sales_frame,
    strategy_classes,
)
from addin.core.dashboard.intel import market_intel, price_trend
from addin.core.dashboard.pacing import pacing
from addin.core.dashboard.plan import PlanCube, as_plan
from addin.core.dashboard.review import customer_review
from addin.core.issues import Issue
from addin.core.receivables import AgeingResult, age_receivables
from addin.core.receivables.frames import text
from addin.core.settings import Settings


def _empty() -> pd.DataFrame:
    return pd.DataFrame()


@dataclass
class DashboardInputs:
    settings: Settings
    regions: pd.DataFrame
    reps: pd.DataFrame
    products: pd.DataFrame
    customers: pd.DataFrame
    strategy: pd.DataFrame
    sales_lines: pd.DataFrame
    payments: pd.DataFrame
    #: TargetCube of the plan year (its rows, or `PlanCube` sums); None or empty when
    #: there is no plan.
    targets: pd.DataFrame | PlanCube | None = None
    #: Counted rep report rows, each with rep_id and period.
    daily: pd.DataFrame = field(default_factory=_empty)
    forecasts: pd.DataFrame = field(default_factory=_empty)
    competitors: pd.DataFrame = field(default_factory=_empty)
    inspections: pd.DataFrame = field(default_factory=_empty)


@dataclass
class DashboardResult:
    window: Window
    has_plan: bool
    review: pd.DataFrame
    abc: pd.DataFrame
    moves: pd.DataFrame
    moves_by_rep: pd.DataFrame
    pacing: pd.DataFrame
    warnings: pd.DataFrame
    intel: pd.DataFrame
    charts: dict[str, pd.DataFrame]
    card: dict[str, pd.DataFrame]
    ageing: AgeingResult
    issues: list[Issue]


def latest_day(inputs: DashboardInputs) -> pd.Timestamp | None:
    """The last day anything happened: a sale, a payment or a daily report."""
    found = []
    for frame in (inputs.sales_lines, inputs.payments, inputs.daily):
        if "date" in frame.columns and len(frame):
            last = pd.to_datetime(frame["date"], errors="coerce").max()
            if not pd.isna(last):
                found.append(pd.Timestamp(last).normalize())
    return max(found) if found else None


def review_window(
    inputs: DashboardInputs,
    *,
    as_of: dt.date | None = None,
    month: str | None = None,
    today: dt.date | None = None,
) -> Window:
    """The review month and as-of day.

    as_of given: its month is reviewed (unless `month` says otherwise). Only month
    given: figures stand at its last day, or at the last day with data if that is
    earlier. Neither: the last day with data (a sale, a payment or a daily report), or
    today when there is none — so a dashboard built from last month's export shows that
    export's day, not an empty today.
    """
    today_ts = pd.Timestamp(today or dt.date.today())
    latest = latest_day(inputs)
    if as_of is not None:
        stamp = pd.Timestamp(as_of).normalize()
    elif month is not None:
        end = pd.Timestamp(month + "-01") + pd.offsets.MonthEnd(0)
        start = pd.Timestamp(month + "-01")
        stamp = min(end, latest) if latest is not None and latest >= start else end
    else:
        stamp = latest if latest is not None else today_ts
    return Window(month or f"{stamp:%Y-%m}", stamp)


def build_dashboard(inputs: DashboardInputs, window: Window) -> DashboardResult:
    s = inputs.settings
    as_of = window.as_of
    aged = age_receivables(
        inputs.sales_lines,
        inputs.payments,
        inputs.customers,
        s,
        as_of.date(),
        reps=inputs.reps,
        regions=inputs.regions,
    )
    issues = list(aged.issues)
    sales = sales_frame(inputs.sales_lines)
    paid = payments_frame(inputs.payments)
    daily = daily_frame(inputs.daily)
    inspections = inspection_frame(inputs.inspections)
    customer = customer_frame(inputs.customers, inputs.reps)
    # Coded once here, read by pacing, the review, the card and the chart.
    targets = as_plan(inputs.targets)
    if targets is None:
        issues.append(Issue(code="no_plan", args={"year": s.year}))

    m = window.month_no
    window_sales = sales.loc[
        (sales["mno"] > m - s.abc_window_months) & (sales["mno"] <= m) & (sales["date"] <= as_of),
        ["customer_id", "amount"],
    ]
    abc = abc_classes(window_sales.groupby("customer_id")["amount"].sum(), s)
    abc = abc.loc[abc["customer_id"].isin(customer.index) | (abc["sales"] != 0)]
    strategy = strategy_classes(inputs.strategy, s.year)
    classes = pd.Series(abc["class"].to_numpy(), index=abc["customer_id"].to_numpy())

    cheap = risk.price_lines(sales, inputs.products, window)
    diversion = pd.concat(
        [
            risk.diversion_territory(inspections, customer, inputs.regions, window),
            risk.purchase_jump(sales, customer, window, s),
        ],
        ignore_index=True,
    )
    review = customer_review(
        card=customer,
        sales=sales,
        payments=paid,
        targets=targets,
        ageing=aged.ageing,
        daily=daily,
        cheap_lines=cheap,
        diversion=diversion,
        classes=classes,
        strategy=strategy,
        window=window,
    )
    pace = pacing(targets, _actuals(sales, paid, aged, customer), _names(inputs), as_of, s)
    found = pd.concat(
        [
            warn.no_report(daily, inputs.reps, as_of, s),
            warn.a_not_visited(daily, _a_customers(customer, classes, strategy), as_of, s),
            risk.over_credit_limit(aged.ageing, aged.open_items),
            risk.overdue_beyond_policy(aged.ageing, aged.open_items, s),
            risk.price_below_floor(cheap),
            diversion,
            warn.forecast_miss(inputs.forecasts, sales, as_of, s),
            warn.selling_cost(daily, sales, window, s),
            warn.behind_pace(pace, s),
        ],
        ignore_index=True,
    )
    intel = market_intel(
        competitor_frame(inputs.competitors), inspections, customer, inputs.reps, inputs.products
    )
    moves, by_rep = customer_moves(sales, customer, inputs.reps, window, s)
    abc_table = abc.assign(
        name=customer["name"].reindex(abc["customer_id"]).fillna("").to_numpy(),
        rep_id=customer["rep_id"].reindex(abc["customer_id"]).fillna("").to_numpy(),
        strategy_class=strategy.reindex(abc["customer_id"]).fillna("").to_numpy(),
    ).loc[
        :,
        [
            "customer_id",
            "name",
            "rep_id",
            "sales",
            "share_pct",
            "cum_pct",
            "rank",
            "class",
            "strategy_class",
        ],
    ]
    return DashboardResult(
        window=window,
        has_plan=targets is not None,
        review=review,
        abc=abc_table,
        moves=moves,
        moves_by_rep=by_rep,
        pacing=pace,
        warnings=warn.sort_warnings(found),
        intel=intel,
        charts={
            "achievement": chart_data.rep_achievement(pace, sales, inputs.reps, window),
            "ageing": chart_data.ageing_by_rep(aged.by_rep, inputs.reps, s.ageing_buckets),
            "monthly": chart_data.monthly_sales(sales, targets, window),
            "trend": chart_data.trend_wide(price_trend(intel)),
        },
        card={
            "customers": cards.card_customers(
                inputs.customers,
                inputs.strategy,
                review,
                aged.ageing,
                inputs.reps,
                inputs.regions,
                s.ageing_buckets,
                s.year,
            ),
            "months": cards.card_months(sales, paid, targets, window),
            "visits": cards.card_visits(daily, as_of),
            "open_items": cards.card_open_items(aged.open_items),
        },
        ageing=aged,
        issues=issues,
    )


def _a_customers(card: pd.DataFrame, classes: pd.Series, strategy: pd.Series) -> pd.DataFrame:
    """Customers not closed that are A by sales (Pareto) or on their strategy card."""
    live = card.loc[card["status"] != "closed"]
    by_sales = classes.reindex(live.index).eq("A").to_numpy()
    by_card = strategy.reindex(live.index).eq("A").to_numpy()
    keep = by_sales | by_card
    basis = np.where(
        by_sales & by_card,
        "sales and strategy card",
        np.where(by_sales, "by sales", "strategy card"),
    )
    return pd.DataFrame(
        {
            "customer_id": live.index.to_numpy(dtype=object)[keep],
            "rep_id": live["rep_id"].to_numpy(dtype=object)[keep],
            "basis": basis[keep],
        }
    )


def _actuals(
    sales: pd.DataFrame, paid: pd.DataFrame, aged: AgeingResult, card: pd.DataFrame
) -> dict[tuple[str, str], pd.DataFrame]:
    """What happened, as (member, date, amount) per measure and dimension for pacing."""

    def rows(member: pd.Series | np.ndarray, frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "member": np.asarray(member, dtype=object),
                "date": frame["date"].to_numpy(),
                "amount": frame["amount"].to_numpy(dtype="float64"),
            }
        )

    region = card["region_id"].reindex(sales["customer_id"]).fillna("").to_numpy(dtype=object)
    collected = aged.collections
    # Collections come per month, already cut at the as-of day: date them on the 1st.
    month_start = pd.to_datetime(collected["month"].astype(str) + "-01")
    by_rep = pd.DataFrame(
        {
            "member": text(collected, "rep_id").to_numpy(),
            "date": month_start.to_numpy(),
            "amount": collected["collected"].to_numpy(dtype="float64"),
        }
    )
    return {
        ("sales", "company"): rows(np.full(len(sales), ""), sales),
        ("sales", "region"): rows(region, sales),
        ("sales", "rep"): rows(sales["rep_id"], sales),
        ("sales", "product"): rows(sales["product_id"], sales),
        ("collections", "company"): rows(np.full(len(paid), ""), paid),
        ("collections", "rep"): by_rep,
    }


def _names(inputs: DashboardInputs) -> dict[str, pd.DataFrame]:
    return {"region": inputs.regions, "rep": inputs.reps, "product": inputs.products}
