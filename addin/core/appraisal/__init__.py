"""Appraisal: rep scorecards from the ledger, the plan and the scheme (pure core).

`appraisal_kpis` computes every KPI of every rep for a period and the period before;
`read_scheme` checks the scheme tables of appraisal.xlsx; `appraise_reps` scores,
ranks, grades and pays. The job writes the result as live Excel formulas whose values
are the ones computed here.
"""

from addin.core.appraisal.catalog import KPIS, NEEDS_TARGET, QUALITATIVE, VIOLATIONS, Kpi, kpi_key
from addin.core.appraisal.data import AppraisalData
from addin.core.appraisal.defaults import (
    default_appraisal_inputs,
    default_bonus_rules,
    default_deductions,
    default_grades,
    default_qualitative,
    default_scheme,
)
from addin.core.appraisal.kpis import KPI_KEYS, KpiTables, appraisal_kpis, rep_kpis
from addin.core.appraisal.periods import normalise_period, prior_period
from addin.core.appraisal.scheme import SPELLINGS, Scheme, read_scheme
from addin.core.appraisal.scorecard import AppraisalResult, appraise_reps
from addin.core.appraisal.scoring import score_column

__all__ = [
    "KPIS",
    "KPI_KEYS",
    "NEEDS_TARGET",
    "QUALITATIVE",
    "SPELLINGS",
    "VIOLATIONS",
    "AppraisalData",
    "AppraisalResult",
    "Kpi",
    "KpiTables",
    "Scheme",
    "appraisal_kpis",
    "appraise_reps",
    "default_appraisal_inputs",
    "default_bonus_rules",
    "default_deductions",
    "default_grades",
    "default_qualitative",
    "default_scheme",
    "kpi_key",
    "normalise_period",
    "prior_period",
    "read_scheme",
    "rep_kpis",
    "score_column",
]
