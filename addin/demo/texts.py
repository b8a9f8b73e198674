"""What reps write in their reports, in Chinese and in English.

Each pool is keyed by language ("zh", "en"); a rep writes in one language, as real reps
do. Summary templates take numbers with str.format.
"""

from __future__ import annotations

Lang = str  # "zh" or "en"

FEEDBACK: dict[Lang, tuple[str, ...]] = {
    "zh": (
        "客户反映竞品近期降价促销，要求我方跟进支持",
        "货架陈列位置被调整，需要重新争取端架",
        "老板希望延长账期到60天",
        "新品试销反馈良好，准备追加订单",
        "门店客流下降，库存周转变慢",
        "客户投诉上批货包装破损两箱，已登记退货",
        "节前备货意愿强，预计下周补货",
        "发现外区域低价货流入，已拍照留证",
        "客户对促销政策满意，要求增加试吃活动",
        "采购负责人更换，需重新建立关系",
        "对账无误，下周安排回款",
        "竞品推出买十送一活动，影响我方销量",
    ),
    "en": (
        "Competitor cut prices this month; customer asks us to match with a promotion",
        "Our shelf space was moved; need to win back the end-cap",
        "Owner asks for 60-day terms",
        "New flavour sells well in trial; follow-up order expected",
        "Footfall down, stock turning slowly",
        "Two damaged cases in last delivery; return registered",
        "Strong stocking demand before the holiday; reorder next week",
        "Found low-priced goods from another territory on the shelf; photos taken",
        "Customer happy with the promotion; wants more tasting events",
        "New purchasing manager; relationship to rebuild",
        "Statement agreed; payment scheduled next week",
        "Competitor runs buy-10-get-1-free, hurting our sell-through",
    ),
}

OBJECTIVES: dict[Lang, tuple[str, ...]] = {
    "zh": ("补货下单", "收回到期货款", "检查陈列与价格", "推广新品", "对账", "了解竞品动态",
           "处理客诉", "洽谈促销方案"),
    "en": ("Take replenishment order", "Collect due payment", "Check display and prices",
           "Introduce new products", "Reconcile statement", "Check competitor activity",
           "Handle complaint", "Agree promotion plan"),
}  # fmt: skip

PLAN_ACTIONS: dict[Lang, tuple[str, ...]] = {
    "zh": ("推动节日备货", "催收逾期款项", "新品铺货两个单品", "签订季度促销协议",
           "增加拜访频次", "争取端架陈列", "控制赊销额度", "维持正常补货"),
    "en": ("Push holiday stocking", "Chase overdue invoices", "List two new SKUs",
           "Sign quarterly promotion deal", "Visit more often", "Win an end-cap display",
           "Hold credit within limit", "Keep regular replenishment"),
}  # fmt: skip

PROBLEMS: dict[Lang, tuple[str, ...]] = {
    "zh": ("部分客户回款拖延，逾期金额上升", "竞品价格战压低了毛利", "个别门店断货，补货不及时",
           "发现外区域窜货，价格体系受冲击", "新客户开发进度慢于计划"),
    "en": ("Some customers pay late; overdue amount rising", "Competitor price war squeezes margin",
           "Stock-outs in a few stores; replenishment too slow",
           "Goods diverted from another territory undercut our prices",
           "New-customer development behind plan"),
}  # fmt: skip

FOCUS: dict[Lang, tuple[str, ...]] = {
    "zh": ("重点催收90天以上欠款", "完成新品进场", "A类客户每周拜访", "配合节日促销备货",
           "开发两家新客户"),
    "en": ("Collect everything over 90 days", "Finish new-product listings",
           "Weekly visits to every A customer", "Prepare holiday promotion stock",
           "Open two new customers"),
}  # fmt: skip

ACHIEVEMENTS: dict[Lang, str] = {
    "zh": "本月拜访{visits}次，订单{orders:,.0f}元，"
    "回款{collections:,.0f}元，覆盖客户{customers}家",
    "en": "{visits} visits this month; orders ¥{orders:,.0f}, collections ¥{collections:,.0f}, "
    "{customers} customers covered",
}

PROMOTIONS: dict[Lang, tuple[str, ...]] = {
    "zh": ("买十送一", "第二件半价", "满200减20", "进场费补贴", "陈列奖励每月300元"),
    "en": ("Buy 10 get 1 free", "Second item half price", "¥20 off every ¥200",
           "Listing fee subsidy", "Display bonus ¥300 a month"),
}  # fmt: skip
