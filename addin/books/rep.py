"""A rep's report workbook: the rep template with only that rep's customers, products,
targets and route, a guide naming the rep, live totals and the identity stamp.

Each file holds only its rep's data — nothing of another rep, not in hidden sheets, names,
validation lists or cached values (formulas are written without cached results, so Excel
computes them from the rep's own rows).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.books.templates.builder import build_workbook
from addin.books.templates.validation import VALIDATED_ROWS
from addin.core.listed import listed_entry
from addin.i18n import month_label, t
from addin.io.company import Masters
from addin.io.identity import RepIdentity, properties
from addin.io.xlsx.book import BookPlan, Cell, SheetPlan, Style
from addin.io.xlsx.parts import column_letter
from addin.schema import TABLES
from addin.schema.names import sheet_name


@dataclass(frozen=True)
class IssuedLists:
    """The lists every rep's workbook is cut from, prepared once for a whole run (a large
    company has 50,000 customers and a target cube of millions of rows)."""

    customers: dict[str, pd.DataFrame]  # rep_id → the rep's open customers, with class
    products: pd.DataFrame
    targets: dict[str, pd.DataFrame]  # rep_id → the rep's targets of the month
    #: (period, lang, route per rep?) → the sheets every rep's book shares, built once
    shared: dict[tuple[str, str, bool], dict[str, SheetPlan]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def mine(self, table: str, rep_id: str) -> pd.DataFrame:
        found = (self.customers if table == "MyCustomers" else self.targets).get(rep_id)
        return found if found is not None else pd.DataFrame(columns=TABLES[table].keys)


def issued_lists(
    masters: Masters, cube: pd.DataFrame | None, period: str, reps: set[str] | None = None
) -> IssuedLists:
    """The lists of the reps in `reps` (all when None): each rep's open customers and
    targets of `period`, and the product list."""
    customers = masters.customers.loc[masters.customers["status"] != "closed"]
    if reps is not None:
        customers = customers.loc[customers["rep_id"].astype(str).isin(reps)]
    strategy = masters.strategy
    if not strategy.empty:
        latest = strategy.sort_values("year").drop_duplicates("customer_id", keep="last")
        customers = customers.merge(latest[["customer_id", "class"]], on="customer_id", how="left")
    else:
        customers = customers.assign(**{"class": None})
    keys = TABLES["MyCustomers"].keys
    customers = customers.sort_values("customer_id")
    listed = [
        listed_entry(c, n) for c, n in zip(customers["customer_id"], customers["name"], strict=True)
    ]
    customers = customers.assign(listed_as=listed)
    by_rep = _per_rep(customers, keys)
    targets: dict[str, pd.DataFrame] = {}
    if cube is not None and not cube.empty:
        month = cube.loc[cube["month"] == period]
        if reps is not None:
            month = month.loc[month["rep_id"].astype(str).isin(reps)]
        month = month.loc[(month["sales_target"] > 0) | (month["collection_target"] > 0)]
        month = month.sort_values(["customer_id", "product_id"])
        targets = _per_rep(month, TABLES["MyTargets"].keys)
    products = masters.products[TABLES["MyProducts"].keys].sort_values("product_id")
    return IssuedLists(by_rep, products, targets)


def _per_rep(rows: pd.DataFrame, keys: list[str]) -> dict[str, pd.DataFrame]:
    """`rows[keys]` per rep, each in the order of `rows`: one stable sort by rep and a
    slice per rep (a large company has a thousand reps; a groupby building each group's
    frame costs more than the slices)."""
    rep_ids = rows["rep_id"].astype(str).to_numpy()
    order = np.argsort(rep_ids, kind="stable")
    table = rows[keys].iloc[order].reset_index(drop=True)
    in_order = rep_ids[order]
    if not len(order):
        return {}
    starts = np.flatnonzero(np.r_[True, in_order[1:] != in_order[:-1]])
    ends = [*starts[1:], len(order)]
    return {
        str(in_order[a]): table.iloc[a:b].reset_index(drop=True)
        for a, b in zip(starts, ends, strict=True)
    }


def _totals(lang: str) -> list[tuple[str, str, str | None]]:
    """Running totals for the rep: live formulas over their own report rows."""

    def rng(spec_name: str, key: str) -> str:
        letter = column_letter(TABLES[spec_name].keys.index(key))
        return f"'{sheet_name(spec_name, lang)}'!${letter}$2:${letter}${VALIDATED_ROWS}"

    def label(key: str) -> str:
        return t(lang, f"totals.{key}")

    dates = rng("DailyReport", "date")
    return [
        (label("visits"), f"=COUNTA({rng('DailyReport', 'customer_id')})", None),
        (
            label("orders"),
            f"=SUM({rng('DailyReport', 'order_amount')})",
            f"=SUM({rng('MyTargets', 'sales_target')})",
        ),
        (
            label("collections"),
            f"=SUM({rng('DailyReport', 'collection_amount')})",
            f"=SUM({rng('MyTargets', 'collection_target')})",
        ),
        (label("expenses"), f"=SUM({rng('DailyReport', 'expense_amount')})", None),
        (label("days"), f'=SUMPRODUCT(({dates}<>"")/COUNTIF({dates},{dates}&""))', None),
    ]


def _add_totals(sheet: SheetPlan, totals: list[tuple[str, str, str | None]], lang: str) -> None:
    amount = Style(num_format="#,##0")
    for row, (_, value, target) in enumerate(totals, start=2):
        sheet.cells.append(Cell(row, 2, value, amount, formula=True))  # our own formulas
        if target:
            sheet.cells.append(Cell(row, 3, target, amount, formula=True))
    note = t(lang, "totals.note")
    sheet.cells.append(Cell(len(totals) + 3, 1, note, Style(italic=True)))


def _date_bounds(period: str) -> tuple[str, str]:
    year, month = (int(part) for part in period.split("-"))
    last_day = calendar.monthrange(year, month)[1]
    return (f"DATE({year},{month},1)", f"DATE({year},{month},{last_day})")


def _own_tables(routed: bool) -> tuple[str, ...]:
    """The tables holding a rep's own rows; every other sheet is the same for all reps."""
    return ("MyCustomers", "MyTargets", "WeeklyRoute") if routed else ("MyCustomers", "MyTargets")


