"""Scores, totals, ranks, grades and coaching points from KPI values and the scheme.

Each step mirrors the live formula the Scorecard sheet carries (see the job's sheet
writer), so a recalculated workbook shows the numbers computed here:
- score: `IF(ISNUMBER(v), <rule>, 0)` — a rep without a value scores 0; an achievement
  against a too-small target (`<target>_small`) is capped at MIN(cap, 100);
- total: `ROUND(MAX(0, SUMPRODUCT(weights, scores)/100 - deduction points), 2)`;
- rank: among ranked reps, 1 + the number with a higher total (ties share a rank);
- grade: the band with the highest min_score not above the total.
A rep lacking the target of a weighted target-based KPI (sales_achievement needs a sales
target…) is listed with a total but neither ranked nor graded.
"""

from __future__ import annotations

from string import Formatter

import numpy as np
import pandas as pd

from addin.core.appraisal.bonus import deduction_sums, excel_round
from addin.core.appraisal.catalog import KPIS, NEEDS_TARGET
from addin.core.appraisal.scheme import Scheme
from addin.core.appraisal.targets import SMALL_TARGET_FLAGS
from addin.i18n import t
from addin.i18n.catalogue import LANGS, catalogue

COACHING_POINTS = 2
#: The most an achievement against a too-small target scores: the target was met, and
#: no more can be read into it.
SMALL_TARGET_CAP = 100.0


def score_column(kpi: str) -> str:
    return f"{kpi}_score"


def kpi_score(values: pd.Series, rule: str, target: float, cap: float | np.ndarray) -> np.ndarray:
    """`cap` may differ per rep (an achievement against a too-small target is capped)."""
    v = values.to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        if rule == "threshold":
            score = np.where(v >= target, 100.0, 0.0)
        elif rule == "lower_better":
            score = np.where(v <= 0, cap, np.minimum(cap, 100 * target / v))
        else:
            score = np.maximum(0.0, np.minimum(cap, 100 * v / target)) if target > 0 else 0 * v
    return np.where(np.isnan(v), 0.0, score)


def _rows(scheme: Scheme) -> list[tuple[str, float, str, float, float]]:
    """(kpi, weight, rule, target, cap) per scheme row, in scheme order."""
    k = scheme.kpis
    return [
        (str(kpi), float(weight), str(rule), float(target), float(cap))
        for kpi, weight, rule, target, cap in zip(
            k["kpi"], k["weight"], k["rule"], k["target"], k["cap"], strict=True
        )
    ]


def score_caps(kpis: pd.DataFrame, kpi: str, cap: float) -> float | np.ndarray:
    """The scheme's cap; at most 100 for a rep whose target for this KPI is too small to
    judge over-achievement by (see `targets.small_targets`)."""
    flag = SMALL_TARGET_FLAGS.get(kpi)
    if flag is None or flag[1] not in kpis.columns:
        return cap
    small = kpis[flag[1]].fillna(False).to_numpy(dtype=bool)
    return np.where(small, min(cap, SMALL_TARGET_CAP), cap)


