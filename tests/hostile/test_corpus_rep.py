"""Every hostile rep workbook case gives exactly its stated outcome (collect or check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import cases_rep
from tests.hostile.base import Base
from tests.hostile.check_case import assert_case
from tests.hostile.corpus import Case


@pytest.mark.parametrize("case", cases_rep.CASES, ids=lambda c: c.name)
def test_rep_case(case: Case, base: Base, tmp_path: Path) -> None:
    assert_case(case, base, tmp_path)
