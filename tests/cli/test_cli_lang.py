"""The command line speaks the company's language: help, usage, headings and results."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.io.xlsx import safety
from addin.jobs.init import init_company


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_follows_salesdesk_lang(runner: CliRunner) -> None:
    zh = runner.invoke(main, ["--help"], env={"SALESDESK_LANG": "zh"})
    assert zh.exit_code == 0
    assert "用法：" in zh.output and "命令：" in zh.output
    assert "新建公司文件夹" in zh.output  # init's one-line help
    assert "显示本帮助并退出。" in zh.output
    en = runner.invoke(main, ["--help"], env={"SALESDESK_LANG": "en"})
    assert "Usage:" in en.output and "Create a company folder" in en.output
    assert "用法" not in en.output


def test_a_commands_help_follows_the_company_folder(runner: CliRunner, tmp_path: Path) -> None:
    init_company(tmp_path / "co", lang="zh")
    out = runner.invoke(
        main, ["age", str(tmp_path / "co"), "--help"], env={"SALESDESK_LANG": "", "LANG": "en_US"}
    )
    assert out.exit_code == 0
    assert "应收账款" in out.output and "按该日期的账面情况计算账龄。" in out.output
    assert "Receivables" not in out.output


def test_a_subgroups_help_is_localised(runner: CliRunner) -> None:
    out = runner.invoke(main, ["addin", "--help"], env={"SALESDESK_LANG": "zh"})
    assert "生成、安装、卸载" in out.output and "移除" in out.output


def test_results_are_said_in_the_company_language(runner: CliRunner, tmp_path: Path) -> None:
    init_company(tmp_path / "co", lang="zh")
    out = runner.invoke(main, ["status", str(tmp_path / "co"), "--period", "2026-03"])
    assert "提交情况：已完成" in out.output


def test_a_command_reads_each_workbook_once_to_learn_the_language_and_run(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The language is asked for by the help option, the progress display and the job.
    # init left the typed masters cached, so the first command scans no masters.xlsx;
    # a new version of the file is opened and safety-scanned once, then cached again.
    init_company(tmp_path / "co", lang="zh")
    scanned: list[str] = []
    real = safety._check_file

    def counting(path: Path, limits: safety.Limits) -> safety.Survey:
        scanned.append(path.name)
        return real(path, limits)

    monkeypatch.setattr(safety, "_check_file", counting)
    out = runner.invoke(main, ["age", str(tmp_path / "co"), "--as-of", "2026-03-31"])
    assert out.exit_code in (0, 1), out.output
    assert "账龄" in out.output or "应收" in out.output
    assert scanned.count("masters.xlsx") == 0
    assert scanned.count("finance.xlsx") == 1
    masters = tmp_path / "co" / "masters.xlsx"
    masters.write_bytes(masters.read_bytes())  # the same bytes, but written again
    again = runner.invoke(main, ["age", str(tmp_path / "co"), "--as-of", "2026-03-31"])
    assert "账龄" in again.output or "应收" in again.output
    assert scanned.count("masters.xlsx") == 1
    runner.invoke(main, ["age", str(tmp_path / "co"), "--as-of", "2026-03-31"])
    assert scanned.count("masters.xlsx") == 1
