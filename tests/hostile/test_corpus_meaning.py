"""Percents, Total Rows, date-times and customer names are read as the user meant them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import cases_meaning
from tests.hostile.base import Base
from tests.hostile.check_case import assert_case
from tests.hostile.corpus import Case


@pytest.mark.parametrize("case", cases_meaning.CASES, ids=lambda c: c.name)
def test_meaning_case(case: Case, base: Base, tmp_path: Path) -> None:
    assert_case(case, base, tmp_path)
