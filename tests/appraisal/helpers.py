"""Small helpers shared by the appraisal job tests."""

from __future__ import annotations

import pandas as pd

from addin.jobs.result import JobResult


def scorecard_of(job: JobResult) -> pd.DataFrame:
    """The Python-computed scorecard a job hands back."""
    frame = job.data["scorecard"]
    assert isinstance(frame, pd.DataFrame)
    return frame
