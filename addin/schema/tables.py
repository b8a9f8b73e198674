"""One declaration per Excel Table of the workbook contract (WORKBOOKS.md)."""

from __future__ import annotations

from addin.schema.spec import Table
from addin.schema.vocab import col, req

# ---------------------------------------------------------------- masters.xlsx
SETTINGS = Table(
    "Settings",
    "masters",
    "input",
    (req("key"), col("value")),
    key=("key",),
    zh="系统设置",
    help="One setting per row. Leave a value blank to use the default.",
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
    (req("month"), req("weight", min=0)),
    key=("month",),
    zh="季节系数",
    help="Relative weight of each month; blank = history's own monthly shares.",
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

_TARGET_COLS = (col("sales_target"), col("collection_target"))
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
        *_TARGET_COLS,
    ),
    zh="目标明细",
    protected=True,
)
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
        (*cols, *_TARGET_COLS),
        zh="目标分解",
        protected=True,
        open_columns=True,
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
        col("last_year"),
        col("target"),
        col("growth_pct"),
        col("share_last_year"),
        col("share_target"),
        col("flag"),
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
    ),
    zh="未清项",
    protected=True,
    open_columns=True,
)
AGEING = Table(
    "Ageing",
    "finance",
    "output",
    (
        col("customer_id"),
        col("rep_id"),
        col("not_due"),
        col("total"),
        col("credit_limit"),
        col("credit_used_pct"),
    ),
    zh="账龄",
    protected=True,
    open_columns=True,
)
AGEING_BY_REP = Table(
    "AgeingByRep",
    "finance",
    "output",
    (col("rep_id"), col("not_due"), col("total")),
    zh="业务员账龄",
    protected=True,
    open_columns=True,
)
AGEING_BY_REGION = Table(
    "AgeingByRegion",
    "finance",
    "output",
    (col("region_id"), col("not_due"), col("total")),
    zh="区域账龄",
    protected=True,
    open_columns=True,
)
CREDIT_CHECK = Table(
    "CreditCheck",
    "finance",
    "output",
    (
        col("customer_id"),
        col("rep_id"),
        col("credit_limit"),
        col("outstanding"),
        col("credit_used_pct"),
    ),
    zh="信用检查",
    protected=True,
    open_columns=True,
)
COLLECTIONS = Table(
    "Collections",
    "finance",
    "output",
    (col("rep_id"), col("month"), col("collected")),
    zh="回款业绩",
    protected=True,
    open_columns=True,
)
DUNNING = Table(
    "Dunning",
    "finance",
    "output",
    (col("customer_id"), col("oldest_due"), col("overdue"), col("action")),
    zh="催收清单",
    protected=True,
    open_columns=True,
)

