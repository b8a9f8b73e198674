"""The printable customer card (客户卡) of dashboard.xlsx.

Pick a customer in the dropdown of cell B3 and the sheet shows, on one A4 page, its data
card, strategy card, this month's review, the last 12 months of sales and collections,
its receivables with the oldest open items, and its latest visits. Everything is an
Excel formula (INDEX/MATCH, SUMIFS) over the hidden Card* sheets, so the card works in
Excel or LibreOffice with no Python and no add-in.
"""

from __future__ import annotations

from addin.books.dashboard.sheets import Placed, stream_sheet
from addin.books.sheets import HEADER, NOTE
from addin.books.styles import GREY, NAVY, PICK
from addin.core.dashboard import DashboardResult
from addin.core.dashboard.card import CARD_OPEN_ITEMS, CARD_VISITS, MONTHS
from addin.core.dashboard.frames import month_label
from addin.core.receivables import bucket_columns
from addin.core.settings import Settings
from addin.i18n import t
from addin.io.xlsx.book import Area, Cell, PrintSetup, SheetPlan, Style, Validation
from addin.schema import TABLES
from addin.schema.spec import Column

SOURCES = {
    "customers": "CardCustomers",
    "months": "CardMonths",
    "visits": "CardVisits",
    "open_items": "CardOpenItems",
}
MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
PCT = '0.0"%"'
TITLE = Style(bold=True, size=18, color=NAVY)
LABEL = Style(color=GREY)
PICK_CELL = Style(bold=True, size=13, fill=PICK, unlocked=True)
PICKED = Style(bold=True, size=13)
SECTION = Style(bold=True, size=12, color=NAVY, border="bottom", border_color=NAVY)
WRAP = Style(wrap=True, valign="top")
TOP = Style(valign="top", align="left")
BOLD = Style(bold=True)
#: Helper cell holding the selected customer's row number in CardCustomers.
HIT = "$H$3"


def card_sources(result: DashboardResult, lang: str) -> tuple[list[SheetPlan], dict[str, Placed]]:
    """The hidden Card* tables the card's formulas read."""
    sheets, placed = [], {}
    for key, name in SOURCES.items():
        sheet, placed[key] = stream_sheet(TABLES[name], result.card[key], lang=lang, hidden=True)
        sheets.append(sheet)
    return sheets, placed


class _Card:
    def __init__(self, sheet: SheetPlan, sources: dict[str, Placed]) -> None:
        self.sheet = sheet
        self.src = sources

    def put(self, row: int, col: int, value: object, style: Style | None = None) -> None:
        """Text or a number (text is never a formula)."""
        self.sheet.cells.append(Cell(row, col, value, style))

    def formula(self, row: int, col: int, formula: str, style: Style | None = None) -> None:
        self.sheet.cells.append(Cell(row, col, formula, style, formula=True))

    def field(self, key: str, *, text: bool = False) -> str:
        """The selected customer's `key` from CardCustomers ("" when blank or none)."""
        customers = self.src["customers"]
        if key not in customers.keys:
            return '=""'
        pick = f"INDEX({customers.ref(key)},{HIT})"
        if text:
            return f'=IF(ISNUMBER({HIT}),{pick}&"","")'
        return f'=IF(ISNUMBER({HIT}),IF({pick}="","",{pick}),"")'

    def pair(
        self, row: int, col: int, label: str, key: str, fmt: str | None = None, text: bool = False
    ) -> None:
        self.put(row, col, label, LABEL)
        self.formula(
            row, col + 1, self.field(key, text=text), Style(num_format=fmt) if fmt else TOP
        )

    def section(self, row: int, title: str) -> None:
        for col in range(1, 7):
            self.put(row, col, title if col == 1 else None, SECTION)

    def header(self, row: int, labels: list[str]) -> None:
        for col, label in enumerate(labels, start=1):
            self.put(row, col, label, HEADER)

    def nth(self, table: str, key: str, k: int, *, text: bool = False) -> str:
        """Column `key` of row k of the selected customer in a numbered Card* table."""
        placed = self.src[table]
        pick = f'INDEX({placed.ref(key)},MATCH($B$3&"#{k}",{placed.ref("key")},0))'
        if text:
            return f'=IFERROR({pick}&"","")'
        return f'=IFERROR(IF({pick}="","",{pick}),"")'


