"""Table specs: the single definition of every workbook table (see WORKBOOKS.md)."""

from __future__ import annotations

from addin.schema.spec import Column, Table
from addin.schema.tables import ALL

TABLES: dict[str, Table] = {t.name: t for t in ALL}

#: Workbook kinds (file stems), in the order the templates are built.
WORKBOOKS: tuple[str, ...] = ("masters", "finance", "plan", "appraisal", "dashboard", "rep")


def _tables_of(stem: str, *roles: str) -> tuple[str, ...]:
    return tuple(t.name for t in ALL if t.workbook == stem and t.role in roles)


#: Tables per workbook, in the order their sheets appear (the order they are declared).
WORKBOOK_TABLES: dict[str, tuple[str, ...]] = {
    s: _tables_of(s, "input", "output") for s in WORKBOOKS
}
WORKBOOK_INPUTS: dict[str, tuple[str, ...]] = {s: _tables_of(s, "input") for s in WORKBOOKS}
WORKBOOK_OUTPUTS: dict[str, tuple[str, ...]] = {s: _tables_of(s, "output") for s in WORKBOOKS}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"no table spec named {name!r}") from None


__all__ = [
    "TABLES",
    "WORKBOOKS",
    "WORKBOOK_INPUTS",
    "WORKBOOK_OUTPUTS",
    "WORKBOOK_TABLES",
    "Column",
    "Table",
    "table",
]