# ---------------------------------------------------------------- rep workbooks
MY_CUSTOMERS = Table(
    "MyCustomers",
    "rep",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("type"),
        col("channel"),
        col("settlement_method"),
        col("credit_limit"),
        col("payment_terms_days"),
        col("contact"),
        col("phone"),
        col("address"),
        col("class"),
    ),
    zh="我的客户",
    protected=True,
)
MY_TARGETS = Table(
    "MyTargets",
    "rep",
    "output",
    (col("month"), col("customer_id"), col("product_id"), *_TARGET_COLS),
    zh="我的目标",
    protected=True,
)
MY_PRODUCTS = Table(
    "MyProducts",
    "rep",
    "output",
    (col("product_id"), col("name"), col("category"), col("unit_price"), col("floor_price")),
    zh="产品清单",
    protected=True,
)
MY_TOTALS = Table(
    "MyTotals",
    "rep",
    "output",
    (col("kpi"), col("value"), col("target")),
    zh="本月合计",
    protected=True,
    open_columns=True,
)
_MINE = "MyCustomers.customer_id"
DAILY_REPORT = Table(
    "DailyReport",
    "rep",
    "input",
    (
        req("date"),
        req("customer_id", lookup=_MINE),
        req("start_time"),
        req("end_time"),
        req("visit_type"),
        col("order_amount"),
        col("collection_amount"),
        col("expense_amount"),
        col("feedback"),
    ),
    zh="日报表",
    help="One row per visit or call.",
)
WEEKLY_ROUTE = Table(
    "WeeklyRoute",
    "rep",
    "input",
    (
        req("week_start"),
        req("weekday"),
        req("seq"),
        req("customer_id", lookup=_MINE),
        col("objective"),
    ),
    key=("week_start", "weekday", "seq"),
    zh="周拜访路线",
)
MONTHLY_PLAN = Table(
    "MonthlyPlan",
    "rep",
    "input",
    (
        req("month"),
        req("customer_id", lookup=_MINE),
        col("sales_plan"),
        col("collection_plan"),
        col("actions"),
    ),
    key=("month", "customer_id"),
    zh="月度计划",
)
MONTHLY_SUMMARY = Table(
    "MonthlySummary",
    "rep",
    "input",
    (req("month"), col("achievements"), col("problems"), col("next_month_focus")),
    key=("month",),
    zh="月度总结",
)
FORECAST = Table(
    "Forecast",
    "rep",
    "input",
    (
        req("month"),
        req("customer_id", lookup=_MINE),
        req("product_id", lookup="MyProducts.product_id"),
        req("amount", min=0),
    ),
    key=("month", "customer_id", "product_id"),
    zh="滚动预测",
)
COMPETITORS = Table(
    "Competitors",
    "rep",
    "input",
    (
        req("date"),
        req("competitor"),
        req("product"),
        col("wholesale_price"),
        col("retail_price"),
        col("quality"),
        col("promotion"),
        col("customer_id", lookup=_MINE),
    ),
    zh="竞品分析",
)
MARKET_INSPECTION = Table(
    "MarketInspection",
    "rep",
    "input",
    (
        req("date"),
        req("customer_id", lookup=_MINE),
        req("product_id", lookup="MyProducts.product_id"),
        col("on_shelf"),
        col("retail_price"),
        col("stock_qty"),
        col("territory_code"),
    ),
    zh="市场检查",
)

# ---------------------------------------------------------------- appraisal.xlsx
SCHEME = Table(
    "Scheme",
    "appraisal",
    "input",
    (req("kpi"), req("weight", max=100), req("rule"), col("target"), col("cap")),
    key=("kpi",),
    zh="考核方案",
)
QUALITATIVE = Table(
    "Qualitative",
    "appraisal",
    "input",
    (
        req("rep_id", lookup="Reps.rep_id"),
        req("period"),
        col("teamwork"),
        col("enthusiasm"),
        col("loyalty"),
        col("compliance"),
        col("planning"),
        col("progress"),
    ),
    key=("rep_id", "period"),
    zh="定性评分",
)
GRADES = Table(
    "Grades",
    "appraisal",
    "input",
    (req("grade"), req("min_score")),
    key=("grade",),
    zh="等级标准",
    help="A grade runs from its min score up to the next grade's.",
)
BONUS_RULES = Table(
    "BonusRules",
    "appraisal",
    "input",
    (
        req("kind", allowed=("sales", "collections", "min_score")),
        col("threshold_pct"),
        col("up_to_pct"),
        col("rate_pct"),
    ),
    zh="奖金规则",
    help="sales/collections: rate % of the amount between threshold % and up to % of target; "
    "min_score: no bonus below that total score.",
)
DEDUCTIONS = Table(
    "Deductions",
    "appraisal",
    "input",
    (req("violation"), col("points"), col("amount", min=0)),
    key=("violation",),
    zh="违规扣罚",
    help="Per confirmed violation: points off the total score and an amount off the bonus.",
)
SCORECARD = Table(
    "Scorecard",
    "appraisal",
    "output",
    (col("rep_id"), col("period"), col("total_score"), col("rank"), col("grade"), col("bonus")),
    zh="考核结果",
    protected=True,
    open_columns=True,
)

