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
from addin.core.settings import Settings, settings_rows
from addin.io.writer import fill_table, save, write_issues
from addin.schema import TABLES, WORKBOOK_INPUTS
from addin.schema.spec import Table

#: Output tables each workbook carries (empty until their job runs).
WORKBOOK_OUTPUTS: dict[str, tuple[str, ...]] = {
    "masters": (),
    "finance": (
        "OpenItems",
        "Ageing",
        "AgeingByRep",
        "AgeingByRegion",
        "Dunning",
        "CreditCheck",
        "Collections",
    ),
    "plan": (
        "TargetCheck",
        "TargetsByMonth",
        "TargetsByRegion",
        "TargetsByRep",
        "TargetsByCustomer",
        "TargetsByProduct",
        "TargetsBySettlement",
        "TargetsByChannel",
        "ExpenseBudget",
        "TargetCube",
    ),
    "appraisal": ("Scorecard",),
    "dashboard": ("CustomerReview", "Pacing", "Warnings", "MarketIntel"),
    "rep": (),
}
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


def add_output_sheet(book: Workbook, spec: Table, data: pd.DataFrame | None, lang: str) -> None:
    from addin.io.writer import replace_table

    frame = data if data is not None else pd.DataFrame(columns=spec.keys)
    replace_table(
        book, spec, frame, lang=lang, note="Filled by SalesDesk; edits here are overwritten."
    )


def build_workbook(
    stem: str,
    *,
    lang: str = "en",
    data: Mapping[str, pd.DataFrame] | None = None,
    settings: Settings | None = None,
    date_bounds: tuple[str, str] | None = None,
    inputs: tuple[str, ...] | None = None,
    outputs: tuple[str, ...] | None = None,
) -> Workbook:
    """A new workbook of kind `stem` with its input tables (filled from `data`)."""
    data = dict(data or {})
    book = Workbook()
    book.remove(book.active)
    add_guide(book, stem, lang)
    if stem == "masters" and "Settings" not in data:
        rows = settings_rows(settings or Settings(lang=lang))  # type: ignore[arg-type]
        data["Settings"] = pd.DataFrame(rows, columns=["key", "value"])
    sources = list_sources(stem)
    for name in inputs if inputs is not None else WORKBOOK_INPUTS.get(stem, ()):
        add_input_sheet(book, TABLES[name], data.get(name), lang, sources, date_bounds)
    for name in outputs if outputs is not None else WORKBOOK_OUTPUTS.get(stem, ()):
        add_output_sheet(book, TABLES[name], data.get(name), lang)
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
        for stem in ("masters", "finance", "plan", "appraisal", "dashboard", "rep"):
            path = folder / lang / f"{stem}.xlsx"
            write_workbook(path, build_workbook(stem, lang=lang))
            written.append(path)
    return written
