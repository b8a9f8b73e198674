"""The appraisal scheme of appraisal.xlsx, checked: what counts, how it scores, what it pays.

- `Scheme` (kpi, weight, rule, target, cap): weights add up to 100. A KPI's score is
  `linear`: 100 × value ÷ target, from 0 up to the cap; `threshold`: 100 when the value
  reaches the target, else 0; `lower_better`: 100 × target ÷ value up to the cap (the cap
  when the value is 0). A blank cap is 100. A rep without a value scores 0.
- `Grades` (grade, min_score): a grade runs from its min_score up to the next one.
- `BonusRules` (kind, threshold_pct, up_to_pct, rate_pct): `sales` / `collections` tiers
  pay rate_pct % of the amount between threshold_pct % and up_to_pct % (blank = no
  limit) of the rep's target; `min_score` pays no bonus below that total score;
  `unranked` pays a rep who is not ranked (a weighted KPI lacks its target) rate_pct % of
  the bonus the tiers give on his own figures — 0 (or no such row) pays none, 100 pays
  as if ranked.
- `Deductions` (violation, points, amount): per confirmed violation, points off the
  total score and money off the bonus.

A problem in any of these is an issue located on its cell, and there is no result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.appraisal.catalog import KPIS, VIOLATIONS, kpi_key
from addin.core.issues import ROW, Issue, issues_for_rows, show
from addin.core.receivables.frames import numbers, text
from addin.i18n import Msg
from addin.schema.names import ColumnName, ValueList

RULES = ("linear", "threshold", "lower_better")
BONUS_KINDS = ("sales", "collections", "min_score", "unranked")
#: Every spelling a user may type for a rule or kind (matched case-insensitively),
#: so the live formulas compare the cell text with the same words the reader accepts.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "linear": ("linear", "线性"),
    "threshold": ("threshold", "达标"),
    "lower_better": ("lower_better", "越低越好"),
    "sales": ("sales", "销售"),
    "collections": ("collections", "回款"),
    "min_score": ("min_score", "最低总分"),
    "unranked": ("unranked", "未排名"),
    "price_below_floor": ("price_below_floor", "低于限价"),
    "diversion": ("diversion", "窜货"),
    "missing_report": ("missing_report", "缺报"),
    "report_errors": ("report_errors", "报表有误"),
}
DEFAULT_CAP = 100.0
_WEIGHT_TOTAL = 100.0


@dataclass(frozen=True)
class Scheme:
    kpis: pd.DataFrame  # kpi (key), weight, rule, target, cap (blank → 100), _row
    grades: pd.DataFrame  # grade, min_score, _row
    tiers: pd.DataFrame  # kind (sales|collections), threshold_pct, up_to_pct, rate_pct, _row
    deductions: pd.DataFrame  # violation, points, amount, _row (blank → 0)
    gate: float | None = None  # the min_score bonus rule, if any
    unranked_pct: float = 0.0  # % of the tier bonus an unranked rep gets (the unranked rule)

    @property
    def keys(self) -> list[str]:
        return list(self.kpis["kpi"])


def _canon(frame: pd.DataFrame, column: str, allowed: tuple[str, ...]) -> pd.Series:
    """The allowed value each cell spells ("" for blanks and anything else)."""
    names = {s.lower(): key for key in allowed for s in SPELLINGS[key]}
    return text(frame, column).map(lambda v: names.get(v.lower(), ""))


def _rows(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> pd.DataFrame:
    if frame is None:
        frame = pd.DataFrame({c: pd.Series(dtype=object) for c in (ROW, *columns)})
    out = frame.reset_index(drop=True).copy()
    if ROW not in out.columns:
        out[ROW] = np.arange(2, len(out) + 2)
    return out


def _blank(frame: pd.DataFrame, column: str) -> pd.Series:
    return text(frame, column) == ""


def _required(frame: pd.DataFrame, sheet: str, *columns: str) -> list[Issue]:
    issues: list[Issue] = []
    for column in columns:
        issues += issues_for_rows(
            frame,
            _blank(frame, column),
            code="required_blank",
            sheet=sheet,
            column=column,
            name=ColumnName(column),
            effect=Msg("blank.required"),
        )
    return issues


def _not_allowed(
    frame: pd.DataFrame, sheet: str, column: str, canon: pd.Series, allowed: tuple[str, ...]
) -> list[Issue]:
    return issues_for_rows(
        frame,
        ~_blank(frame, column) & (canon == ""),
        code="not_allowed",
        sheet=sheet,
        column=column,
        allowed=ValueList(allowed),
    )


def check_kpis(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    sheet = "Scheme"
    rows = _rows(frame, ("kpi", "weight", "rule", "target", "cap"))
    if rows.empty:
        return rows, [Issue(code="scheme_empty", sheet=sheet)]
    issues = _required(rows, sheet, "kpi", "weight", "rule")
    key = text(rows, "kpi").map(lambda v: kpi_key(v) or "")
    scoreable = key.map(lambda k: k != "" and KPIS[k].scoreable)
    issues += issues_for_rows(
        rows,
        ~_blank(rows, "kpi") & ~scoreable,
        code="unknown_kpi",
        sheet=sheet,
        column="kpi",
    )
    twice = scoreable & key.duplicated(keep="first")
    issues += issues_for_rows(
        rows,
        twice,
        code="duplicate_kpi",
        sheet=sheet,
        column="kpi",
    )
    weight, target, cap = numbers(rows, "weight"), numbers(rows, "target"), numbers(rows, "cap")
    # a weight below 0 is the reader's below_min (the column declares min=0)
    rule = _canon(rows, "rule", RULES)
    issues += _not_allowed(rows, sheet, "rule", rule, RULES)
    ratio_rule = rule.isin(["linear", "lower_better"])
    bad_target = (ratio_rule & ~(target > 0)) | ((rule == "threshold") & target.isna())
    issues += issues_for_rows(
        rows,
        bad_target,
        code="bad_target",
        sheet=sheet,
        column="target",
        reason=Msg("phrase.scheme_target"),
    )
    issues += issues_for_rows(
        rows,
        cap.notna() & ~(cap > 0),
        code="bad_cap",
        sheet=sheet,
        column="cap",
    )
    total = float(weight.fillna(0).sum())
    if not np.isclose(total, _WEIGHT_TOTAL, rtol=0, atol=1e-9):
        last = rows.iloc[[-1]]
        issues.append(
            Issue(
                code="weights_not_100",
                args={"total": show(round(total, 6))},
                sheet=sheet,
                row=int(last[ROW].iloc[0]),
                column="weight",
                value=show(last["weight"].iloc[0]),
            )
        )
    kpis = pd.DataFrame(
        {
            "kpi": key,
            "weight": weight,
            "rule": rule,
            "target": target,
            "cap": cap.fillna(DEFAULT_CAP),
            ROW: rows[ROW].to_numpy(),
        }
    )
    return kpis.loc[scoreable & ~twice].reset_index(drop=True), issues


def check_grades(frame: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Issue]]:
    sheet = "Grades"
    rows = _rows(frame, ("grade", "min_score"))
    issues = _required(rows, sheet, "grade", "min_score")
    low = numbers(rows, "min_score")
    overlap = low.notna() & low.duplicated(keep="first")
    issues += issues_for_rows(
        rows,
        overlap,
        code="grade_bands_overlap",
        sheet=sheet,
        column="min_score",
    )
    grades = pd.DataFrame({"grade": text(rows, "grade"), "min_score": low, ROW: rows[ROW]})
    return grades.dropna(subset=["min_score"]).reset_index(drop=True), issues


def check_bonus_rules(
    frame: pd.DataFrame | None,
) -> tuple[pd.DataFrame, float | None, float, list[Issue]]:
    sheet = "BonusRules"
    rows = _rows(frame, ("kind", "threshold_pct", "up_to_pct", "rate_pct"))
    issues = _required(rows, sheet, "kind")
    kind = _canon(rows, "kind", BONUS_KINDS)
    issues += _not_allowed(rows, sheet, "kind", kind, BONUS_KINDS)
    low, high = numbers(rows, "threshold_pct"), numbers(rows, "up_to_pct")
    rate = numbers(rows, "rate_pct")
    tier = kind.isin(["sales", "collections"])
    issues += issues_for_rows(
        rows,
        (kind != "") & (kind != "unranked") & low.isna(),
        code="bad_tier",
        sheet=sheet,
        column="threshold_pct",
        reason=Msg("tier.no_threshold"),
    )
    issues += issues_for_rows(
        rows,
        tier & ~(rate >= 0),
        code="bad_tier",
        sheet=sheet,
        column="rate_pct",
        reason=Msg("tier.no_rate"),
    )
    issues += issues_for_rows(
        rows,
        tier & high.notna() & ~(high > low),
        code="bad_tier",
        sheet=sheet,
        column="up_to_pct",
        reason=Msg("tier.end_not_above"),
    )
    tiers = pd.DataFrame(
        {
            "kind": kind,
            "threshold_pct": low,
            "up_to_pct": high,
            "rate_pct": rate,
            ROW: rows[ROW],
        }
    )
    tiers = tiers.loc[tier & low.notna()]
    issues += _tier_overlaps(tiers, rows)
    is_gate = kind == "min_score"
    issues += issues_for_rows(
        rows,
        is_gate & (is_gate.cumsum() > 1),
        code="duplicate_min_score",
        sheet=sheet,
        column="kind",
    )
    floor = low[is_gate]
    gate = float(floor.iloc[0]) if len(floor) and pd.notna(floor.iloc[0]) else None
    unranked, found = _unranked_rule(rows, kind, rate)
    return tiers.reset_index(drop=True), gate, unranked, issues + found


def _unranked_rule(
    rows: pd.DataFrame, kind: pd.Series, rate: pd.Series
) -> tuple[float, list[Issue]]:
    """The % of the bonus an unranked rep gets: 0 without an `unranked` row."""
    sheet = "BonusRules"
    mine = kind == "unranked"
    issues = issues_for_rows(
        rows,
        mine & ~rate.between(0, 100),
        code="bad_tier",
        sheet=sheet,
        column="rate_pct",
        reason=Msg("tier.unranked_rate"),
    )
    issues += issues_for_rows(
        rows,
        mine & (mine.cumsum() > 1),
        code="duplicate_unranked",
        sheet=sheet,
        column="kind",
    )
    given = rate[mine]
    share = float(given.iloc[0]) if len(given) and 0 <= given.iloc[0] <= 100 else 0.0
    return share, issues


def _tier_overlaps(tiers: pd.DataFrame, rows: pd.DataFrame) -> list[Issue]:
    """Within a kind, sorted by threshold: a tier starting before the previous one ends."""
    ordered = tiers.assign(end=tiers["up_to_pct"].fillna(np.inf)).sort_values(
        ["kind", "threshold_pct", ROW], kind="stable"
    )
    reach = ordered.groupby("kind")["end"].transform(lambda s: s.cummax().shift())
    clash = ordered["threshold_pct"] < reach
    return issues_for_rows(
        rows.loc[ordered.index],
        clash.reindex(ordered.index),
        code="bonus_tiers_overlap",
        sheet="BonusRules",
        column="threshold_pct",
    )


def check_deductions(frame: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Issue]]:
    sheet = "Deductions"
    rows = _rows(frame, ("violation", "points", "amount"))
    issues = _required(rows, sheet, "violation")
    kinds = tuple(VIOLATIONS)
    violation = _canon(rows, "violation", kinds)
    issues += _not_allowed(rows, sheet, "violation", violation, kinds)
    # below 0 is the reader's below_min: points and amount declare min=0 in their spec
    points, amount = numbers(rows, "points"), numbers(rows, "amount")
    twice = (violation != "") & violation.duplicated(keep="first")
    issues += issues_for_rows(
        rows,
        twice,
        code="duplicate_violation",
        sheet=sheet,
        column="violation",
    )
    out = pd.DataFrame(
        {
            "violation": violation,
            "points": points.fillna(0.0),
            "amount": amount.fillna(0.0),
            ROW: rows[ROW],
        }
    )
    return out.loc[(violation != "") & ~twice].reset_index(drop=True), issues


def read_scheme(
    scheme: pd.DataFrame,
    grades: pd.DataFrame | None = None,
    bonus_rules: pd.DataFrame | None = None,
    deductions: pd.DataFrame | None = None,
) -> tuple[Scheme | None, list[Issue]]:
    """The checked scheme, or None with the issues when any of its tables has an error."""
    kpis, issues = check_kpis(scheme)
    bands, found = check_grades(grades)
    issues += found
    tiers, gate, unranked, found = check_bonus_rules(bonus_rules)
    issues += found
    cuts, found = check_deductions(deductions)
    issues += found
    if any(i.severity == "error" for i in issues):
        return None, issues
    return Scheme(kpis, bands, tiers, cuts, gate, unranked), issues
