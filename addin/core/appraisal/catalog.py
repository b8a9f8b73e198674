"""The KPIs a scheme may name: key, labels, unit and which direction is better.

A Scheme row names a KPI by its key (`sales_achievement`), its English label ("Sales
achievement") or its Chinese label (销售达成率); `kpi_key` maps any of them to the key.
Qualitative KPIs are the manager's 0–100 scores from the `Qualitative` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Unit = Literal["money", "pct", "int", "number"]
Better = Literal["higher", "lower"]
Group = Literal["results", "activity", "violations", "qualitative", "basis"]


@dataclass(frozen=True, slots=True)
class Kpi:
    key: str
    zh: str
    unit: Unit
    group: Group
    better: Better = "higher"
    help: str = ""

    @property
    def en(self) -> str:
        words = self.key.replace("_pct", " %").replace("_", " ")
        return words[:1].upper() + words[1:]

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def scoreable(self) -> bool:
        """Targets and budgets are the yardstick, not a result, so a scheme cannot weight them."""
        return self.group != "basis"


_ALL = (
    # --- results
    Kpi("sales", "销售额", "money", "results", help="Net invoiced sales of the period"),
    Kpi("sales_achievement", "销售达成率%", "pct", "results", help="Sales ÷ sales target × 100"),
    Kpi(
        "collections",
        "回款额",
        "money",
        "results",
        help="Payments credited to the rep of the invoice they settled",
    ),
    Kpi(
        "collection_achievement",
        "回款达成率%",
        "pct",
        "results",
        help="Collections ÷ collection target × 100",
    ),
    Kpi("gross_profit", "毛利", "money", "results", help="Sales − cost"),
    Kpi("gross_margin_pct", "毛利率%", "pct", "results", help="Gross profit ÷ sales × 100"),
    Kpi(
        "sales_growth_pct",
        "销售增长率%",
        "pct",
        "results",
        help="Sales against the prior period, in %",
    ),
    Kpi("active_customers", "有效客户数", "int", "results", help="Customers who bought"),
    Kpi(
        "new_customers",
        "新客户数",
        "int",
        "results",
        help="Customers whose first purchase ever falls in the period",
    ),
    Kpi(
        "lost_customers",
        "流失客户数",
        "int",
        "results",
        "lower",
        help="Customers who bought in the months before and nothing in the period",
    ),
    # --- activity
    Kpi("visits", "拜访次数", "int", "activity", help="In-person visits reported"),
    Kpi("visits_per_day", "日均拜访", "number", "activity", help="Visits per working day"),
    Kpi("avg_visit_minutes", "平均拜访时长(分)", "number", "activity"),
    Kpi("revenue_per_visit", "单次拜访销售额", "money", "activity", help="Sales ÷ visits"),
    Kpi(
        "cost_per_visit",
        "单次拜访费用",
        "money",
        "activity",
        "lower",
        help="Reported expenses ÷ visits",
    ),
    Kpi("orders_per_100_visits", "百访成交数", "number", "activity"),
    Kpi(
        "selling_cost",
        "销售费用",
        "money",
        "activity",
        "lower",
        help="Expenses reported in the daily reports",
    ),
    Kpi(
        "selling_cost_pct", "费用率%", "pct", "activity", "lower", help="Selling cost ÷ sales × 100"
    ),
    Kpi(
        "budget_use_pct",
        "预算使用率%",
        "pct",
        "activity",
        "lower",
        help="Selling cost ÷ expense budget × 100",
    ),
    Kpi(
        "report_compliance",
        "日报提交率%",
        "pct",
        "activity",
        help="Working days with a daily report ÷ working days employed since reports began × 100",
    ),
    Kpi(
        "route_adherence",
        "路线执行率%",
        "pct",
        "activity",
        help="Planned route stops visited ÷ planned × 100",
    ),
    Kpi(
        "forecast_accuracy",
        "预测准确率%",
        "pct",
        "activity",
        help="100 − forecast error as % of actual sales",
    ),
    # --- violations (counts; Deductions turn them into points and money)
    Kpi(
        "price_violations",
        "低价违规",
        "int",
        "violations",
        "lower",
        help="Invoice lines sold below the product's floor price",
    ),
    Kpi(
        "diversion_flags",
        "窜货嫌疑",
        "int",
        "violations",
        "lower",
        help="Goods coded for the rep's territory found in another region",
    ),
    Kpi(
        "missing_report_days",
        "缺报天数",
        "int",
        "violations",
        "lower",
        help="Working days employed since reports began without a daily report (a month "
        "handed in with errors is not missing)",
    ),
    Kpi(
        "report_error_months",
        "报表有误月数",
        "int",
        "violations",
        "lower",
        help="Months whose latest report workbook came with errors (a corrected re-send clears it)",
    ),
    # --- qualitative (manager's 0–100 scores)
    Kpi("teamwork", "团队精神", "number", "qualitative"),
    Kpi("enthusiasm", "工作热情", "number", "qualitative"),
    Kpi("loyalty", "忠诚度", "number", "qualitative"),
    Kpi("compliance", "遵章守纪", "number", "qualitative"),
    Kpi("planning", "市场规划", "number", "qualitative"),
    Kpi("progress", "进步", "number", "qualitative"),
    # --- the yardsticks shown beside the results
    Kpi("sales_target", "销售目标", "money", "basis", help="Prorated to the days employed"),
    Kpi("collection_target", "回款目标", "money", "basis", help="Prorated to the days employed"),
    Kpi("expense_budget", "费用预算", "money", "basis", help="Prorated to the days employed"),
)

KPIS: dict[str, Kpi] = {k.key: k for k in _ALL}
QUALITATIVE = tuple(k.key for k in _ALL if k.group == "qualitative")
#: Deductions.violation → the KPI column holding its count.
VIOLATIONS: dict[str, str] = {
    "price_below_floor": "price_violations",
    "diversion": "diversion_flags",
    "missing_report": "missing_report_days",
    "report_errors": "report_error_months",
}
#: KPIs measured against a per-rep target; a rep without that target is not ranked.
NEEDS_TARGET: dict[str, str] = {
    "sales_achievement": "sales_target",
    "collection_achievement": "collection_target",
    "budget_use_pct": "expense_budget",
}

_SPACES = re.compile(r"[\s_\-%％()（）]+")


def _norm(text: str) -> str:
    return _SPACES.sub("", text).lower()


_NAMES: dict[str, str] = {}
for _kpi in _ALL:
    for _name in (_kpi.key, _kpi.en, _kpi.zh):
        _NAMES.setdefault(_norm(_name), _kpi.key)


def kpi_key(text: object) -> str | None:
    """The KPI key for a key, English or Chinese label (any case, spaces, `%`); else None."""
    if text is None:
        return None
    return _NAMES.get(_norm(str(text)))


@dataclass(frozen=True, slots=True)
class KpiNames:
    """KPIs named in the reader's language, for messages."""

    keys: tuple[str, ...]

    def render(self, lang: str) -> str:
        return ("、" if lang == "zh" else ", ").join(KPIS[k].label(lang) for k in self.keys)
