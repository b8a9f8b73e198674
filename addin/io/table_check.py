"""Type and check raw tables (`RawTable`): one file's, or the same table of many files
stacked so pandas' fixed cost per column is paid once per batch, then split back so each
file gets exactly what checking it alone would give."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from addin.core.coerce import convert, missing
from addin.core.issues import FILE, ROW, Issue, RowKey, row_key, rows_mask
from addin.core.validate import (
    CellMarks,
    Known,
    Names,
    PerFile,
    PerFileNames,
    check_table,
    typed_frame,
)
from addin.io.table_read import RawTable, TableRead, header_key
from addin.schema.names import SheetName
from addin.schema.spec import Table


def finish_tables(
    raws: list[RawTable],
    lookups: Mapping[str, Known],
    names: Mapping[str, Names] | None = None,
) -> list[TableRead]:
    """Type and check the same table of one or more files, as each file alone would be.

    Several files are stacked into one frame (a `_file` column says whose row is whose),
    typed and checked once, and split back: the fixed cost of pandas per column is paid
    once for the batch rather than once per file. The files must have distinct names and
    the same columns (`present`); a lookup that differs by file is a `PerFile`, the names
    confirming its "code name" picks (`names`) a `PerFileNames`."""
    return finish_stacked(raws, lookups, names)[0]


def finish_stacked(
    raws: list[RawTable],
    lookups: Mapping[str, Known],
    names: Mapping[str, Names] | None = None,
) -> tuple[list[TableRead], pd.DataFrame]:
    """`finish_tables`, and the checked rows of all the files still stacked (`_file`
    says whose), for checks that run over the batch next."""
    if not raws:
        return [], pd.DataFrame()
    spec, present = raws[0].spec, raws[0].present
    if len(raws) == 1:  # one file: its own lists, no stacking
        only = raws[0]
        raw, marks = _raw_frame(only.rows, only.keys, only.cells), only.marks
        lookups = {
            k: v.sets.get(raws[0].layout.file, ()) if isinstance(v, PerFile) else v
            for k, v in lookups.items()
        }
        names = {
            k: v.by_file.get(only.layout.file, {}) if isinstance(v, PerFileNames) else v
            for k, v in (names or {}).items()
        }
    else:
        raw, marks = _stacked(raws)
    checked, found = _type_and_check(spec, raw, marks, present, lookups, names)
    if len(raws) == 1:
        parts, issues = [checked], [found]
        stacked = checked.assign(**{FILE: raws[0].layout.file})
    else:
        parts, issues = _split(raws, checked, found)
        stacked = checked
    out = []
    for r, frame, mine in zip(raws, parts, issues, strict=True):
        layout = r.layout
        located = [_named_tabs(layout.locate(i), r.tab_of) for i in mine]
        percent_rows = {k: _plain_rows(r.marks.percent.get(k, set())) for k in r.percent_of}
        out.append(TableRead(spec, frame, r.issues + located, layout, set(present), percent_rows))
    return out, stacked


def _named_tabs(issue: Issue, tab_of: Mapping[str, str]) -> Issue:
    """A message naming another table of its workbook (`not in MyProducts`) names the
    sheet it is on now, as the user renamed it."""
    tabs = {
        k: tab_of[header_key(v.name)]
        for k, v in issue.args.items()
        if isinstance(v, SheetName) and header_key(v.name) in tab_of
    }
    return replace(issue, args={**issue.args, **tabs}) if tabs else issue


def _type_and_check(
    spec: Table,
    raw: pd.DataFrame,
    marks: CellMarks,
    present: set[str],
    lookups: Mapping[str, Known],
    names: Mapping[str, Names] | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    stacked = FILE in raw.columns
    typed, type_issues = typed_frame(spec, raw, marks)
    bad_cells: set[tuple[RowKey, str]] = set()
    for i in type_issues:
        at = row_key(i, stacked)
        if at is not None:
            bad_cells.add((at, i.column))
    blank_rows = _typed_blank_rows(typed, list(present), {r for r, _ in bad_cells})
    if blank_rows.any():  # rows the table spans but nobody typed in (or only spaces)
        typed = typed.loc[~blank_rows].reset_index(drop=True)
    checked, rule_issues = check_table(spec, typed, present, lookups, bad_cells, names)
    for key in spec.keys:
        if key not in checked.columns:  # blank, but of its column's type (NaN, NaT, …)
            blank = pd.Series([None] * len(checked), index=checked.index, dtype=object)
            checked[key] = convert(blank, spec.column(key).type).values
    keep = [ROW, FILE, *spec.keys] if stacked else [ROW, *spec.keys]
    return checked[keep], type_issues + rule_issues


def _stacked(raws: list[RawTable]) -> tuple[pd.DataFrame, CellMarks]:
    """One frame of every file's rows, in file order, and their marks keyed by file."""
    names = [r.layout.file for r in raws]
    keys = raws[0].keys  # the same keys in every file, perhaps in another order
    cells = np.vstack(
        [r.cells if r.keys == keys else r.cells[:, [r.keys.index(k) for k in keys]] for r in raws]
    )
    files = np.repeat(np.array(names, dtype=object), [len(r.rows) for r in raws])
    raw = _raw_frame(np.concatenate([r.rows for r in raws]), keys, cells, files)
    marks = CellMarks()
    for name, r in zip(names, raws, strict=True):
        for key, errors in r.marks.errors.items():
            mine = marks.errors.setdefault(key, {})
            for row, text in errors.items():
                mine[(name, int(row))] = text  # type: ignore[arg-type]
        for into, given in ((marks.no_result, r.marks.no_result), (marks.percent, r.marks.percent)):
            for key, rows in given.items():
                into.setdefault(key, set()).update((name, int(row)) for row in rows)  # type: ignore[arg-type]
    return raw, marks


