"""Reps' filled monthly reports for the demo cycle: routes, good, late, missing and bad."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.issues import ROW
from addin.core.reports import REPORT_TABLES, check_report
from addin.core.settings import Settings
from addin.demo import (
    DemoCompany,
    demo_report_quality,
    demo_route,
    fill_month_reports,
    fill_rep_reports,
    generate_company,
)
from addin.demo.route import route_weeks, weekly_route
from addin.schema.vocab import QUALITY, VISIT_TYPES

CODES = {
    "end_before_start", "not_my_customer", "below_min",
    "date_outside_period", "duplicate_row", "overlapping_visit",
}  # fmt: skip


@cache
def company(size: str = "small") -> DemoCompany:
    return generate_company(size)  # type: ignore[arg-type]


def field_rep(demo: DemoCompany) -> str:
    """The area rep with the most customers (a full route to drive)."""
    return str(demo.customers["rep_id"].value_counts().index[0])


def mine(demo: DemoCompany, rep_id: str) -> set[str]:
    return set(demo.customers.loc[demo.customers["rep_id"] == rep_id, "customer_id"])


def minutes(times: pd.Series) -> np.ndarray:
    return np.array([t.hour * 60 + t.minute for t in times])


def demo_settings(demo: DemoCompany) -> Settings:
    return Settings(**demo.settings_overrides)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- routes


def test_route_weeks_are_the_mondays_of_the_month() -> None:
    # March 2026 starts on a Sunday: its first route week is Monday 2 March.
    assert route_weeks("2026-03")[0] == pd.Timestamp("2026-03-02")
    # April 2026 starts on a Wednesday: the week of Monday 30 March covers 1–3 April.
    assert route_weeks("2026-04")[0] == pd.Timestamp("2026-03-30")
    assert (route_weeks("2026-04").day_of_week == 0).all()
    assert route_weeks("2026-04")[-1] == pd.Timestamp("2026-04-27")


def test_a_route_visits_everyone_weekly_and_key_customers_more_often() -> None:
    customers = pd.DataFrame(
        {"customer_id": [f"C{i:05d}" for i in range(30)], "class": ["A"] * 5 + ["C"] * 25}
    )
    route = weekly_route(customers, "2026-03", seed=3)
    assert list(route.columns) == ["week_start", "weekday", "seq", "customer_id", "objective"]
    weeks = route.groupby("week_start")
    assert len(weeks) == 5
    first = route.loc[route["week_start"] == route["week_start"].min()]
    for _, week in weeks:  # the same fixed route every week
        assert (
            week.drop(columns="week_start")
            .reset_index(drop=True)
            .equals(first.drop(columns="week_start").reset_index(drop=True))
        )
    per_day = first.groupby("weekday").size()
    assert list(per_day.index) == [1, 2, 3, 4, 5]
    assert per_day.between(8, 12).all()
    assert set(first["customer_id"]) == set(customers["customer_id"])
    visits = first["customer_id"].value_counts()
    assert visits[customers["customer_id"][:5]].mean() > visits[customers["customer_id"][5:]].mean()


def test_a_manager_with_two_key_accounts_sees_each_twice_a_week() -> None:
    route = weekly_route(pd.DataFrame({"customer_id": ["C00001", "C00002"]}), "2026-03")
    week = route.loc[route["week_start"] == route["week_start"].min()]
    assert week["customer_id"].value_counts().tolist() == [2, 2]


def test_a_rep_without_customers_has_an_empty_route() -> None:
    route = weekly_route(pd.DataFrame({"customer_id": pd.Series([], dtype=str)}), "2026-03")
    assert route.empty
    assert list(route.columns) == ["week_start", "weekday", "seq", "customer_id", "objective"]


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 60), seed=st.integers(0, 10_000), month=st.integers(1, 12))
def test_any_route_is_well_formed(n: int, seed: int, month: int) -> None:
    ids = [f"C{i:05d}" for i in range(n)]
    route = weekly_route(pd.DataFrame({"customer_id": ids}), f"2025-{month:02d}", seed)
    assert (route["week_start"].dt.day_of_week == 0).all()
    assert route["weekday"].between(1, 5).all()
    assert not route.duplicated(["week_start", "weekday", "customer_id"]).any()
    for _, day in route.groupby(["week_start", "weekday"]):
        assert day["seq"].tolist() == list(range(1, len(day) + 1))
        assert len(day) <= 12
        if n >= 8:
            assert len(day) >= 8
    week = route.loc[route["week_start"] == route["week_start"].min()]
    if n <= 40:
        assert set(week["customer_id"]) == set(ids)


# --------------------------------------------------------------------------- good reports


def test_a_good_report_is_complete_and_clean() -> None:
    demo = company()
    rep = field_rep(demo)
    report = fill_rep_reports(demo, rep, demo.period)
    assert list(report.tables) == list(REPORT_TABLES)
    assert report.planted == []
    own = mine(demo, rep)
    first = pd.Timestamp(f"{demo.period}-01")
    last = first + pd.offsets.MonthEnd(0)
    holidays = pd.to_datetime(demo_settings(demo).holidays)

    daily = report.tables["DailyReport"]
    assert daily["date"].between(first, last).all()
    assert (daily["date"].dt.day_of_week < 5).all() and not daily["date"].isin(holidays).any()
    assert set(daily["customer_id"]) <= own
    assert all(isinstance(t, dt.time) for t in daily["start_time"])
    assert set(daily["visit_type"]) == set(VISIT_TYPES)
    assert daily.groupby("date").size().between(8, 12).all()
    amounts = daily[["order_amount", "collection_amount", "expense_amount"]]
    assert (amounts >= 0).all().all() and (daily["order_amount"] > 0).any()
    assert daily["feedback"].notna().any() and daily["feedback"].isna().any()

    plan = report.tables["MonthlyPlan"]
    assert (plan["month"] == demo.period).all() and set(plan["customer_id"]) <= own
    assert (plan["sales_plan"] >= 0).all() and (plan["sales_plan"] > 0).any()
    summary = report.tables["MonthlySummary"]
    assert len(summary) == 1 and summary["month"].iloc[0] == demo.period
    assert str(len(daily)) in summary["achievements"].iloc[0]

    forecast = report.tables["Forecast"]
    ahead = {str(pd.Period(demo.period, freq="M") + k) for k in (1, 2, 3)}
    assert set(forecast["month"]) == ahead
    assert set(forecast["customer_id"]) <= own
    assert set(forecast["product_id"]) <= set(demo.products["product_id"])
    assert (forecast["amount"] > 0).all()

    rivals = report.tables["Competitors"]
    assert 3 <= len(rivals) <= 8
    assert (rivals["retail_price"] >= rivals["wholesale_price"]).all()
    assert set(rivals["quality"]) <= set(QUALITY)
    assert set(rivals["customer_id"]) <= own
    assert rivals["date"].between(first, last).all()

    shelf = report.tables["MarketInspection"]
    assert set(shelf["on_shelf"]) <= {"yes", "no"} and set(shelf["customer_id"]) <= own
    assert set(shelf["product_id"]) <= set(demo.products["product_id"])
    assert shelf.loc[shelf["on_shelf"] == "no", "retail_price"].isna().all()


def test_good_visits_never_overlap_and_end_after_they_start() -> None:
    demo = company()
    for rep in demo.customers["rep_id"].unique():
        daily = fill_rep_reports(demo, rep, demo.period).tables["DailyReport"]
        start, end = minutes(daily["start_time"]), minutes(daily["end_time"])
        assert (end > start).all()
        assert (start >= 8 * 60).all() and (end <= 21 * 60).all()
        for _, day in daily.assign(start=start, end=end).groupby("date"):
            day = day.sort_values("start")
            assert (day["start"].to_numpy()[1:] >= day["end"].to_numpy()[:-1]).all()


def test_the_core_check_finds_nothing_in_good_and_late_reports() -> None:
    demo = company()
    quality = demo_report_quality(demo.reps, demo.period)
    today = demo.cutoff + dt.timedelta(days=30)
    for rep, kind in quality.items():
        if kind not in ("good", "late"):
            continue
        report = fill_rep_reports(demo, rep, demo.period, kind)
        found = check_report(
            report.tables, period=demo.period, customers=mine(demo, rep),
            products=demo.products["product_id"], today=today, settings=demo_settings(demo),
        )  # fmt: skip
        assert found.issues == [], (rep, found.issues[:3])


def test_the_filled_report_follows_the_route_the_rep_was_given() -> None:
    demo = company()
    rep = field_rep(demo)
    route = demo_route(demo, rep, demo.period)
    alone = fill_rep_reports(demo, rep, demo.period)
    pd.testing.assert_frame_equal(alone.tables["WeeklyRoute"], route)
    # A route handed in from outside is the one filled and followed.
    other = weekly_route(demo.customers.loc[demo.customers["rep_id"] == rep], demo.period, 5)
    given = fill_month_reports(demo, demo.period, {rep: "good"}, routes={rep: other})[rep]
    pd.testing.assert_frame_equal(given.tables["WeeklyRoute"], other)
    daily = given.tables["DailyReport"]
    first_week = other.loc[other["week_start"] == other["week_start"].min()]
    planned = first_week.groupby("weekday")["customer_id"].apply(list)
    for _, day in daily.groupby("date"):
        weekday = int(day["date"].dt.day_of_week.iloc[0]) + 1
        assert day["customer_id"].tolist() == planned[weekday]
    shuffled = weekly_route(demo.customers.sample(frac=1, random_state=1), demo.period, 5)
    pd.testing.assert_frame_equal(weekly_route(demo.customers, demo.period, 5), shuffled)


def test_reports_are_reproducible() -> None:
    demo = company()
    rep = field_rep(demo)
    one = fill_rep_reports(demo, rep, demo.period)
    again = fill_rep_reports(generate_company("small"), rep, demo.period)
    for name, frame in one.tables.items():
        pd.testing.assert_frame_equal(frame, again.tables[name])
    other = fill_rep_reports(demo, rep, demo.period, seed=99)
    assert not other.tables["DailyReport"].equals(one.tables["DailyReport"])


def test_a_rep_writes_in_one_language() -> None:
    demo = company()
    for rep in demo.customers["rep_id"].unique():
        notes = fill_rep_reports(demo, rep, demo.period).tables["DailyReport"]["feedback"]
        chinese = notes.dropna().str.contains(r"[\u4e00-\u9fff]")
        assert chinese.all() or not chinese.any()


def test_a_few_inspections_find_goods_coded_for_another_region() -> None:
    demo = company()
    parent = demo.regions.set_index("region_id")["parent_id"]
    cards = demo.customers.set_index("customer_id")
    found = []
    for period in ("2026-01", "2026-02", "2026-03"):
        for rep in demo.customers["rep_id"].unique():
            found.append(fill_rep_reports(demo, rep, period).tables["MarketInspection"])
    shelf = pd.concat(found, ignore_index=True)
    home = shelf["customer_id"].map(cards["region_id"])
    foreign = shelf["territory_code"] != home
    assert 0 < foreign.mean() < 0.15
    assert (shelf.loc[foreign, "territory_code"].map(parent) != home[foreign].map(parent)).all()
    assert set(shelf["territory_code"]) <= set(demo.regions["region_id"])


# --------------------------------------------------------------------------- other qualities


def test_a_late_report_stops_at_the_twentieth() -> None:
    demo = company()
    rep = field_rep(demo)
    good = fill_rep_reports(demo, rep, demo.period)
    late = fill_rep_reports(demo, rep, demo.period, "late")
    cut = pd.Timestamp(f"{demo.period}-20")
    for name in ("DailyReport", "Competitors", "MarketInspection"):
        assert (late.tables[name]["date"] <= cut).all()
    assert good.tables["DailyReport"]["date"].max() > cut
    assert len(late.tables["DailyReport"]) < len(good.tables["DailyReport"])
    assert late.tables["MonthlyPlan"].equals(good.tables["MonthlyPlan"])
    assert late.submitted is not None and good.submitted is not None
    assert late.submitted > good.submitted


def test_a_missing_report_has_no_tables() -> None:
    demo = company()
    report = fill_rep_reports(demo, field_rep(demo), demo.period, "missing")
    assert report.tables == {} and report.submitted is None and report.planted == []


def test_unknown_quality_is_refused() -> None:
    demo = company()
    with pytest.raises(ValueError, match="quality"):
        fill_rep_reports(demo, field_rep(demo), demo.period, "sloppy")  # type: ignore[arg-type]


def test_a_rep_who_left_before_the_period_reports_no_visits() -> None:
    demo = company()
    gone = demo.reps.loc[demo.reps["leave_date"].notna(), "rep_id"].iloc[0]
    report = fill_rep_reports(demo, gone, demo.period)
    assert report.tables["DailyReport"].empty


# --------------------------------------------------------------------------- bad reports


def detect(daily: pd.DataFrame, own: set[str], period: str) -> set[tuple[int, str]]:
    """An independent, plain reading of the six mistakes, row by row."""
    first = pd.Timestamp(f"{period}-01")
    last = first + pd.offsets.MonthEnd(0)
    start, end = minutes(daily["start_time"]), minutes(daily["end_time"])
    found: set[tuple[int, str]] = set()
    copies = daily.duplicated(keep="first").to_numpy()
    amounts = daily[["order_amount", "collection_amount", "expense_amount"]]
    for row in range(len(daily)):
        if end[row] <= start[row]:
            found.add((row, "end_before_start"))
        if daily["customer_id"].iloc[row] not in own:
            found.add((row, "not_my_customer"))
        if (amounts.iloc[row] < 0).any():
            found.add((row, "below_min"))
        if not first <= daily["date"].iloc[row] <= last:
            found.add((row, "date_outside_period"))
        if copies[row]:
            found.add((row, "duplicate_row"))
    timed = daily.assign(start=start, end=end, at=np.arange(len(daily)))
    timed = timed.loc[(end > start) & ~copies & (daily["visit_type"] != "phone").to_numpy()]
    for _, day in timed.groupby("date"):
        day = day.sort_values(["start", "at"])
        reach = day["end"].cummax().shift()
        for row in day.loc[day["start"] < reach, "at"]:
            found.add((int(row), "overlapping_visit"))
    return found


def test_a_bad_report_carries_exactly_the_planted_mistakes() -> None:
    demo = company()
    for rep in sorted(demo.customers["rep_id"].unique()):
        own = mine(demo, rep)
        if len(own) < 8:
            continue
        report = fill_rep_reports(demo, rep, demo.period, "bad")
        daily = report.tables["DailyReport"]
        planted = {(p.row, p.code) for p in report.planted}
        assert {p.code for p in report.planted} == CODES
        assert all(p.table == "DailyReport" for p in report.planted)
        assert detect(daily, own, demo.period) == planted
        # The rest of a bad report is as good as ever.
        good = fill_rep_reports(demo, rep, demo.period)
        assert report.tables["Forecast"].equals(good.tables["Forecast"])


def test_the_core_check_reports_the_planted_mistakes_where_they_were_planted() -> None:
    demo = company()
    quality = demo_report_quality(demo.reps, demo.period)
    rep = next(r for r, q in quality.items() if q == "bad")
    report = fill_rep_reports(demo, rep, demo.period, "bad")
    tables = {
        name: frame.assign(**{ROW: np.arange(len(frame)) + 2})
        for name, frame in report.tables.items()
    }
    found = check_report(
        tables, period=demo.period, customers=mine(demo, rep),
        products=demo.products["product_id"], today=demo.cutoff + dt.timedelta(days=30),
        settings=demo_settings(demo),
    )  # fmt: skip
    errors = {(i.sheet, i.row, i.code) for i in found.issues if i.severity == "error"}
    # a negative amount is below its column's declared min: the reader reports it, once
    by_core = {(p.table, p.row + 2, p.code) for p in report.planted if p.code != "below_min"}
    assert errors == by_core


# --------------------------------------------------------------------------- who does what


def test_demo_quality_picks_one_of_each_in_a_small_company() -> None:
    demo = company()
    quality = demo_report_quality(demo.reps, demo.period, seed=7)
    counts = pd.Series(quality).value_counts()
    assert counts["missing"] == counts["late"] == counts["bad"] == 1
    assert counts["good"] == len(quality) - 3
    gone = demo.reps.loc[demo.reps["leave_date"] < pd.Timestamp(f"{demo.period}-01"), "rep_id"]
    assert set(quality) == set(demo.reps["rep_id"]) - set(gone)
    assert quality == demo_report_quality(demo.reps, demo.period, seed=7)


def test_demo_quality_scales_with_the_sales_force() -> None:
    reps = company("medium").reps
    counts = pd.Series(demo_report_quality(reps, "2026-03")).value_counts()
    assert counts["missing"] == counts["late"] == counts["bad"] == 2
