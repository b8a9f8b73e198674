"""Tables of the people-facing workbooks: rep reports, appraisal and the dashboard."""

from __future__ import annotations

from addin.schema.spec import Table
from addin.schema.tables_core import TARGET_COLS
from addin.schema.vocab import DIMENSIONS, col, req

#: Shown as the language names them (落后, 超信用额度…); the codes are what core writes.
PACE_STATUSES = ("behind", "on pace", "ahead")
WARNING_KINDS = (
    "no_report",
    "a_not_visited",
    "forecast_miss",
    "selling_cost",
    "behind_pace",
    "over_credit_limit",
    "overdue_beyond_policy",
    "price_below_floor",
    "diversion_territory",
    "purchase_jump",
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
        # "C00008 天津泰美超市": the entries of the report sheets' customer dropdown.
        col("listed_as"),
    ),
    zh="我的客户",
    protected=True,
)
MY_TARGETS = Table(
    "MyTargets",
    "rep",
    "output",
    (col("month"), col("customer_id"), col("product_id"), *TARGET_COLS),
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
    zh="业务员日报",
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
        req("kind", allowed=("sales", "collections", "min_score", "unranked")),
        col("threshold_pct"),
        col("up_to_pct"),
        col("rate_pct"),
    ),
    zh="奖金规则",
    help="sales/collections: rate % of the amount between threshold % and up to % of target; "
    "min_score: no bonus below that total score; unranked: rate % of that bonus paid to a "
    "rep who is not ranked (0 = none).",
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
#: The KPI columns (a value and a score per KPI of the catalogue,
#: `core/appraisal/catalog.py`) sit between these; `books/appraisal` places them.
SCORECARD = Table(
    "Scorecard",
    "appraisal",
    "output",
    (
        col("rep_id"),
        col("rep_name"),
        col("region_id"),
        col("period"),
        col("working_days"),
        col("ranked"),
        col("sales_target_small"),
        col("collection_target_small"),
        col("note"),
        col("deduction_points"),
        col("total_score"),
        col("rank"),
        col("grade"),
        col("gross_bonus"),
        col("deduction_amount"),
        col("bonus"),
        col("coaching"),
    ),
    zh="考核结果",
    protected=True,
)

# ---------------------------------------------------------------- dashboard.xlsx
PACING = Table(
    "Pacing",
    "dashboard",
    "output",
    (
        col("measure"),
        col("dimension", allowed=(*DIMENSIONS, "company")),
        col("member"),
        col("name"),
        col("annual_target"),
        col("target_to_date"),
        col("actual_ytd"),
        col("elapsed_pct"),
        col("achievement_pct"),
        col("pace_pct"),
        col("gap"),
        col("status", allowed=PACE_STATUSES),
        col("behind_since"),
    ),
    zh="进度",
    protected=True,
)
WARNINGS = Table(
    "Warnings",
    "dashboard",
    "output",
    (
        col("kind", allowed=WARNING_KINDS),
        col("severity", allowed=("high", "medium", "low")),
        col("rep_id"),
        col("customer_id"),
        col("detail"),
        col("since", zh="起始日期"),
    ),
    zh="预警",
    protected=True,
)
CUSTOMER_REVIEW = Table(
    "CustomerReview",
    "dashboard",
    "output",
    (
        col("customer_id"),
        col("name"),
        col("rep_id"),
        col("month"),
        col("sales"),
        col("target"),
        col("achievement_pct"),
        col("collections"),
        col("outstanding"),
        col("overdue"),
        col("credit_used_pct"),
        col("visits"),
        col("price_violations"),
        col("diversion_flags"),
        col("class"),
        col("strategy_class"),
        col("score"),
    ),
    zh="客户月评卡",
    protected=True,
)
MARKET_INTEL = Table(
    "MarketIntel",
    "dashboard",
    "output",
    (
        col("month"),
        col("region_id"),
        col("competitor"),
        col("product"),
        col("product_id"),
        col("observations"),
        col("wholesale_price"),
        col("retail_price"),
        col("our_price"),
        col("our_retail_price"),
        col("wholesale_index"),
        col("retail_gap_pct"),
    ),
    zh="市场信息",
    protected=True,
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
)
#: Sources of the CustomerCard sheet's formulas (hidden sheets of dashboard.xlsx).
CARD_TABLES = (
    Table(
        "CardCustomers",
        "dashboard",
        "output",
        (
            col("customer_id"),
            col("name"),
            col("type"),
            col("channel"),
            col("region_id"),
            col("region_name"),
            col("rep_id"),
            col("rep_name"),
            col("settlement_method"),
            col("status"),
            col("contact"),
            col("phone"),
            col("address"),
            col("credit_limit"),
            col("payment_terms_days"),
            col("since"),
            col("strategy_class"),
            col("sales_goal"),
            col("collection_goal"),
            col("support_policy"),
            col("key_actions"),
            col("class"),
            col("score"),
            col("sales"),
            col("target"),
            col("collections"),
            col("visits"),
            col("not_due"),
            col("total"),
            col("overdue"),
            col("credit_used_pct"),
            col("max_days_overdue"),
        ),
        zh="客户卡数据",
        protected=True,
        buckets_after="not_due",
    ),
    Table(
        "CardMonths",
        "dashboard",
        "output",
        (
            col("customer_id"),
            col("month"),
            col("sales"),
            col("collections"),
            col("target"),
        ),
        zh="客户月度数据",
        protected=True,
    ),
    Table(
        "CardVisits",
        "dashboard",
        "output",
        (
            col("key"),
            col("customer_id"),
            col("date"),
            col("rep_id"),
            col("visit_type"),
            col("order_amount"),
            col("collection_amount"),
            col("feedback"),
            col("seq"),
        ),
        zh="客户拜访记录",
        protected=True,
    ),
    Table(
        "CardOpenItems",
        "dashboard",
        "output",
        (
            col("key"),
            col("customer_id"),
            col("invoice_id"),
            col("date"),
            col("due_date"),
            col("outstanding"),
            col("days_overdue"),
            col("seq"),
        ),
        zh="客户未清项",
        protected=True,
    ),
)
