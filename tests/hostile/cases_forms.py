"""Every accepted and every rejected form of a date, time, number, whole number, month and
listed value (WORKBOOKS.md: real Excel values, ISO text, `2026/11/3`, `2026年11月3日`,
serials, full-width digits, thousands separators, a currency sign; anything else is an
error, never a guess). Accepted forms are read back: the reader must deliver the value.

Cells used (see cases_rep / cases_books for the layouts): DailyReport A2 date (2026-03-02),
C2 start_time (09:00), F2 order_amount, E2 visit_type; WeeklyRoute B2 weekday; MonthlyPlan
A2 month; SalesLines H2 amount (no lower bound: a negative amount is a credit note).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from tests.hostile.corpus import BaseBook, Case, Expect, accepted, edits, located
from tests.hostile.mutate import number_format, put

DAY = pd.Timestamp("2026-03-02")
SERIAL = (dt.date(2026, 3, 2) - dt.date(1899, 12, 30)).days  # 46083
QUARTER_PAST_NINE = 555 / 1440  # 09:15 as Excel's fraction of a day


def form(
    name: str,
    base: BaseBook,
    sheet: str,
    ref: str,
    value: Any,
    expect: Expect,
    *,
    general: bool = False,
) -> Case:
    """`value` typed into `ref`; `general` clears the cell's date/time format first, so a
    number stays a bare number (as pasted from another program)."""
    changes = [put(sheet, {ref: value})]
    if general:
        changes.append(number_format(sheet, ref, "General"))
    return Case(f"form-{name}", base, (sheet,), edits(*changes), expect)


def _date(name: str, value: Any, *, general: bool = False) -> Case:
    return form(
        f"date-{name}",
        "rep",
        "DailyReport",
        "A2",
        value,
        accepted(("DailyReport", 2, "date", DAY)),
        general=general,
    )


def _not_date(name: str, value: Any, *, general: bool = False) -> Case:
    return form(
        f"date-rejected-{name}",
        "rep",
        "DailyReport",
        "A2",
        value,
        located(("bad_date", "DailyReport!A2")),
        general=general,
    )


def _time(name: str, value: Any, *, general: bool = False) -> Case:
    return form(
        f"time-{name}",
        "rep",
        "DailyReport",
        "C2",
        value,
        accepted(("DailyReport", 2, "start_time", dt.time(9, 15))),
        general=general,
    )


def _not_time(name: str, value: Any, *, general: bool = False) -> Case:
    return form(
        f"time-rejected-{name}",
        "rep",
        "DailyReport",
        "C2",
        value,
        located(("bad_time", "DailyReport!C2")),
        general=general,
    )


def _number(name: str, value: Any, expected: float = 1234.5) -> Case:
    return form(
        f"number-{name}",
        "finance",
        "SalesLines",
        "H2",
        value,
        accepted(("SalesLines", 2, "amount", expected)),
    )


def _not_number(name: str, value: Any) -> Case:
    return form(
        f"number-rejected-{name}",
        "finance",
        "SalesLines",
        "H2",
        value,
        located(("bad_number", "SalesLines!H2")),
    )


def _month(name: str, value: Any) -> Case:
    return form(
        f"month-{name}",
        "rep",
        "MonthlyPlan",
        "A2",
        value,
        accepted(("MonthlyPlan", 2, "month", "2026-03")),
    )


def _not_month(name: str, value: Any) -> Case:
    return form(
        f"month-rejected-{name}",
        "rep",
        "MonthlyPlan",
        "A2",
        value,
        located(("bad_month", "MonthlyPlan!A2")),
    )


def _whole(name: str, value: Any) -> Case:
    return form(
        f"whole-{name}",
        "rep",
        "WeeklyRoute",
        "B2",
        value,
        accepted(("WeeklyRoute", 2, "weekday", 1)),
    )


def _not_whole(name: str, value: Any) -> Case:
    return form(
        f"whole-rejected-{name}",
        "rep",
        "WeeklyRoute",
        "B2",
        value,
        located(("bad_integer", "WeeklyRoute!B2")),
    )


def _listed(name: str, value: str, expected: str) -> Case:
    return form(
        f"listed-{name}",
        "rep",
        "DailyReport",
        "E2",
        value,
        accepted(("DailyReport", 2, "visit_type", expected)),
    )


CASES: list[Case] = [
    _date("excel-date", dt.datetime(2026, 3, 2)),
    _date("excel-date-with-time", dt.datetime(2026, 3, 2, 10, 30)),
    _date("iso-text", "2026-03-02"),
    _date("iso-text-midnight", "2026-03-02 00:00"),
    _date("slashes", "2026/3/2"),
    _date("dots", "2026.3.2"),
    _date("chinese", "2026年3月2日"),
    _date("full-width", "２０２６/３/２"),
    _date("serial-number", SERIAL, general=True),
    _date("serial-as-text", str(SERIAL), general=True),
    _not_date("day-first", "02/03/2026"),
    _not_date("month-first", "3/2/2026"),
    _not_date("february-30", "2026-02-30"),
    _not_date("words", "next monday"),
    _not_date("text-with-time", "2026-03-02 10:30"),
    _not_date("small-serial", 12, general=True),
    _not_date("fraction-serial", SERIAL + 0.5, general=True),
    _not_date("year-1900", dt.datetime(1900, 1, 11)),
    _not_date("year-9999", dt.datetime(9999, 12, 31)),
    _not_date("iso-year-9999", "9999-12-31"),
    _not_date("boolean", True),
    _time("excel-time", dt.time(9, 15)),
    _time("text", "9:15"),
    _time("text-seconds", "09:15:00"),
    _time("chinese", "9点15分"),
    _time("full-width", "９：１５"),
    _time("day-fraction", QUARTER_PAST_NINE, general=True),
    _not_time("hour-25", "25:00"),
    _not_time("minute-75", "9:75"),
    _not_time("dot", "9.15"),
    _not_time("words", "nine"),
    _not_time("more-than-a-day", 1.5, general=True),
    _not_time("negative", -0.25, general=True),
    _number("thousands", "1,234.50"),
    _number("full-width", "１２３４.５"),
    _number("yen-sign", "¥1,234.50"),
    _number("full-width-yen", "￥ 1234.5"),
    _number("rmb-prefix", "RMB 1234.5"),
    _number("cny-prefix", "CNY1,234.50"),
    _number("spaces", " 1234.5 "),
    _number("accounting-negative", "(1,234.50)", -1234.5),
    _number("real-number", 1234.5),
    _not_number("decimal-comma", "12,34"),
    _not_number("space-thousands", "1 234,5"),
    _not_number("percent", "5%"),
    _not_number("words", "lots"),
    _not_number("nan", "nan"),
    _not_number("boolean", True),
    _month("slash", "2026/3"),
    _month("chinese", "2026年3月"),
    _month("compact", "202603"),
    _month("short", "2026-3"),
    _month("a-date", dt.datetime(2026, 3, 1)),
    _month("date-text", "2026-03-15"),
    _not_month("word", "March"),
    _not_month("month-13", "2026-13"),
    _not_month("month-first", "03/2026"),
    _not_month("two-digit-year", "26-03"),
    _whole("text", "1"),
    _whole("full-width", "１"),
    _whole("float", 1.0),
    _not_whole("fraction", 1.5),
    _not_whole("word", "one"),
    _not_whole("huge", 1e300),
    _listed("upper-case", "VISIT", "visit"),
    _listed("chinese", "拜访", "visit"),
    _listed("padded", "  phone ", "phone"),
]
