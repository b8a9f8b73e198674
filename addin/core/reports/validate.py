"""Domain check of one rep's submission for one period.

The generic reader has already typed the cells and checked required columns, allowed
values and lookups; this adds what needs context: the rep's customers, the product list,
the period, the calendar and today's date. It returns every issue at once plus, per
table, which rows carry no error, so a partly bad submission can still deliver its good
rows (when `Settings.accept_partial` says so — the caller decides).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from addin.core.issues import FILE, ROW, Issue, row_key, rows_mask
from addin.core.reports.calendar import Span, period_bounds
from addin.core.reports.dates import (
    check_forecast_months,
    check_month,
    check_report_dates,
    check_route_weeks,
)
from addin.core.reports.rules import (
    check_competitor_prices,
    check_customers,
    check_duplicates,
    check_products,
    id_set,
    id_set_texts,
)
from addin.core.reports.visits import check_days_off, check_visit_times
from addin.core.settings import Settings
from addin.core.validate import PerFile
from addin.i18n import Msg
from addin.schema import WORKBOOK_INPUTS

#: The tables a rep fills, in workbook order (issues are listed in this order).
REPORT_TABLES = WORKBOOK_INPUTS["rep"]


@dataclass(frozen=True)
class ReportCheck:
    issues: list[Issue]
    #: Per table given, aligned with its frame: True where the row has no error issue.
    valid: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)


@dataclass(frozen=True)
class _Context:
    period: str
    span: Span
    customers: frozenset[str] | PerFile
    customer_names: Mapping[str, str] | Mapping[str, Mapping[str, str]]
    products: frozenset[str]
    today: dt.date
    settings: Settings


def _table_issues(sheet: str, frame: pd.DataFrame, ctx: _Context) -> list[Issue]:
    issues = check_customers(frame, sheet, ctx.customers, ctx.customer_names)
    issues += check_products(frame, sheet, ctx.products)
    issues += check_report_dates(frame, sheet, ctx.span, ctx.today)
    issues += check_month(frame, sheet, ctx.period)
    if sheet == "DailyReport":
        issues += check_visit_times(frame, sheet, ctx.settings)
        issues += check_days_off(frame, sheet, ctx.settings)
    elif sheet == "WeeklyRoute":
        issues += check_route_weeks(frame, sheet, ctx.span)
    elif sheet == "Forecast":
        issues += check_forecast_months(frame, sheet, ctx.period, ctx.settings)
    elif sheet == "Competitors":
        issues += check_competitor_prices(frame, sheet)
    issues += check_duplicates(frame, sheet)
    return issues


def valid_rows(frame: pd.DataFrame, issues: Iterable[Issue], sheet: str) -> pd.Series:
    """True for each row of `frame` that no error issue of `sheet` points at."""
    stacked = FILE in frame.columns
    bad = {row_key(i, stacked) for i in issues if i.sheet == sheet and i.severity == "error"}
    if ROW not in frame.columns:
        return pd.Series(not bad, index=frame.index, dtype=bool)
    if stacked:
        return ~rows_mask(frame, {k for k in bad if k is not None})
    rows = pd.to_numeric(frame[ROW], errors="coerce")
    return pd.Series(~rows.isin(list(bad)).to_numpy(dtype=bool), index=frame.index)


def _month_span(period: str) -> Span | None:
    text = str(period).strip()
    if not re.fullmatch(r"\d{4}-\d{2}", text):
        return None
    try:
        return period_bounds(text)
    except ValueError:
        return None


def check_report(
    tables: Mapping[str, pd.DataFrame],
    *,
    period: str,
    customers: Iterable[object] | PerFile,
    products: Iterable[object],
    today: dt.date,
    settings: Settings | None = None,
    customer_names: Mapping[str, str] | Mapping[str, Mapping[str, str]] | None = None,
) -> ReportCheck:
    """Check every report table given (absent tables are simply not checked).

    `customers` are the rep's own customer ids, `products` the active product ids.
    Frames may stack several files of the same period (a `_file` column); then
    `customers` is a `PerFile` and `customer_names` is keyed by file, and each file's rows
    are judged as that file alone would be (issues carry their file).
    A malformed `period` is itself an issue (`bad_period`); then only the checks that
    do not depend on the period run.
    """
    settings = settings or Settings()
    issues: list[Issue] = []
    span = _month_span(period)
    if span is None:
        issues.append(
            Issue(code="bad_period", value=str(period), args={"period": Msg("phrase.month_any")})
        )
    ctx = _Context(
        period=str(period).strip(),
        span=span or (pd.Timestamp.min, pd.Timestamp.max),
        customers=(_id_sets(customers) if isinstance(customers, PerFile) else id_set(customers)),
        customer_names=customer_names or {},
        products=id_set(products),
        today=today,
        settings=settings,
    )
    order = {name: n for n, name in enumerate(REPORT_TABLES)}
    for sheet, frame in tables.items():
        if frame is None:
            continue
        work = frame.reset_index(drop=True)
        found = _table_issues(sheet, work, ctx)
        if span is None:
            found = [i for i in found if i.code not in _PERIOD_CODES]
        issues += found
    issues.sort(key=lambda i: (order.get(i.sheet, len(order)), i.sheet, i.row or 0))
    valid = {
        sheet: valid_rows(frame, issues, sheet)
        for sheet, frame in tables.items()
        if frame is not None
    }
    return ReportCheck(issues=issues, valid=valid)


def _id_sets(customers: PerFile) -> PerFile:
    """`id_set` of each file's list, each distinct id trimmed once for all files."""
    distinct = list({v for known in customers.sets.values() for v in known})
    text = dict(zip(distinct, id_set_texts(distinct), strict=True))
    return PerFile(
        {
            f: frozenset(t for v in known if isinstance(t := text[v], str))
            for f, known in customers.sets.items()
        }
    )


#: Codes that compare against the period; meaningless when the period itself is bad.
_PERIOD_CODES = frozenset(
    {
        "date_outside_period",
        "month_mismatch",
        "forecast_not_ahead",
        "forecast_too_far",
    }
)
