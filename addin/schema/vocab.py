"""Every column key the product knows, with its type, Chinese label and help — once.

Tables pick columns from here by key and add only what differs per table (required,
lookup, bounds). A key means the same thing, in the same type, in every table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from addin.i18n import catalogue
from addin.schema.spec import Column

CUSTOMER_TYPES = ("distributor", "wholesaler", "retailer", "key_account", "end_user")
CHANNELS = ("traditional", "modern_trade", "online", "direct")
SETTLEMENT_METHODS = ("cash", "credit", "bank_transfer", "acceptance_bill")
CUSTOMER_STATUS = ("active", "dormant", "closed")
VISIT_TYPES = ("visit", "phone", "delivery", "collection", "promotion", "new_customer")
CLASSES = ("A", "B", "C")
MEASURES = ("sales", "collections")
YES_NO = ("yes", "no")
QUALITY = ("better", "same", "worse")
DIMENSIONS = ("month", "region", "rep", "customer", "product", "settlement", "channel")

_V: list[Column] = [
    # --- ids
    Column("region_id", "id", zh="区域编号", help="Region code, as in the Regions table"),
    Column("parent_id", "id", zh="上级区域", help="Parent region; blank for the top"),
    Column("rep_id", "id", zh="业务员编号", help="Sales rep code, as in the Reps table"),
    Column("manager_id", "id", zh="主管编号", help="The rep's manager (a rep code)"),
    Column("customer_id", "id", zh="客户编号", help="Customer code, as on the customer data card"),
    Column("product_id", "id", zh="产品编号", help="Product code, as in the Products table"),
    Column("invoice_id", "id", zh="发票号", help="Invoice number from the ERP"),
    Column("payment_id", "id", zh="回款单号", help="Payment (receipt) number"),
    Column("territory_code", "id", zh="窜货码", help="Region code printed on the goods found"),
    # --- names and text
    Column("name", "text", zh="名称", width=24),
    Column("category", "text", zh="品类"),
    Column("type", "text", zh="客户类型", allowed=CUSTOMER_TYPES),
    Column("channel", "text", zh="渠道", allowed=CHANNELS),
    Column("settlement_method", "text", zh="结算方式", allowed=SETTLEMENT_METHODS),
    Column("status", "text", zh="状态", allowed=CUSTOMER_STATUS),
    Column("contact", "text", zh="联系人"),
    Column("phone", "text", zh="电话"),
    Column("address", "text", zh="地址", width=30),
    Column("class", "text", zh="客户等级", allowed=CLASSES, help="A, B or C"),
    Column(
        "listed_as",
        "text",
        zh="下拉显示为",
        width=30,
        help="The customer as the report sheets' dropdowns list it: code, a space, name",
    ),
    Column("support_policy", "text", zh="支持政策", width=30),
    Column("key_actions", "text", zh="重点措施", width=30),
    Column("key", "text", zh="设置项", width=22),
    Column("value", "text", zh="值", width=22),
    Column(
        "meaning", "text", zh="说明", width=70, help="What the setting does (written, not read)"
    ),
    Column("measure", "text", zh="指标", allowed=MEASURES),
    Column("dimension", "text", zh="维度", allowed=DIMENSIONS),
    Column("member", "text", zh="成员"),
    Column("visit_type", "text", zh="拜访类型", allowed=VISIT_TYPES),
    Column("feedback", "text", zh="客户反馈/市场信息", width=36),
    Column("objective", "text", zh="拜访目的", width=28),
    Column("actions", "text", zh="行动措施", width=30),
    Column("achievements", "text", zh="本月成绩", width=36),
    Column("problems", "text", zh="存在问题", width=36),
    Column("next_month_focus", "text", zh="下月重点", width=36),
    Column("competitor", "text", zh="竞争对手"),
    Column("product", "text", zh="竞品"),
    Column("quality", "text", zh="质量对比", allowed=QUALITY),
    Column("promotion", "text", zh="促销活动", width=28),
    Column("on_shelf", "text", zh="是否上架", allowed=YES_NO),
    Column("sheet", "text", zh="工作表"),
    Column("column", "text", zh="列", width=8),
    Column("code", "text", zh="问题代码", width=22),
    Column("message", "text", zh="说明", width=60),
    Column("severity", "text", zh="级别", width=10),
    Column("flag", "text", zh="提示", width=30),
    Column("flag_code", "text", zh="提示代码", width=22, help="The flags as stable codes"),
    Column("member_name", "text", zh="成员名称", width=24),
    Column(
        "growth_source",
        "text",
        zh="增长来源",
        width=48,
        help="The Growth rows, locks or rebalancing that set this target",
    ),
    Column("kind", "text", zh="类别"),
    Column("detail", "text", zh="详情", width=60),
    Column("action", "text", zh="措施", width=34),
    Column("rule", "text", zh="计分规则", allowed=("linear", "threshold", "lower_better")),
    Column("kpi", "text", zh="考核指标"),
    Column("grade", "text", zh="等级"),
    Column(
        "violation",
        "text",
        zh="违规类型",
        allowed=("price_below_floor", "diversion", "missing_report", "report_errors"),
    ),
    Column("note", "text", zh="备注", width=30),
    Column("ranked", "text", zh="参与排名"),
    Column(
        "sales_target_small",
        "text",
        zh="销售目标过小",
        help="The sales target is under small_target_pct % of the rep's average month: its "
        "achievement scores at most 100",
    ),
    Column(
        "collection_target_small",
        "text",
        zh="回款目标过小",
        help="The collection target is under small_target_pct % of the rep's average month: "
        "its achievement scores at most 100",
    ),
    Column("period", "text", zh="期间"),
    Column("region_name", "text", zh="区域名称"),
    Column("rep_name", "text", zh="业务员"),
    Column("customer_name", "text", zh="客户名称", width=24),
    Column("product_name", "text", zh="产品名称", width=20),
    Column("coaching", "text", zh="辅导重点", width=36),
    # --- dates, months, times
    Column("date", "date", zh="日期"),
    Column("due_date", "date", zh="到期日"),
    Column("oldest_due", "date", zh="最早到期日"),
    Column("hire_date", "date", zh="入职日期"),
    Column("leave_date", "date", zh="离职日期"),
    Column("since", "date", zh="合作起始"),
    Column("week_start", "date", zh="周起始日(周一)"),
    Column("month", "month", zh="月份", help="Year and month, e.g. 2026-11"),
    Column("start_time", "time", zh="到达时间"),
    Column("end_time", "time", zh="离开时间"),
    # --- numbers
    Column("year", "int", zh="年度", min=1990, max=2200),
    Column("line", "int", zh="行号", min=1),
    Column("weekday", "int", zh="星期", min=1, max=7, help="1 = Monday … 7 = Sunday"),
    Column("seq", "int", zh="顺序", min=1),
    Column("row", "int", zh="行"),
    Column("payment_terms_days", "int", zh="账期(天)", min=0, max=3650),
    Column("days_overdue", "int", zh="逾期天数"),
    Column("rank", "int", zh="排名"),
    Column("visits", "int", zh="拜访次数"),
    Column("step", "int", zh="催收级别"),
    Column("qty", "number", zh="数量"),
    Column("stock_qty", "number", zh="库存数量", min=0),
    Column("weight", "number", zh="权重", min=0),
    Column("teamwork", "number", zh="团队精神", min=0, max=100),
    Column("enthusiasm", "number", zh="工作热情", min=0, max=100),
    Column("loyalty", "number", zh="忠诚度", min=0, max=100),
    Column("compliance", "number", zh="遵章守纪", min=0, max=100),
    Column("planning", "number", zh="市场规划", min=0, max=100),
    Column("progress", "number", zh="进步", min=0, max=100),
    Column("score", "number", zh="得分"),
    Column("total_score", "number", zh="总分"),
    Column("min_score", "number", zh="最低总分", min=0, help="Lowest total score of the grade"),
    Column("points", "number", zh="扣分", min=0, help="Score points off per violation"),
    Column("deduction_points", "number", zh="扣分合计"),
    Column("working_days", "int", zh="工作日"),
    Column("price_violations", "int", zh="低价违规"),
    Column("diversion_flags", "int", zh="窜货嫌疑"),
    # --- money
    Column("unit_price", "money", zh="单价", min=0),
    Column("floor_price", "money", zh="最低限价", min=0),
    Column("unit_cost", "money", zh="单位成本", min=0),
    Column("credit_limit", "money", zh="信用额度", min=0),
    Column("amount", "money", zh="金额"),
    Column("cost", "money", zh="成本"),
    Column("annual_target", "money", zh="年度目标", min=0),
    Column("sales_goal", "money", zh="销售目标", min=0),
    Column("collection_goal", "money", zh="回款目标", min=0),
    Column("order_amount", "money", zh="订单金额", min=0),
    Column("collection_amount", "money", zh="回款金额", min=0),
    Column("expense_amount", "money", zh="费用", min=0),
    Column("sales_plan", "money", zh="销售计划", min=0),
    Column("collection_plan", "money", zh="回款计划", min=0),
    Column("wholesale_price", "money", zh="批发价", min=0),
    Column("retail_price", "money", zh="零售价", min=0),
    Column("sales_target", "money", zh="销售目标"),
    Column("collection_target", "money", zh="回款目标"),
    Column("expense_budget", "money", zh="费用预算"),
    Column("last_year", "money", zh="去年实际"),
    Column("target", "money", zh="目标"),
    Column("paid", "money", zh="已收"),
    Column("credited", "money", zh="已冲红"),
    Column("outstanding", "money", zh="未收余额"),
    Column("not_due", "money", zh="未到期"),
    Column("total", "money", zh="合计"),
    Column("overdue", "money", zh="逾期金额"),
    Column("sales", "money", zh="销售额"),
    Column("collections", "money", zh="回款额"),
    Column("bonus", "money", zh="奖金"),
    Column("gross_bonus", "money", zh="应发奖金"),
    Column("deduction_amount", "money", zh="扣款"),
    Column("unapplied_credit", "money", zh="未核销回款"),
    Column("collected", "money", zh="已回款"),
    Column(
        "max_days_overdue",
        "int",
        zh="最长逾期天数",
        help="Days past due of the customer's oldest overdue item; 0 when none is overdue",
    ),
    Column("dso", "number", zh="应收周转天数"),
    Column("bucket", "text", zh="账龄段"),
    Column("over_limit", "text", zh="超信用额度"),
    Column("over_by", "money", zh="超出额度"),
    Column("overdue_beyond_policy", "text", zh="超期超政策"),
    # --- percentages
    Column("growth_pct", "pct", zh="增长率%"),
    Column("share_last_year", "pct", zh="去年占比%"),
    Column("share_target", "pct", zh="目标占比%"),
    Column("credit_used_pct", "pct", zh="信用占用%"),
    Column("cap", "pct", zh="封顶%", min=0),
    Column("value_pct", "pct", zh="数值%"),
    # --- dashboard
    Column("strategy_class", "text", zh="策略卡等级", help="Class on the customer strategy card"),
    Column("achievement_pct", "pct", zh="达成率%"),
    Column("share_pct", "pct", zh="占比%"),
    Column("cum_pct", "pct", zh="累计占比%"),
    Column("move", "text", zh="变动", allowed=("new", "lost")),
    Column("first_purchase", "month", zh="首次购买月"),
    Column("last_purchase", "month", zh="最近购买月"),
    Column("active_customers", "int", zh="活跃客户数"),
    Column("new_customers", "int", zh="本月新客户"),
    Column("lost_customers", "int", zh="本月流失客户"),
    Column("new_ytd", "int", zh="本年新客户"),
    Column("lost_ytd", "int", zh="本年流失客户"),
    Column("target_to_date", "money", zh="至今应完成目标"),
    Column("actual_ytd", "money", zh="本年累计实际"),
    Column("elapsed_pct", "pct", zh="时间进度%"),
    Column("pace_pct", "pct", zh="进度达成%"),
    Column("gap", "money", zh="差额"),
    Column("behind_since", "date", zh="落后起始"),
    Column("observations", "int", zh="观察次数"),
    Column("our_price", "money", zh="我方单价"),
    Column("our_retail_price", "money", zh="我方零售价"),
    Column(
        "wholesale_index",
        "number",
        zh="批发价指数",
        help="Competitor's wholesale price as % of our unit price",
    ),
    Column(
        "retail_gap_pct",
        "pct",
        zh="零售价差%",
        help="Competitor's shelf price above (+) or below (−) ours",
    ),
    Column("threshold_pct", "pct", zh="起点%", help="% of target where the tier starts"),
    Column("up_to_pct", "pct", zh="止点%", help="% of target where the tier ends; blank = no end"),
    Column("rate_pct", "pct", zh="提成率%", min=0, help="% of the amount in the tier paid"),
]

VOCAB: dict[str, Column] = {c.key: c for c in _V}
if len(VOCAB) != len(_V):  # pragma: no cover - guards the declaration above
    raise RuntimeError("a column key is declared twice in vocab.py")


def col(key: str, **differs: Any) -> Column:
    """The vocabulary column `key`, with what differs in this table (required, lookup…)."""
    try:
        base = VOCAB[key]
    except KeyError:
        raise KeyError(f"column {key!r} is not in the vocabulary (addin/schema/vocab.py)") from None
    return replace(base, **differs) if differs else base


def req(key: str, **differs: Any) -> Column:
    return col(key, required=True, **differs)


#: Chinese names of allowed values (from the catalogue's `value.*`); readers accept either,
#: templates offer the user's language.
VALUE_ZH: dict[str, str] = {
    key.removeprefix("value."): text
    for key, text in catalogue("zh").items()
    if key.startswith("value.")
}
