"""The hostile corpus: each case is one damaged, odd or dangerous workbook and the exact
outcome the product must give for it.

A case starts from a copy of a clean file of the base company (`tests/hostile/base.py`),
changes one thing (`make`), and states what `salesdesk check FILE` or `salesdesk collect
DIR FILE` must answer: the exit status and the exact set of issues as (code, "Table!Cell"),
or the one plain sentence of a refusal. Cases are built at test time; nothing binary is
stored in the repository.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.hostile.mutate import BookEdit, edit_book, put

#: The command a case goes through: "check" (check FILE) or "collect" (collect DIR FILE).
Door = str
#: The clean file a case starts from: "masters", "finance", "plan", "appraisal" or "rep".
BaseBook = str
#: A located issue as the user sees it: (code, "Table!C3"); a whole-table issue is
#: (code, "Table"), a refusal of a file during collect is ("refused", "").
Where = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Expect:
    exit: int  # 0 done, 1 located issues, 2 refused
    issues: frozenset[Where] = frozenset()
    refusal: str = ""  # a fragment of the plain sentence that refuses the file
    #: (table, Excel row, column key, value the reader must deliver) read back afterwards
    reads: tuple[tuple[str, int, str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    base: BaseBook
    tables: tuple[str, ...]  # the input tables the case exercises
    make: Callable[[Path], Path]  # the copied clean file → the file to run
    expect: Expect
    door: Door = "check"
    #: pytest marks by name: "slow" (large files), "libreoffice" (needs soffice)
    marks: tuple[str, ...] = field(default=())


def located(
    *where: Where, exit: int = 1, reads: Iterable[tuple[str, int, str, Any]] = ()
) -> Expect:
    return Expect(exit, frozenset(where), reads=tuple(reads))


def accepted(*reads: tuple[str, int, str, Any], warnings: Iterable[Where] = ()) -> Expect:
    return Expect(0, frozenset(warnings), reads=tuple(reads))


def refused(fragment: str, *, door: Door = "check") -> Expect:
    if door == "collect":  # collect goes on with other files: the file is refused as an issue
        return Expect(1, frozenset({("refused", "")}), refusal=fragment)
    return Expect(2, refusal=fragment)


def edits(*changes: BookEdit) -> Callable[[Path], Path]:
    return lambda path: edit_book(path, *changes)


def chain(*makers: Callable[[Path], Path]) -> Callable[[Path], Path]:
    """Several changes one after the other (each may return a new path)."""

    def make(path: Path) -> Path:
        for maker in makers:
            path = maker(path)
        return path

    return make


def typed(sheet: str, cells: Mapping[str, Any]) -> Callable[[Path], Path]:
    """The user types `cells` into `sheet` (text stays text, `Err` is an error cell)."""
    return edits(put(sheet, cells))


def case(
    name: str,
    base: BaseBook,
    sheet: str,
    cells: Mapping[str, Any],
    expect: Expect,
    *,
    door: Door = "check",
    tables: tuple[str, ...] = (),
) -> Case:
    """The common case: values typed into cells of one table."""
    return Case(name, base, tables or (sheet,), typed(sheet, cells), expect, door)


def all_cases() -> list[Case]:
    from tests.hostile import (
        cases_books,
        cases_files,
        cases_forms,
        cases_layout,
        cases_masters,
        cases_meaning,
        cases_rep,
    )

    out: list[Case] = []
    modules = (cases_masters, cases_books, cases_rep, cases_forms, cases_layout, cases_files)
    for module in (*modules, cases_meaning):
        out += module.CASES
    names = [c.name for c in out]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"case names must be unique: {duplicates}"
    return out
