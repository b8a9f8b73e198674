"""Money: bonus tiers on sales and collections above target, less deductions.

The arithmetic is the same, step for step and in the same order, as the live formulas
the job writes into the Scorecard sheet, so LibreOffice or Excel recalculating the
workbook gets the values computed here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from addin.core.appraisal.catalog import VIOLATIONS
from addin.core.appraisal.scheme import Scheme

#: Which measure and target each tier kind pays on.
TIER_BASIS = {
    "sales": ("sales", "sales_target"),
    "collections": ("collections", "collection_target"),
}


def excel_round(values: pd.Series | np.ndarray, digits: int) -> np.ndarray:
    """ROUND as Excel and LibreOffice do it: half away from zero, on the decimal value
    shown (2.675 → 2.68, where binary floating point alone would give 2.67)."""
    x = np.asarray(values, dtype="float64")
    scaled = np.abs(x) * 10.0**digits
    nudged = np.floor(scaled + 0.5 + scaled * 1e-13)
    return np.sign(x) * nudged / 10.0**digits


def tier_amount(measure: np.ndarray, target: np.ndarray, tier: pd.Series) -> np.ndarray:
    """rate % of the measure between threshold % and up_to % of the target (0 without a
    target): the formula's `IF(T>0, rate/100*MAX(0, MIN(M, T*up/100) - T*thr/100), 0)`."""
    top = (
        measure
        if pd.isna(tier["up_to_pct"])
        else np.minimum(measure, target * tier["up_to_pct"] / 100)
    )
    paid = tier["rate_pct"] / 100 * np.maximum(0.0, top - target * tier["threshold_pct"] / 100)
    return np.where(target > 0, paid, 0.0)


def deduction_sums(card: pd.DataFrame, scheme: Scheme) -> tuple[np.ndarray, np.ndarray]:
    """Points off the score and money off the bonus, per rep: count × rate summed over
    the violations in `VIOLATIONS` order (the Scorecard's column order)."""
    cuts = scheme.deductions
    per_point = dict(zip(cuts["violation"], cuts["points"].astype(float), strict=True))
    per_amount = dict(zip(cuts["violation"], cuts["amount"].astype(float), strict=True))
    points = np.zeros(len(card))
    amount = np.zeros(len(card))
    for violation, column in VIOLATIONS.items():
        count = card[column].fillna(0).to_numpy(dtype="float64")
        if violation in per_point:
            points = points + count * per_point[violation]
            amount = amount + count * per_amount[violation]
    return points, amount


def bonus_columns(card: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """gross_bonus, deduction_amount and bonus per rep (aligned with `card`).

    `card` carries sales, sales_target, collections, collection_target, total_score,
    ranked and the violation counts. No bonus below the min_score rule; an unranked rep
    gets the Scheme's unranked share of it; deductions never make the bonus negative.
    """
    gross = np.zeros(len(card))
    for _, tier in scheme.tiers.iterrows():  # one step per BonusRules row, as the formula
        measure, target = TIER_BASIS[str(tier["kind"])]
        gross = gross + tier_amount(
            card[measure].fillna(0).to_numpy(dtype="float64"),
            card[target].fillna(0).to_numpy(dtype="float64"),
            tier,
        )
    if scheme.gate is not None:
        gross = np.where(card["total_score"].to_numpy(dtype="float64") >= scheme.gate, gross, 0.0)
    # The Scheme's unranked rule: the share of it paid to a rep who is not ranked.
    ranked = card["ranked"].to_numpy(dtype=bool)
    gross = gross * np.where(ranked, 1.0, scheme.unranked_pct / 100)
    _, amount = deduction_sums(card, scheme)
    return pd.DataFrame(
        {
            "gross_bonus": gross,
            "deduction_amount": amount,
            "bonus": excel_round(np.maximum(0.0, gross - amount), 2),
        },
        index=card.index,
    )
