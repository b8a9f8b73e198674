"""Read named Excel Tables from a workbook file into typed DataFrames plus issues.

One reader for every size: python-calamine (fast, Rust) supplies values and table
ranges; error cells come from a byte scan of the sheet XML (see io/xlsx/scan.py). Rows typed
directly under a table that did not expand are read too and reported, so nothing the user
typed is silently dropped.
"""

from __future__ import annotations

import functools
import io
import itertools
import zipfile
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd
import python_calamine as pc

from addin.core.issues import ROW, Issue
from addin.core.validate import (
    CellMarks,
    Names,
)
from addin.io.table_check import finish_stacked, finish_tables
from addin.io.table_read import RawTable, TableLayout, TableRead, header_key
from addin.io.xlsx.parts import column_letter, read_part
from addin.io.xlsx.relationships import WORKBOOK, WORKBOOK_RELS, sheet_targets
from addin.io.xlsx.safety import Limits, RefusedFile, Survey, check_workbook_file
from addin.io.xlsx.scan import (
    SheetMarks,
    TablePart,
    percent_styles,
    scan_sheet,
    table_parts,
)
from addin.schema.names import ColumnName, SheetName
from addin.schema.spec import Table

#: What callers import from the reader: the file, and what reading it yields.
__all__ = [
    "RawTable",
    "TableLayout",
    "TableRead",
    "WorkbookFile",
    "finish_stacked",
    "finish_tables",
    "header_key",
]


