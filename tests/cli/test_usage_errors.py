"""A mistyped command line is said in the user's language, with exit status 2.

click's own refusals are English only; a Chinese user must read what went wrong and
what to type, and an English user the same sentence in English.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main

HAN = re.compile(r"[\u4e00-\u9fff]")


def _run(args: list[str], lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, args, prog_name="salesdesk", env={"SALESDESK_LANG": lang}, terminal_width=100
    )
    return result.exit_code, result.output


def _mistakes(tmp_path: Path) -> dict[str, list[str]]:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    return {
        "missing folder": ["age", str(tmp_path / "nowhere")],
        "folder forgotten": ["split"],
        "unknown command": ["agee", str(tmp_path)],
        "unknown option": ["age", str(tmp_path), "--asof", "2026-03-31"],
        "not a date": ["age", str(tmp_path), "--as-of", "31/13/2026"],
        "not a choice": ["init", str(tmp_path / "new"), "--lang", "fr"],
        "not a number": ["init", str(tmp_path / "new"), "--seed", "seven"],
        "a file for a folder": ["age", str(a_file)],
        "a folder for a file": ["check", str(tmp_path)],
        "one too many": ["age", str(tmp_path), "extra"],
        "a value forgotten": ["age", str(tmp_path), "--as-of"],
    }


ZH_SAID = {
    "missing folder": "「{tmp}/nowhere」不存在",
    "folder forgotten": "缺少公司文件夹",
    "unknown command": "没有这个命令：agee（您是不是要输入 age？）",
    "unknown option": "没有这个选项：--asof（您是不是要输入 --as-of？）",
    "not a date": "「31/13/2026」不是日期",
    "not a choice": "「fr」不是可选的值；可选：en, zh",
    "not a number": "「seven」不是整数",
    "a file for a folder": "是文件，这里需要文件夹",
    "a folder for a file": "是文件夹，这里需要文件",
    "one too many": "多出了参数：extra",
    "a value forgotten": "选项 --as-of 后面需要一个值",
}

EN_SAID = {
    "missing folder": "'{tmp}/nowhere' does not exist",
    "folder forgotten": "missing DIRECTORY",
    "unknown command": "no such command: agee (did you mean age?)",
    "unknown option": "no such option: --asof (did you mean --as-of?)",
    "not a date": "'31/13/2026' is not a date",
    "not a choice": "'fr' is not one of en, zh",
    "not a number": "'seven' is not a whole number",
    "a file for a folder": "is a file, not a folder",
    "a folder for a file": "is a folder, not a file",
    "one too many": "unexpected extra argument(s): extra",
    "a value forgotten": "option --as-of needs a value",
}


@pytest.mark.parametrize("mistake", sorted(ZH_SAID))
def test_a_chinese_user_reads_the_mistake_in_chinese(tmp_path: Path, mistake: str) -> None:
    status, output = _run(_mistakes(tmp_path)[mistake], "zh")
    assert status == 2, output
    assert ZH_SAID[mistake].format(tmp=tmp_path) in output, output
    assert "错误：" in output
    # Nothing of click's English is left: every line that is not a path or the command
    # itself is Chinese.
    for english in ("Error:", "Usage:", "Try '", "Invalid value", "No such", "Missing"):
        assert english not in output, output
    for line in output.splitlines():
        if line.strip():
            assert HAN.search(line), line


@pytest.mark.parametrize("mistake", sorted(EN_SAID))
def test_an_english_user_reads_the_same_mistake_in_english(tmp_path: Path, mistake: str) -> None:
    status, output = _run(_mistakes(tmp_path)[mistake], "en")
    assert status == 2, output
    assert EN_SAID[mistake].format(tmp=tmp_path) in output, output
    assert "Error: " in output
    assert not HAN.search(output), output


def test_the_usage_shown_names_what_to_type_and_how_to_get_help(tmp_path: Path) -> None:
    _status, output = _run(["split"], "zh")
    assert output.splitlines()[:2] == [
        "用法： salesdesk split [选项] 公司文件夹",
        "运行「salesdesk split --help」查看帮助。",
    ]


def test_the_company_named_decides_the_language(tmp_path: Path) -> None:
    """A Chinese company's folder on an English computer: its manager reads Chinese."""
    company = tmp_path / "co"
    status, output = _run(["init", str(company), "--lang", "zh"], "en")
    assert status == 0, output
    status, output = _run(["age", str(company), "--as-of", "tomorrow"], "en")
    assert status == 2
    assert "「tomorrow」不是日期" in output, output


def test_help_and_version_still_exit_zero() -> None:
    for args in (["--help"], ["--version"], ["age", "--help"]):
        status, output = _run(args, "zh")
        assert status == 0, output
