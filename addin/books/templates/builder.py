"""Build SalesDesk workbooks from the table specs.

One function makes every workbook: the empty templates in `workbooks/`, the company
folder of `salesdesk init`, and each rep's issued workbook all come from here, so a
column, a dropdown or a label is defined once (in `addin/schema`). A workbook is built
as a plan (`io/xlsx/book.py`) and written whole with XlsxWriter (`io/xlsx/render.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from addin.books.sheets import guide_sheet, issues_sheet, table_sheet
from addin.books.styles import font_for
from addin.books.templates.guide import guide_lines
from addin.books.templates.validation import VALIDATED_ROWS, validations
from addin.core.receivables import bucket_columns
from addin.core.settings import Settings, settings_table
from addin.i18n import lang_of, t
from addin.io.xlsx.book import BookPlan, SheetPlan
from addin.io.xlsx.parts import column_letter
from addin.io.xlsx.render import render
from addin.schema import TABLES, WORKBOOK_INPUTS, WORKBOOK_TABLES, WORKBOOKS
from addin.schema.names import sheet_name
from addin.schema.spec import Table

SPARE_ROWS = 20


def list_sources(stem: str, lang: str = "en") -> dict[str, str]:
    """Lookups Excel can validate inside this workbook: "Table.column" → sheet range."""
    out: dict[str, str] = {}
    inputs = WORKBOOK_INPUTS.get(stem, ())
    own = [TABLES[name] for name in inputs]
    if stem == "rep":  # issued lists: header in row 1
        # A rep picks a customer by its code and name ("C00008 天津泰美超市"), a product
        # by its code; the reader takes the code from either.
        for name, key, shown in (
            ("MyCustomers", "customer_id", "listed_as"),
            ("MyProducts", "product_id", "product_id"),
        ):
            letter = column_letter(TABLES[name].keys.index(shown))
            out[f"{name}.{key}"] = (
                f"'{sheet_name(name, lang)}'!${letter}$2:${letter}${VALIDATED_ROWS}"
            )
    for spec in own:
        for index, column in enumerate(spec.columns, start=1):
            if column.key.endswith("_id") and spec.key and column.key == spec.key[0]:
                letter = column_letter(index - 1)
                out[f"{spec.name}.{column.key}"] = (
                    f"'{sheet_name(spec.name, lang)}'!${letter}$2:${letter}${VALIDATED_ROWS}"
                )
    return out


def input_sheet(
    spec: Table,
    data: pd.DataFrame | None,
    lang: str,
    sources: dict[str, str],
    date_bounds: tuple[str, str] | None = None,
) -> SheetPlan:
    frame = data if data is not None else pd.DataFrame(columns=spec.keys)
    return table_sheet(
        spec,
        frame,
        lang=lang,
        spare_rows=SPARE_ROWS,
        validations=validations(spec, lang, sources, date_bounds),
    )


def output_sheet(
    spec: Table, data: pd.DataFrame | None, lang: str, settings: Settings
) -> SheetPlan:
    columns = spec.with_buckets(bucket_columns(settings.ageing_buckets)[1:])
    frame = data if data is not None else pd.DataFrame(columns=[c.key for c in columns])
    # A rep's lists are issued once, header in row 1 where its validation lists point.
    note = "" if spec.workbook == "rep" else t(lang, "banner.filled")
    return table_sheet(spec, frame, lang=lang, columns=columns, note=note)


def build_workbook(
    stem: str,
    *,
    lang: str = "en",
    data: Mapping[str, pd.DataFrame] | None = None,
    settings: Settings | None = None,
    date_bounds: tuple[str, str] | None = None,
    guide_extra: list[str] | None = None,
    prebuilt: Mapping[str, SheetPlan] | None = None,
) -> BookPlan:
    """The plan of a new workbook of kind `stem` with every table it carries, inputs
    filled from `data`, outputs empty unless `data` holds them. `prebuilt`: table →
    its sheet, already built by this function for another book of the same kind
    (`issue` builds the sheets every rep shares once)."""
    data = dict(data or {})
    settings = settings or Settings(lang=lang)  # type: ignore[arg-type]
    if stem == "masters" and "Settings" not in data:
        data["Settings"] = settings_table(settings, lang_of(lang))
    sources = list_sources(stem, lang)
    sheets = [guide_sheet(t(lang, "sheet.guide"), guide_lines(stem, lang) + (guide_extra or []))]
    prebuilt = prebuilt or {}
    for name in WORKBOOK_TABLES[stem]:
        spec = TABLES[name]
        if name in prebuilt:
            sheets.append(prebuilt[name])
        elif spec.role == "input":
            sheets.append(input_sheet(spec, data.get(name), lang, sources, date_bounds))
        else:
            sheets.append(output_sheet(spec, data.get(name), lang, settings))
    sheets.append(prebuilt.get("Issues") or issues_sheet([], lang=lang, stamp=False))
    return BookPlan(sheets, title=f"SalesDesk {stem}", font=font_for(lang))


def write_workbook(path: Path, plan: BookPlan) -> None:
    render(plan, path)


def build_templates(folder: Path) -> list[Path]:
    """The empty templates of every workbook in both languages: `folder/<lang>/<stem>.xlsx`."""
    written = []
    for lang in ("en", "zh"):
        for stem in WORKBOOKS:
            path = folder / lang / f"{stem}.xlsx"
            write_workbook(path, build_workbook(stem, lang=lang))
            written.append(path)
    return written
