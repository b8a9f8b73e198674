"""Filling reps' monthly reports for the demo cycle, and choosing who does it well.

`fill_rep_reports` returns one rep's filled tables for a month at a given quality:
- good: everything filled, consistent, no errors;
- late: good tables, but only up to the 20th (the rest of the month is not reported yet);
- missing: no tables at all;
- bad: good tables with typical mistakes planted in DailyReport, listed in `planted`.
`fill_month_reports` does it for many reps, sharing the expensive preparation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from addin.demo.context import MonthData, month_data, rep_context, rep_language
from addin.demo.daily import daily_report
from addin.demo.planted import Planted
from addin.demo.rand import stream
from addin.demo.report_errors import plant_report_errors
from addin.demo.report_tables import (
    competitors,
    forecast,
    market_inspection,
    monthly_plan,
    monthly_summary,
)
from addin.demo.route import weekly_route

if TYPE_CHECKING:
    from addin.demo.company import DemoCompany

Quality = Literal["good", "late", "missing", "bad"]
QUALITIES: tuple[Quality, ...] = ("good", "late", "missing", "bad")
LATE_LAST_DAY = 20
#: Tables whose rows carry a date of something that happened.
DATED = ("DailyReport", "Competitors", "MarketInspection")


@dataclass
class RepReport:
    rep_id: str
    period: str
    quality: Quality
    #: Table name → filled table, in workbook order; empty when the report is missing.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Errors planted on purpose (quality "bad" only).
    planted: list[Planted] = field(default_factory=list)
    #: When such a rep would hand the workbook in (None: never).
    submitted: dt.date | None = None


def _submitted(period: str, quality: Quality) -> dt.date | None:
    after = (pd.Period(period, freq="M") + 1).to_timestamp().date()
    if quality == "missing":
        return None
    return after + dt.timedelta(days=11 if quality == "late" else 1)


def _fill(month: MonthData, rep_id: str, quality: Quality, route: pd.DataFrame | None,
          seed: int) -> RepReport:  # fmt: skip
    if quality not in QUALITIES:
        raise ValueError(f"quality must be one of {', '.join(QUALITIES)}, not {quality!r}")
    report = RepReport(rep_id, month.period, quality, submitted=_submitted(month.period, quality))
    if quality == "missing":
        return report
    ctx = rep_context(month, rep_id, seed)
    if route is None:
        route = weekly_route(ctx.customers, month.period, seed, lang=ctx.lang)
    daily = daily_report(ctx, route)
    tables = {
        "DailyReport": daily,
        "WeeklyRoute": route,
        "MonthlyPlan": monthly_plan(ctx),
        "MonthlySummary": monthly_summary(ctx, daily),
        "Forecast": forecast(ctx),
        "Competitors": competitors(ctx),
        "MarketInspection": market_inspection(ctx),
    }
    if quality == "late":
        cut = month.first + pd.Timedelta(days=LATE_LAST_DAY - 1)
        for name in DATED:
            frame = tables[name]
            tables[name] = frame.loc[frame["date"] <= cut].reset_index(drop=True)
        tables["MonthlySummary"] = monthly_summary(ctx, tables["DailyReport"])
    if quality == "bad":
        tables["DailyReport"], report.planted = plant_report_errors(ctx, daily)
    report.tables = tables
    return report


def fill_rep_reports(
    company: DemoCompany,
    rep_id: str,
    period: str,
    quality: Quality = "good",
    *,
    route: pd.DataFrame | None = None,
    seed: int | None = None,
) -> RepReport:
    """One rep's filled report tables for `period` ("YYYY-MM").

    `route` is the rep's WeeklyRoute (made with `weekly_route` when not given); `seed`
    defaults to the company's. Same inputs ⇒ identical tables.
    """
    month = month_data(company, period)
    return _fill(month, str(rep_id), quality, route, company.seed if seed is None else seed)


def fill_month_reports(
    company: DemoCompany,
    period: str,
    qualities: Mapping[str, Quality],
    *,
    seed: int | None = None,
    routes: Mapping[str, pd.DataFrame] | None = None,
) -> dict[str, RepReport]:
    """Reports of every rep in `qualities` (e.g. from `demo_report_quality`).

    `routes` (rep_id → WeeklyRoute) are the routes the reps were given; a rep without
    one gets `demo_route`'s.
    """
    month = month_data(company, period)
    use = company.seed if seed is None else seed
    given = routes or {}
    return {
        str(rep): _fill(month, str(rep), quality, given.get(str(rep)), use)
        for rep, quality in qualities.items()
    }


def demo_route(
    company: DemoCompany, rep_id: str, period: str, seed: int | None = None
) -> pd.DataFrame:
    """The WeeklyRoute `fill_rep_reports` uses for this rep when given none: the rep's
    open customers weighted by their class, objectives in the rep's language. Issue
    this one in the rep's workbook and the filled reports follow it exactly."""
    use = company.seed if seed is None else seed
    cards = company.customers
    own = cards.loc[
        (cards["rep_id"].astype(str) == str(rep_id)) & (cards["status"].astype(str) != "closed")
    ]
    classes = company.strategy.sort_values("year").drop_duplicates("customer_id", keep="last")
    own = own.merge(classes[["customer_id", "class"]], on="customer_id", how="left")
    own["class"] = own["class"].fillna("C").astype(str)
    return weekly_route(own, period, use, lang=rep_language(use, str(rep_id), company.lang))


def employed_in(reps: pd.DataFrame, period: str) -> pd.DataFrame:
    """Reps employed on at least one day of the period."""
    first = pd.Timestamp(f"{period}-01")
    last = first + pd.offsets.MonthEnd(0)
    hire = pd.to_datetime(reps["hire_date"])
    leave = pd.to_datetime(reps["leave_date"])
    return reps.loc[(hire.isna() | (hire <= last)) & (leave.isna() | (leave >= first))]


def demo_report_quality(reps: pd.DataFrame, period: str, seed: int = 7) -> dict[str, Quality]:
    """Which employed rep hands in what: about 1 in 25 each missing, late and bad
    (at least one of each), everyone else good."""
    ids = employed_in(reps, period)["rep_id"].astype(str).to_numpy()
    rng = stream(seed, "report-quality", period)
    k = min(max(1, round(len(ids) / 25)), len(ids) // 3)
    order = rng.permutation(len(ids))
    quality = np.full(len(ids), "good", dtype=object)
    for n, kind in enumerate(("missing", "late", "bad")):
        quality[order[n * k : (n + 1) * k]] = kind
    return dict(zip(ids.tolist(), quality.tolist(), strict=True))


def rep_languages(rep_ids: Iterable[str], seed: int = 7) -> dict[str, str]:
    """The language ("zh"/"en") each rep writes in, as the reports use it."""
    return {str(r): rep_language(seed, str(r)) for r in rep_ids}
