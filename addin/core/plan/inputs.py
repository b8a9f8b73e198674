"""Read the plan's own inputs: CompanyTargets, Seasonality and Growth rows.

Bad rows become issues and are left out; what is left is typed for the split. Money is
turned into whole rounding units here (`to_units`), so every later sum is exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.issues import ROW, Issue, issues_for_rows, show
from addin.core.plan.keys import DIMENSION_ALIASES, MEASURES, ids, lowered, parse_months
from addin.i18n import Msg
from addin.schema.names import ValueName
from addin.schema.vocab import VALUE_ZH

#: A settlement or channel member typed as a zh company names it (电商) → its code.
_CODE = {zh: code for code, zh in VALUE_ZH.items()}


def rows_of(frame: pd.DataFrame) -> pd.Series:
    if ROW in frame.columns:
        return frame[ROW]
    return pd.Series(np.arange(2, len(frame) + 2), index=frame.index)


def to_units(values: pd.Series | np.ndarray, unit: float) -> np.ndarray:
    """Money → whole rounding units, halves away from zero (int64)."""
    scaled = np.asarray(values, dtype="float64") / unit
    return (np.sign(scaled) * np.floor(np.abs(scaled) + 0.5 + 1e-9)).astype("int64")


def off_unit(values: pd.Series, unit: float) -> pd.Series:
    scaled = values.astype("float64") / unit
    return (scaled - np.round(scaled)).abs() > 1e-6


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def _duplicates(
    frame: pd.DataFrame, keys: pd.DataFrame, ok: pd.Series, sheet: str, column: str, code: str
) -> tuple[pd.Series, list[Issue]]:
    dup = keys[ok].duplicated(keep="first").reindex(frame.index, fill_value=False)
    return ok & ~dup, issues_for_rows(frame, dup, code=code, sheet=sheet, column=column)


def company_totals(
    frame: pd.DataFrame, unit: float, sheet: str = "CompanyTargets"
) -> tuple[dict[str, int], dict[str, int | None], list[Issue], bool]:
    """Annual target per measure in rounding units, the Excel row of each, issues, and
    whether a row was left out (its cell's issue is the reader's)."""
    issues: list[Issue] = []
    measure = lowered(frame["measure"]).map(MEASURES) if "measure" in frame else None
    if measure is None:
        measure = pd.Series(np.nan, index=frame.index, dtype=object)
    value = _numbers(frame, "annual_target")
    # A measure outside the list, a blank, non-numeric or negative target: the reader has
    # said so at the cell (the column declares its values and bound); the row is left out.
    readable = measure.notna() & value.notna() & (value >= 0)
    ok, dup_issues = _duplicates(
        frame, measure.to_frame(), readable, sheet, "measure", "duplicate_target"
    )
    issues += dup_issues
    rounded = ok & off_unit(value.fillna(0), unit)
    issues += issues_for_rows(
        frame,
        rounded,
        code="target_rounded",
        sheet=sheet,
        column="annual_target",
        unit=show(unit),
    )
    totals: dict[str, int] = {}
    rows: dict[str, int | None] = {}
    units = to_units(value.fillna(0), unit)
    row_numbers = rows_of(frame)
    for i in np.flatnonzero(ok.to_numpy()):
        totals[str(measure.iloc[i])] = int(units[i])
        rows[str(measure.iloc[i])] = int(row_numbers.iloc[i])
    # A row left out is already a located issue; "no usable row" for the measure it names
    # (or might name, when the measure itself is unreadable) would say it a second time.
    left_out = measure[~readable]
    told = set(left_out.dropna()) | (set(MEASURES.values()) if left_out.isna().any() else set())
    for m in ("sales", "collections"):
        if m in totals:
            continue
        totals[m], rows[m] = 0, None
        if m not in told:
            issues.append(
                Issue(
                    code="missing_target",
                    args={"measure": ValueName(m)},
                    sheet=sheet,
                    column="measure",
                    value=m,
                )
            )
    return totals, rows, issues, bool((~readable).any())


def seasonality_weights(
    frame: pd.DataFrame | None, year: int, sheet: str = "Seasonality"
) -> tuple[np.ndarray | None, np.ndarray, list[Issue]]:
    """Twelve month weights (None = use history's own months), Excel row per month (0 =
    none), issues. A table that is given but leaves months out gives them weight 0."""
    where = np.zeros(12, dtype="int64")
    if frame is None or frame.empty:
        return None, where, []
    issues: list[Issue] = []
    months, wrong_month = parse_months(frame["month"], year)
    bad_month = wrong_month | (months == 0)  # a blank month is the reader's required_blank
    issues += issues_for_rows(
        frame,
        wrong_month,
        code="bad_month",
        sheet=sheet,
        column="month",
        month=Msg("phrase.month_of_year", year=year),
        effect="",
    )
    weight = _numbers(frame, "weight")
    # A blank, non-numeric or negative weight is the reader's issue at the cell (the
    # column declares its bound); the row is left out.
    bad_w = ~bad_month & (weight.isna() | (weight < 0))
    ok, dup = _duplicates(
        frame, months.to_frame(), ~bad_month & ~bad_w, sheet, "month", "duplicate_month"
    )
    issues += dup
    if not ok.any():
        return None, where, issues
    weights = np.zeros(12)
    weights[months[ok].to_numpy() - 1] = weight[ok].to_numpy()
    where[months[ok].to_numpy() - 1] = rows_of(frame)[ok].to_numpy()
    # A month whose row was left out (or every month, when a row's month is unreadable) is
    # already a located issue: "no row for it" would say it again.
    told = np.zeros(12, dtype=bool)
    told[months[bad_w].to_numpy(dtype="int64") - 1] = True
    if bad_month.any():
        told[:] = True
    for m in np.flatnonzero((where == 0) & ~told):
        issues.append(
            Issue(
                code="seasonality_month_missing",
                sheet=sheet,
                column="month",
                value=f"{year}-{m + 1:02d}",
            )
        )
    if weights.sum() <= 0:
        issues += issues_for_rows(
            frame,
            ok,
            code="seasonality_all_zero",
            sheet=sheet,
            column="weight",
            effect=Msg("effect.history_shares"),
        )
        return None, where, issues
    return weights, where, issues


def growth_rows(
    frame: pd.DataFrame | None, year: int, sheet: str = "Growth"
) -> tuple[pd.DataFrame, list[Issue]]:
    """Valid Growth rows: dimension, member (month as 1..12), growth_pct, _row."""
    cols = ["dimension", "member", "growth_pct", ROW]
    if frame is None or frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols}), []
    issues: list[Issue] = []
    # The reader has told of a dimension outside its list, a blank member and a growth
    # that is not a number of -100 or more (the columns declare them); such rows are left
    # out here. What only the plan knows is told: a month member that is not of its year.
    dim = lowered(frame["dimension"]).map(DIMENSION_ALIASES)
    bad_d = dim.isna()
    member = ids(frame["member"]).astype(object)
    vocabulary = dim.isin(["settlement", "channel"]).fillna(False).astype(bool)
    if vocabulary.any():  # cards hold these lower-case with "_" ("modern_trade")
        member[vocabulary] = lowered(member[vocabulary], "_").map(lambda w: _CODE.get(w, w))
    is_month = (dim == "month").fillna(False)
    wrong_month = pd.Series(False, index=frame.index)
    if is_month.any():
        months, wrong = parse_months(member[is_month], year)
        member = member.astype(object)
        member[is_month] = months.astype(object)
        wrong_month = wrong.reindex(frame.index, fill_value=False)
    blank_member = (member.astype(str) == "") | (is_month & (member.astype(str) == "0"))
    issues += issues_for_rows(
        frame,
        ~bad_d & wrong_month,
        code="bad_member",
        sheet=sheet,
        column="member",
    )
    bad_member = ~bad_d & (wrong_month | blank_member)
    pct = _numbers(frame, "growth_pct")
    bad_p = ~bad_d & ~bad_member & (pct.isna() | (pct < -100))
    keys = pd.DataFrame({"d": dim, "m": member.astype(str)})
    ok, dup = _duplicates(
        frame, keys, ~bad_d & ~bad_member & ~bad_p, sheet, "member", "duplicate_growth"
    )
    issues += dup
    out = pd.DataFrame(
        {"dimension": dim, "member": member, "growth_pct": pct, ROW: rows_of(frame)}
    )[ok]
    return out.reset_index(drop=True), issues
