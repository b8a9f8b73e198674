"""Each issued rep workbook holds only that rep's data.

Every part of every file is scanned — cells of all sheets (hidden ones too), shared
strings, defined names, data-validation lists, comments, document properties — for any
other rep's customer ids and names, rep ids and names, invoices, and target figures; the
targets the rep does get must be exactly theirs, formulas carry no cached values, and
nothing links outside the file. The plan is split first (`salesdesk split`), so targets
exist, then `salesdesk issue` writes the workbooks.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.io.company import load_masters
from addin.io.identity import read_identity
from addin.io.ledger import Ledger
from addin.io.reader import WorkbookFile
from addin.schema import TABLES
from tests.faults.conftest import copy_company

PERIOD = "2026-03"
_FORMULA_CELL = re.compile(r"<c\b[^>]*>\s*<f\b[^>]*>.*?</f>\s*<v>([^<]+)</v>", re.S)
_VALIDATION = re.compile(r"<formula1>(.*?)</formula1>", re.S)
FORBIDDEN_PARTS = (
    "xl/externalLinks/",
    "xl/pivotCache",
    "xl/connections",
    "xl/queryTables",
    "customXml/",
    "xl/vbaProject",
)


@dataclass(frozen=True)
class Company:
    root: Path
    customers: pd.DataFrame
    reps: pd.DataFrame
    cube: pd.DataFrame  # this period's targets
    invoices: pd.DataFrame


@pytest.fixture(scope="module")
def company(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Company:
    root = copy_company(demo_master, tmp_path_factory.mktemp("isolation") / "co")
    runner = CliRunner()
    if importlib.util.find_spec("addin.jobs.split") is not None:
        split = runner.invoke(main, ["split", str(root)])
        assert split.exit_code in (0, 1), split.output
    issued = runner.invoke(main, ["issue", str(root), "--period", PERIOD])
    assert issued.exit_code in (0, 1), issued.output
    masters = load_masters(root / "masters.xlsx")
    with Ledger.open(root / "ledger.sqlite") as ledger:
        cube = ledger.targets(int(PERIOD[:4]))
    cube = cube.loc[cube["month"] == PERIOD] if not cube.empty else cube
    with WorkbookFile(root / "finance.xlsx") as book:
        invoices = book.read(TABLES["SalesLines"]).frame
    return Company(root, masters.customers, masters.reps, cube, invoices)


def _text(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {
            n: zf.read(n).decode("utf-8", "replace")
            for n in zf.namelist()
            if not n.endswith((".bin", ".png", ".jpeg", ".emf"))
        }


def _word(token: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(token)}(?![0-9])")


def _foreign_tokens(company: Company, rep: str) -> dict[str, str]:
    """What must never appear in `rep`'s file: token → what it is."""
    reps = company.reps.set_index("rep_id")
    manager = reps.loc[rep, "manager_id"] if rep in reps.index else None
    own = company.customers.loc[company.customers["rep_id"] == rep]
    others = company.customers.loc[company.customers["rep_id"] != rep]
    tokens = {str(c): "another rep's customer" for c in others["customer_id"]}
    own_names = set(own["name"])
    tokens |= {str(n): "another rep's customer name" for n in set(others["name"]) - own_names}
    for rid, row in reps.iterrows():
        if rid not in (rep, manager):  # a rep may know who their manager is
            tokens[str(rid)] = "another rep's id"
            tokens[str(row["name"])] = "another rep's name"
    theirs = company.invoices.loc[company.invoices["rep_id"] != rep, "invoice_id"]
    tokens |= {str(i): "another rep's invoice" for i in theirs.drop_duplicates().head(300)}
    return tokens


def _issued(company: Company) -> list[tuple[str, Path]]:
    out = []
    for path in sorted((company.root / "reps").glob("rep-*.xlsx")):
        who = read_identity(path)
        assert who is not None and who.period == PERIOD, path.name
        out.append((who.rep_id, path))
    assert len(out) >= 5
    return out


def test_no_rep_workbook_holds_anything_of_another_rep(company: Company) -> None:
    for rep, path in _issued(company):
        parts = _text(path)
        text = "\n".join(parts.values())
        found = [
            f"{what} {token!r}"
            for token, what in _foreign_tokens(company, rep).items()
            if (_word(token).search(text) if token[:1].isascii() else token in text)
        ]
        assert not found, f"{path.name}: {found[:8]}"
        assert not [n for n in parts if n.startswith(FORBIDDEN_PARTS)], path.name


def test_each_rep_gets_exactly_their_own_targets(company: Company) -> None:
    if company.cube.empty:
        pytest.skip("no plan in the ledger: split did not produce targets")
    keys = ["customer_id", "product_id"]
    seen_targets = False
    for rep, path in _issued(company):
        with WorkbookFile(path) as book:
            got = book.read(TABLES["MyTargets"], required=False).frame
        mine = company.cube.loc[company.cube["rep_id"] == rep]
        mine = mine.loc[(mine["sales_target"] > 0) | (mine["collection_target"] > 0)]
        assert sorted(map(tuple, got[keys].to_numpy())) == sorted(map(tuple, mine[keys].to_numpy()))
        assert got["sales_target"].sum() == pytest.approx(mine["sales_target"].sum())
        others = company.cube.loc[company.cube["rep_id"] != rep]
        foreign_totals = others.groupby("rep_id")["sales_target"].sum()
        own_numbers = set(got["sales_target"]) | set(got["collection_target"])
        text = "\n".join(_text(path).values())
        for other, total in foreign_totals.items():
            if total and total not in own_numbers:
                assert not _word(f"{total:g}").search(text), f"{path.name}: {other}'s total"
        seen_targets |= not got.empty
    assert seen_targets, "no rep received targets: the test would prove nothing"


def test_rep_workbooks_hold_their_own_data_and_nothing_hidden(company: Company) -> None:
    """The positive side: every open customer of the rep is listed. And nothing can
    carry data unseen: no cached formula results, no hidden sheets, validation lists
    only from the file itself."""
    customers = company.customers
    for rep, path in _issued(company):
        with WorkbookFile(path) as book:
            mine = book.read(TABLES["MyCustomers"], required=False).frame
        listed = set(mine["customer_id"])
        open_ = customers.loc[(customers["rep_id"] == rep) & (customers["status"] != "closed")]
        assert listed == set(open_["customer_id"]), path.name
        # the customer dropdowns' entries: each of these customers as "code name", no other
        names = dict(zip(open_["customer_id"], open_["name"], strict=True))
        assert sorted(mine["listed_as"]) == sorted(f"{c} {names[c]}" for c in listed), path.name
        parts = _text(path)
        workbook = parts["xl/workbook.xml"]
        assert 'state="hidden"' not in workbook and 'state="veryHidden"' not in workbook
        for name, xml in parts.items():
            if name.startswith("xl/worksheets/"):
                assert not _FORMULA_CELL.search(xml), f"{path.name} {name}: cached result"
                for formula in _VALIDATION.findall(xml):
                    assert "[" not in formula, f"{path.name}: validation from another file"
