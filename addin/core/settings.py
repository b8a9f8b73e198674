"""Company settings: the `Settings` table of masters.xlsx (key, value) as a typed model.

Every threshold the jobs use lives here with a sensible default, so a manager can change
it in the workbook; no job hard-codes a policy number.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from addin.core.issues import Issue, show
from addin.i18n import Lang, t


def _int_list(value: Any) -> Any:
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace("，", ",").replace(";", ",").split(",")]
        return [int(float(p)) for p in parts if p]
    if isinstance(value, int | float):
        return [int(value)]
    return value


def _date_list(value: Any) -> Any:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace("，", ",").replace(";", ",").split(",")]
        return [dt.date.fromisoformat(p) for p in parts if p]
    if isinstance(value, dt.datetime):
        return [value.date()]
    if isinstance(value, dt.date):
        return [value]
    return value


class Settings(BaseModel):
    """Defaults are what a new company gets from `salesdesk init`."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # --- company
    company: str = "SalesDesk Demo Co."
    currency: str = "CNY"
    year: int = Field(default=2026, ge=1990, le=2200, description="Plan year")
    lang: Literal["en", "zh"] = "en"
    ledger_url: str = Field(default="", description="SQLAlchemy URL; empty = ledger.sqlite")

    # --- plan
    rounding_unit: float = Field(default=100.0, gt=0)
    growth_low_pct: float = Field(default=-10.0, description="Flag growth below this %")
    growth_high_pct: float = Field(default=30.0, description="Flag growth above this %")
    share_shift_pct: float = Field(
        default=2.0, ge=0, description="Flag a share moving more than this many points"
    )
    expense_ratio_pct: float = Field(
        default=5.0, ge=0, description="Selling-expense budget as % of sales target"
    )
    own_pattern_min_months: int = Field(
        default=9,
        ge=0,
        le=12,
        description="A customer that bought in at least this many months of last year keeps "
        "its own month pattern; the others follow Seasonality (0 = everyone follows Seasonality)",
    )

    # --- receivables
    ageing_buckets: list[int] = Field(default_factory=lambda: [30, 60, 90, 180])
    overdue_policy_days: int = Field(default=90, ge=0)
    dunning_levels: list[int] = Field(
        default_factory=lambda: [1, 31, 61, 91],
        description="Days overdue at which each dunning step starts",
    )
    dso_days: int = Field(default=90, gt=0, description="Window for DSO")

    # --- rep reports and ledger
    accept_partial: bool = Field(
        default=True,
        description="Count the valid rows of a report with errors (the wrong rows go back "
        "marked); off: a report with any error counts nothing",
    )
    max_file_mb: float = Field(default=50.0, gt=0)
    max_rows: int = Field(default=1_100_000, gt=0)
    visit_min_minutes: int = Field(default=5, ge=0)
    visit_max_minutes: int = Field(default=480, gt=0)
    forecast_horizon_months: int = Field(
        default=12, ge=1, description="How many months ahead a rep's forecast may reach"
    )

    # --- calendar
    weekend_days: list[int] = Field(
        default_factory=lambda: [5, 6], description="0=Monday … 6=Sunday"
    )
    holidays: list[dt.date] = Field(default_factory=list)

    # --- appraisal
    lost_customer_months: int = Field(default=6, ge=1)
    small_target_pct: float = Field(
        default=10.0,
        ge=0,
        le=100,
        description="A rep's target below this % of the rep's average month is shown, but "
        "its achievement scores at most 100",
    )

    # --- dashboard and warnings
    abc_a_pct: float = Field(default=80.0, gt=0, le=100)
    abc_b_pct: float = Field(default=95.0, gt=0, le=100)
    no_report_days: int = Field(default=3, ge=1)
    a_not_visited_days: int = Field(default=30, ge=1)
    forecast_miss_pct: float = Field(default=30.0, ge=0)
    selling_cost_max_pct: float = Field(default=8.0, ge=0)
    pace_behind_pct: float = Field(default=10.0, ge=0)
    diversion_jump_factor: float = Field(default=3.0, gt=1)
    diversion_min_history_months: int = Field(
        default=3,
        ge=1,
        description="Months of purchases a customer needs before a jump can be judged",
    )
    abc_window_months: int = Field(
        default=12, ge=1, description="Months of sales (up to the review month) behind ABC classes"
    )

    _split_lists = field_validator(
        "ageing_buckets", "dunning_levels", "weekend_days", mode="before"
    )(_int_list)
    _split_dates = field_validator("holidays", mode="before")(_date_list)

    @field_validator("ageing_buckets", "dunning_levels")
    @classmethod
    def _ascending(cls, value: list[int]) -> list[int]:
        if not value or any(b <= a for a, b in itertools.pairwise(value)):
            raise ValueError("must be positive day counts in ascending order, e.g. 30,60,90")
        if value[0] <= 0:
            raise ValueError("must start above 0 days")
        return value


