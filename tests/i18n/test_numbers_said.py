"""Numbers inside text read as a person writes them: no binary-float tails.

A message that says "last year's 212522.02000000002" (a float printed raw) is a figure
nobody can defend to a rep. Every visible string of both demo companies' workbooks and
every console line is scanned for a decimal with more digits after the point than money
or a percentage ever needs.
"""

from __future__ import annotations

import re

from addin.core.issues import amount, show
from tests.i18n.conftest import Run
from tests.i18n.scan import Seen, folder_strings

#: Five or more decimals after a digit: no amount, rate or percentage we show has them,
#: while a float printed raw nearly always does (0.1 + 0.2 → 0.30000000000000004).
_RAW_FLOAT = re.compile(r"\d\.\d{5,}")


def raw_floats(seen: list[Seen]) -> list[str]:
    return [f"{s.where}: {s.text}" for s in seen if _RAW_FLOAT.search(s.text)]


def test_raw_float_is_caught() -> None:
    assert raw_floats([Seen("x", "last year's 212522.02000000002")])
    assert not raw_floats([Seen("x", "last year's 212,522.02 (+12.5%), C00001, 2026-03-31")])


def test_zh_company_says_numbers_as_written(zh_run: Run) -> None:
    found = raw_floats([*folder_strings(zh_run.root), *zh_run.console])
    assert not found, "\n".join(found[:20])


def test_en_company_says_numbers_as_written(en_run: Run) -> None:
    found = raw_floats([*folder_strings(en_run.root), *en_run.console])
    assert not found, "\n".join(found[:20])


def test_amounts_read_as_money() -> None:
    assert amount(2286.2299999999996) == "2,286.23"
    assert amount(1489000.0) == "1,489,000"
    assert amount(-1124865.004) == "-1,124,865"
    assert amount(0.1 + 0.2) == "0.30"


def test_a_computed_value_loses_its_binary_tail_but_not_its_digits() -> None:
    assert show(3 * 0.1) == "0.3"
    assert show(0.123456789) == "0.123456789"
    assert show(12.5) == "12.5"
    assert show(2.0) == "2"