def shared_sheets(
    masters: Masters, period: str, lists: IssuedLists, lang: str, routed: bool
) -> dict[str, SheetPlan]:
    """Table → the sheet every rep's book of `period` holds alike (products, totals, the
    empty report tables with their validations, Issues), built once per run and marked
    `shared` so the renderer may keep its XML (`io/xlsx/render_cache.py`)."""
    key = (period, lang, routed)
    found = lists.shared.get(key)
    if found is not None:
        return found
    totals = _totals(lang)
    data = {
        "MyProducts": lists.products,
        "MyTotals": pd.DataFrame({"kpi": [kpi for kpi, _, _ in totals]}),
        "MonthlySummary": pd.DataFrame({"month": [period]}),
    }
    book = build_workbook(
        "rep", lang=lang, data=data, settings=masters.settings, date_bounds=_date_bounds(period)
    )
    _add_totals(book.sheet("MyTotals"), totals, lang)
    own = _own_tables(routed)
    found = {}
    for sheet in book.sheets:
        if sheet.table is not None and sheet.table.name not in own:
            sheet.shared = True
            found[sheet.table.name] = sheet
    lists.shared[key] = found
    return found


def rep_workbook(
    masters: Masters,
    rep: pd.Series,
    period: str,
    lists: IssuedLists,
    route: pd.DataFrame | None,
    lang: str,
) -> BookPlan:
    """The plan of `rep`'s workbook: its own tables built here, the rest shared with
    every other rep's plan of the run (not to be changed)."""
    rep_id = str(rep["rep_id"])
    data: dict[str, pd.DataFrame] = {
        "MyCustomers": lists.mine("MyCustomers", rep_id),
        "MyTargets": lists.mine("MyTargets", rep_id),
    }
    if route is not None:
        data["WeeklyRoute"] = route
    book = build_workbook(
        "rep",
        lang=lang,
        data=data,
        settings=masters.settings,
        date_bounds=_date_bounds(period),
        prebuilt=shared_sheets(masters, period, lists, lang, routed=route is not None),
        guide_extra=[
            "",
            t(
                lang,
                "totals.rep_line",
                rep=f"{rep_id} {rep['name']}",
                period=month_label(period, lang),
                company=masters.settings.company,
            ),
        ],
    )
    book.custom = properties(RepIdentity(rep_id, period, masters.settings.company))
    book.title = f"SalesDesk report {rep_id} {period}"
    return book
