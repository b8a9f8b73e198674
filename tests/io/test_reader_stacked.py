"""Several rep files typed and checked as one stack give each file what it gets alone:
the same rows, the same issues at the same cells — and nothing leaks from one file to
another (a row repeated in two files, visits at the same hour by two reps, a customer that
is one rep's but typed by the other)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from addin.core.reports import check_report
from addin.core.validate import PerFile
from addin.io.reader import RawTable, WorkbookFile, finish_stacked, finish_tables
from addin.schema import TABLES
from tests.conftest import make_table_book

HEADER = ["date", "customer_id", "start_time", "end_time", "visit_type", "order_amount"]
D, T = dt.datetime, dt.time
MINE = {"a.xlsx": {"C1", "C2"}, "b.xlsx": {"C3", "C4"}}
TODAY = dt.date(2026, 4, 5)


def _books(tmp_path: Path) -> list[Path]:
    shared = [D(2026, 3, 2), "C1", T(9), T(10), "visit", 100]
    a = make_table_book(
        tmp_path / "a.xlsx",
        "DailyReport",
        HEADER,
        [
            shared,
            [D(2026, 3, 2), "C3", T(11), T(12), "visit", 50],  # rep B's customer
            [D(2026, 3, 3), "C2", T(9), T(9, 30), "visit", "lots"],  # not a number
            [D(2026, 3, 3), "C2", T(9, 15), T(10), "visit", None],  # overlaps the row above
            [None, None, None, None, None, None],  # blank: not a row
            [D(2026, 3, 4), "C9 某某超市", T(9), T(10), "visit", 1],  # unknown to both
        ],
    )
    b = make_table_book(
        tmp_path / "b.xlsx",
        "DailyReport",
        list(reversed(HEADER)),  # the same columns in another order
        [
            list(reversed([D(2026, 3, 2), "C3", T(9), T(10), "visit", 100])),
            list(reversed([D(2026, 3, 2), "C3", T(9, 30), T(11), "visit", 5])),  # overlap
            list(reversed([D(2026, 3, 2), "C3", T(9), T(10), "visit", 100])),  # copy of row 2
            list(reversed([D(2026, 3, 9), "C4", "9 am", T(10), "visit", 1])),  # bad time
        ],
    )
    c = make_table_book(tmp_path / "c.xlsx", "DailyReport", HEADER, [shared])
    return [a, b, c]


def _raw(path: Path) -> RawTable:
    with WorkbookFile(path) as book:
        found = book.read_raw(TABLES["DailyReport"])
    assert isinstance(found, RawTable)
    return found


def _said(issues: list) -> list[tuple[str, str, str, str]]:
    return [(i.file, i.code, i.cell, i.value) for i in issues]


def test_a_stack_of_files_reads_and_checks_as_each_file_alone(tmp_path: Path) -> None:
    paths = _books(tmp_path)
    mine = {**MINE, "c.xlsx": {"C1"}}
    alone = [finish_tables([_raw(p)], {"MyCustomers.customer_id": mine[p.name]})[0] for p in paths]
    stacked_reads, stacked = finish_stacked(
        [_raw(p) for p in paths], {"MyCustomers.customer_id": PerFile(mine)}
    )
    for one, many in zip(alone, stacked_reads, strict=True):
        pd.testing.assert_frame_equal(one.frame, many.frame)
        assert _said(one.issues) == _said(many.issues)
    assert len(stacked) == sum(len(r.frame) for r in alone)

    # The domain rules over the stack, split by file, equal each file's own check.
    together = check_report(
        {"DailyReport": stacked},
        period="2026-03",
        customers=PerFile(mine),
        products=set(),
        today=TODAY,
    )
    for path, read in zip(paths, alone, strict=True):
        own = check_report(
            {"DailyReport": read.frame},
            period="2026-03",
            customers=mine[path.name],
            products=set(),
            today=TODAY,
        )
        theirs = [i for i in together.issues if i.file == path.name]
        assert [(i.code, i.row, i.column, i.value, i.args) for i in own.issues] == [
            (i.code, i.row, i.column, i.value, i.args) for i in theirs
        ], path.name

    codes = {(i.file, i.code, i.row) for i in together.issues}
    a_reader = {(i.code, i.cell) for i in alone[0].issues}
    assert ("not_my_customer", "B3") in a_reader  # C3 is rep B's, typed in A's file
    assert ("bad_number", "F4") in a_reader
    assert ("not_my_customer", "B7") in a_reader
    assert not any(i.code == "not_my_customer" for i in alone[1].issues)  # C3 is B's own
    assert ("a.xlsx", "overlapping_visit", 5) in codes
    assert ("b.xlsx", "overlapping_visit", 3) in codes
    assert ("b.xlsx", "duplicate_row", 4) in codes
    # a row identical to a row of another file is no copy, the same hour no overlap
    assert not any(f == "c.xlsx" for f, _, _ in codes)
    assert not any(f == "a.xlsx" and c == "duplicate_row" for f, c, _ in codes)
