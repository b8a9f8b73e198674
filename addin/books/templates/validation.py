"""Excel data validation for an input table, derived from its spec.

Excel guards typing (dropdowns, date and number bounds) so most mistakes never happen;
the Python checks at collection time apply the same rules again, because validation
can be bypassed by pasting.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from addin.schema.spec import Column, Table
from addin.schema.vocab import VALUE_ZH

#: How far down validation reaches: far past any realistic hand-typed table.
VALIDATED_ROWS = 5000


def allowed_labels(column: Column, lang: str) -> list[str]:
    if lang == "zh":
        return [VALUE_ZH.get(v, v) for v in column.allowed]
    return list(column.allowed)


def validation_for(
    column: Column,
    lang: str,
    list_sources: dict[str, str],
    date_bounds: tuple[str, str] | None = None,
) -> DataValidation | None:
    """A DataValidation for one column, or None when Excel has nothing useful to check.

    `list_sources` maps "Table.column" to a sheet range holding the allowed ids (in the
    same workbook: Excel cannot validate against another file).
    """
    title = column.label(lang)
    if column.allowed:
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(allowed_labels(column, lang)) + '"',
            allow_blank=not column.required,
        )
    elif column.lookup and column.lookup in list_sources:
        dv = DataValidation(
            type="list", formula1=list_sources[column.lookup], allow_blank=not column.required
        )
    elif column.type == "date":
        low, high = date_bounds or ("DATE(1990,1,1)", "DATE(2200,12,31)")
        dv = DataValidation(
            type="date", operator="between", formula1=low, formula2=high, allow_blank=True
        )
    elif column.type == "time":
        dv = DataValidation(
            type="time", operator="between", formula1="0", formula2="0.999988", allow_blank=True
        )
    elif column.type == "int":
        low_i = int(column.min) if column.min is not None else -1_000_000_000
        high_i = int(column.max) if column.max is not None else 1_000_000_000
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(low_i),
            formula2=str(high_i),
            allow_blank=True,
        )
    elif column.type in ("number", "money", "pct") and (
        column.min is not None or column.max is not None
    ):
        low_n = column.min if column.min is not None else -1e15
        high_n = column.max if column.max is not None else 1e15
        dv = DataValidation(
            type="decimal",
            operator="between",
            formula1=f"{low_n:g}",
            formula2=f"{high_n:g}",
            allow_blank=True,
        )
    else:
        return None
    dv.showErrorMessage = True
    dv.errorTitle = title[:32]
    dv.error = _error_text(column, lang)[:255]
    dv.promptTitle = title[:32]
    dv.prompt = (column.help or _error_text(column, lang))[:255]
    dv.showInputMessage = bool(column.help)
    return dv


def _error_text(column: Column, lang: str) -> str:
    if column.allowed:
        return "Choose one of: " + ", ".join(allowed_labels(column, lang))
    if column.lookup:
        return f"Choose a value from {column.lookup_table}"
    if column.type == "date":
        return "Type a date, e.g. 2026-11-03"
    if column.type == "time":
        return "Type a time, e.g. 09:30"
    if column.min is not None and column.max is not None:
        return f"Type a number from {column.min:g} to {column.max:g}"
    if column.min is not None:
        return f"Type a number of at least {column.min:g}"
    return "Type a number"


def add_validations(
    ws: Worksheet,
    spec: Table,
    header_row: int,
    lang: str,
    list_sources: dict[str, str],
    date_bounds: tuple[str, str] | None = None,
) -> None:
    for index, column in enumerate(spec.columns, start=1):
        dv = validation_for(column, lang, list_sources, date_bounds)
        if dv is None:
            continue
        letter = get_column_letter(index)
        dv.add(f"{letter}{header_row + 1}:{letter}{header_row + VALIDATED_ROWS}")
        ws.add_data_validation(dv)
