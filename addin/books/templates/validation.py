"""Excel data validation for an input table, derived from its spec.

Excel guards typing (dropdowns, date and number bounds) so most mistakes never happen;
the Python checks at collection time apply the same rules again, because validation
can be bypassed by pasting.
"""

from __future__ import annotations

from typing import Any

from addin.i18n import t
from addin.schema.names import sheet_name
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
) -> dict[str, Any] | None:
    """XlsxWriter `data_validation` options for one column, or None when Excel has
    nothing useful to check.

    `list_sources` maps "Table.column" to a sheet range holding the allowed ids (in the
    same workbook: Excel cannot validate against another file).
    """
    blank = not column.required
    options: dict[str, Any]
    if column.allowed:
        options = {"validate": "list", "source": allowed_labels(column, lang)}
    elif column.lookup and column.lookup in list_sources:
        options = {"validate": "list", "source": "=" + list_sources[column.lookup]}
    elif column.type == "date":
        low, high = date_bounds or ("DATE(1990,1,1)", "DATE(2200,12,31)")
        options = {"validate": "date", "minimum": "=" + low, "maximum": "=" + high}
        blank = True
    elif column.type == "time":
        options = {"validate": "time", "minimum": "0", "maximum": "0.999988"}
        blank = True
    elif column.type == "int":
        low_i = int(column.min) if column.min is not None else -1_000_000_000
        high_i = int(column.max) if column.max is not None else 1_000_000_000
        options = {"validate": "integer", "minimum": low_i, "maximum": high_i}
        blank = True
    elif column.type in ("number", "money", "pct") and (
        column.min is not None or column.max is not None
    ):
        low_n = column.min if column.min is not None else -1e15
        high_n = column.max if column.max is not None else 1e15
        options = {"validate": "decimal", "minimum": low_n, "maximum": high_n}
        blank = True
    else:
        return None
    if options["validate"] != "list":
        options["criteria"] = "between"
    title = column.label(lang)
    options.update(
        ignore_blank=blank,
        show_error=True,
        error_title=title[:32],
        error_message=_error_text(column, lang)[:255],
        input_title=title[:32],
        input_message=(column.help_text(lang) or _error_text(column, lang))[:255],
        show_input=bool(column.help),
    )
    return options


def _error_text(column: Column, lang: str) -> str:
    if column.allowed:
        sep = "、" if lang == "zh" else ", "
        return t(lang, "validate.choose", values=sep.join(allowed_labels(column, lang)))
    if column.lookup:
        return t(lang, "validate.lookup", table=sheet_name(column.lookup_table or "", lang))
    if column.type == "date":
        return t(lang, "validate.date")
    if column.type == "time":
        return t(lang, "validate.time")
    if column.min is not None and column.max is not None:
        return t(lang, "validate.between", min=f"{column.min:g}", max=f"{column.max:g}")
    if column.min is not None:
        return t(lang, "validate.at_least", min=f"{column.min:g}")
    return t(lang, "validate.number")


def validations(
    spec: Table,
    lang: str,
    list_sources: dict[str, str],
    date_bounds: tuple[str, str] | None = None,
) -> list[tuple[int, dict[str, Any], int]]:
    """(0-based column, options, rows reached) of every validated column of `spec`."""
    out = []
    for index, column in enumerate(spec.columns):
        options = validation_for(column, lang, list_sources, date_bounds)
        if options is not None:
            out.append((index, options, VALIDATED_ROWS))
    return out
