"""One zh and one en demo company per session, run through the whole cycle, with what
the console said: built once and shared by the language tests (each build takes seconds)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from tests.i18n.scan import Seen

PERIOD = "2026-03"


@dataclass
class Run:
    root: Path
    console: list[Seen]


def _invoke(args: list[str], lang: str) -> str:
    env = {"SALESDESK_LANG": lang, "COLUMNS": "100"}
    result = CliRunner().invoke(main, args, prog_name="salesdesk", env=env)
    assert result.exit_code in (0, 1), (args, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _commands() -> list[list[str]]:
    words: list[list[str]] = [[]]
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        words.append([name])
        for sub in getattr(command, "commands", {}):
            words.append([name, sub])
    return words


def _run(root: Path, lang: str) -> Run:
    console: list[Seen] = []

    def read(args: list[str]) -> None:
        for n, line in enumerate(_invoke(args, lang).splitlines(), 1):
            console.append(Seen(f"`salesdesk {' '.join(args[:1])}` line {n}", line))

    # demo prints what init, age, split, issue, collect, appraise and dashboard each say
    # (their progress, summaries and headlines); the commands it does not run are run here.
    read(["demo", str(root), "--lang", lang])
    for args in (
        ["collect", str(root), "--period", PERIOD],
        ["status", str(root), "--period", PERIOD],
        ["check", str(root / "masters.xlsx")],
    ):
        read(args)
    init = root.parent / f"init-{lang}"
    read(["init", str(init), "--lang", lang])
    for words in _commands():
        for n, line in enumerate(_invoke([*words, "--help"], lang).splitlines(), 1):
            console.append(Seen(f"`salesdesk {' '.join(words)} --help` line {n}", line))
    return Run(root, console)


@pytest.fixture(scope="session")
def zh_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _run(tmp_path_factory.mktemp("every-zh") / "公司", "zh")


@pytest.fixture(scope="session")
def en_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _run(tmp_path_factory.mktemp("every-en") / "company", "en")
