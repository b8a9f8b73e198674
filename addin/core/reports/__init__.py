"""Rep reports: domain checks of a submission and the process measures used in appraisal.

Pure: DataFrames in, DataFrames and `Issue` lists out.
"""

from addin.core.reports.calendar import (
    employed_working_days,
    is_working_day,
    period_bounds,
    rep_working_days,
    working_days,
)
from addin.core.reports.measures import MEASURE_COLUMNS, key_ids, rep_measures
from addin.core.reports.validate import REPORT_TABLES, ReportCheck, check_report, valid_rows

__all__ = [
    "MEASURE_COLUMNS",
    "REPORT_TABLES",
    "ReportCheck",
    "check_report",
    "employed_working_days",
    "is_working_day",
    "key_ids",
    "period_bounds",
    "rep_measures",
    "rep_working_days",
    "valid_rows",
    "working_days",
]
