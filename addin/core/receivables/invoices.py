"""SalesLines → invoices: one row per invoice with its customer, rep, dates and total.

An invoice belongs to the customer of its first line (by line number); its rep is the
first line's rep, or the customer's rep when the line names none. Its due date is the
earliest due date its lines give, else invoice date + the customer's payment terms
(whole days, as the reader checks them); blank terms mean due on the invoice date,
which the user is told once per customer. An invoice whose total is negative is a
credit note.

Lines and invoices are kept as column arrays of integer codes (`Ids`), day numbers and
cents: nothing here touches an id's text except to word an issue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, show
from addin.core.receivables.fifo import run_starts
from addin.core.receivables.frames import (
    NO_DAY,
    clean,
    day_column,
    day_of,
    lexsort,
    numbers,
    raw,
    rows,
    to_cents,
)
from addin.core.receivables.ids import BLANK, Ids
from addin.core.receivables.located import issues_where
from addin.i18n import Msg
from addin.schema.names import ColumnName, SheetName

SHEET = "SalesLines"


@dataclass(frozen=True)
class Lines:
    """The lines that can be aged, grouped by invoice (invoices in order of first
    appearance), then by line number and Excel row. `cust` is the invoice's customer
    (its first line's); `position` the line's place in SalesLines; days are day
    numbers, `due` NO_DAY where the line gives none."""

    inv: np.ndarray
    cust: np.ndarray
    #: as typed (cleaned only for the lines that name an invoice's rep); a Categorical
    #: when the ledger served the column coded, so no line's text is made or hashed
    rep: np.ndarray | pd.Categorical
    day: np.ndarray
    due: np.ndarray
    cents: np.ndarray
    row: np.ndarray
    position: np.ndarray


@dataclass(frozen=True)
class Reps:
    """Rep ids as codes: `names` the sorted rep ids with "" (no rep) at code 0, and
    `of_customer` the card's rep code per customer code (0 off the card)."""

    names: np.ndarray
    of_customer: np.ndarray


@dataclass(frozen=True)
class Invoices:
    """One entry per invoice in scope, in order of first appearance in SalesLines:
    invoice, customer and rep codes (`Reps`), date and due date (day numbers), total
    cents and the Excel row of its first line."""

    inv: np.ndarray
    cust: np.ndarray
    rep: np.ndarray
    day: np.ndarray
    due: np.ndarray
    cents: np.ndarray
    row: np.ndarray

    def __len__(self) -> int:
        return int(self.inv.size)


def invoice_lines(sales_lines: pd.DataFrame, ids: Ids) -> tuple[Lines, list[Issue]]:
    """The lines that can be aged, each carrying its invoice's customer; all dates."""
    row = rows(sales_lines).to_numpy()
    day = day_column(sales_lines, "date")
    amount = numbers(sales_lines, "amount").to_numpy()
    inv, cust = ids.sales_invoice, ids.sales_customer
    blanks = {
        "invoice_id": inv == BLANK,
        "date": day == NO_DAY,
        "customer_id": cust == BLANK,
        "amount": np.isnan(amount),
    }
    issues: list[Issue] = []
    for column, blank in blanks.items():
        if blank.any():
            issues += issues_where(
                blank,
                row,
                _shown(column, ids, amount),
                code="required_blank",
                sheet=SHEET,
                column=column,
                name=ColumnName(column),
                effect=Msg("blank.line_left_out"),
            )
    left_out = np.logical_or.reduce(list(blanks.values()))
    usable = None if not left_out.any() else np.flatnonzero(~left_out)
    inv, cust, row = _take(inv, usable), _take(cust, usable), _take(row, usable)
    unknown = ~ids.on_card(cust)
    if unknown.any():
        issues += issues_where(
            unknown,
            row,
            lambda at: ids.customer_text(cust[at]),
            code="unknown_customer",
            sheet=SHEET,
            column="customer_id",
            table=SheetName("Customers"),
            effect=Msg("effect.no_terms"),
        )
    line_no = _take(numbers(sales_lines, "line").to_numpy(), usable)
    # Lines usually come grouped by invoice already (None): then nothing needs moving,
    # and no copy of a million codes is made to find that out.
    order = _by_invoice(inv, np.nan_to_num(line_no, nan=np.inf), row, len(ids.invoices))
    grouped_inv = inv if order is None else inv[order]
    starts = run_starts(grouped_inv)
    first_lines = starts if order is None else order[starts]
    belongs = np.repeat(cust[first_lines], np.diff(np.r_[starts, grouped_inv.size]))
    if order is None:
        owner = belongs
    else:
        owner = np.empty_like(cust)
        owner[order] = belongs
    conflict = np.flatnonzero(cust != owner)
    issues += [
        Issue(
            code="invoice_customer_conflict",
            args={"invoice": str(i), "owner": str(o)},
            sheet=SHEET,
            row=int(r),
            column="customer_id",
            value=str(c),
        )
        for i, c, o, r in zip(
            ids.invoice_text(inv[conflict]),
            ids.customer_text(cust[conflict]),
            ids.customer_text(owner[conflict]),
            row[conflict],
            strict=True,
        )
    ]
    in_place = order is None
    if order is None:
        taken = np.arange(inv.size) if usable is None else usable
    else:
        taken = order if usable is None else usable[order]
    moved = None if in_place and usable is None else taken
    reps = _reps_as_read(sales_lines)
    lines = Lines(
        inv=grouped_inv,
        cust=belongs,
        rep=reps if moved is None else reps[moved],
        day=_take(day, moved),
        due=_take(day_column(sales_lines, "due_date"), moved),
        cents=to_cents(_take(amount, moved)),
        row=row if order is None else row[order],
        position=taken,
    )
    return lines, issues


def _take(values: np.ndarray, where: np.ndarray | None) -> np.ndarray:
    """`values[where]`, or `values` itself when nothing is to be picked or moved."""
    return values if where is None else values[where]


def _reps_as_read(sales_lines: pd.DataFrame) -> np.ndarray | pd.Categorical:
    """The lines' rep ids: their codes when they came coded, else as typed."""
    if "rep_id" in sales_lines.columns:
        column = sales_lines["rep_id"]
        if isinstance(column.dtype, pd.CategoricalDtype):
            return column.array
    return raw(sales_lines, "rep_id")


def _shown(column: str, ids: Ids, amount: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The cells a required_blank issue shows for `column` at the flagged positions (a
    blank date shows NaT)."""
    if column == "invoice_id":
        return lambda at: ids.invoice_text(ids.sales_invoice[at])
    if column == "customer_id":
        return lambda at: ids.customer_text(ids.sales_customer[at])
    if column == "date":
        return lambda at: np.full(at.size, np.datetime64("NaT"), dtype="datetime64[ns]")
    return lambda at: amount[at]


def invoice_owners(lines: Lines, ids: Ids) -> np.ndarray:
    """Customer code of every invoice code (−1: no such invoice in `lines`)."""
    owner = np.full(len(ids.invoices), -1, dtype="int64")
    owner[lines.inv] = lines.cust
    return owner


def invoices_as_of(
    lines: Lines, card: pd.DataFrame, ids: Ids, as_of: pd.Timestamp
) -> tuple[Invoices, Reps, list[Issue]]:
    """Invoices as they stood on `as_of`: only lines dated on or before it count; and
    the reps their codes point into."""
    in_scope = lines.day <= day_of(as_of)
    # Usually every line is in scope (ageing as of today): then none is picked out.
    scope = None if in_scope.all() else np.flatnonzero(in_scope)
    runs = run_starts(_take(lines.inv, scope))
    # Invoices in order of first appearance among the lines in scope (the order they
    # stand in already, when the lines come grouped as they usually do).
    starts = _reduce(np.minimum, _take(lines.position, scope), runs)
    appearance = None if _ascending(starts) else np.argsort(starts, kind="stable")
    first = _take(runs if scope is None else scope[runs], appearance)
    cust = lines.cust[first]
    rep, reps = _rep_codes(lines.rep[first], card, ids, cust)
    day = _take(_reduce(np.minimum, _take(lines.day, scope), runs), appearance)
    due = _take(_reduce(np.minimum, _take(lines.due, scope), runs), appearance)
    cents = _take(_reduce(np.add, _take(lines.cents, scope), runs), appearance)
    terms = ids.card_values(card, "payment_terms_days", cust).astype("float64")
    by_terms = due == NO_DAY
    whole_days = np.floor(np.nan_to_num(np.clip(terms, 0, None))).astype("int64")
    due = np.where(by_terms, day + whole_days, due)
    no_terms = by_terms & np.isnan(terms) & ids.on_card(cust)
    negative = by_terms & (terms < 0)
    issues = _terms_issues(card, ids, cust[no_terms], "missing_payment_terms")
    issues += _terms_issues(card, ids, cust[negative], "bad_payment_terms")
    invoices = Invoices(
        inv=lines.inv[first],
        cust=cust,
        rep=rep,
        day=day,
        due=due,
        cents=cents,
        row=lines.row[first],
    )
    return invoices, reps, issues


def _rep_codes(
    line_reps: np.ndarray | pd.Categorical, card: pd.DataFrame, ids: Ids, cust: np.ndarray
) -> tuple[np.ndarray, Reps]:
    """Each invoice's rep code (its first line's rep, else its customer's on the card)
    and the rep vocabulary: the rep ids of the card and of those lines, sorted, ""
    first. Reps are few: the lines are hashed once (coded ones not at all), only their
    distinct reps cleaned and sorted."""
    line_codes, distinct = pd.factorize(line_reps)
    named = clean(np.asarray(distinct, dtype=object)).astype(str)
    # The card's rep per customer, thousands of rows naming a few hundred reps: those
    # are sorted and searched, not every row.
    card_codes, card_reps = pd.factorize(card["rep_id"].to_numpy())
    on_card = np.asarray(card_reps, dtype=object).astype(str)
    names = np.unique(np.concatenate([np.array([""]), on_card, named]))
    # Code 0 is "": unnamed lines (−1 from factorize) and customers off the card.
    of_line = np.append(np.searchsorted(names, named), 0)[line_codes]
    of_card_rep = np.append(np.searchsorted(names, on_card), 0)
    of_card_row = np.append(of_card_rep[card_codes], 0)  # the last: off the card (−1)
    of_customer = of_card_row[ids.card_row]
    rep = np.where(of_line == 0, of_customer[cust], of_line)
    return rep, Reps(names=names.astype(object), of_customer=of_customer)


def _terms_issues(card: pd.DataFrame, ids: Ids, cust: np.ndarray, code: str) -> list[Issue]:
    """One warning per customer (on its Customers row), however many invoices it has."""
    hit = np.zeros(len(card), dtype=bool)
    on_card = ids.card_row[cust]
    hit[on_card[on_card >= 0]] = True
    customers = card.loc[hit].sort_values(ROW)
    return [
        Issue(
            code=code,
            sheet="Customers",
            row=int(r),
            column="payment_terms_days",
            value="" if pd.isna(v) else show(v),
        )
        for r, v in zip(customers[ROW], customers["payment_terms_days"], strict=True)
    ]


def _by_invoice(
    inv: np.ndarray, line_no: np.ndarray, row: np.ndarray, size: int
) -> np.ndarray | None:
    """Sort order (invoice, line, row), invoices in order of first appearance; None
    when the lines stand in that order already."""
    if _grouped(inv, line_no, row, size):
        return None
    first = np.full(size, inv.size, dtype="int64")
    np.minimum.at(first, inv, np.arange(inv.size))
    # Rank of each invoice code by where it first appears: the sort key of its lines.
    rank = np.empty(size, dtype="int64")
    rank[np.argsort(first, kind="stable")] = np.arange(size)
    return lexsort((row, line_no, rank[inv]))


def _grouped(inv: np.ndarray, line_no: np.ndarray, row: np.ndarray, size: int) -> bool:
    """Whether the lines are in that order already — each invoice's lines together, by
    line and row — as SalesLines usually come: a few passes instead of a sort."""
    starts = run_starts(inv)
    if starts.size != np.count_nonzero(np.bincount(inv, minlength=size)):
        return False  # some invoice's lines are split up
    later = line_no[1:] > line_no[:-1]
    # Rows are compared only where an invoice's line number repeats (rarely); lines
    # with no number (inf) count as the same number.
    tie = np.flatnonzero((inv[1:] == inv[:-1]) & ~later)
    return bool(((line_no[tie + 1] == line_no[tie]) & (row[tie + 1] >= row[tie])).all())


def _ascending(values: np.ndarray) -> bool:
    return values.size < 2 or bool((values[1:] > values[:-1]).all())


def _reduce(ufunc: np.ufunc, values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    if starts.size == 0:
        return np.zeros(0, dtype="int64")
    return np.asarray(ufunc.reduceat(values, starts), dtype="int64")
