from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from addin.jobs.demo_cycle import run_demo


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The small demo company after one whole cycle (built once, copied per test)."""
    root = tmp_path_factory.mktemp("demo") / "co"
    run_demo(root)
    return root


@pytest.fixture
def demo_company(demo_master, tmp_path) -> Path:
    root = tmp_path / "co"
    shutil.copytree(demo_master, root)
    return root
