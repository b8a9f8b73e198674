"""Selling-expense budgets that follow the sales targets.

A rep's annual budget is expense_ratio_pct % of the rep's annual sales target, rounded
to the rounding unit; its months are the same % of each monthly target, rounded by
largest remainder so that they add up to the annual budget exactly. Rows of the
`Budgets` table (rep_id, month, expense_budget) replace those cells outright.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows, show
from addin.core.plan.grid import MONTHS, CellGrid
from addin.core.plan.inputs import off_unit, rows_of, to_units
from addin.core.plan.keys import ids, parse_months
from addin.core.plan.members import Members
from addin.core.plan.rollups import month_labels
from addin.core.plan.rounding import largest_remainder
from addin.i18n import Msg
from addin.schema.names import SheetName

BUDGET_COLUMNS = ["rep_id", "month", "expense_budget"]


def override_rows(
    frame: pd.DataFrame | None, members: Members, unit: float, sheet: str
) -> tuple[pd.DataFrame, list[Issue]]:
    """Valid override rows: rep_id, month (1..12), units."""
    if frame is None or frame.empty:
        return pd.DataFrame({"rep_id": [], "month": [], "units": []}), []
    value_col = "expense_budget" if "expense_budget" in frame.columns else "budget"
    raw = frame.assign(**{ROW: rows_of(frame)})
    rep = ids(frame["rep_id"]) if "rep_id" in frame else pd.Series("", index=frame.index)
    month, bad_month = parse_months(
        frame.get("month", pd.Series("", index=frame.index)), members.year
    )
    value = (
        pd.to_numeric(frame[value_col], errors="coerce")
        if value_col in frame.columns
        else pd.Series(np.nan, index=frame.index)
    )
    # A blank rep or month is the reader's required_blank: left out, not told again.
    blank = (rep == "") | ((month == 0) & ~bad_month)
    unknown = ~blank & ~rep.isin(members.reps.index)
    # A budget that is blank, not a number or below 0 is the reader's issue at the cell
    # (the column declares its bound); the row is left out.
    bad_value = value.isna() | (value < 0)
    issues = issues_for_rows(
        raw.assign(rep_id=rep),
        unknown,
        code="unknown_rep",
        sheet=sheet,
        column="rep_id",
        table=SheetName("Reps"),
        effect=Msg("effect.row_ignored"),
    )
    issues += issues_for_rows(
        raw,
        bad_month & ~unknown,
        code="bad_month",
        sheet=sheet,
        column="month",
        month=Msg("phrase.month_of_year", year=members.year),
        effect=Msg("effect.row_ignored"),
    )
    ok = ~blank & ~unknown & ~bad_month & ~bad_value
    keys = pd.DataFrame({"r": rep, "m": month})
    dup = keys[ok].duplicated(keep="first").reindex(frame.index, fill_value=False)
    issues += issues_for_rows(
        raw,
        dup,
        code="duplicate_budget",
        sheet=sheet,
        column="month",
    )
    ok = ok & ~dup
    issues += issues_for_rows(
        raw,
        ok & off_unit(value.fillna(0), unit),
        code="budget_rounded",
        sheet=sheet,
        column=value_col,
        unit=show(unit),
    )
    out = pd.DataFrame({"rep_id": rep, "month": month, "units": to_units(value.fillna(0), unit)})
    return out[ok].reset_index(drop=True), issues


def expense_budgets(
    grid: CellGrid,
    sales_units: np.ndarray,
    members: Members,
    ratio_pct: float,
    unit: float,
    overrides: pd.DataFrame | None = None,
    sheet: str = "Budgets",
) -> tuple[pd.DataFrame, list[Issue]]:
    """ExpenseBudget rows (rep_id, month "YYYY-MM", expense_budget) and issues."""
    codes_of_pair, rep_index = pd.factorize(grid.pairs["rep_id"].to_numpy(dtype=object))
    reps = np.asarray(rep_index, dtype=object)
    n_reps = len(reps)
    cell_rep = (grid.months() - 1) * n_reps + grid.per_cell(codes_of_pair.astype("int64"))
    monthly = np.bincount(cell_rep, weights=sales_units, minlength=MONTHS * n_reps)
    monthly = monthly.reshape(MONTHS, n_reps).T.ravel()  # rep-major: rep × 12 months
    share = ratio_pct / 100.0
    annual = to_units(monthly.reshape(n_reps, MONTHS).sum(axis=1) * share, 1.0)
    codes = np.repeat(np.arange(n_reps, dtype="int64"), MONTHS)
    budget = largest_remainder(monthly * share, codes, annual) if n_reps else np.zeros(0, "int64")
    table = pd.DataFrame(
        {
            "rep_id": np.repeat(reps, MONTHS),
            "month": np.tile(np.arange(1, MONTHS + 1), n_reps),
            "units": budget,
        }
    )
    table = table[table["rep_id"] != ""]
    explicit, issues = override_rows(overrides, members, unit, sheet)
    if len(explicit):
        table = pd.concat([table, explicit], ignore_index=True).drop_duplicates(
            ["rep_id", "month"], keep="last"
        )
    table = table.sort_values(["rep_id", "month"], kind="stable")
    labels = month_labels(members.year)
    out = pd.DataFrame(
        {
            "rep_id": table["rep_id"].to_numpy(),
            "month": labels[table["month"].to_numpy(dtype="int64") - 1],
            "expense_budget": table["units"].to_numpy(dtype="int64") * unit,
        }
    )
    return out.reset_index(drop=True), issues
