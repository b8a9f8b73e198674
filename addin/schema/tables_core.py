"""Tables of the company workbooks: masters, finance and plan (WORKBOOKS.md)."""

from __future__ import annotations

from addin.schema.spec import Table
from addin.schema.vocab import col, req

# ---------------------------------------------------------------- masters.xlsx
SETTINGS = Table(
    "Settings",
    "masters",
    "input",
    (req("key"), col("value"), col("meaning")),
    key=("key",),
    zh="系统设置",
    help="One setting per row. Leave a value blank to use the default; the meaning column "
    "says what each setting does and is not read.",
)
REGIONS = Table(
    "Regions",
    "masters",
    "input",
    (req("region_id"), req("name"), col("parent_id", lookup="Regions.region_id")),
    key=("region_id",),
    zh="区域",
)
REPS = Table(
    "Reps",
    "masters",
    "input",
    (
        req("rep_id"),
        req("name"),
        req("region_id", lookup="Regions.region_id"),
        col("manager_id", lookup="Reps.rep_id"),
        col("hire_date"),
        col("leave_date"),
        col("phone"),
    ),
    key=("rep_id",),
    zh="业务员",
)
PRODUCTS = Table(
    "Products",
    "masters",
    "input",
    (
        req("product_id"),
        req("name"),
        col("category"),
        req("unit_price"),
        col("floor_price"),
        col("unit_cost"),
    ),
    key=("product_id",),
    zh="产品",
)
CUSTOMERS = Table(
    "Customers",
    "masters",
    "input",
    (
        req("customer_id"),
        req("name"),
        req("type"),
        req("channel"),
        req("region_id", lookup="Regions.region_id"),
        req("rep_id", lookup="Reps.rep_id"),
        req("settlement_method"),
        col("credit_limit"),
        col("payment_terms_days"),
        col("since"),
        col("status", required=True),
        col("contact"),
        col("phone"),
        col("address"),
    ),
    key=("customer_id",),
    zh="客户资料卡",
    help="The customer data card: one row per customer.",
)
STRATEGY = Table(
    "Strategy",
    "masters",
    "input",
    (
        req("customer_id", lookup="Customers.customer_id"),
        req("year"),
        req("class"),
        col("sales_goal"),
        col("collection_goal"),
        col("support_policy"),
        col("key_actions"),
    ),
    key=("customer_id", "year"),
    zh="客户策略卡",
)

# ---------------------------------------------------------------- finance.xlsx
SALES_LINES = Table(
    "SalesLines",
    "finance",
    "input",
    (
        req("invoice_id"),
        req("line"),
        req("date"),
        req("customer_id", lookup="Customers.customer_id"),
        req("product_id", lookup="Products.product_id"),
        req("rep_id", lookup="Reps.rep_id"),
        col("qty"),
        req("amount"),
        col("cost"),
        col("due_date"),
    ),
    key=("invoice_id", "line"),
    zh="销售明细",
    help="ERP export of invoiced sales; a negative amount is a credit note.",
)
PAYMENTS = Table(
    "Payments",
    "finance",
    "input",
    (
        req("payment_id"),
        req("date"),
        req("customer_id"),
        req("amount"),
        col("invoice_id"),
    ),
    key=("payment_id",),
    zh="回款",
    help="Money received. Name the invoice when the customer did; otherwise oldest first.",
)

# ---------------------------------------------------------------- plan.xlsx
COMPANY_TARGETS = Table(
    "CompanyTargets",
    "plan",
    "input",
    (req("measure"), req("annual_target", min=0)),
    key=("measure",),
    zh="公司年度目标",
)
SEASONALITY = Table(
    "Seasonality",
    "plan",
    "input",
    (
        req("month"),
        req("weight", min=0),
        col("region_id", lookup="Regions.region_id"),
        col("category"),
        col("measure"),
    ),
    key=("region_id", "category", "measure", "month"),
    zh="季节系数",
    help="Relative weight of each month; no rows = last year's company monthly shares. "
    "Rows naming a region and/or product category are that slice's own profile; "
    "measure collections = the collections profile (else sales shifted by payment terms).",
)
GROWTH = Table(
    "Growth",
    "plan",
    "input",
    (req("dimension"), req("member"), req("growth_pct", min=-100)),
    key=("dimension", "member"),
    zh="增长率",
)
LOCKS = Table(
    "Locks",
    "plan",
    "input",
    (
        col("rep_id", lookup="Reps.rep_id"),
        col("customer_id", lookup="Customers.customer_id"),
        col("product_id", lookup="Products.product_id"),
        col("region_id", lookup="Regions.region_id"),
        col("month"),
        req("measure"),
        req("amount", min=0),
    ),
    key=("rep_id", "customer_id", "product_id", "region_id", "month", "measure"),
    zh="锁定目标",
    help="Fix the target of any slice; the rest is re-balanced around it.",
)
BUDGETS = Table(
    "Budgets",
    "plan",
    "input",
    (req("rep_id", lookup="Reps.rep_id"), req("month"), req("expense_budget", min=0)),
    key=("rep_id", "month"),
    zh="费用预算调整",
    help="Explicit selling-expense budgets; other months follow Settings.expense_ratio_pct.",
)

