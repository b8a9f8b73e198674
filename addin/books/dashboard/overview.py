"""The Overview sheet of dashboard.xlsx: title and status line, the key figures of the
review month, warnings by kind, and the four charts drawn from ChartData."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from addin.books.dashboard.charts import Block, charts
from addin.books.sheets import HEADER, NOTE
from addin.books.styles import NAVY
from addin.core.dashboard import DashboardResult
from addin.core.settings import Settings
from addin.i18n import catalogue, month_label, t
from addin.io.xlsx.book import Cell, PrintSetup, SheetPlan, Style

MONEY = "#,##0"
PCT = '0.0"%"'
TITLE = Style(bold=True, size=16, color=NAVY)
SECTION = Style(bold=True, size=12, color=NAVY)
RIGHT = Style(align="right")


def _figures(result: DashboardResult, lang: str) -> list[tuple[str, Any, str | None]]:
    """Key figures for people: in 万元 for a Chinese reader, in units otherwise."""
    review, pace = result.review, result.pacing
    company = pace.loc[(pace["measure"] == "sales") & (pace["dimension"] == "company")]
    row = company.iloc[0] if len(company) else None
    totals = result.ageing.totals.iloc[0] if len(result.ageing.totals) else None
    outstanding = float(totals["total"]) if totals is not None else 0.0
    overdue = float(totals["overdue"]) if totals is not None else 0.0
    target = review["target"].sum(min_count=1)
    sales = review["sales"].sum()
    classes = result.abc["class"].value_counts()
    by_rep = result.moves_by_rep
    severity = result.warnings["severity"].value_counts()
    scale = 10_000.0 if lang == "zh" else 1.0
    money = "#,##0.0" if lang == "zh" else MONEY

    def pct(a: float, b: float) -> float | None:
        return round(a / b * 100, 1) if b and not pd.isna(b) else None

    def amount(value: Any) -> Any:
        return value / scale if isinstance(value, int | float) and not pd.isna(value) else value

    def say(key: str) -> str:
        return t(lang, f"overview.{key}")

    no_plan = say("no_plan") if not result.has_plan else None
    return [
        (say("sales_month"), amount(sales), money),
        (say("target_month"), no_plan or amount(target), money),
        (say("achievement_month"), pct(sales, target), PCT),
        (say("sales_ytd"), amount(row["actual_ytd"] if row is not None else 0.0), money),
        (
            say("target_to_date"),
            no_plan or amount(row["target_to_date"] if row is not None else None),
            money,
        ),
        (say("pace_to_date"), row["pace_pct"] if row is not None else None, PCT),
        (say("collections_month"), amount(review["collections"].sum()), money),
        (say("outstanding"), amount(outstanding), money),
        (say("overdue"), amount(overdue), money),
        (say("overdue_share"), pct(overdue, outstanding), PCT),
        (say("customers_reviewed"), len(review), "#,##0"),
        (
            say("classes"),
            f"{classes.get('A', 0)} / {classes.get('B', 0)} / {classes.get('C', 0)}",
            None,
        ),
        (
            say("new_customers"),
            f"{by_rep['new_customers'].sum()} / {by_rep['new_ytd'].sum()}",
            None,
        ),
        (
            say("lost_customers"),
            f"{by_rep['lost_customers'].sum()} / {by_rep['lost_ytd'].sum()}",
            None,
        ),
        (
            say("warnings"),
            f"{severity.get('high', 0)} / {severity.get('medium', 0)}",
            None,
        ),
    ]


def overview_sheet(
    result: DashboardResult, blocks: dict[str, Block], settings: Settings
) -> SheetPlan:
    lang = settings.lang
    sheet = SheetPlan(
        name=t(lang, "sheet.overview"),
        widths={1: 30, 2: 16, 3: 3},
        printing=PrintSetup(landscape=True, fit=(1, 1), paper=9),
        protected=True,
        charts=charts(blocks, lang),
    )
    put = sheet.cells.append
    put(Cell(1, 1, t(lang, "overview.title", company=settings.company), TITLE))
    status = t(
        lang,
        "overview.status",
        month=month_label(result.window.month, lang),
        as_of=result.window.as_of.date().isoformat(),
        built=f"{dt.datetime.now():%Y-%m-%d %H:%M}",
    )
    put(Cell(2, 1, status, NOTE))
    put(Cell(4, 1, t(lang, "overview.key_figures"), SECTION))
    for r, (label, value, fmt) in enumerate(_figures(result, lang), start=5):
        put(Cell(r, 1, label))
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        if isinstance(value, str):
            put(Cell(r, 2, value, RIGHT))
        else:
            put(Cell(r, 2, float(value), Style(num_format=fmt) if fmt else None))
    top = 22
    put(Cell(top, 1, t(lang, "overview.by_kind"), SECTION))
    put(Cell(top + 1, 1, t(lang, "overview.kind"), HEADER))
    put(Cell(top + 1, 2, t(lang, "overview.count_high"), HEADER))
    kinds_named = catalogue(lang)
    kinds = result.warnings.groupby("kind")["severity"].agg(
        count="size", high=lambda s: int((s == "high").sum())
    )
    for r, (kind, row) in enumerate(kinds.iterrows(), start=top + 2):
        put(Cell(r, 1, kinds_named.get(f"warning.{kind}", str(kind))))
        put(Cell(r, 2, f"{int(row['count'])} ({int(row['high'])})", RIGHT))
    return sheet