def card_sheet(
    result: DashboardResult, sources: dict[str, Placed], settings: Settings
) -> SheetPlan:
    sheet = SheetPlan(
        name=t(settings.lang, "sheet.customer_card"),
        widths=dict(enumerate((17, 22, 14, 20, 22, 36, 2, 6), start=1)),
        hidden_columns=[8],
        protected=True,
    )
    card = _Card(sheet, sources)
    customers = sources["customers"]
    first_id = result.review["customer_id"].iloc[0] if len(result.review) else ""
    if len(result.review):
        top = result.review.sort_values(["sales", "customer_id"], ascending=[False, True])
        first_id = str(top["customer_id"].iloc[0])

    lang = settings.lang
    card.put(1, 1, t(lang, "card.title"), TITLE)
    hint = t(lang, "card.hint", month=result.window.month, as_of=result.window.as_of.date())
    card.put(2, 1, hint, NOTE)
    card.put(3, 1, t(lang, "card.customer"), BOLD)
    card.put(3, 2, first_id, PICK_CELL)
    card.formula(3, 3, card.field("name", text=True), PICKED)
    card.formula(3, 8, f"=MATCH($B$3,{customers.ref('customer_id')},0)")

    card.section(5, t(lang, "card.data"))
    left = [
        ("type", "type"),
        ("channel", "channel"),
        ("region", "region_name"),
        ("rep", "rep_name"),
        ("status", "status"),
        ("contact", "contact"),
    ]
    right = [
        ("phone", "phone"),
        ("settlement", "settlement_method"),
        ("credit_limit", "credit_limit"),
        ("terms", "payment_terms_days"),
        ("since", "since"),
        ("address", "address"),
    ]
    for r, ((l_label, l_key), (r_label, r_key)) in enumerate(zip(left, right, strict=True), 6):
        card.pair(r, 1, t(lang, f"card.{l_label}"), l_key, text=True)
        fmt = {"credit_limit": MONEY, "since": DATE, "payment_terms_days": "0"}.get(r_key)
        card.pair(r, 4, t(lang, f"card.{r_label}"), r_key, fmt=fmt, text=fmt is None)

    card.section(13, t(lang, "card.strategy"))
    card.pair(14, 1, t(lang, "card.class_sales"), "class", text=True)
    card.pair(15, 1, t(lang, "card.class_strategy"), "strategy_class", text=True)
    card.pair(16, 1, t(lang, "card.sales_goal"), "sales_goal", fmt=MONEY)
    card.pair(17, 1, t(lang, "card.collection_goal"), "collection_goal", fmt=MONEY)
    card.pair(14, 4, t(lang, "card.sales_month"), "sales", fmt=MONEY)
    card.pair(15, 4, t(lang, "card.target_month"), "target", fmt=MONEY)
    card.pair(16, 4, t(lang, "card.visits_month"), "visits", fmt="0")
    card.pair(17, 4, t(lang, "card.score"), "score", fmt="0.0")
    card.put(18, 1, t(lang, "card.support"), LABEL)
    card.formula(18, 2, card.field("support_policy", text=True), WRAP)
    card.put(19, 1, t(lang, "card.actions"), LABEL)
    card.formula(19, 2, card.field("key_actions", text=True), WRAP)

    row = _months(card, result, sources, 21, lang)
    row = _receivables(card, settings, row + 1)
    _visits(card, row + 1, lang)
    sheet.validations.append(
        Validation(
            Area(3, 2, 3, 2),
            {
                "validate": "list",
                "source": "=" + customers.ref("customer_id"),
                "ignore_blank": False,
                "error_title": t(settings.lang, "card.pick_title"),
                "error_message": t(settings.lang, "card.pick"),
            },
        )
    )
    sheet.printing = PrintSetup(fit=(1, 1), paper=9, area=Area(1, 1, row + CARD_VISITS + 3, 6))
    return sheet