TARGET_COLS = (col("sales_target"), col("collection_target"))
TARGET_CUBE = Table(
    "TargetCube",
    "plan",
    "output",
    (
        col("month"),
        col("region_id"),
        col("rep_id"),
        col("customer_id"),
        col("product_id"),
        col("settlement_method"),
        col("channel"),
        *TARGET_COLS,
    ),
    zh="目标明细",
    protected=True,
)
#: The sheet tab of each rollup in Chinese (按月目标…): tabs must differ.
_TARGETS_BY_ZH = {
    "TargetsByMonth": "按月目标",
    "TargetsByRegion": "按区域目标",
    "TargetsByRep": "按业务员目标",
    "TargetsByCustomer": "按客户目标",
    "TargetsByProduct": "按产品目标",
    "TargetsBySettlement": "按结算方式目标",
    "TargetsByChannel": "按渠道目标",
}
TARGETS_BY = {
    "TargetsByMonth": (col("month"),),
    "TargetsByRegion": (col("region_id"), col("region_name")),
    "TargetsByRep": (col("rep_id"), col("rep_name"), col("expense_budget")),
    "TargetsByCustomer": (col("customer_id"), col("customer_name")),
    "TargetsByProduct": (col("product_id"), col("product_name")),
    "TargetsBySettlement": (col("settlement_method"),),
    "TargetsByChannel": (col("channel"),),
}
TARGET_ROLLUPS = tuple(
    Table(
        name,
        "plan",
        "output",
        (*cols, *TARGET_COLS),
        zh=_TARGETS_BY_ZH[name],
        protected=True,
    )
    for name, cols in TARGETS_BY.items()
)
TARGET_CHECK = Table(
    "TargetCheck",
    "plan",
    "output",
    (
        col("measure"),
        col("dimension"),
        col("member"),
        col("member_name"),
        col("last_year"),
        col("target"),
        col("growth_pct"),
        col("share_last_year"),
        col("share_target"),
        col("flag"),
        col("growth_source"),
        col("flag_code"),
    ),
    zh="目标检验",
    protected=True,
)
REP_BUDGETS = Table(
    "ExpenseBudget",
    "plan",
    "output",
    (col("rep_id"), col("month"), col("expense_budget")),
    zh="费用预算",
    protected=True,
)

# ---------------------------------------------------------------- finance outputs
OPEN_ITEMS = Table(
    "OpenItems",
    "finance",
    "output",
    (
        col("invoice_id"),
        col("customer_id"),
        col("rep_id"),
        col("date"),
        col("due_date"),
        col("amount"),
        col("paid"),
        col("credited"),
        col("outstanding"),
        col("days_overdue"),
        col("bucket"),
        col("kind", allowed=("invoice", "credit_note", "unapplied")),
    ),
    zh="未清项",
    protected=True,
)
AGEING = Table(
    "Ageing",
    "finance",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("rep_id"),
        col("region_id"),
        col("not_due"),
        col("unapplied_credit"),
        col("total"),
        col("overdue"),
        col("credit_limit"),
        col("credit_used_pct"),
        col("over_limit"),
        col("max_days_overdue"),
        col("overdue_beyond_policy"),
        col("dso"),
    ),
    zh="账龄",
    protected=True,
    buckets_after="not_due",
)
AGEING_BY_REP = Table(
    "AgeingByRep",
    "finance",
    "output",
    (
        col("rep_id"),
        col("name"),
        col("not_due"),
        col("unapplied_credit"),
        col("total"),
        col("overdue"),
        col("dso"),
    ),
    zh="业务员账龄",
    protected=True,
    buckets_after="not_due",
)
AGEING_BY_REGION = Table(
    "AgeingByRegion",
    "finance",
    "output",
    (
        col("region_id"),
        col("name"),
        col("not_due"),
        col("unapplied_credit"),
        col("total"),
        col("overdue"),
        col("dso"),
    ),
    zh="区域账龄",
    protected=True,
    buckets_after="not_due",
)
CREDIT_CHECK = Table(
    "CreditCheck",
    "finance",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("rep_id"),
        col("credit_limit"),
        col("total"),
        col("over_by"),
        col("credit_used_pct"),
        col("max_days_overdue"),
        col("over_limit"),
        col("overdue_beyond_policy"),
    ),
    zh="信用检查",
    protected=True,
)
COLLECTIONS = Table(
    "Collections",
    "finance",
    "output",
    (col("rep_id"), col("month"), col("collected")),
    zh="回款业绩",
    protected=True,
)
DUNNING = Table(
    "Dunning",
    "finance",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("rep_id"),
        col("contact"),
        col("phone"),
        col("oldest_due"),
        col("days_overdue"),
        col("overdue"),
        col("unapplied_credit"),
        col("step"),
        col("action"),
    ),
    zh="催收清单",
    protected=True,
)
