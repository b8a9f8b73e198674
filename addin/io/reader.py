"""Read named Excel Tables from a workbook file into typed DataFrames plus issues.

One reader for every size: python-calamine (fast, Rust) supplies values and table
ranges; error cells come from a byte scan of the sheet XML (see io/xlsx/sheetxml.py). Rows typed
directly under a table that did not expand are read too and reported, so nothing the user
typed is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine as pc

from addin.core.coerce import convert, is_blank
from addin.core.issues import ROW, Issue
from addin.core.validate import check_table, typed_frame
from addin.io.xlsx.parts import column_letter
from addin.io.xlsx.relationships import sheet_paths
from addin.io.xlsx.safety import Limits, RefusedFile, check_workbook_file
from addin.io.xlsx.sheetxml import error_cells
from addin.schema.names import ColumnName, SheetName
from addin.schema.spec import Table

_SPACES = re.compile(r"[\s_\-　]+")


def header_key(text: object) -> str:
    return _SPACES.sub("", str(text)).lower()


@dataclass(slots=True)
class TableLayout:
    """Where a table sits, so issues and annotations can name real cells."""

    sheet: str
    header_row: int  # Excel row number of the header
    letters: dict[str, str] = field(default_factory=dict)  # column key → column letter
    last_row: int = 0  # Excel row of the last data row read (including rows under it)
    table_end_row: int = 0  # Excel row of the table's own last row
    file: str = ""  # the workbook's file name

    def cell(self, column: str, row: int | None) -> str:
        letter = self.letters.get(column, "")
        if row is None:
            return ""
        return f"{letter}{row}" if letter else f"A{row}"


@dataclass(slots=True)
class TableRead:
    spec: Table
    frame: pd.DataFrame  # typed; one column per spec key (None/NaN where absent) + _row
    issues: list[Issue]
    layout: TableLayout | None  # None when the table is not in the workbook
    present: set[str] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return self.layout is not None


class WorkbookFile:
    """A workbook opened for reading. Refuses unsafe or foreign files up front."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.path = Path(path)
        check_workbook_file(self.path, limits)
        try:
            self._book = pc.CalamineWorkbook.from_path(str(self.path), load_tables=True)
            self.table_names: list[str] = list(self._book.table_names or [])
            self.sheet_names: list[str] = list(self._book.sheet_names)
            self._xml = sheet_paths(self.path)
        except Exception as exc:  # calamine raises its own types for any damage
            raise RefusedFile(
                f"{self.path.name}: the workbook cannot be read ({exc}); open it in Excel, "
                "save it again and resend"
            ) from None
        self._sheets: dict[str, list[list[Any]]] = {}
        self._merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> WorkbookFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ raw access
    def rows(self, sheet: str) -> list[list[Any]]:
        """All cells of a sheet from A1, with error cells restored to their text."""
        if sheet not in self._sheets:
            try:
                data = self._book.get_sheet_by_name(sheet)
                rows = data.to_python(skip_empty_area=False)
                merged = list(data.merged_cell_ranges or [])
                xml = self._xml.get(sheet)
                errors = error_cells(self.path, xml) if xml else {}
            except Exception as exc:  # calamine parses lazily: damage shows up only here
                raise RefusedFile(
                    f"{self.path.name}: sheet {sheet} cannot be read ({exc}); open the "
                    "workbook in Excel, save it again and resend"
                ) from None
            self._merged[sheet] = merged
            for (r, c), text in errors.items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = text
            self._sheets[sheet] = rows
        return self._sheets[sheet]

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        self.rows(sheet)
        return self._merged[sheet]

    def find_table(self, spec: Table) -> tuple[str, int, int, int, list[str]] | None:
        """(sheet, header_row0, first_col0, last_row0, headers) of the spec's table."""
        wanted = {header_key(n) for n in (spec.name, *spec.aliases)}
        for name in self.table_names:
            if header_key(name) in wanted:
                try:
                    table = self._book.get_table_by_name(name)
                except Exception as exc:  # the table's sheet is damaged (see rows())
                    raise RefusedFile(
                        f"{self.path.name}: table {name} cannot be read ({exc}); open the "
                        "workbook in Excel, save it again and resend"
                    ) from None
                start_row, start_col = table.start or (1, 0)
                end_row, _ = table.end or (start_row - 1, 0)
                return table.sheet, start_row - 1, start_col, end_row, list(table.columns)
        return None

    # ------------------------------------------------------------------ tables
    def read(
        self,
        spec: Table,
        lookups: Mapping[str, set[str]] | None = None,
        *,
        required: bool = True,
    ) -> TableRead:
        """Read and check one table. A missing optional table is an empty frame."""
        located = self.find_table(spec)
        issues: list[Issue] = []
        file = self.path.name
        if located is None:
            located = self._sheet_as_table(spec)
            if located is not None:
                issues.append(
                    Issue(
                        code="table_missing",
                        args={"table": spec.name, "header_row": located[1] + 1},
                        sheet=located[0],
                        row=located[1] + 1,
                        file=file,
                        cell=f"A{located[1] + 1}",
                    )
                )
        if located is None:
            if required:
                issues.append(
                    Issue(
                        code="missing_table",
                        args={"table": SheetName(spec.name)},
                        sheet=spec.name,
                        file=file,
                    )
                )
            return TableRead(spec, _empty(spec), issues, None)
        sheet, header0, col0, end0, headers = located
        return self._read_located(spec, sheet, header0, col0, end0, headers, lookups, issues)

    def _sheet_as_table(self, spec: Table) -> tuple[str, int, int, int, list[str]] | None:
        wanted = {header_key(spec.name), header_key(spec.zh)} - {""}
        for sheet in self.sheet_names:
            if header_key(sheet) not in wanted:
                continue
            labels = _label_index(spec)
            for r, row in enumerate(self.rows(sheet)[:10]):
                hits = [c for c, v in enumerate(row) if header_key(v) in labels]
                if hits:
                    first, last = hits[0], len(row) - 1
                    while last > first and _blank(row[last]):
                        last -= 1
                    headers = [str(v) for v in row[first : last + 1]]
                    return sheet, r, first, r, headers  # rows below are "under the table"
        return None

    def _read_located(
        self,
        spec: Table,
        sheet: str,
        header0: int,
        col0: int,
        end0: int,
        headers: list[str],
        lookups: Mapping[str, set[str]] | None,
        issues: list[Issue],
    ) -> TableRead:
        file = self.path.name
        layout = TableLayout(sheet, header0 + 1, table_end_row=end0 + 1, file=file)
        labels = _label_index(spec)
        positions: dict[str, int] = {}
        for offset, text in enumerate(headers):
            key = labels.get(header_key(text))
            letter = column_letter(col0 + offset)
            if key is None:
                if not _blank(text):
                    issues.append(
                        Issue(
                            code="extra_column",
                            args={"table": SheetName(spec.name)},
                            sheet=sheet,
                            row=header0 + 1,
                            value=str(text),
                            file=file,
                            cell=f"{letter}{header0 + 1}",
                        )
                    )
                continue
            if key in positions:
                issues.append(
                    Issue(
                        code="duplicate_column",
                        sheet=sheet,
                        row=header0 + 1,
                        column=key,
                        value=str(text),
                        file=file,
                        cell=f"{letter}{header0 + 1}",
                    )
                )
                continue
            positions[key] = col0 + offset
            layout.letters[key] = letter
        for column in spec.columns:
            if column.required and column.key not in positions:
                issues.append(
                    Issue(
                        code="missing_column",
                        args={
                            "name": ColumnName(column.key),
                            "en": column.en,
                            "zh": column.zh,
                            "table": SheetName(spec.name),
                        },
                        sheet=sheet,
                        row=header0 + 1,
                        column=column.key,
                        file=file,
                        cell=f"A{header0 + 1}",
                    )
                )
        rows = self.rows(sheet)
        width = len(headers)
        body = rows[header0 + 1 : end0 + 1] if end0 > header0 else []
        under = _rows_under(rows, end0 + 1, col0, width)
        if under:
            issues.append(
                Issue(
                    code="rows_under_table",
                    args={
                        "count": len(under),
                        "table": SheetName(spec.name),
                        "first": end0 + 2,
                        "last": end0 + 1 + len(under),
                    },
                    sheet=sheet,
                    row=end0 + 2,
                    file=file,
                    cell=f"{column_letter(col0)}{end0 + 2}",
                )
            )
        body = body + under
        issues += _beside(rows, header0 + 1, header0 + 1 + len(body), col0 + width, sheet, file)
        excel_rows = list(range(header0 + 2, header0 + 2 + len(body)))
        raw = pd.DataFrame({ROW: excel_rows})
        for key, pos in positions.items():
            raw[key] = [r[pos] if pos < len(r) else None for r in body]
        keep = _not_blank_rows(raw, list(positions))
        raw = raw.loc[keep].reset_index(drop=True)
        layout.last_row = excel_rows[-1] if excel_rows else header0 + 1
        issues += _merged_over(
            self.merged(sheet), header0 + 1, layout.last_row, col0, width, sheet, file
        )
        typed, type_issues = typed_frame(spec, raw)
        bad_cells = {(int(i.row), i.column) for i in type_issues if i.row is not None}
        checked, rule_issues = check_table(spec, typed, set(positions), lookups, bad_cells)
        for key in spec.keys:
            if key not in checked.columns:  # blank, but of its column's type (NaN, NaT, …)
                blank = pd.Series([None] * len(checked), index=checked.index, dtype=object)
                checked[key] = convert(blank, spec.column(key).type).values
        checked = checked[[ROW, *spec.keys]]
        located = [
            i.located(file=file, cell=layout.cell(i.column, i.row))
            for i in (type_issues + rule_issues)
        ]
        return TableRead(spec, checked, issues + located, layout, set(positions))


