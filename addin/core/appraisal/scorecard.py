"""The scorecard: a row per rep with KPI values, scores, total, rank, grade, bonus and
coaching points — everything `salesdesk appraise` writes, computed in Python."""

from __future__ import annotations

from collections.abc import Callable
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
from addin.i18n import Msg, t
from addin.schema.names import ValueList

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


def _each(index: pd.Index, when: pd.Series, say: Callable[[int], str]) -> pd.Series:
    """A note part per rep: `say(i)` for the reps at positions where `when` holds, else ""."""
    hit = when.fillna(False).astype(bool).to_numpy()
    return pd.Series([say(i) if h else "" for i, h in enumerate(hit)], index=index, dtype=object)


def _small_target_notes(kpis: pd.DataFrame, pct: float, lang: str) -> list[pd.Series]:
    parts = []
    for target, flag in SMALL_TARGET_FLAGS.values():
        value = _money(kpis[target]).to_numpy()
        average = _money(kpis[f"{target}_month_avg"]).to_numpy()
        what = t(lang, f"scorecard.what.{target}")

        def say(
            i: int, value: np.ndarray = value, average: np.ndarray = average, what: str = what
        ) -> str:
            return t(
                lang,
                "scorecard.small_target",
                what=what,
                value=value[i],
                pct=pct,
                average=average[i],
            )

        parts.append(_each(kpis.index, kpis[flag], say))
    return parts


def _unranked_bonus(ranked: pd.Series, unranked_pct: float, lang: str) -> pd.Series:
    """What the Scheme pays a rep who is not ranked, stated where it applies."""
    text = (
        t(lang, "scorecard.unranked_none")
        if unranked_pct == 0
        else t(lang, "scorecard.unranked_pct", pct=unranked_pct)
    )
    return pd.Series(text, index=ranked.index, dtype=object).where(~ranked.astype(bool), "")


def _notes(
    kpis: pd.DataFrame, why: pd.Series, lang: str, scheme: Scheme, small_pct: float
) -> pd.Series:
    joined = kpis["hire_date"].dt.strftime("%Y-%m-%d").to_numpy()
    left = kpis["leave_date"].dt.strftime("%Y-%m-%d").to_numpy()
    days = (
        kpis["working_days"].astype(str) + "/" + kpis["period_working_days"].astype(str)
    ).to_numpy()
    began = kpis["reports_from"]
    owed = (
        kpis["report_working_days"].astype(str) + "/" + kpis["working_days"].astype(str)
    ).to_numpy()
    since = began.dt.strftime("%Y-%m").to_numpy()
    late = (began > kpis["period_start"]) & (began > kpis["hire_date"].fillna(began))
    never = began.isna()
    index = kpis.index
    reasons = why.fillna("").to_numpy()
    parts = [
        _each(
            index,
            kpis["hire_date"] > kpis["period_start"],
            lambda i: t(lang, "scorecard.joined", date=joined[i]),
        ),
        _each(
            index,
            kpis["leave_date"] < kpis["period_end"],
            lambda i: t(lang, "scorecard.left", date=left[i]),
        ),
        _each(index, kpis["prorated"], lambda i: t(lang, "scorecard.prorated", days=days[i])),
        _each(
            index,
            late & ~never,
            lambda i: t(lang, "scorecard.reports_began", since=since[i], owed=owed[i]),
        ),
        _each(index, never, lambda i: t(lang, "scorecard.no_reports")),
        *_small_target_notes(kpis, small_pct, lang),
        _each(
            index,
            why.fillna("") != "",
            lambda i: t(lang, "scorecard.not_ranked", target=Msg(f"scorecard.target.{reasons[i]}")),
        ),
        _unranked_bonus(kpis["ranked"], scheme.unranked_pct, lang),
    ]
    note = pd.Series("", index=kpis.index, dtype=object)
    for part in parts:
        part = part.fillna("").astype(object)
        glue = np.where((note != "") & (part != ""), t(lang, "scorecard.glue"), "")
        note = note + glue + part
    return note


def _missing_qualitative(kpis: pd.DataFrame, scheme: Scheme, period: str) -> list[Issue]:
    used = [k for k in scheme.keys if k in QUALITATIVE]
    if not used or kpis.empty:
        return []
    blank = kpis[used].isna().all(axis=1)
    if not blank.any():
        return []
    who = ValueList(tuple(kpis.loc[blank, "rep_id"].astype(str)))  # R001、R002 in Chinese
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
