"""`--help` lines up and fits the terminal in Chinese as in English."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.cli_format import wrap_wide
from addin.i18n.width import display_width

WIDTH = 60


def _help(args: list[str], lang: str) -> list[str]:
    env = {"SALESDESK_LANG": lang}
    result = CliRunner().invoke(
        main, [*args, "--help"], prog_name="salesdesk", env=env, terminal_width=WIDTH
    )
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def _descriptions_start(lines: list[str], heading: str) -> set[int]:
    """Display columns where the described rows of section `heading` start their text."""
    at = lines.index(heading) + 1
    starts = set()
    for line in lines[at:]:
        if not line.startswith("  "):
            break
        term, gap, text = line.strip().partition("  ")
        if gap and text.strip() and not line.startswith(" " * 4):
            starts.add(display_width(line[: line.index(text.lstrip(), len(term) + 2)]))
    return starts


@pytest.mark.parametrize("lang, heading", [("zh", "选项："), ("en", "Options:")])
def test_option_descriptions_line_up(lang: str, heading: str) -> None:
    lines = _help(["collect"], lang)
    assert len(_descriptions_start(lines, heading)) == 1, "\n".join(lines)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", [[], ["collect"], ["age"], ["addin", "install"]])
def test_every_line_fits_the_terminal(lang: str, command: list[str]) -> None:
    for line in _help(command, lang):
        if not line.startswith(("Usage:", "用法：")):  # click's usage line is not wrapped
            assert display_width(line) <= WIDTH, line


def test_chinese_wraps_between_characters_and_keeps_punctuation_with_its_line() -> None:
    lines = wrap_wide("检查交回的业务员工作簿（默认取 inbox/ 文件夹），并记入台账。", 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert (
        "".join(lines).replace(" ", "")
        == "检查交回的业务员工作簿（默认取inbox/文件夹），并记入台账。"
    )
    assert not any(line[0] in "，。）" for line in lines)
    assert wrap_wide("Check returned rep workbooks and commit them", 20) == [
        "Check returned rep",
        "workbooks and commit",
        "them",
    ]