def _empty(spec: Table) -> pd.DataFrame:
    return pd.DataFrame({ROW: pd.Series([], dtype="int64"), **{k: [] for k in spec.keys}})


def _label_index(spec: Table) -> dict[str, str]:
    out: dict[str, str] = {}
    for column in spec.columns:
        for text in (column.key, column.en, column.zh):
            if text:
                out.setdefault(header_key(text), column.key)
    return out


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_under(rows: list[list[Any]], start: int, col0: int, width: int) -> list[list[Any]]:
    """Non-blank rows below the table, up to the last one typed (blank gaps kept)."""
    last = -1
    for r in range(len(rows) - 1, start - 1, -1):  # from the bottom: stop at the last typed
        if any(not _blank(v) for v in rows[r][col0 : col0 + width]):
            last = r
            break
    return [rows[r] for r in range(start, last + 1)] if last >= start else []


def _beside(
    rows: list[list[Any]], first: int, last: int, col: int, sheet: str, file: str
) -> list[Issue]:
    out: list[Issue] = []
    for r in range(first - 1, min(last, len(rows))):
        for c in range(col, len(rows[r])):
            if not _blank(rows[r][c]):
                out.append(
                    Issue(
                        code="value_beside_table",
                        sheet=sheet,
                        row=r + 1,
                        value=str(rows[r][c]),
                        file=file,
                        cell=f"{column_letter(c)}{r + 1}",
                    )
                )
                break
    return out


def _not_blank_rows(raw: pd.DataFrame, keys: list[str]) -> pd.Series:
    if not keys:
        return pd.Series(False, index=raw.index)
    filled = pd.Series(False, index=raw.index)
    for key in keys:
        filled |= ~is_blank(raw[key])
    return filled


def _merged_over(
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    header_row: int,
    last_row: int,
    col0: int,
    width: int,
    sheet: str,
    file: str,
) -> list[Issue]:
    out: list[Issue] = []
    for (r1, c1), (r2, c2) in merged:
        rows_hit = r1 + 1 <= last_row and r2 + 1 >= header_row
        cols_hit = c1 <= col0 + width - 1 and c2 >= col0
        if rows_hit and cols_hit:
            ref = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
            out.append(
                Issue(
                    code="merged_cells",
                    sheet=sheet,
                    row=r1 + 1,
                    value=ref,
                    file=file,
                    cell=f"{column_letter(c1)}{r1 + 1}",
                )
            )
    return out