@functools.lru_cache(maxsize=64)
def _sheet_targets(workbook: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """`sheet_targets`, parsed once for the many rep workbooks that share these parts."""
    return tuple(sheet_targets(workbook, rels).items())


class _KeptZip(zipfile.ZipFile):
    """The workbook's zip, its small parts (workbook, relationships, tables, styles) served
    from what the safety pass read and checked on its way, not inflated again."""

    def __init__(self, path: Path, kept: Mapping[str, bytes]) -> None:
        super().__init__(path)
        self._kept = kept

    def open(  # type: ignore[override]
        self,
        name: str | zipfile.ZipInfo,
        mode: Literal["r", "w"] = "r",
        pwd: bytes | None = None,
        *,
        force_zip64: bool = False,
    ) -> IO[bytes]:
        key = name.filename if isinstance(name, zipfile.ZipInfo) else name
        if mode == "r" and key in self._kept and self.NameToInfo.get(key) is not None:
            return io.BytesIO(self._kept[key])
        return super().open(name, mode, pwd, force_zip64=force_zip64)


class WorkbookFile:
    """A workbook opened for reading. Refuses unsafe or foreign files up front.

    `survey`: the safety scan's result when the caller has just made it (collect scans
    each file once)."""

    def __init__(
        self, path: Path, limits: Limits | None = None, *, survey: Survey | None = None
    ) -> None:
        self.path = Path(path)
        self._survey = survey if survey is not None else check_workbook_file(self.path, limits)
        try:
            self._book = pc.CalamineWorkbook.from_path(str(self.path))
            self.sheet_names: list[str] = list(self._book.sheet_names)
            with _KeptZip(self.path, self._survey.parts) as zf:
                self._xml = dict(
                    _sheet_targets(read_part(zf, WORKBOOK), read_part(zf, WORKBOOK_RELS))
                )
                self._tables = table_parts(zf, self._xml)
                self._percent_styles = percent_styles(zf)
        except Exception as exc:  # calamine raises its own types for any damage
            raise RefusedFile("unreadable", file=self.path.name, error=str(exc)) from None
        self.table_names: list[str] = [t.name for t in self._tables]
        #: Each table's names (as `header_key` compares them) → its sheet as the user named it.
        self._tab_of = {header_key(n): t.sheet for t in self._tables for n in t.names}
        #: Each table name (as `header_key` compares them) → the first table so named.
        self._table_at: dict[str, int] = {}
        for at, table in enumerate(self._tables):
            for n in table.names:
                self._table_at.setdefault(header_key(n), at)
        self._sheets: dict[str, list[list[Any]]] = {}
        self._merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
        self._marks: dict[tuple[str, bool], SheetMarks] = {}

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
                errors = self.marks(sheet).errors
            except Exception as exc:  # calamine parses lazily: damage shows up only here
                raise RefusedFile(
                    "sheet_unreadable", file=self.path.name, sheet=sheet, error=str(exc)
                ) from None
            self._merged[sheet] = merged
            for (r, c), text in errors.items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = text
            self._sheets[sheet] = rows
        return self._sheets[sheet]

    def marks(self, sheet: str, *, percent: bool = False) -> SheetMarks:
        """Error cells and formulas without a result (and, asked for, percent-formatted
        cells) of a sheet; the part is inflated only when the safety pass saw any."""
        want_percent = percent and bool(self._percent_styles)
        key = (sheet, want_percent)
        if key not in self._marks:
            part = self._xml.get(sheet, "")
            survey = self._survey.get(part)
            if want_percent or survey is None or not survey.whole:
                with zipfile.ZipFile(self.path) as zf:
                    data = read_part(zf, part) if part in zf.NameToInfo else b""
                self._marks[key] = scan_sheet(
                    data, self._percent_styles if want_percent else frozenset()
                )
            elif survey.pieces:
                self._marks[key] = scan_sheet(b"".join(survey.pieces), frozenset())
            else:
                self._marks[key] = SheetMarks()
        return self._marks[key]

    def merged(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        self.rows(sheet)
        return self._merged[sheet]

    def table_part(self, spec: Table) -> TablePart | None:
        """The first table (in sheet order) named as the spec or one of its aliases."""
        hits = [self._table_at[k] for k in _names_of(spec) if k in self._table_at]
        return self._tables[min(hits)] if hits else None

    def find_table(self, spec: Table) -> tuple[str, int, int, int, list[str]] | None:
        """(sheet, header_row0, first_col0, last_row0, headers) of the spec's table; the
        last row is its last data row (a Total Row is not data)."""
        table = self.table_part(spec)
        if table is None:
            return None
        header0 = table.first_row if table.header_rows else table.first_row - 1
        end0 = table.last_row - table.totals_rows
        return table.sheet, header0, table.first_col, end0, list(table.columns)

    # ------------------------------------------------------------------ tables
    def read(
        self,
        spec: Table,
        lookups: Mapping[str, set[str]] | None = None,
        *,
        required: bool = True,
        percent_of: Collection[str] = (),
        names: Mapping[str, Names] | None = None,
    ) -> TableRead:
        """Read and check one table. A missing optional table is an empty frame.

        `pct` columns read a percent-formatted 0.3 as 30; `percent_of` names other columns
        whose percent-formatted cells the caller wants to know (`TableRead.percent_rows`);
        `names` the lookups whose dropdowns show "code name" (`core/validate.check_table`)."""
        found = self.read_raw(spec, required=required, percent_of=percent_of)
        if isinstance(found, TableRead):
            return found
        return finish_tables([found], lookups or {}, names)[0]

    def read_raw(
        self, spec: Table, *, required: bool = True, percent_of: Collection[str] = ()
    ) -> RawTable | TableRead:
        """The table's cells, untyped (a `TableRead` already when it is not there)."""
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
        return self._read_located(
            spec, (sheet, header0, col0, end0), headers, issues, set(percent_of)
        )

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
        where: tuple[str, int, int, int],
        headers: list[str],
        issues: list[Issue],
        percent_of: set[str],
    ) -> RawTable:
        sheet, header0, col0, end0 = where
        file = self.path.name
        layout = TableLayout(sheet, header0 + 1, table_end_row=end0 + 1, file=file)
        positions = _header_positions(spec, headers, col0, header0, layout, issues)
        rows = self.rows(sheet)
        width = len(headers)
        body = rows[header0 + 1 : end0 + 1] if end0 > header0 else []
        under_start = _after_table(self.table_part(spec), end0) + 1
        under = _rows_under(rows, under_start, col0, width)
        first_under = under_start + 1  # its Excel row
        if under:
            issues.append(
                Issue(
                    code="rows_under_table",
                    args={
                        "count": len(under),
                        "table": sheet,  # the tab as the user named it
                        "first": first_under,
                        "last": first_under + len(under) - 1,
                    },
                    sheet=sheet,
                    row=first_under,
                    file=file,
                    cell=f"{column_letter(col0)}{first_under}",
                )
            )
        excel_rows = np.arange(header0 + 2, header0 + 2 + len(body) + len(under), dtype=np.int64)
        if under:  # rows under a Total Row keep their own Excel row numbers
            excel_rows[len(body) :] = np.arange(first_under, first_under + len(under))
            body = body + under
        grid, right = _grid(body, width, col0)
        header = rows[header0 : header0 + 1]  # a note typed beside the header, too
        issues += _beside(header, None, np.array([header0 + 1]), col0 + width, sheet, file)
        issues += _beside(body, right, excel_rows, col0 + width, sheet, file)
        wanted_percent = any(c.type == "pct" for c in spec.columns) or bool(percent_of)
        marks = self.marks(sheet, percent=wanted_percent)
        cell_marks = _column_marks(marks, positions, excel_rows)
        taken = [pos - col0 for pos in positions.values()]
        # the columns as the spec orders them: the grid itself when the sheet does too
        cells = grid if taken == list(range(grid.shape[1])) else grid[:, taken]
        layout.last_row = int(excel_rows[-1]) if len(excel_rows) else header0 + 1
        issues += _merged_over(
            self.merged(sheet), header0 + 1, layout.last_row, col0, width, sheet, file
        )
        issues = [i if i.tab or i.sheet != sheet else i.located(tab=sheet) for i in issues]
        return RawTable(
            spec,
            excel_rows,
            list(positions),
            cells,
            cell_marks,
            layout,
            issues,
            set(positions),
            percent_of,
            self._tab_of,
        )


def _header_positions(
    spec: Table,
    headers: list[str],
    col0: int,
    header0: int,
    layout: TableLayout,
    issues: list[Issue],
) -> dict[str, int]:
    """Column key → 0-based sheet column, matching headers by key or label in any order."""
    sheet, file = layout.sheet, layout.file
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
                        args={"table": sheet},
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
                        "table": sheet,
                    },
                    sheet=sheet,
                    row=header0 + 1,
                    column=column.key,
                    file=file,
                    cell=f"A{header0 + 1}",
                )
            )
    return positions