# ---------------------------------------------------------------- dashboard.xlsx
PACING = Table(
    "Pacing",
    "dashboard",
    "output",
    (col("dimension"), col("member")),
    zh="进度",
    protected=True,
    open_columns=True,
)
WARNINGS = Table(
    "Warnings",
    "dashboard",
    "output",
    (
        col("kind"),
        col("severity"),
        col("rep_id"),
        col("customer_id"),
        col("detail"),
        col("since", zh="起始日期"),
    ),
    zh="预警",
    protected=True,
    open_columns=True,
)
CUSTOMER_REVIEW = Table(
    "CustomerReview",
    "dashboard",
    "output",
    (
        col("customer_id"),
        col("month"),
        col("sales"),
        col("target"),
        col("collections"),
        col("outstanding"),
        col("overdue"),
        col("credit_used_pct"),
        col("visits"),
        col("price_violations"),
        col("diversion_flags"),
        col("class"),
        col("score"),
    ),
    zh="客户月评卡",
    protected=True,
    open_columns=True,
)
MARKET_INTEL = Table(
    "MarketIntel",
    "dashboard",
    "output",
    (col("month"), col("region_id")),
    zh="市场信息",
    protected=True,
    open_columns=True,
)
CUSTOMER_ABC = Table(
    "CustomerABC",
    "dashboard",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("rep_id"),
        col("sales"),
        col("share_pct"),
        col("cum_pct"),
        col("rank"),
        col("class"),
        col("strategy_class"),
    ),
    zh="客户ABC分类",
    protected=True,
    open_columns=True,
)
CUSTOMER_MOVES = Table(
    "CustomerMoves",
    "dashboard",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("rep_id"),
        col("move"),
        col("month"),
        col("first_purchase"),
        col("last_purchase"),
    ),
    zh="新增与流失客户",
    protected=True,
    open_columns=True,
)
NEW_LOST_BY_REP = Table(
    "NewLostByRep",
    "dashboard",
    "output",
    (
        col("rep_id"),
        col("rep_name"),
        col("active_customers"),
        col("new_customers"),
        col("lost_customers"),
        col("new_ytd"),
        col("lost_ytd"),
    ),
    zh="业务员客户增减",
    protected=True,
    open_columns=True,
)
#: Sources of the CustomerCard sheet's formulas (hidden sheets of dashboard.xlsx).
CARD_TABLES = tuple(
    Table(
        name, "dashboard", "output", (col("customer_id"),), zh=zh, protected=True, open_columns=True
    )
    for name, zh in (
        ("CardCustomers", "客户卡数据"),
        ("CardMonths", "客户月度数据"),
        ("CardVisits", "客户拜访记录"),
        ("CardOpenItems", "客户未清项"),
    )
)

# ---------------------------------------------------------------- every workbook
ISSUES = Table(
    "Issues",
    "any",
    "output",
    (
        col("sheet"),
        col("row"),
        col("column"),
        col("value"),
        col("code"),
        col("severity"),
        col("message"),
    ),
    zh="问题清单",
    protected=True,
)

ALL: tuple[Table, ...] = (
    SETTINGS,
    REGIONS,
    REPS,
    PRODUCTS,
    CUSTOMERS,
    STRATEGY,
    SALES_LINES,
    PAYMENTS,
    OPEN_ITEMS,
    AGEING,
    AGEING_BY_REP,
    AGEING_BY_REGION,
    DUNNING,
    CREDIT_CHECK,
    COLLECTIONS,
    COMPANY_TARGETS,
    SEASONALITY,
    GROWTH,
    LOCKS,
    BUDGETS,
    TARGET_CUBE,
    *TARGET_ROLLUPS,
    TARGET_CHECK,
    REP_BUDGETS,
    MY_CUSTOMERS,
    MY_PRODUCTS,
    MY_TARGETS,
    MY_TOTALS,
    DAILY_REPORT,
    WEEKLY_ROUTE,
    MONTHLY_PLAN,
    MONTHLY_SUMMARY,
    FORECAST,
    COMPETITORS,
    MARKET_INSPECTION,
    SCHEME,
    QUALITATIVE,
    GRADES,
    BONUS_RULES,
    DEDUCTIONS,
    SCORECARD,
    PACING,
    WARNINGS,
    CUSTOMER_REVIEW,
    MARKET_INTEL,
    CUSTOMER_ABC,
    CUSTOMER_MOVES,
    NEW_LOST_BY_REP,
    *CARD_TABLES,
    ISSUES,
)
