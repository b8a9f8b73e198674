"""Build SalesDesk workbooks from the table specs.

One function makes every workbook: the empty templates in `workbooks/`, the company
folder of `salesdesk init`, and each rep's issued workbook all come from here, so a
column, a dropdown or a label is defined once (in `addin/schema`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from addin.books.templates.guide import GUIDES
from addin.books.templates.validation import VALIDATED_ROWS, add_validations
from addin.core.receivables import bucket_columns
from addin.core.settings import Settings, settings_rows
from addin.io.writer import fill_table, replace_table, save, write_issues
from addin.schema import TABLES, WORKBOOK_INPUTS, WORKBOOK_TABLES, WORKBOOKS
from addin.schema.spec import Table

SPARE_ROWS = 20
GUIDE_SHEET = {"en": "How to use", "zh": "使用说明"}


def list_sources(stem: str) -> dict[str, str]:
    """Lookups Excel can validate inside this workbook: "Table.column" → sheet range."""
    out: dict[str, str] = {}
    inputs = WORKBOOK_INPUTS.get(stem, ())
    own = [TABLES[name] for name in inputs]
    if stem == "rep":  # issued lists: header in row 1, ids in column A
        out["MyCustomers.customer_id"] = f"'MyCustomers'!$A$2:$A${VALIDATED_ROWS}"
        out["MyProducts.product_id"] = f"'MyProducts'!$A$2:$A${VALIDATED_ROWS}"
    for spec in own:
        for index, column in enumerate(spec.columns, start=1):
            if column.key.endswith("_id") and spec.key and column.key == spec.key[0]:
                letter = get_column_letter(index)
                out[f"{spec.name}.{column.key}"] = (
                    f"'{spec.name}'!${letter}$2:${letter}${VALIDATED_ROWS}"
                )
    return out


def add_guide(book: Workbook, stem: str, lang: str, extra: list[str] | None = None) -> None:
    ws = book.create_sheet(GUIDE_SHEET[lang], 0)
    lines = GUIDES[stem][lang] + (extra or [])
    ws.column_dimensions["A"].width = 110
    for row, text in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14, color="FF1F4E78")


def add_input_sheet(
    book: Workbook,
    spec: Table,
    data: pd.DataFrame | None,
    lang: str,
    sources: dict[str, str],
    date_bounds: tuple[str, str] | None = None,
) -> None:
    ws = book.create_sheet(spec.name)
    frame = data if data is not None else pd.DataFrame(columns=spec.keys)
    for key in spec.keys:
        if key not in frame.columns:
            frame = frame.assign(**{key: None})
    fill_table(ws, spec, frame, lang=lang, columns=spec.keys, spare_rows=SPARE_ROWS)
    add_validations(ws, spec, 1, lang, sources, date_bounds)
    if spec.protected:
        ws.protection.sheet = True


def add_output_sheet(
    book: Workbook, spec: Table, data: pd.DataFrame | None, lang: str, settings: Settings
) -> None:
    columns = spec.with_buckets(bucket_columns(settings.ageing_buckets)[1:])
    frame = data if data is not None else pd.DataFrame(columns=[c.key for c in columns])
    # A rep's lists are issued once, header in row 1 where its validation lists point.
    note = "" if spec.workbook == "rep" else "Filled by SalesDesk; edits here are overwritten."
    replace_table(book, spec, frame, lang=lang, note=note)


def build_workbook(
    stem: str,
    *,
    lang: str = "en",
    data: Mapping[str, pd.DataFrame] | None = None,
    settings: Settings | None = None,
    date_bounds: tuple[str, str] | None = None,
    guide_extra: list[str] | None = None,
) -> Workbook:
    """A new workbook of kind `stem` with every table it carries, inputs filled from
    `data`, outputs empty unless `data` holds them."""
    data = dict(data or {})
    settings = settings or Settings(lang=lang)  # type: ignore[arg-type]
    book = Workbook()
    book.remove(book.active)
    add_guide(book, stem, lang, guide_extra)
    if stem == "masters" and "Settings" not in data:
        data["Settings"] = pd.DataFrame(settings_rows(settings), columns=["key", "value"])
    sources = list_sources(stem)
    for name in WORKBOOK_TABLES[stem]:
        spec = TABLES[name]
        if spec.role == "input":
            add_input_sheet(book, spec, data.get(name), lang, sources, date_bounds)
        else:
            add_output_sheet(book, spec, data.get(name), lang, settings)
    write_issues(book, [], lang=lang, stamp=False)
    book.properties.creator = "SalesDesk"
    book.properties.title = f"SalesDesk {stem}"
    return book


def write_workbook(path: Path, book: Workbook) -> None:
    save(book, path)


def build_templates(folder: Path) -> list[Path]:
    """The empty templates of every workbook in both languages: `folder/<lang>/<stem>.xlsx`."""
    written = []
    for lang in ("en", "zh"):
        for stem in WORKBOOKS:
            path = folder / lang / f"{stem}.xlsx"
            write_workbook(path, build_workbook(stem, lang=lang))
            written.append(path)
    return written
