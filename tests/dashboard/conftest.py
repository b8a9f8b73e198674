from tests.jobs.conftest import demo_company, demo_master

__all__ = ["demo_company", "demo_master"]