def kpi_scores(kpis: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """One `<kpi>_score` column per scheme KPI, in scheme order."""
    return pd.DataFrame(
        {
            score_column(kpi): kpi_score(kpis[kpi], rule, target, score_caps(kpis, kpi, cap))
            for kpi, _, rule, target, cap in _rows(scheme)
        },
        index=kpis.index,
    )


def rankable(kpis: pd.DataFrame, scheme: Scheme) -> tuple[pd.Series, pd.Series]:
    """(ranked, why not) per rep: every weighted target-based KPI needs its target; why
    not is the missing target's key (`sales_target`), "" for a ranked rep."""
    ranked = pd.Series(True, index=kpis.index)
    why = pd.Series("", index=kpis.index, dtype=object)
    for kpi, weight, _, _, _ in _rows(scheme):
        basis = NEEDS_TARGET.get(kpi)
        if basis is None or not weight > 0:
            continue
        missing = ~(kpis[basis].astype(float) > 0)
        why = why.where(~missing | (why != ""), basis)  # the first target missing
        ranked &= ~missing
    return ranked, why


def total_scores(scores: pd.DataFrame, deduction_points: np.ndarray, scheme: Scheme) -> np.ndarray:
    weights = scheme.kpis["weight"].to_numpy(dtype="float64")
    weighted = scores.to_numpy(dtype="float64") @ weights if len(weights) else 0.0
    return excel_round(np.maximum(0.0, weighted / 100 - deduction_points), 2)


def ranks(total: np.ndarray, ranked: pd.Series) -> pd.Series:
    mask = ranked.to_numpy(dtype=bool)
    pool = np.sort(total[mask])
    above = len(pool) - np.searchsorted(pool, total, side="right")
    return pd.Series(above + 1, index=ranked.index, dtype="Int64").where(mask, pd.NA)


def grades(total: np.ndarray, ranked: pd.Series, scheme: Scheme) -> pd.Series:
    bands = scheme.grades.sort_values("min_score")
    out = np.full(len(total), "", dtype=object)
    if len(bands):
        lows = bands["min_score"].to_numpy(dtype="float64")
        at = np.searchsorted(lows, total, side="right") - 1
        names = bands["grade"].to_numpy(dtype=object)
        out = np.where(at >= 0, names[np.clip(at, 0, None)], "")
    return pd.Series(np.where(ranked.to_numpy(dtype=bool), out, ""), index=ranked.index)


def _shown(values: pd.Series, unit: str) -> pd.Series:
    digits = {"money": 0, "int": 0}.get(unit, 1)
    return values.map(lambda v: "—" if pd.isna(v) else f"{v:,.{digits}f}")


def _coach_texts(kpi: str, values: pd.Series, target: float, lang: str) -> np.ndarray:
    """`scorecard.coach` for each rep's value of one KPI. The message is rendered once
    around a marker and each value put in its place: the value is plain text in the
    template, so this is what rendering it per rep would give."""
    shown = _shown(values, KPIS[kpi].unit).to_numpy(dtype=object)
    label = KPIS[kpi].label(lang)
    template = catalogue(lang if lang in LANGS else "en")["scorecard.coach"]
    fields = [f for f in Formatter().parse(template) if f[1]]
    plain = [f[1:] for f in fields if f[1] == "value"] == [("value", "", None)]
    framed = t(lang, "scorecard.coach", kpi=label, value=_MARK, target=target)
    if not plain or framed.count(_MARK) != 1:
        return np.array(
            [t(lang, "scorecard.coach", kpi=label, value=v, target=target) for v in shown],
            dtype=object,
        )
    head, _, tail = framed.partition(_MARK)
    return head + shown + tail


#: Stands for the value while the coaching message is rendered once per KPI.
_MARK = "\x00"


def coaching(kpis: pd.DataFrame, scores: pd.DataFrame, scheme: Scheme, lang: str) -> pd.Series:
    """The two KPIs that cost each rep the most weighted points (weight × shortfall below
    a score of 100), as "label value (target t)"; ties go to the earlier scheme row."""
    if scheme.kpis.empty or kpis.empty:
        return pd.Series("", index=kpis.index, dtype=object)
    weights = scheme.kpis["weight"].to_numpy(dtype="float64")
    lost = weights * (100 - np.minimum(scores.to_numpy(dtype="float64"), 100)) / 100
    order = np.argsort(-lost, axis=1, kind="stable")[:, :COACHING_POINTS]
    texts = np.column_stack(
        [_coach_texts(kpi, kpis[kpi], target, lang) for kpi, _, _, target, _ in _rows(scheme)]
    )
    picked = np.take_along_axis(texts, order, axis=1)
    worth = np.take_along_axis(lost, order, axis=1) > 0
    glue = t(lang, "scorecard.glue")
    # Column by column, as joining each rep's kept points with the glue would.
    joined = np.full(len(kpis), "", dtype=object)
    started = np.zeros(len(kpis), dtype=bool)
    for point in range(picked.shape[1]):
        keep = worth[:, point]
        joined = np.where(keep, joined + np.where(started, glue, "") + picked[:, point], joined)
        started |= keep
    return pd.Series(joined, index=kpis.index, dtype=object)


def score_reps(kpis: pd.DataFrame, scheme: Scheme, lang: str = "en") -> pd.DataFrame:
    """Scores and results per rep, aligned with `kpis`: `<kpi>_score` per scheme KPI,
    deduction_points, total_score, ranked, not_ranked_because, rank, grade, coaching."""
    scores = kpi_scores(kpis, scheme)
    points, _ = deduction_sums(kpis, scheme)
    total = total_scores(scores, points, scheme)
    ranked, why = rankable(kpis, scheme)
    out = scores.assign(
        deduction_points=points,
        total_score=total,
        ranked=ranked,
        not_ranked_because=why,
        rank=ranks(total, ranked),
        grade=grades(total, ranked, scheme),
        coaching=coaching(kpis, scores, scheme, lang),
    )
    return out
