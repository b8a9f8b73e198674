"""Generic checks every table gets from its spec: types, blanks, allowed values,
bounds, duplicate keys and references to other tables.

Domain rules that need more context (a rep's own customers, visit overlaps, plan
feasibility) live with their job's core module; these are the ones a spec alone implies.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from addin.core.coerce import convert, error_mask, is_blank
from addin.core.issues import ROW, Issue, issues_for_rows, show
from addin.i18n import Msg
from addin.schema.names import ColumnList, ColumnName, SheetName, ValueList
from addin.schema.spec import Column, Table
from addin.schema.vocab import VALUE_ZH

#: Issue codes for a reference that does not resolve, by the table referred to.
UNKNOWN_CODES = {
    "Customers": "unknown_customer",
    "Reps": "unknown_rep",
    "Products": "unknown_product",
    "Regions": "unknown_region",
    "MyCustomers": "not_my_customer",
    "MyProducts": "unknown_product",
}
_TYPE_CODES = {
    "date": "bad_date",
    "time": "bad_time",
    "month": "bad_month",
    "int": "bad_integer",
    "number": "bad_number",
    "money": "bad_number",
    "pct": "bad_number",
}
_ZH_TO_VALUE = {zh: en for en, zh in VALUE_ZH.items()}


def typed_frame(spec: Table, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Convert raw cell values column by column; report what cannot be read.

    `raw` holds one column per spec key that was found (others are absent) and `_row`.
    A cell that cannot be read becomes blank in the typed frame and gets an issue, so
    later checks do not report it twice as "required".
    """
    issues: list[Issue] = []
    typed = pd.DataFrame({ROW: raw[ROW].to_numpy()}, index=raw.index)
    for column in spec.columns:
        if column.key not in raw.columns:
            continue
        values = raw[column.key]
        errors = error_mask(values)
        if errors.any():
            issues += issues_for_rows(
                raw,
                errors,
                code="error_value",
                sheet=spec.name,
                column=column.key,
            )
            values = values.where(~errors, None)
        converted = convert(values, column.type)
        if converted.bad.any():
            issues += issues_for_rows(
                raw,
                converted.bad,
                code=_TYPE_CODES.get(column.type, "bad_value"),
                sheet=spec.name,
                column=column.key,
                month=Msg("phrase.month_any"),
                effect="",
            )
        typed[column.key] = converted.values
    return typed, issues


def _allowed(column: Column, values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Map accepted spellings (any case, Chinese names) onto the allowed values."""
    canon = {v.lower(): v for v in column.allowed}
    canon.update({zh: en for zh, en in _ZH_TO_VALUE.items() if en in column.allowed})
    mapped = values.map(
        lambda v: canon.get(str(v).strip().lower(), canon.get(str(v).strip())), na_action="ignore"
    )
    outside = values.notna() & mapped.isna()
    return mapped, outside


def check_table(
    spec: Table,
    typed: pd.DataFrame,
    present: set[str],
    lookups: Mapping[str, set[str]] | None = None,
    already_bad: set[tuple[int, str]] | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Spec rules over a typed frame; returns the frame with allowed values canonicalised.

    `lookups` maps "Table.column" to the set of known values; references whose target
    was not supplied are not checked (a rep workbook has no Regions table, say).
    `already_bad` holds (row, column) cells that already have a type issue.
    """
    issues: list[Issue] = []
    bad_cells = already_bad or set()
    frame = typed.copy()
    for column in spec.columns:
        key = column.key
        if key not in present:
            continue
        values = frame[key]
        if column.required:
            blank = is_blank(values)
            unread_rows = {r for r, k in bad_cells if k == key}
            if unread_rows:
                blank &= ~frame[ROW].isin(unread_rows)
            issues += issues_for_rows(
                frame,
                blank,
                code="required_blank",
                sheet=spec.name,
                column=key,
                name=ColumnName(key),
                effect=Msg("blank.required"),
            )
        if column.allowed:
            mapped, outside = _allowed(column, values)
            issues += issues_for_rows(
                frame,
                outside,
                code="not_allowed",
                sheet=spec.name,
                column=key,
                allowed=ValueList(column.allowed),
            )
            frame[key] = mapped.where(~outside, values)
        if column.min is not None and column.type not in ("text", "id", "month", "time", "date"):
            issues += issues_for_rows(
                frame,
                values < column.min,
                code="below_min",
                sheet=spec.name,
                column=key,
                min=show(column.min),
            )
        if column.max is not None and column.type not in ("text", "id", "month", "time", "date"):
            issues += issues_for_rows(
                frame,
                values > column.max,
                code="above_max",
                sheet=spec.name,
                column=key,
                max=show(column.max),
            )
        if column.lookup and lookups and column.lookup in lookups:
            known = lookups[column.lookup]
            unknown = values.notna() & ~values.isin(known)
            target = column.lookup_table or ""
            issues += issues_for_rows(
                frame,
                unknown,
                code=UNKNOWN_CODES.get(target, "unknown_reference"),
                sheet=spec.name,
                column=key,
                table=SheetName(target),
                effect="",
            )
    issues += duplicate_keys(spec, frame, present)
    return frame, issues


def duplicate_keys(spec: Table, frame: pd.DataFrame, present: set[str]) -> list[Issue]:
    keys = [k for k in spec.key if k in present]
    if not keys or frame.empty:
        return []
    filled = frame[keys].notna().any(axis=1)
    # Blank key cells as "" (a NaN stays a float under pandas' string dtype and would
    # break the join below): (2026-01, blank region) repeats (2026-01, blank region).
    as_text = frame[keys].astype(object).where(frame[keys].notna(), "").astype(str)
    dup = filled & as_text.duplicated(keep="first")
    if not dup.any():
        return []
    first_row = (
        frame.loc[filled]
        .assign(_k=as_text[filled].agg("|".join, axis=1))
        .groupby("_k")[ROW]
        .first()
    )
    bad = frame.loc[dup]
    key_text = as_text[dup].agg("|".join, axis=1)
    names = ColumnList(tuple(keys))
    return [
        Issue(
            code="duplicate_key",
            args={"keys": names, "detail": int(first_row[k]), "effect": ""},
            sheet=spec.name,
            row=int(r),
            column=keys[-1],
            value=k.replace("|", " / "),
        )
        for r, k in zip(bad[ROW], key_text, strict=True)
    ]
