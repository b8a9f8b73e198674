"""`salesdesk demo DIR`: the demo company through every job that exists."""

from __future__ import annotations

from pathlib import Path

from addin.jobs.check import check
from addin.jobs.init import Size, init_company
from addin.jobs.result import JobResult


def run_demo(root: Path, *, lang: str = "en", size: Size = "small", seed: int = 7) -> JobResult:
    result = init_company(root, lang=lang, demo=True, size=size, seed=seed)
    steps = [check(Path(root) / "masters.xlsx")]
    for step in steps:
        result.issues += step.issues
        result.summary += step.summary
        result.summary.append(step.headline())
    result.job = "demo"
    return result
