"""Generic checks every table gets from its spec: types, blanks, allowed values,
bounds, duplicate keys and references to other tables.

Domain rules that need more context (a rep's own customers, visit overlaps, plan
feasibility) live with their job's core module; these are the ones a spec alone implies.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from addin.core.coerce import (
    convert,
    error_mask,
    infer_kind,
    missing,
    scan_column,
    to_percent,
)
from addin.core.issues import FILE, ROW, Issue, RowKey, issues_for_rows, rows_mask, show
from addin.core.listed import Listed, read_listed
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


@dataclass(slots=True)
class CellMarks:
    """What the sheet says about cells beyond their values, by column key and Excel row:
    error cells (their text), formulas without a saved result, percent-formatted cells.
    The reader finds them in its scan of the sheet, so no column is searched cell by cell."""

    #: A frame stacking several files keys its rows by (file, Excel row).
    errors: dict[str, dict[RowKey, str]] = field(default_factory=dict)
    no_result: dict[str, set[RowKey]] = field(default_factory=dict)
    percent: dict[str, set[RowKey]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PerFile:
    """Known values that differ by workbook in a frame stacking several files (each rep's
    own customers): a value is known on a row only if the row's own file lists it."""

    sets: Mapping[str, Collection[str]]
    #: Built when first asked (`_joined`): a batch makes several and asks few of them.
    _keys: list[pd.Index] = field(default_factory=list, init=False, repr=False, compare=False)

    def _joined(self) -> pd.Index:
        """Each (file, text value) as one text, `file/value` — a file's name never holds a
        slash, so the pair is told apart exactly — hashed once for every row's lookup."""
        if not self._keys:
            joined = [f"{f}/{v}" for f, known in self.sets.items() for v in known if type(v) is str]
            self._keys.append(pd.Index(joined, dtype=object))
        return self._keys[0]

    def holds(self, files: pd.Series, values: pd.Series) -> pd.Series:
        cells = values.to_numpy(dtype=object)
        names = files.to_numpy(dtype=object)
        text = values.notna().to_numpy()
        named = not any("/" in f for f in self.sets)  # file names, not paths
        if (
            named
            and infer_kind(values) in ("string", "empty")
            and infer_kind(names[text]) in ("string", "empty")
        ):
            # text values of named files (every row of a collect): one hashed pass
            hit = np.zeros(len(cells), dtype=bool)
            keys = names[text] + "/" + cells[text]
            hit[text] = pd.Index(keys, dtype=object).isin(self._joined())
            return pd.Series(hit, index=values.index)
        pairs = {(f, v) for f, known in self.sets.items() for v in known}
        hit_rows = [(f, v) in pairs for f, v in zip(names.tolist(), cells.tolist(), strict=True)]
        return pd.Series(np.array(hit_rows, dtype=bool), index=values.index)


Known = Collection[str] | PerFile


def is_known(frame: pd.DataFrame, values: pd.Series, known: Known) -> pd.Series:
    """True where the value is in `known` (for a `PerFile`, the row's own file's list)."""
    if isinstance(known, PerFile):
        return known.holds(frame[FILE], values)
    return values.isin(list(known))


@dataclass(frozen=True, slots=True)
class PerFileNames:
    """The names that confirm a "code name" pick, by workbook, in a frame stacking several
    files: a rep's entry is read against that rep's own customers only (another rep may
    have the same name under another code)."""

    by_file: Mapping[str, Mapping[str, Sequence[str]]]


#: A lookup's code → the names that confirm it (`core/listed.py`), or those by file.
Names = Mapping[str, Sequence[str]] | PerFileNames


def _read_picks(frame: pd.DataFrame, values: pd.Series, names: Names) -> Listed:
    """`read_listed`, each row against its own file's names for a `PerFileNames`."""
    if not isinstance(names, PerFileNames):
        return read_listed(values, names)
    codes = PerFile({f: list(n) for f, n in names.by_file.items()})
    loose = values.notna() & ~codes.holds(frame[FILE], values)
    if not loose.any():  # every value is its own file's code: nothing picked
        return Listed(values, pd.Series(False, index=values.index), pd.Series(dtype=object))
    picked = values.copy()
    mismatch = pd.Series(False, index=values.index)
    named: list[pd.Series] = []
    for file, rows in values[loose].groupby(frame.loc[loose, FILE], sort=False):
        part = read_listed(rows, names.by_file.get(str(file), {}))
        picked.loc[rows.index] = part.codes
        mismatch.loc[rows.index] = part.mismatch
        named.append(part.named)
    return Listed(picked, mismatch, pd.concat(named) if named else pd.Series(dtype=object))


def _rows_in(raw: pd.DataFrame, rows: Collection[RowKey] | None) -> pd.Series:
    return rows_mask(raw, rows)


