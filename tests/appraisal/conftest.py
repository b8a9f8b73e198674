"""Appraisal tests reuse the demo company of the job tests (built once per session)."""

from tests.jobs.conftest import demo_company, demo_master

__all__ = ["demo_company", "demo_master"]
