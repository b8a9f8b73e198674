"""The scorecard: a row per rep with KPI values, scores, total, rank, grade, bonus and
coaching points — everything `salesdesk appraise` writes, computed in Python."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from addin.core.appraisal.bonus import bonus_columns
from addin.core.appraisal.catalog import QUALITATIVE, VIOLATIONS, KpiNames
from addin.core.appraisal.data import AppraisalData
from addin.core.appraisal.kpis import KpiTables, appraisal_kpis
from addin.core.appraisal.scheme import Scheme
from addin.core.appraisal.scoring import score_column, score_reps
from addin.core.appraisal.targets import SMALL_TARGET_FLAGS
from addin.core.issues import Issue
from addin.core.reports.calendar import period_bounds

#: KPI values every scorecard shows: the bonus is paid on them.
BASE_VALUES = ("sales", "sales_target", "collections", "collection_target")
ID_COLUMNS = (
    "rep_id",
    "rep_name",
    "region_id",
    "period",
    "working_days",
    "ranked",
    "sales_target_small",
    "collection_target_small",
    "note",
)
RESULT_COLUMNS = (
    "deduction_points",
    "total_score",
    "rank",
    "grade",
    "gross_bonus",
    "deduction_amount",
    "bonus",
    "coaching",
)


@dataclass(frozen=True)
class AppraisalResult:
    scorecard: pd.DataFrame  # ID_COLUMNS + value_columns + score_columns + RESULT_COLUMNS
    kpis: KpiTables
    value_columns: list[str]  # BASE_VALUES, then the scheme's other KPIs, then violations
    score_columns: list[str]  # one per scheme KPI, in scheme order
    issues: list[Issue]

    @property
    def violation_columns(self) -> list[str]:
        return list(VIOLATIONS.values())

    @property
    def kpi_keys(self) -> list[str]:
        """The scheme's KPIs, in the order of `score_columns`."""
        return [c.removesuffix("_score") for c in self.score_columns]


def value_columns(scheme: Scheme) -> list[str]:
    counts = list(VIOLATIONS.values())
    own = [k for k in scheme.keys if k not in BASE_VALUES and k not in counts]
    return [*BASE_VALUES, *own, *counts]


def _money(values: pd.Series) -> pd.Series:
    shown = ["" if pd.isna(v) else f"{v:,.0f}" for v in values]
    return pd.Series(shown, index=values.index, dtype=object)


def _small_target_notes(kpis: pd.DataFrame, pct: float, lang: str) -> list[pd.Series]:
    zh = lang == "zh"
    parts = []
    for target, flag in SMALL_TARGET_FLAGS.values():
        label = {"sales_target": ("sales", "销售"), "collection_target": ("collection", "回款")}
        en_word, zh_word = label[target]
        value, average = _money(kpis[target]), _money(kpis[f"{target}_month_avg"])
        text = (
            (
                zh_word
                + "目标 "
                + value
                + " 低于月均目标（"
                + average
                + f"）的 {pct:g}%：达成率照列，得分最高按 100 计"
            )
            if zh
            else (
                en_word
                + " target "
                + value
                + f" is under {pct:g} % of an average month ("
                + average
                + "): achievement shown, scored at most 100"
            )
        )
        parts.append(text.where(kpis[flag].fillna(False).astype(bool), ""))
    return parts


def _unranked_bonus(ranked: pd.Series, unranked_pct: float, lang: str) -> pd.Series:
    """What the Scheme pays a rep who is not ranked, stated where it applies."""
    if lang == "zh":
        text = (
            "按考核方案，未排名不发奖金"
            if unranked_pct == 0
            else f"按考核方案，未排名按 {unranked_pct:g}% 发放奖金"
        )
    else:
        text = (
            "the Scheme pays no bonus when not ranked"
            if unranked_pct == 0
            else f"the Scheme pays {unranked_pct:g} % of the bonus when not ranked"
        )
    return pd.Series(text, index=ranked.index, dtype=object).where(~ranked.astype(bool), "")


def _notes(
    kpis: pd.DataFrame, why: pd.Series, lang: str, scheme: Scheme, small_pct: float
) -> pd.Series:
    zh = lang == "zh"
    joined = kpis["hire_date"].dt.strftime("%Y-%m-%d")
    left = kpis["leave_date"].dt.strftime("%Y-%m-%d")
    days = kpis["working_days"].astype(str) + "/" + kpis["period_working_days"].astype(str)
    prorate = ("按 " + days + " 个工作日折算") if zh else ("prorated to " + days + " working days")
    first = kpis["hire_date"] > kpis["period_start"]
    last = kpis["leave_date"] < kpis["period_end"]
    began = kpis["reports_from"]
    owed = kpis["report_working_days"].astype(str) + "/" + kpis["working_days"].astype(str)
    since = began.dt.strftime("%Y-%m")
    late = (began > kpis["period_start"]) & (began > kpis["hire_date"].fillna(began))
    reports = (
        ("日报自 " + since + " 起：活动指标按 " + owed + " 个工作日")
        if zh
        else ("reports began " + since + ": activity over " + owed + " working days")
    ).where(late, "")
    never = began.isna()
    reports = reports.where(
        ~never, "本期尚未开始日报：不计活动指标" if zh else "no reports asked for yet"
    )
    parts = [
        ((("入职 " if zh else "joined ") + joined).where(first, "")),
        ((("离职 " if zh else "left ") + left).where(last, "")),
        prorate.where(kpis["prorated"].astype(bool), ""),
        reports,
        *_small_target_notes(kpis, small_pct, lang),
        why,
        _unranked_bonus(kpis["ranked"], scheme.unranked_pct, lang),
    ]
    note = pd.Series("", index=kpis.index, dtype=object)
    for part in parts:
        part = part.fillna("").astype(object)
        glue = np.where((note != "") & (part != ""), "; ", "")
        note = note + glue + part
    return note


def _missing_qualitative(kpis: pd.DataFrame, scheme: Scheme, period: str) -> list[Issue]:
    used = [k for k in scheme.keys if k in QUALITATIVE]
    if not used or kpis.empty:
        return []
    blank = kpis[used].isna().all(axis=1)
    if not blank.any():
        return []
    who = ", ".join(kpis.loc[blank, "rep_id"].astype(str))
    return [
        Issue(
            code="qualitative_missing",
            args={"period": period, "who": who, "kpis": KpiNames(tuple(used))},
            sheet="Qualitative",
            column="rep_id",
        )
    ]


def appraise_reps(
    period: str, data: AppraisalData, scheme: Scheme, lang: str = "en"
) -> AppraisalResult:
    tables = appraisal_kpis(period, data)
    kpis = tables.current
    first, last = period_bounds(period)
    scored = score_reps(kpis, scheme, lang)
    card = kpis.assign(
        total_score=scored["total_score"],
        ranked=scored["ranked"],
        period_start=first,
        period_end=last,
    )
    money = bonus_columns(card, scheme)
    values = value_columns(scheme)
    scores = [score_column(k) for k in scheme.keys]
    card = card.assign(
        note=_notes(
            card, scored["not_ranked_because"], lang, scheme, data.settings.small_target_pct
        ),
        **{c: scored[c] for c in (*scores, "deduction_points", "rank", "grade", "coaching")},
        **{c: money[c] for c in money.columns},
    )
    out = card.loc[:, [*ID_COLUMNS, *values, *scores, *RESULT_COLUMNS]].reset_index(drop=True)
    issues = tables.issues + _missing_qualitative(kpis, scheme, period)
    return AppraisalResult(out, tables, values, scores, issues)
