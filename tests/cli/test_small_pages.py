"""A salesdesk command asks for memory in small pages (addin.runtime), unless the user set
NUMPY_MADVISE_HUGEPAGE. The switch is process-wide, so each case runs in its own Python."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from click.testing import CliRunner
from addin.cli import main
from addin.runtime import _numpy_switch
switch = _numpy_switch()
before = switch(True)
switch(before)
result = CliRunner().invoke(main, ["status", sys.argv[1]])
after = switch(before)
print(before, after, result.exit_code)
"""


def _probe(folder: Path, setting: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if setting is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = setting
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="NumPy asks only on Linux")
def test_a_command_turns_numpys_huge_pages_off(tmp_path: Path) -> None:
    before, after, _ = _probe(tmp_path, None)
    assert (before, after) == ("True", "False")


@pytest.mark.parametrize("setting", ["0", "1"])
def test_the_users_own_setting_rules(tmp_path: Path, setting: str) -> None:
    before, after, _ = _probe(tmp_path, setting)
    assert before == after == str(setting == "1")
