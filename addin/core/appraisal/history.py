"""What an appraisal reads from the whole history, worked out once for both periods.

The period and the one before it look at the same sales lines, payments and report
rows: typing the lines, applying payments, finding each customer's purchase months and
coding report ids are done here once, not once per period.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from addin.core.appraisal.customers import first_purchases
from addin.core.appraisal.data import AppraisalData
from addin.core.appraisal.reporting import reports_began
from addin.core.appraisal.results import collections_by_month, sales_frame, text_category
from addin.core.appraisal.targets import plan_months
from addin.core.lost_customers import purchase_months
from addin.core.reports.calendar import period_bounds
from addin.core.reports.codes import code_ids, code_values
from addin.core.reports.rows import ReportRows, report_rows

_IDS = ("rep_id", "customer_id", "product_id")


@dataclass(frozen=True)
class History:
    sales: pd.DataFrame  # `sales_frame`
    collections: pd.DataFrame  # rep_id, month, collected (payments up to the period's end)
    firsts: pd.DataFrame  # `first_purchases`
    bought: pd.DataFrame  # `purchase_months`
    began: pd.Timestamp | None  # when reports began (`reports_began`)
    # Report rows and sales lines with ids coded once (`code_ids`): what every period's
    # process measures read of them is worked out once too (`report_rows`).
    reports: ReportRows
    keyed_sales: pd.DataFrame
    plan: pd.DataFrame  # `plan_months`: the plan summed per rep and month

    @classmethod
    def of(cls, period: str, data: AppraisalData) -> History:
        # The lines' ids coded once (`text_category`): typing the lines and applying
        # payments read the codes rather than hashing a million ids each.
        lines = data.sales.assign(
            **{c: text_category(data.sales, c) for c in _IDS if c in data.sales.columns}
        )
        sales = sales_frame(lines, data.products)
        as_of = period_bounds(period)[1].date()
        daily, routes, forecasts, keyed_sales, _ = code_ids(
            [data.daily, data.routes, data.forecasts, sales, data.reps]
        )
        return cls(
            sales=sales,
            collections=collections_by_month(
                lines, data.payments, data.customers, data.settings, as_of
            ),
            firsts=first_purchases(sales),
            # `sales` holds the same lines as the raw table, typed once: read from it.
            bought=purchase_months(sales),
            began=reports_began(data.submissions, data.daily),
            reports=report_rows(
                daily, routes, code_values(forecasts, ("period", "month")), keyed_sales
            ),
            keyed_sales=keyed_sales,
            plan=plan_months(data.targets, data.budgets),
        )