def _raw_frame(
    rows: np.ndarray, keys: list[str], cells: np.ndarray, files: np.ndarray | None = None
) -> pd.DataFrame:
    """_row (and _file), then one column of untouched cell values per key."""
    data: dict[str, np.ndarray | pd.Series] = {ROW: rows}
    if files is not None:
        data[FILE] = files
    for n, key in enumerate(keys):
        # object as read: pandas would otherwise infer a text column and copy it into
        # its string type, only for the typing to look at the cells again
        data[key] = pd.Series(cells[:, n], dtype=object, copy=False)
    return pd.DataFrame(data, copy=False)


def _split(
    raws: list[RawTable], checked: pd.DataFrame, issues: list[Issue]
) -> tuple[list[pd.DataFrame], list[list[Issue]]]:
    """The stacked frame and issues back per file (rows stay in file order)."""
    names = [r.layout.file for r in raws]
    codes = pd.Categorical(checked[FILE], categories=names).codes
    bounds = np.searchsorted(codes, np.arange(len(names) + 1))
    body = checked.drop(columns=FILE)
    parts = [_renumbered(body.iloc[a:b]) for a, b in itertools.pairwise(bounds)]
    by_file: dict[str, list[Issue]] = {n: [] for n in names}
    for i in issues:
        by_file[i.file].append(i)
    return parts, [by_file[n] for n in names]


def _renumbered(part: pd.DataFrame) -> pd.DataFrame:
    """`reset_index(drop=True)` without its copy: the slice is new, its index ours."""
    part.index = pd.RangeIndex(len(part))
    return part


def _plain_rows(rows: set[RowKey]) -> set[int]:
    return {r if isinstance(r, int) else r[1] for r in rows}


def _typed_blank_rows(typed: pd.DataFrame, keys: list[str], bad_rows: set[RowKey]) -> pd.Series:
    """Rows whose every read value is blank and no cell was unreadable or an error."""
    if not keys:
        return pd.Series(False, index=typed.index)
    # column by column, stopping once no row is left blank: nearly always at the first
    # column, whose key the user filled in on every row
    blank = np.ones(len(typed), dtype=bool)
    for key in keys:
        blank &= missing(typed[key]).to_numpy()
        if not blank.any():
            break
    return pd.Series(blank, index=typed.index) & ~rows_mask(typed, bad_rows)
