"""Table specs: the single definition of every workbook table (see WORKBOOKS.md)."""

from __future__ import annotations

from addin.schema.spec import Column, Table
from addin.schema.tables import ALL

TABLES: dict[str, Table] = {t.name: t for t in ALL}

#: Input tables per workbook file stem, in the order their sheets appear.
WORKBOOK_INPUTS: dict[str, tuple[str, ...]] = {
    "masters": ("Settings", "Regions", "Reps", "Products", "Customers", "Strategy"),
    "finance": ("SalesLines", "Payments"),
    "plan": ("CompanyTargets", "Seasonality", "Growth", "Locks", "Budgets"),
    "rep": (
        "DailyReport",
        "WeeklyRoute",
        "MonthlyPlan",
        "MonthlySummary",
        "Forecast",
        "Competitors",
        "MarketInspection",
    ),
    "appraisal": ("Scheme", "Qualitative", "Grades", "BonusRules", "Deductions"),
    "dashboard": (),
}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table spec named {name!r}") from None


__all__ = ["TABLES", "WORKBOOK_INPUTS", "Column", "Table", "table"]
