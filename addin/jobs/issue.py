"""`salesdesk issue DIR [--period YYYY-MM]`: one report workbook per active rep.

Each file holds only its rep's customers, targets and route — nothing of another rep, not
in hidden sheets, names, validation lists or cached values (formulas are written without
cached results, so Excel computes them from the rep's own rows).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from addin.core.issues import has_errors
from addin.i18n import Msg
from addin.io.company import Company, Masters, load_masters
from addin.io.identity import RepIdentity, stamp
from addin.io.writer import replace_table, save
from addin.jobs.result import JobFailed, JobResult
from addin.jobs.routes import carried_routes
from addin.schema import TABLES
from addin.templates.builder import add_guide, build_workbook
from addin.templates.validation import VALIDATED_ROWS

RouteSource = Callable[[str, str], pd.DataFrame]


def parse_period(text: str) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in text.split("-"))
        dt.date(year, month, 1)
    except ValueError:
        raise JobFailed(f"period '{text}' is not a month like 2026-11") from None
    return year, month


def default_period(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def active_reps(masters: Masters, period: str) -> pd.DataFrame:
    year, month = parse_period(period)
    first = pd.Timestamp(year, month, 1)
    last = pd.Timestamp(year, month, calendar.monthrange(year, month)[1])
    reps = masters.reps
    hired = reps["hire_date"].isna() | (reps["hire_date"] <= last)
    staying = reps["leave_date"].isna() | (reps["leave_date"] >= first)
    return reps.loc[hired & staying & reps["rep_id"].notna()]


def rep_customers(masters: Masters, rep_id: str) -> pd.DataFrame:
    customers = masters.customers
    mine = customers.loc[(customers["rep_id"] == rep_id) & (customers["status"] != "closed")]
    strategy = masters.strategy
    if not strategy.empty:
        latest = strategy.sort_values("year").drop_duplicates("customer_id", keep="last")
        mine = mine.merge(latest[["customer_id", "class"]], on="customer_id", how="left")
    else:
        mine = mine.assign(**{"class": None})
    return mine[TABLES["MyCustomers"].keys].sort_values("customer_id")


def _totals(book: Workbook, lang: str) -> None:
    """Running totals for the rep: live formulas over their own report rows."""
    daily, targets = TABLES["DailyReport"], TABLES["MyTargets"]

    def rng(spec_name: str, key: str) -> str:
        letter = get_column_letter(TABLES[spec_name].keys.index(key) + 1)
        return f"'{spec_name}'!${letter}$2:${letter}${VALIDATED_ROWS}"

    rows = [
        ("Visits", f"=COUNTA({rng('DailyReport', 'customer_id')})", None),
        (
            "Orders",
            f"=SUM({rng('DailyReport', 'order_amount')})",
            f"=SUM({rng('MyTargets', 'sales_target')})",
        ),
        (
            "Collections",
            f"=SUM({rng('DailyReport', 'collection_amount')})",
            f"=SUM({rng('MyTargets', 'collection_target')})",
        ),
        ("Expenses", f"=SUM({rng('DailyReport', 'expense_amount')})", None),
        (
            "Days reported",
            f'=SUMPRODUCT(({rng("DailyReport", "date")}<>"")/'
            f'COUNTIF({rng("DailyReport", "date")},{rng("DailyReport", "date")}&""))',
            None,
        ),
    ]
    del daily, targets
    frame = pd.DataFrame(rows, columns=["kpi", "value", "target"])
    ws = replace_table(book, TABLES["MyTotals"], frame, lang=lang)
    for r, (_, value, target) in enumerate(rows, start=2):
        ws.cell(row=r, column=2, value=value)  # our own formula text, never user text
        ws.cell(row=r, column=3, value=target)
        for c in (2, 3):
            ws.cell(row=r, column=c).number_format = "#,##0"
    ws.cell(
        row=len(rows) + 3,
        column=1,
        value="Formulas over your own report rows; they update as you type.",
    ).font = Font(italic=True)


def rep_workbook(
    masters: Masters,
    rep: pd.Series,
    period: str,
    targets: pd.DataFrame,
    route: pd.DataFrame | None,
    lang: str,
) -> Workbook:
    year, month = parse_period(period)
    last_day = calendar.monthrange(year, month)[1]
    bounds = (f"DATE({year},{month},1)", f"DATE({year},{month},{last_day})")
    rep_id = str(rep["rep_id"])
    data: dict[str, pd.DataFrame] = {"MonthlySummary": pd.DataFrame({"month": [period]})}
    if route is not None:
        data["WeeklyRoute"] = route
    book = build_workbook(
        "rep",
        lang=lang,
        data=data,
        settings=masters.settings,
        date_bounds=bounds,
        outputs=(),
    )
    book.remove(book[book.sheetnames[0]])  # the guide is rebuilt with the rep's name
    add_guide(
        book,
        "rep",
        lang,
        [
            "",
            f"Rep: {rep_id} {rep['name']}    Period: {period}    "
            f"Company: {masters.settings.company}",
        ],
    )
    lists = {
        "MyCustomers": rep_customers(masters, rep_id),
        "MyProducts": masters.products[TABLES["MyProducts"].keys].sort_values("product_id"),
        "MyTargets": targets,
    }
    for position, (name, frame) in enumerate(lists.items(), start=1):
        replace_table(book, TABLES[name], frame, lang=lang)
        book.move_sheet(name, offset=position - book.sheetnames.index(name))
    _totals(book, lang)
    book.move_sheet("MyTotals", offset=4 - book.sheetnames.index("MyTotals"))
    stamp(book, RepIdentity(rep_id, period, masters.settings.company))
    book.properties.title = f"SalesDesk report {rep_id} {period}"
    book.properties.creator = "SalesDesk"
    return book


def targets_for(cube: pd.DataFrame | None, rep_id: str, period: str) -> pd.DataFrame:
    keys = TABLES["MyTargets"].keys
    if cube is None or cube.empty:
        return pd.DataFrame(columns=keys)
    mine = cube.loc[(cube["rep_id"] == rep_id) & (cube["month"] == period)]
    mine = mine.loc[(mine["sales_target"] > 0) | (mine["collection_target"] > 0)]
    return mine[keys].sort_values(["customer_id", "product_id"]).reset_index(drop=True)


def issue_workbooks(
    root: Path,
    period: str | None = None,
    *,
    cube: pd.DataFrame | None = None,
    route_source: RouteSource | None = None,
    only: list[str] | None = None,
) -> JobResult:
    company = Company(Path(root))
    if not company.exists():
        raise JobFailed(
            f"{company.root}: no company here (masters.xlsx missing); run salesdesk init"
        )
    period = period or default_period()
    parse_period(period)
    masters = load_masters(company.book("masters"))
    lang = masters.settings.lang
    result = JobResult("issue", lang=lang)
    if has_errors(masters.issues):
        result.issues = masters.issues
        result.summary.append(Msg("issuing.masters_errors"))
        return result
    carried: dict[str, pd.DataFrame] = {}
    from addin.jobs.ledger_access import open_ledger

    with open_ledger(company, masters) as ledger:
        if cube is None:
            cube = ledger.targets(int(period[:4]))
        if route_source is None:
            carried = carried_routes(ledger.counted("WeeklyRoute"), period)
    if cube.empty:
        result.summary.append(Msg("issuing.no_plan", year=period[:4]))
    reps = active_reps(masters, period)
    if only:
        reps = reps.loc[reps["rep_id"].isin(only)]
    company.reps_dir.mkdir(exist_ok=True)
    for _, rep in reps.iterrows():
        rep_id = str(rep["rep_id"])
        route = route_source(rep_id, period) if route_source else carried.get(rep_id)
        book = rep_workbook(masters, rep, period, targets_for(cube, rep_id, period), route, lang)
        path = company.rep_book(rep_id)
        save(book, path)
        result.written.append(path)
    result.summary.append(
        Msg("issuing.issued", count=len(result.written), period=period, folder=company.reps_dir)
    )
    result.data["period"] = period
    return result
