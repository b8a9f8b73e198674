"""Every accepted form is read as the value it means; every rejected form is located."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import cases_forms
from tests.hostile.base import Base
from tests.hostile.check_case import assert_case
from tests.hostile.corpus import Case


@pytest.mark.parametrize("case", cases_forms.CASES, ids=lambda c: c.name)
def test_form_case(case: Case, base: Base, tmp_path: Path) -> None:
    assert_case(case, base, tmp_path)
