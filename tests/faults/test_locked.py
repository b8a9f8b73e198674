"""A workbook open in Excel (its `~$name.xlsx` owner file beside it) or LibreOffice
(`.~lock.name#`) is never overwritten: the job says so in one plain sentence, the file
keeps every byte, and nothing else is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.io.ledger import Ledger
from tests.faults.conftest import copy_company, received
from tests.faults.helpers import file_hash, fingerprint, ledger_state, workbooks

PERIOD = "2026-03"
OWNERS = {"Excel": "~${}", "LibreOffice": ".~lock.{}#"}


def _lock(path: Path, program: str) -> None:
    (path.parent / OWNERS[program].format(path.name)).write_text("someone", encoding="utf-8")


@pytest.fixture
def company(demo_master: Path, tmp_path: Path) -> Path:
    return copy_company(demo_master, tmp_path / "co")


def _run(*args: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, list(args))
    assert "Traceback" not in run.output and "internal error" not in run.output, run.output
    return run.exit_code, run.output


@pytest.mark.parametrize("program", sorted(OWNERS))
def test_age_leaves_an_open_finance_workbook_alone(company: Path, program: str) -> None:
    finance = company / "finance.xlsx"
    _lock(finance, program)
    before, ledger = file_hash(finance), ledger_state(company / "ledger.sqlite")
    code, output = _run("age", str(company), "--as-of", "2026-03-31")
    assert code == 2
    assert f"salesdesk: finance.xlsx is open in {program}; close it there and run again" in output
    assert file_hash(finance) == before
    assert ledger_state(company / "ledger.sqlite") == ledger


def test_check_leaves_an_open_workbook_alone(company: Path) -> None:
    masters = company / "masters.xlsx"
    _lock(masters, "Excel")
    before = file_hash(masters)
    code, output = _run("check", str(masters))
    assert code == 2 and "masters.xlsx is open in Excel" in output
    assert file_hash(masters) == before


def test_issue_stops_at_an_open_rep_workbook_and_loses_nothing(company: Path) -> None:
    reps = sorted((company / "reps").glob("rep-*.xlsx"))
    locked = reps[len(reps) // 2]
    _lock(locked, "Excel")
    before = {p.name: file_hash(p) for p in reps}
    # re-issuing the same month rewrites these files (another month has files of its own)
    code, output = _run("issue", str(company), "--period", PERIOD)
    assert code == 2 and f"{locked.name} is open in Excel" in output
    assert f"({locked.name} was not changed)" in output
    assert file_hash(locked) == before[locked.name]
    for path in reps:  # each other file is whole: old or re-issued
        fingerprint(path)
    code, _ = _run("issue", str(company), "--period", PERIOD, "--rep", "R001")
    assert code == 0  # the rest of the company is not blocked


def test_collect_records_the_submission_when_the_marked_copy_is_open(company: Path) -> None:
    """The ledger is the record: the submission is committed; only the marked copy for
    the rep waits, with a warning saying how to get it."""
    with Ledger.open(company / "ledger.sqlite") as ledger:
        subs = ledger.submissions(period=PERIOD)
    name = str(subs.loc[subs["issue_count"] > 0, "file_name"].iloc[0])
    copy = company / "returned" / name
    _lock(copy, "Excel")
    before = file_hash(copy)
    (company / "ledger.sqlite").unlink()  # collect it as if for the first time
    for extra in ("ledger.sqlite-wal", "ledger.sqlite-shm"):
        (company / extra).unlink(missing_ok=True)
    sent = received(company, name)
    code, output = _run("collect", str(company), str(sent))
    assert code == 1  # the report has issues; collect itself completed
    assert f"{name} in returned/ is open in Excel; close it and collect again" in output
    assert file_hash(copy) == before
    with Ledger.open(company / "ledger.sqlite") as ledger:
        assert ledger.submissions(period=PERIOD)["file_name"].tolist() == [name]
    assert sent.exists() and f"returned/{name}" in set(workbooks(company))


def test_a_chinese_company_is_told_in_chinese(tmp_path: Path) -> None:
    """The file open in Excel is the commonest stop of all: a Chinese manager reads it in
    Chinese, on an English computer too (the company folder decides)."""
    from addin.jobs.init import init_company

    company = tmp_path / "zh"
    init_company(company, lang="zh", demo=True)
    finance = company / "finance.xlsx"
    _lock(finance, "Excel")
    before = file_hash(finance)
    code, output = _run("age", str(company), "--as-of", "2026-03-31")
    assert code == 2
    assert "salesdesk：finance.xlsx 正在 Excel 中打开；请先在那里关闭它再运行" in output, output
    assert "（finance.xlsx 未被改动）" in output
    assert "is open in" not in output
    assert file_hash(finance) == before
