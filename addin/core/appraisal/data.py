"""What appraisal reads, gathered by the job (from the ledger and workbooks) for the core."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from addin.core.settings import Settings


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def no_targets() -> pd.DataFrame:
    return _empty("month", "rep_id", "sales_target", "collection_target")


def no_budgets() -> pd.DataFrame:
    return _empty("rep_id", "month", "expense_budget")


@dataclass(frozen=True)
class AppraisalData:
    """Tables as the reader (or the ledger's `counted`) delivers them.

    `sales` and `payments` hold the whole history: new and lost customers look back
    before the period, and collections come from applying every payment. `targets` and
    `budgets` are TargetCube / ExpenseBudget rows of every plan year the periods touch
    (empty when there is no plan). Report tables are the counted rows of each rep with
    `rep_id` and `period` (the month the workbook was for). `submissions` lists every
    rep workbook the ledger received (rep_id, period, status, submission_id), of any
    month: when reports began, and which months came in with errors.

    Ids, months, visit types and clock times may come as pandas Categoricals of the same
    values (`appraise` reads them coded from the ledger): the core reads them as the
    values they stand for, and gives the same results as from plain columns.
    """

    reps: pd.DataFrame
    customers: pd.DataFrame
    products: pd.DataFrame
    sales: pd.DataFrame
    payments: pd.DataFrame
    settings: Settings = field(default_factory=Settings)
    regions: pd.DataFrame = field(default_factory=lambda: _empty("region_id", "parent_id"))
    targets: pd.DataFrame = field(default_factory=no_targets)
    budgets: pd.DataFrame = field(default_factory=no_budgets)
    daily: pd.DataFrame = field(
        default_factory=lambda: _empty(
            "rep_id",
            "period",
            "date",
            "customer_id",
            "start_time",
            "end_time",
            "visit_type",
            "order_amount",
            "collection_amount",
            "expense_amount",
        )
    )
    routes: pd.DataFrame = field(
        default_factory=lambda: _empty(
            "rep_id", "period", "week_start", "weekday", "seq", "customer_id"
        )
    )
    forecasts: pd.DataFrame = field(
        default_factory=lambda: _empty(
            "rep_id", "period", "month", "customer_id", "product_id", "amount"
        )
    )
    inspections: pd.DataFrame = field(
        default_factory=lambda: _empty(
            "rep_id", "period", "date", "customer_id", "product_id", "territory_code"
        )
    )
    submissions: pd.DataFrame = field(
        default_factory=lambda: _empty("submission_id", "rep_id", "period", "status")
    )
    qualitative: pd.DataFrame = field(
        default_factory=lambda: _empty(
            "_row",
            "rep_id",
            "period",
            "teamwork",
            "enthusiasm",
            "loyalty",
            "compliance",
            "planning",
            "progress",
        )
    )