def typed_frame(
    spec: Table, raw: pd.DataFrame, marks: CellMarks | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """Convert raw cell values column by column; report what cannot be read.

    `raw` holds one column per spec key that was found (others are absent) and `_row`.
    A cell that cannot be read becomes blank in the typed frame and gets an issue, so
    later checks do not report it twice as "required". Without `marks` (a frame that
    did not come from a sheet) error values are recognised by their text.
    """
    issues: list[Issue] = []
    typed = pd.DataFrame({ROW: raw[ROW].to_numpy()}, index=raw.index)
    if FILE in raw.columns:  # several files stacked: each row keeps its file
        typed[FILE] = raw[FILE].to_numpy()
    for column in spec.columns:
        if column.key not in raw.columns:
            continue
        values = raw[column.key]
        if marks is None:
            errors = error_mask(values)
        else:
            errors = _rows_in(raw, marks.errors.get(column.key, {}).keys())
            no_result = _rows_in(raw, marks.no_result.get(column.key))
            issues += issues_for_rows(
                raw,
                no_result,
                code="formula_no_result",
                sheet=spec.name,
                column=column.key,
            )
        if errors.any():
            issues += issues_for_rows(
                raw,
                errors,
                code="error_value",
                sheet=spec.name,
                column=column.key,
            )
            values = values.where(~errors, None)
        scan = scan_column(values)  # once per column; every step below reuses it
        if column.type == "pct":
            formatted = _rows_in(raw, marks.percent.get(column.key)) if marks else None
            converted, fraction = to_percent(values, formatted, scan=scan)
            issues += issues_for_rows(
                raw.assign(**{column.key: converted.values}),
                fraction,
                code="percent_fraction",
                sheet=spec.name,
                column=column.key,
            )
        else:
            converted = convert(values, column.type, scan=scan)
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

    def spelled(v: object) -> str | None:
        return canon.get(str(v).strip().lower(), canon.get(str(v).strip()))

    if len(values) and infer_kind(values) in ("string", "empty"):
        # Text (a typed text column): a column holds a handful of distinct spellings, so
        # each is looked up once (factorize hashes in C) rather than once per cell.
        codes, uniques = pd.factorize(values)
        cells = values.to_numpy(dtype=object, copy=True)
        filled = codes >= 0
        cells[filled] = np.array([spelled(v) for v in uniques], dtype=object)[codes[filled]]
        # built from a list, its type is inferred as `map` infers it (text → str dtype)
        mapped = pd.Series(cells.tolist(), index=values.index)
    else:  # numbers, dates, booleans: equal values of other types must stay apart
        mapped = values.map(spelled, na_action="ignore")
    outside = values.notna() & mapped.isna()
    return mapped, outside


def check_table(
    spec: Table,
    typed: pd.DataFrame,
    present: set[str],
    lookups: Mapping[str, Known] | None = None,
    already_bad: set[tuple[RowKey, str]] | None = None,
    names: Mapping[str, Names] | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Spec rules over a typed frame; returns the frame with allowed values canonicalised.

    `lookups` maps "Table.column" to the set of known values; references whose target
    was not supplied are not checked (a rep workbook has no Regions table, say).
    `already_bad` holds (row, column) cells that already have a type issue. `names` maps
    a lookup whose dropdown shows "code name" to each code's names (`core/listed.py`):
    such an entry is read as its code. A frame stacking several files (a `_file` column)
    is checked as each file alone would be (`PerFile`, `PerFileNames`: each file's own).
    """
    issues: list[Issue] = []
    bad_cells = already_bad or set()
    frame = typed.copy(deep=False)  # copy on write: a column set here is not typed's
    for column in spec.columns:
        key = column.key
        if key not in present:
            continue
        values = frame[key]
        if column.required:
            blank = missing(values)  # typed: every blank cell is None, NaN or NaT
            unread_rows = {r for r, k in bad_cells if k == key}
            if unread_rows:
                blank &= ~rows_mask(frame, unread_rows)
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
            listed = (names or {}).get(column.lookup)
            if listed:
                picked = _read_picks(frame, values, listed)
                issues += _name_mismatches(frame, picked, spec.name, key)
                values = picked.codes
                frame[key] = values
            unknown = ~missing(values) & ~is_known(frame, values, known)
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


def _name_mismatches(frame: pd.DataFrame, picked: Listed, sheet: str, key: str) -> list[Issue]:
    """A listed code followed by a name that is not its own: which was meant is for the
    user to say, so the row is an error that names the code's customer."""
    bad = frame.loc[picked.mismatch]
    files = bad[FILE].tolist() if FILE in bad.columns else [""] * len(bad)
    return [
        Issue(
            code="code_name_mismatch",
            args={"code": picked.codes[i], "name": picked.named[i]},
            sheet=sheet,
            row=int(row),
            column=key,
            value=show(value),
            file=file,
        )
        for i, row, value, file in zip(bad.index, bad[ROW], bad[key], files, strict=True)
    ]


def duplicate_keys(spec: Table, frame: pd.DataFrame, present: set[str]) -> list[Issue]:
    keys = [k for k in spec.key if k in present]
    if not keys or frame.empty:
        return []
    filled = ~np.logical_and.reduce([missing(frame[k]).to_numpy() for k in keys])
    within = [FILE, *keys] if FILE in frame.columns else keys  # a key repeats in its own file
    # blank key cells compare as blanks: (2026-01, blank region) repeats itself
    dup = filled & frame.duplicated(subset=within, keep="first")  # hashes, no text per row
    if not dup.any():
        return []
    first_row = frame.groupby(within, dropna=False, sort=False)[ROW].transform("first")
    bad = frame.loc[dup]
    key_text = [  # only the repeated rows: a few, so a loop is fine
        " / ".join("" if pd.isna(v) else str(v) for v in values)
        for values in bad[keys].itertuples(index=False)
    ]
    names = ColumnList(tuple(keys))
    files = bad[FILE].tolist() if FILE in bad.columns else [""] * len(bad)
    return [
        Issue(
            code="duplicate_key",
            args={"keys": names, "detail": int(first), "effect": ""},
            sheet=spec.name,
            row=int(r),
            column=keys[-1],
            value=k,
            file=f,
        )
        for r, k, first, f in zip(bad[ROW], key_text, first_row[dup], files, strict=True)
    ]