#: Keys a user may write in the Settings table, with their help text (for templates).
SETTING_HELP: dict[str, str] = {
    name: (field.description or name.replace("_", " ").capitalize())
    for name, field in Settings.model_fields.items()
}


def percent_setting(
    name: str, value: Any, formatted: bool, row: int, sheet: str
) -> tuple[Any, list[Issue]]:
    """A `_pct` setting as a number of percent: a cell formatted as a percent holds 0.3
    for 30 %, text may carry the sign (`30%`); a bare fraction (0.3) is read as typed,
    with a warning asking whether 30 % was meant."""
    if isinstance(value, str):  # the value column is text: 0.3 arrives as "0.3"
        text = value.strip().replace("％", "%").replace(",", "")
        try:
            if text.endswith("%"):
                return float(text[:-1].strip()), []
            value = float(text)
        except ValueError:
            return value, []  # pydantic reports it as a bad setting
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value, []
    if formatted:
        return round(float(value) * 100, 9), []
    if 0 < abs(value) < 1:
        warning = Issue(
            code="percent_fraction",
            args={"name": name},
            sheet=sheet,
            row=row,
            column="value",
            value=show(value),
        )
        return value, [warning]
    return value, []


def settings_from_rows(
    rows: list[tuple[int, str, Any]],
    *,
    sheet: str = "Settings",
    percent_rows: Collection[int] = (),
) -> tuple[Settings, list[Issue]]:
    """Build settings from (excel_row, key, value) rows.

    Bad values become located issues and the default is kept for that key, so one typo
    does not stop every job; an unknown key is an issue too (it is almost always a typo).
    `percent_rows` are the Excel rows whose value cell is formatted as a percent.
    """
    issues: list[Issue] = []
    values: dict[str, Any] = {}
    where: dict[str, int] = {}
    for row, key, value in rows:
        name = str(key).strip().lower().replace(" ", "_")
        if not name:
            continue
        if name not in Settings.model_fields:
            issues.append(
                Issue(code="unknown_setting", sheet=sheet, row=row, column="key", value=str(key))
            )
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str) and value.strip() in _YES_NO:
            value = _YES_NO[value.strip()]
        if name.endswith("_pct"):
            value, found = percent_setting(name, value, row in percent_rows, row, sheet)
            issues += found
        values[name] = value
        where[name] = row
    settings = Settings()
    for name, value in values.items():
        try:
            setattr(settings, name, value)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"]
            issues.append(
                Issue(
                    code="bad_setting",
                    args={"name": name, "reason": reason},
                    sheet=sheet,
                    row=where[name],
                    column="value",
                    value=str(value),
                )
            )
    return settings, issues


#: A yes/no setting as a person writes it, in either language (pydantic reads the
#: English words and true/false itself).
_YES_NO = {"是": True, "否": False}

SETTINGS_COLUMNS = ["key", "value", "meaning"]


def settings_rows(settings: Settings, lang: Lang = "en") -> list[tuple[str, object, str]]:
    """(key, value, meaning) rows to write into a Settings table: lists as comma text,
    yes/no as the word in `lang`, and what each setting does, in `lang` (the meaning is
    never read back)."""
    out: list[tuple[str, object, str]] = []
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if isinstance(value, list):
            value = ",".join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in value)
        elif isinstance(value, bool):
            value = t(lang, "setting.yes" if value else "setting.no")
        out.append((name, value, t(lang, f"setting.{name}")))
    return out


def settings_table(settings: Settings, lang: Lang = "en") -> pd.DataFrame:
    """The Settings table masters.xlsx is written with (`settings_rows`)."""
    return pd.DataFrame(settings_rows(settings, lang), columns=SETTINGS_COLUMNS)
