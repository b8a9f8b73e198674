"""Every issue code the product reports: its severity and the id of its message.

Codes are stable English identifiers (they are stored in the ledger and shown in the
Issues tables); their wording lives in the message catalogues under `issue.<code>`,
in every language. `docs/issue-codes.md` is generated from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class IssueCode:
    code: str
    severity: Severity
    message: str  # message id in the catalogues


def _codes(severity: Severity, *codes: str) -> list[IssueCode]:
    return [IssueCode(code, severity, f"issue.{code}") for code in codes]


_ALL = [
    # --- reading a workbook
    *_codes("error", "missing_table", "missing_column", "duplicate_column", "merged_cells"),
    *_codes("warning", "table_missing", "rows_under_table", "value_beside_table"),
    *_codes("info", "extra_column"),
    *_codes("error", "formula_no_result"),
    *_codes("warning", "percent_fraction"),
    *_codes("error", "error_value", "bad_date", "bad_time", "bad_month", "bad_integer"),
    *_codes("error", "bad_number", "bad_value", "required_blank", "not_allowed"),
    *_codes("error", "below_min", "above_max", "duplicate_key"),
    *_codes("error", "unknown_customer", "unknown_rep", "unknown_product", "unknown_region"),
    *_codes("error", "unknown_reference", "not_my_customer"),
    *_codes("error", "customer_name_for_id", "customer_name_ambiguous", "code_name_mismatch"),
    # --- masters and settings
    *_codes("error", "floor_above_price", "leave_before_hire", "unknown_setting", "bad_setting"),
    # --- rep reports
    *_codes("error", "bad_period", "date_outside_period", "not_monday", "month_mismatch"),
    *_codes("error", "forecast_not_ahead", "forecast_too_far"),
    *_codes("error", "duplicate_row", "end_before_start", "overlapping_visit"),
    *_codes("warning", "future_date", "visit_too_long", "visit_too_short", "weekend_visit"),
    *_codes("warning", "retail_below_wholesale"),
    # --- collecting
    *_codes("error", "refused"),
    *_codes("warning", "returned_copy_locked", "archive_failed"),
    # --- plan
    *_codes("error", "bad_target", "duplicate_target", "missing_target"),
    *_codes("error", "duplicate_month", "seasonality_all_zero"),
    *_codes("error", "bad_member", "duplicate_growth"),
    *_codes("error", "duplicate_budget", "lock_without_key"),
    *_codes("error", "lock_ineligible", "lock_keys_disagree", "lock_conflict"),
    *_codes("error", "lock_children_exceed", "locks_exceed_total", "lock_children_short"),
    *_codes("error", "locks_below_total", "no_weights", "ipf_not_converged", "unknown_member"),
    *_codes("error", "growth_exceeds_total"),
    *_codes("warning", "growth_rescaled"),
    *_codes("warning", "target_rounded", "budget_rounded", "lock_rounded", "lock_not_kept"),
    *_codes("warning", "seasonality_month_missing", "no_history", "no_collection_history"),
    *_codes("warning", "history_unknown_customer", "history_unknown_product"),
    *_codes("warning", "customer_without_rep", "customer_rep_unknown"),
    *_codes("warning", "rep_left_with_customers", "growth_overridden_by_lock"),
    *_codes("warning", "growth_without_history", "growth_no_target", "target_far_from_history"),
    *_codes("warning", "goal_without_target", "goal_without_target_more"),
    *_codes("info", "duplicate_lock", "history_year_fallback"),
    # --- receivables
    *_codes("error", "unknown_invoice", "invoice_customer_mismatch"),
    *_codes("error", "invoice_customer_conflict"),
    *_codes("warning", "negative_payment", "missing_payment_terms", "bad_payment_terms"),
    # --- appraisal
    *_codes("error", "scheme_empty", "unknown_kpi", "duplicate_kpi", "bad_cap"),
    *_codes("error", "weights_not_100", "grade_bands_overlap", "bad_tier"),
    *_codes("error", "bonus_tiers_overlap", "duplicate_min_score", "duplicate_violation"),
    *_codes("error", "duplicate_unranked"),
    *_codes("warning", "table_absent", "diversion_unattributed", "qualitative_missing"),
    # --- dashboard
    *_codes("info", "no_plan"),
]

ISSUE_CODES: dict[str, IssueCode] = {c.code: c for c in _ALL}
if len(ISSUE_CODES) != len(_ALL):  # pragma: no cover - guards the table above
    raise RuntimeError("an issue code is registered twice in issue_codes.py")