def _months(
    card: _Card, result: DashboardResult, sources: dict[str, Placed], top: int, lang: str
) -> int:
    months = sources["months"]
    card.section(top, t(lang, "card.last_months"))
    keys = ("month", "sales", "target", "collections", "achievement")
    card.header(top + 1, [t(lang, f"card.{k}") for k in keys])
    first = result.window.month_no - MONTHS + 1
    for i in range(MONTHS):
        r = top + 2 + i
        card.put(r, 1, month_label(first + i))
        for col, key in ((2, "sales"), (3, "target"), (4, "collections")):
            formula = (
                f"=SUMIFS({months.ref(key)},{months.ref('customer_id')},$B$3,"
                f"{months.ref('month')},$A{r})"
            )
            if key == "target" and not result.has_plan:
                formula = '=""'
            card.formula(r, col, formula, Style(num_format=MONEY))
        card.formula(r, 5, f'=IF(N(C{r})>0,B{r}/C{r}*100,"")', Style(num_format=PCT))
    total = top + 2 + MONTHS
    card.put(total, 1, t(lang, "card.total"), BOLD)
    for letter in "BCD":
        if letter == "C" and not result.has_plan:
            continue
        card.formula(
            total,
            "ABCD".index(letter) + 1,
            f"=SUM({letter}{top + 2}:{letter}{total - 1})",
            Style(bold=True, num_format=MONEY),
        )
    return total + 1


def _receivables(card: _Card, settings: Settings, top: int) -> int:
    lang = settings.lang
    card.section(top, t(lang, "card.receivables"))
    buckets = [*bucket_columns(settings.ageing_buckets), "total", "overdue"]
    labels = {"not_due": "card.not_due", "total": "card.outstanding", "overdue": "card.overdue"}
    for i, key in enumerate(buckets):
        row, col = top + 1 + i // 2, 1 + 3 * (i % 2)
        # A bucket is named as the ageing tables name it (1–30 days, 逾期1–30天).
        label = t(lang, labels[key]) if key in labels else Column(key, "money").label(lang)
        card.pair(row, col, label, key, fmt=MONEY)
    row = top + 1 + (len(buckets) + 1) // 2
    card.pair(row, 1, t(lang, "card.credit_used"), "credit_used_pct", fmt=PCT)
    card.pair(row, 4, t(lang, "card.most_overdue"), "max_days_overdue", fmt="0")
    row += 1
    keys = ("invoice", "date", "due", "outstanding", "days_overdue")
    card.header(row, [t(lang, f"card.{k}") for k in keys])
    for k in range(1, CARD_OPEN_ITEMS + 1):
        r = row + k
        for col, key, fmt in (
            (1, "invoice_id", None),
            (2, "date", DATE),
            (3, "due_date", DATE),
            (4, "outstanding", MONEY),
            (5, "days_overdue", "0"),
        ):
            style = Style(num_format=fmt) if fmt else None
            card.formula(r, col, card.nth("open_items", key, k, text=fmt is None), style)
    return row + CARD_OPEN_ITEMS + 1


def _visits(card: _Card, top: int, lang: str) -> None:
    card.section(top, t(lang, "card.visits"))
    keys = ("date", "visit_type", "rep", "order", "collected", "feedback")
    card.header(top + 1, [t(lang, f"card.{k}") for k in keys])
    for k in range(1, CARD_VISITS + 1):
        r = top + 1 + k
        for col, key, fmt in (
            (1, "date", DATE),
            (2, "visit_type", None),
            (3, "rep_id", None),
            (4, "order_amount", MONEY),
            (5, "collection_amount", MONEY),
            (6, "feedback", None),
        ):
            formula = card.nth("visits", key, k, text=fmt is None)
            if key == "feedback":
                card.formula(r, col, formula, WRAP)
            else:
                card.formula(r, col, formula, Style(num_format=fmt, valign="top", align="left"))