def _after_table(table: TablePart | None, end0: int) -> int:
    """The table's last row, its Total Row included (rows under start below it)."""
    return end0 + (table.totals_rows if table is not None else 0)


def _grid(body: list[list[Any]], width: int, col0: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The table's cells as one 2-D object array (a short row padded with blanks), and
    the cells right of it when every row is as wide (else None: `_beside` loops)."""
    if not body:
        return np.full((0, width), None, dtype=object), None
    lengths = set(map(len, body))
    if len(lengths) == 1 and lengths.pop() >= col0 + width:
        # every row as wide: the cells streamed into one array, two and a half times
        # faster than numpy walking the nested lists (`block[:] = body`)
        size = len(body) * len(body[0])
        streamed = itertools.chain.from_iterable(body)
        block = np.fromiter(streamed, dtype=object, count=size).reshape(len(body), -1)
        return block[:, col0 : col0 + width], block[:, col0 + width :]
    grid = np.full((len(body), width), None, dtype=object)
    for n, row in enumerate(body):
        cells = row[col0 : col0 + width]
        grid[n, : len(cells)] = cells
    return grid, None


def _column_marks(
    marks: SheetMarks, positions: dict[str, int], excel_rows: np.ndarray
) -> CellMarks:
    """The sheet's marked cells that fall in the table, by column key and Excel row."""
    rows = set(excel_rows.tolist()) if marks.errors or marks.no_result or marks.percent else set()
    by_col = {pos: key for key, pos in positions.items()}
    out = CellMarks()
    for (r, c), text in marks.errors.items():
        if c in by_col and r + 1 in rows:
            out.errors.setdefault(by_col[c], {})[r + 1] = text
    for r, c in marks.no_result:
        if c in by_col and r + 1 in rows:
            out.no_result.setdefault(by_col[c], set()).add(r + 1)
    for r, c in marks.percent:
        if c in by_col and r + 1 in rows:
            out.percent.setdefault(by_col[c], set()).add(r + 1)
    return out


def _empty(spec: Table) -> pd.DataFrame:
    return pd.DataFrame({ROW: pd.Series([], dtype="int64"), **{k: [] for k in spec.keys}})


def _label_index(spec: Table) -> Mapping[str, str]:
    """Each way a column's header may be written → its key (read-only: shared by every
    read of the table, as collect reads it once per file)."""
    kept = _LABELS.get(id(spec))
    if kept is not None and kept[0] is spec:
        return kept[1]
    out: dict[str, str] = {}
    for column in spec.columns:
        for text in (column.key, column.en, column.zh):
            if text:
                out.setdefault(header_key(text), column.key)
    _LABELS[id(spec)] = (spec, out)
    return out


_LABELS: dict[int, tuple[Table, dict[str, str]]] = {}


def _names_of(spec: Table) -> tuple[str, ...]:
    """The names a table of this spec may have, as `header_key` compares them (kept per
    spec: collect looks each table up in every file)."""
    kept = _NAMES.get(id(spec))
    if kept is not None and kept[0] is spec:
        return kept[1]
    names = tuple(dict.fromkeys(header_key(n) for n in (spec.name, *spec.aliases)))
    _NAMES[id(spec)] = (spec, names)
    return names


_NAMES: dict[int, tuple[Table, tuple[str, ...]]] = {}


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
    body: list[list[Any]],
    right: np.ndarray | None,
    excel_rows: np.ndarray,
    col: int,
    sheet: str,
    file: str,
) -> list[Issue]:
    """The first value typed right of the table on each row: not read, so say so."""
    if right is not None:
        if right.shape[1] == 0:
            return []
        filled = ~(pd.isna(right) | (right == "")).all(axis=1)
        candidates = np.flatnonzero(filled).tolist()
    else:
        candidates = [n for n, row in enumerate(body) if len(row) > col]
    out: list[Issue] = []
    for n in candidates:
        row, excel_row = body[n], int(excel_rows[n])
        for c in range(col, len(row)):
            value = row[c]
            if _blank(value):
                continue
            out.append(
                Issue(
                    code="value_beside_table",
                    sheet=sheet,
                    row=excel_row,
                    value=str(value),
                    file=file,
                    cell=f"{column_letter(c)}{excel_row}",
                )
            )
            break
    return out


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
