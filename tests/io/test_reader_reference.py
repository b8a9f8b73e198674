"""The column-at-once checks give what a check of each cell on its own gives: the same
values and the same issues at the same cells, on a workbook typed badly on purpose —
allowed values in any case, in Chinese, with spaces, misspelt, as numbers; Chinese text
with and without spaces at its ends; ids in full-width digits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from addin.core.coerce import convert, is_blank, missing, normalise_text, scan_column
from addin.core.validate import PerFile
from addin.io.reader import RawTable, WorkbookFile
from addin.schema import TABLES
from addin.schema.vocab import VALUE_ZH
from tests.conftest import make_table_book

HEADER = ["customer_id", "name", "type", "channel", "status", "contact", "address"]
ROWS = [
    ["C001", "赣州祥鑫便利店", "retailer", "online", "active", "梁凯", "江西 赣州"],
    ["Ｃ００２", " 海东华丰烟酒副食店 ", "RETAILER", "Online", " active ", "吕晓磊", None],
    ["C003", "名字", " 零售商 ", "线上", "ACTIVE", " 王 ", "　上海　"],
    [" C004 ", "Shop", "retail shop", "web", "open", 12345, 7],
    [1005.0, "　", 12345, None, None, True, dt.datetime(2026, 3, 1)],
    ["C006", "店", "分销商", "传统渠道", "已关闭", "x", "y"],
    ["C007", "店", "Distributor", "traditional", "dormant", "x", "y"],
]


def _each_cell_allowed(allowed: tuple[str, ...], value: object) -> object:
    """The check of one cell as it was written before it ran per column."""
    canon = {v.lower(): v for v in allowed}
    canon.update({zh: en for en, zh in VALUE_ZH.items() if en in allowed})
    return canon.get(str(value).strip().lower(), canon.get(str(value).strip()))


def _each_cell_text(value: object, *, identifier: bool) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if identifier:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return normalise_text(value) if isinstance(value, str) else str(value).strip()
    return str(value).strip()


def test_column_checks_match_cell_by_cell(tmp_path: Path) -> None:
    path = make_table_book(tmp_path / "masters.xlsx", "Customers", HEADER, ROWS)
    with WorkbookFile(path) as book:
        read = book.read(TABLES["Customers"], required=False)
        raw = book.read_raw(TABLES["Customers"], required=False)
    assert isinstance(raw, RawTable)
    spec = TABLES["Customers"]
    frame = read.frame
    assert frame["_row"].tolist() == list(range(2, 2 + len(ROWS)))
    expected_issues: set[tuple[str, str, int]] = set()
    for n, row in enumerate(raw.cells.tolist()):  # each cell as the sheet holds it
        excel_row = n + 2
        for key, cell in zip(raw.keys, row, strict=True):
            column = spec.column(key)
            text = _each_cell_text(cell, identifier=column.type == "id")
            got = frame.at[n, key]
            if column.allowed and text is not None:
                canon = _each_cell_allowed(column.allowed, text)
                if canon is None:
                    expected_issues.add(("not_allowed", key, excel_row))
                    assert got == text, (key, excel_row)
                else:
                    assert got == canon, (key, excel_row)
            elif text is None:
                assert pd.isna(got), (key, excel_row)
            else:
                assert got == text, (key, excel_row)
    found = {(i.code, i.column, i.row) for i in read.issues if i.code == "not_allowed"}
    assert found == expected_issues
    # every not-allowed cell is named where the user typed it
    letters = {k: chr(ord("A") + n) for n, k in enumerate(HEADER)}
    for issue in read.issues:
        if issue.code == "not_allowed":
            assert issue.cell == f"{letters[issue.column]}{issue.row}"
            assert issue.file == "masters.xlsx"
    assert ("not_allowed", "type", 5) in found  # "retail shop"
    assert ("not_allowed", "type", 6) in found  # a number in a text column of values
    assert frame.at[2, "type"] == "retailer"  # " 零售商 "
    assert frame.at[1, "customer_id"] == "Ｃ002"  # full-width digits folded (not letters)
    assert frame.at[1, "name"] == "海东华丰烟酒副食店"  # spaces at the ends dropped
    assert frame.at[0, "address"] == "江西 赣州"  # a space inside kept


def test_per_file_lists_match_the_pair_by_pair_lookup() -> None:
    # each rep's own customers: one rep's customer typed in another rep's file is unknown
    sets = {"rep-a.xlsx": {"C1", "C2", "客户3"}, "rep-b.xlsx": {"C3", "C1 "}, "rep-c.xlsx": set()}
    rows = [
        ("rep-a.xlsx", "C1"),
        ("rep-a.xlsx", "C3"),  # rep B's customer
        ("rep-b.xlsx", "C3"),
        ("rep-b.xlsx", "C1"),  # "C1 " with a space is B's, "C1" is not
        ("rep-b.xlsx", "C1 "),
        ("rep-a.xlsx", "客户3"),
        ("rep-c.xlsx", "C1"),
        ("rep-a.xlsx", None),
        ("rep-b.xlsx", float("nan")),
        ("rep-a.xlsx", "rep-a.xlsx"),
    ]
    files = pd.Series([f for f, _ in rows], dtype=object)
    values = pd.Series([v for _, v in rows], dtype=object)
    expected = [v in sets[f] if isinstance(v, str) else False for f, v in rows]
    assert PerFile(sets).holds(files, values).tolist() == expected
    mixed = pd.Series([*values.tolist()[:-1], 7.0], dtype=object)  # not all text: row by row
    assert PerFile(sets).holds(files, mixed).tolist() == [*expected[:-1], False]


def test_blank_cells_found_by_column_match_cell_by_cell() -> None:
    # a column of numbers or dates has no text to strip; any text goes the long way
    columns = [
        [1.0, None, 2.5, float("nan")],
        [dt.datetime(2026, 3, 1), None, dt.date(2026, 3, 2), pd.NaT],
        [None, 3.0, "", " "],
        [None, "a", " ", "　"],
        [True, None, 0.0],
        ["", None],
        [],
    ]
    for cells in columns:
        expected = [v is None or v != v or (isinstance(v, str) and not v.strip()) for v in cells]
        assert is_blank(pd.Series(cells, dtype=object)).tolist() == expected, cells


#: Columns as a sheet gives them, with the blanks and mixtures that decide the fast paths.
SCANNED = [
    [1.0, 2.5, 3.0],
    [1.0, None, 2.5, float("nan")],
    [1, 2, None],
    [float("nan"), None],
    [dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 2)],
    [dt.datetime(2026, 3, 1), None, pd.NaT],
    [dt.date(2026, 3, 1), dt.date(2026, 3, 2)],
    [None, dt.date(2026, 3, 1)],
    ["C1", "C2", "客户3"],
    ["C1", "", "C3"],
    ["C1", None],
    [None, "C1", "C2"],
    [" C1", "C2"],
    [True, False],
    [1.0, "x"],
    [],
]


def test_a_column_scan_says_what_inferring_its_filled_cells_says() -> None:
    # what the scan saw is reused by the converters, so it must be what they would see
    for cells in SCANNED:
        values = pd.Series(cells, dtype=object)
        scan = scan_column(values)
        expected = [v is None or v != v or (isinstance(v, str) and not v.strip()) for v in cells]
        assert scan.blank.tolist() == expected, cells
        filled = values[~scan.blank]
        if scan.kind is not None:
            assert scan.kind == pd.api.types.infer_dtype(filled, skipna=True), cells
        if scan.text is not None:
            assert not scan.blank.any() and scan.text.split("\x00") == cells, cells


def test_missing_cells_are_those_pandas_calls_missing() -> None:
    for cells in SCANNED:
        values = pd.Series(cells, dtype=object)
        assert missing(values).tolist() == values.isna().tolist(), cells
    for typed in (pd.Series([1.0, None]), pd.Series(["a", None], dtype="string")):
        assert missing(typed).tolist() == typed.isna().tolist()


def test_converting_with_a_scan_gives_what_converting_alone_gives() -> None:
    kinds = ("number", "int", "date", "text", "id", "month", "time", "pct")
    for cells in SCANNED:
        values = pd.Series(cells, dtype=object)
        for kind in kinds:
            alone = convert(values, kind)
            scanned = convert(values, kind, scan=scan_column(values))
            pd.testing.assert_series_equal(alone.values, scanned.values)
            pd.testing.assert_series_equal(alone.bad, scanned.bad)


def test_a_date_column_of_only_true_and_false_is_reported_not_a_crash(tmp_path: Path) -> None:
    # TRUE is neither a date nor the serial 1: every such cell is a located bad date
    header = ["payment_id", "date", "customer_id", "amount"]
    rows = [["P1", True, "C1", 10.0], ["P2", False, "C2", 20.0], ["P3", None, "C3", 30.0]]
    path = make_table_book(tmp_path / "finance.xlsx", "Payments", header, rows)
    with WorkbookFile(path) as book:
        read = book.read(TABLES["Payments"])
    found = {(i.code, i.row) for i in read.issues}
    assert {("bad_date", 2), ("bad_date", 3), ("required_blank", 4)} <= found
    assert read.frame["date"].isna().all()
    assert read.frame["amount"].tolist() == [10.0, 20.0, 30.0]
