"""The assertions every hostile case must pass, shared by the corpus test files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.base import Base
from tests.hostile.corpus import Case
from tests.hostile.runner import CaseResult, run_case


def assert_case(case: Case, base: Base, work: Path) -> CaseResult:
    result = run_case(case, base, work)
    expect = case.expect
    assert not result.traceback, result.output
    assert result.exit == expect.exit, f"exit {result.exit}, not {expect.exit}:\n{result.output}"
    if expect.refusal:
        assert expect.refusal in result.output, result.output
        if case.door == "check":  # one plain sentence, nothing else
            lines = [line for line in result.output.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("salesdesk: "), result.output
    else:
        assert result.issues == set(expect.issues), (
            f"missing {set(expect.issues) - result.issues}, "
            f"unexpected {result.issues - set(expect.issues)}"
        )
    assert not result.changed, f"typed values changed: {result.changed[:5]}"
    assert not result.formulas, f"cells became live formulas: {result.formulas}"
    assert not result.reads, result.reads
    return result


def params(cases: list[Case]) -> list[Any]:
    """pytest parameters for `cases`, with each case's marks (slow, libreoffice)."""
    out = []
    for case in cases:
        marks = [getattr(pytest.mark, m) for m in case.marks]
        if "libreoffice" in case.marks:
            marks.append(
                pytest.mark.skipif(
                    not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed"
                )
            )
        out.append(pytest.param(case, marks=marks, id=case.name))
    return out
