"""Why a file is refused is said in the user's language, like every other message."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.core.issues import Issue
from addin.i18n.oserror import os_reason
from addin.io.xlsx.safety import RefusedFile, check_workbook_file


@pytest.mark.parametrize(
    "content, english",
    [(b"", "the file is empty"), (b"name,amount\nA,1\n", "not an Excel workbook")],
)
def test_a_refusal_reads_in_both_languages(tmp_path: Path, content: bytes, english: str) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(content)
    with pytest.raises(RefusedFile) as refused:
        check_workbook_file(path)
    assert english in str(refused.value)
    said = refused.value.msg.render("zh")
    assert said.startswith("report.xlsx：") and english not in said


def test_the_command_line_refuses_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(path)], env={"SALESDESK_LANG": "zh"})
    assert result.exit_code == 2, result.output
    assert "文件是空的" in result.output and "empty" not in result.output


def test_collect_refuses_in_the_companys_language(tmp_path: Path) -> None:
    """A Chinese company's collect says why each file was refused in Chinese: on the
    console, and in the outcome it hands on (to the Excel door), on any computer."""
    from addin.jobs.collect import collect
    from addin.jobs.init import init_company

    company = tmp_path / "zh"
    init_company(company, lang="zh")
    inbox = company / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "sales.xlsx").write_bytes(b"name,amount\nA,1\n")
    result = CliRunner().invoke(main, ["collect", str(company)], env={"SALESDESK_LANG": "en"})
    assert "sales.xlsx：这不是 Excel 工作簿" in result.output, result.output
    assert "not an Excel workbook" not in result.output

    (inbox / "sales.xlsx").write_bytes(b"name,amount\nA,1\n")
    (refused,) = collect(company).data["outcomes"]  # type: ignore[misc]
    assert refused["status"] == "refused"
    assert refused["message"].startswith("sales.xlsx：这不是 Excel 工作簿"), refused


@pytest.mark.parametrize(
    "error, zh, en",
    [
        (PermissionError(errno.EACCES, "Permission denied"), "文件正被其他程序打开", "open"),
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘已满", "the disk is full"),
    ],
)
def test_why_a_file_could_not_be_moved_is_said_in_the_users_words(
    error: OSError, zh: str, en: str
) -> None:
    """A collected file that cannot be archived (open in Excel, a full disk) says why in
    the company's language, not the C library's English."""
    issue = Issue(
        code="archive_failed",
        args={"name": "rep-R001.xlsx", "period": "2026-03", "reason": os_reason(error)},
        file="rep-R001.xlsx",
    )
    assert zh in issue.text("zh") and str(error.strerror) not in issue.text("zh")
    assert en in issue.text("en")


def test_a_rare_system_refusal_keeps_the_systems_words() -> None:
    assert os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links")) == (
        "Too many levels of symbolic links"
    )
