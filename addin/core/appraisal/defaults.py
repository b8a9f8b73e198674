"""The scheme a new company starts from (`salesdesk init` writes it into appraisal.xlsx).

Results weigh most (sales and collections against target, margin), then the activity
the guide asks for (visits, orders per 100 visits, selling cost, reports, route), then
the manager's qualitative scores. Targets are per period as appraised and work for a
month, a quarter or a year alike: they are ratios, except one new customer won.
"""

from __future__ import annotations

import pandas as pd

from addin.core.appraisal.catalog import KPIS, QUALITATIVE
from addin.core.appraisal.scheme import SPELLINGS


def default_scheme() -> pd.DataFrame:
    rows = [
        ("sales_achievement", 25.0, "linear", 100.0, 120.0),
        ("collection_achievement", 20.0, "linear", 100.0, 120.0),
        ("gross_margin_pct", 5.0, "linear", 25.0, 120.0),
        ("visits_per_day", 10.0, "linear", 4.0, 110.0),
        ("orders_per_100_visits", 5.0, "linear", 40.0, 110.0),
        ("selling_cost_pct", 5.0, "lower_better", 5.0, 110.0),
        ("report_compliance", 10.0, "linear", 100.0, 100.0),
        ("route_adherence", 5.0, "linear", 90.0, 100.0),
        ("new_customers", 5.0, "threshold", 1.0, None),
        ("teamwork", 4.0, "linear", 100.0, 100.0),
        ("enthusiasm", 3.0, "linear", 100.0, 100.0),
        ("loyalty", 3.0, "linear", 100.0, 100.0),
    ]
    return pd.DataFrame(rows, columns=["kpi", "weight", "rule", "target", "cap"])


def default_grades() -> pd.DataFrame:
    return pd.DataFrame({"grade": ["A", "B", "C", "D"], "min_score": [90.0, 75.0, 60.0, 0.0]})


def default_bonus_rules() -> pd.DataFrame:
    """3 % of sales from 100 % to 120 % of target, 5 % beyond; 1 % of collections above
    target; nothing below a total score of 60; nothing for a rep who is not ranked (he
    lacks a target the scheme weighs, so his figures cannot be judged)."""
    return pd.DataFrame(
        {
            "kind": ["sales", "sales", "collections", "min_score", "unranked"],
            "threshold_pct": [100.0, 120.0, 100.0, 60.0, None],
            "up_to_pct": [120.0, None, None, None, None],
            "rate_pct": [3.0, 5.0, 1.0, None, 0.0],
        }
    )


def default_deductions() -> pd.DataFrame:
    """Per violation. A month handed in with errors costs what one missing day does,
    however many cells were wrong: the rep did report, and the wrong rows go back."""
    return pd.DataFrame(
        {
            "violation": ["price_below_floor", "diversion", "missing_report", "report_errors"],
            "points": [2.0, 5.0, 1.0, 1.0],
            "amount": [100.0, 500.0, 50.0, 50.0],
        }
    )


def default_qualitative(rep_ids: list[str], period: str) -> pd.DataFrame:
    """One blank row per rep for the manager to score (0–100) for `period`."""
    frame = pd.DataFrame({"rep_id": list(rep_ids), "period": period})
    for key in QUALITATIVE:
        frame[key] = float("nan")
    return frame


def default_appraisal_inputs(lang: str = "en") -> dict[str, pd.DataFrame]:
    """Input tables of a new appraisal.xlsx, by table name, spelled as a manager of a
    `lang` company types them: the reader takes a key, an English or a Chinese name, and
    the Scorecard's formulas match whatever text a Scheme row holds."""
    tables = {
        "Scheme": default_scheme(),
        "Grades": default_grades(),
        "BonusRules": default_bonus_rules(),
        "Deductions": default_deductions(),
    }
    if lang != "zh":
        return tables
    zh = {key: spellings[-1] for key, spellings in SPELLINGS.items()}
    scheme = tables["Scheme"]
    scheme["kpi"] = scheme["kpi"].map(lambda key: KPIS[key].label("zh"))
    scheme["rule"] = scheme["rule"].map(zh)
    tables["BonusRules"]["kind"] = tables["BonusRules"]["kind"].map(zh)
    tables["Deductions"]["violation"] = tables["Deductions"]["violation"].map(zh)
    return tables
