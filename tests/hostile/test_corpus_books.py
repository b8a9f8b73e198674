"""Every hostile finance, plan and appraisal case gives exactly its stated outcome through
`salesdesk check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import cases_books
from tests.hostile.base import Base
from tests.hostile.check_case import assert_case
from tests.hostile.corpus import Case


@pytest.mark.parametrize("case", cases_books.CASES, ids=lambda c: c.name)
def test_books_case(case: Case, base: Base, tmp_path: Path) -> None:
    assert_case(case, base, tmp_path)
