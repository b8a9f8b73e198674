"""The "How to use" sheet text of each workbook, in English and Chinese."""

from __future__ import annotations

GUIDES: dict[str, dict[str, list[str]]] = {
    "masters": {
        "en": [
            "Masters — the company's reference data",
            "Settings: one setting per row; a blank value keeps the default.",
            "Regions, Reps, Products: codes are short and never reused.",
            "Customers is the customer data card; Strategy is the strategy card (class A/B/C, goals, policy).",
            "Dropdowns come from the tables themselves: add a region before reps that work in it.",
            "Run Check (salesdesk check masters.xlsx): problems are marked in the cells and listed in Issues.",
        ],
        "zh": [
            "基础资料 — 公司主数据",
            "Settings:每行一个设置,值留空则使用默认值。",
            "Regions、Reps、Products:编号简短且不重复使用。",
            "Customers 为客户资料卡;Strategy 为客户策略卡(A/B/C 分级、目标、政策)。",
            "下拉列表来自本工作簿各表:请先添加区域,再添加该区域的业务员。",
            "点击“检查”(salesdesk check masters.xlsx):问题会在单元格中标出并列在 Issues 表中。",
        ],
    },
    "finance": {
        "en": [
            "Finance — invoiced sales, payments received, receivables",
            "Paste the ERP export into SalesLines and the receipts into Payments (paste under the table: it is read too).",
            "A payment that names an invoice is applied to it; the rest is applied oldest due first.",
            "Run Age (salesdesk age DIR --as-of DATE) to refresh OpenItems, Ageing, AgeingByRep and Dunning.",
        ],
        "zh": [
            "财务 — 开票销售、回款、应收账款",
            "将 ERP 导出数据粘贴到 SalesLines,回款粘贴到 Payments(粘贴在表格下方也会被读取)。",
            "指定发票的回款核销该发票;其余按到期日先后核销。",
            "点击“账龄”(salesdesk age DIR --as-of 日期)刷新未清项、账龄、业务员账龄和催收清单。",
        ],
    },
    "plan": {
        "en": [
            "Plan — annual sales and collection targets, split to month, region, rep, customer, product, settlement and channel",
            "CompanyTargets: the annual targets. Seasonality (optional): month weights. Growth (optional): growth % for any member.",
            "Locks (optional): fix the target of any slice; the rest is re-balanced around it.",
            "Run Split (salesdesk split DIR). Read TargetCheck before you publish: it flags unrealistic growth and shifts.",
        ],
        "zh": [
            "计划 — 年度销售与回款目标,分解到月份、区域、业务员、客户、产品、结算方式和渠道",
            "CompanyTargets:年度目标。Seasonality(可选):月度权重。Growth(可选):任意成员的增长率。",
            "Locks(可选):锁定任意切片的目标,其余部分自动重新平衡。",
            "点击“分解”(salesdesk split DIR)。发布前请查看 TargetCheck:它会标出不现实的增长和占比变化。",
        ],
    },
    "rep": {
        "en": [
            "Your report workbook — fill it in Excel, no add-in needed, and send it back to your manager",
            "DailyReport: one row per visit or call (date, customer, arrival and departure time, orders, collections, expenses, what you learned).",
            "WeeklyRoute: your fixed weekly route. MonthlyPlan and MonthlySummary: plan and review of the month.",
            "Forecast: expected sales for the next months. Competitors and MarketInspection: what you see in the market.",
            "MyCustomers and MyTargets are read-only. Problems found at collection are marked in the cells and listed in Issues.",
        ],
        "zh": [
            "业务员报表 — 在 Excel 中填写,无需插件,填好后交回主管",
            "DailyReport 日报表:每次拜访或电话一行(日期、客户、到达和离开时间、订单、回款、费用、市场信息)。",
            "WeeklyRoute 周拜访路线;MonthlyPlan 月度计划;MonthlySummary 月度总结。",
            "Forecast 滚动预测;Competitors 竞品分析;MarketInspection 市场检查。",
            "MyCustomers 和 MyTargets 为只读。收集时发现的问题会在单元格中标出,并列在 Issues 表中。",
        ],
    },
    "appraisal": {
        "en": [
            "Appraisal — rep scorecards",
            "Scheme: which KPIs count, weight (sums to 100), rule, target and cap. Qualitative: your scores per rep and period.",
            "Grades: the lowest total score of each grade. BonusRules: bonus rates on sales or collections above target, in tiers. Deductions: points and amounts for confirmed violations (sales below floor price, diversion, missing reports).",
            "Run Appraise (salesdesk appraise DIR --period 2026-11). Scores, totals and grades are live formulas you can audit.",
        ],
        "zh": [
            "考核 — 业务员记分卡",
            "Scheme:考核指标、权重(合计 100)、计分规则、目标和封顶。Qualitative:各业务员各期的定性评分。",
            "Grades:各等级的最低总分。BonusRules:超目标部分的奖金比例(可分档)。Deductions:违规扣分与扣款(低于限价销售、窜货、缺报)。",
            "点击“考核”(salesdesk appraise DIR --period 2026-11)。得分、总分和等级均为可核查的公式。",
        ],
    },
    "dashboard": {
        "en": [
            "Dashboard — customer review cards, pacing, warnings and market information",
            "Run Dashboard (salesdesk dashboard DIR) to refresh every sheet.",
        ],
        "zh": [
            "驾驶舱 — 客户月评卡、进度、预警与市场信息",
            "点击“驾驶舱”(salesdesk dashboard DIR)刷新所有工作表。",
        ],
    },
}
