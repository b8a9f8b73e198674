"""The monthly routine from the command line: file names carry the period, month
arguments are read in one place, mistakes in the command are exit 2 with one sentence,
and a workbook open in Excel stops a command with its sentence and nothing else."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.io.identity import read_identity
from tests.hostile.base import build_base


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_base(tmp_path_factory.mktemp("routine")).company


def run(*args: str) -> tuple[int, str, str]:
    """The real command in its own process: what a user sees, exit-time noise included."""
    done = subprocess.run(
        [sys.executable, "-m", "addin.cli", *args], capture_output=True, text=True, timeout=300
    )
    return done.returncode, done.stdout, done.stderr


def test_each_month_gets_its_own_file_and_a_short_month_is_read(company: Path) -> None:
    march = company / "reps" / "rep-R001-2026-03.xlsx"
    before = march.read_bytes()
    result = CliRunner().invoke(
        main, ["issue", str(company), "--period", "2026-4", "--rep", "R001"]
    )
    assert result.exit_code == 0, result.output
    april = company / "reps" / "rep-R001-2026-04.xlsx"
    who = read_identity(april)
    assert who is not None and who.period == "2026-04"
    assert march.read_bytes() == before  # issuing April never overwrites March


def test_a_month_that_is_not_one_is_refused_before_anything_is_written(company: Path) -> None:
    before = sorted(p.name for p in (company / "reps").iterdir())
    result = CliRunner().invoke(main, ["issue", str(company), "--period", "2026-13"])
    assert result.exit_code == 2
    assert "'2026-13' is not a month; write it as YYYY-MM" in result.output
    assert sorted(p.name for p in (company / "reps").iterdir()) == before


def test_an_unknown_rep_is_exit_2_with_a_sentence(company: Path) -> None:
    result = CliRunner().invoke(main, ["issue", str(company), "--rep", "R999"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "salesdesk: rep R999 is not in masters.xlsx (Reps); nothing was issued"
    )


def test_a_file_that_does_not_exist_is_exit_2_with_a_sentence(company: Path) -> None:
    missing = company / "inbox" / "rep-R001-2026-13.xlsx"
    result = CliRunner().invoke(main, ["collect", str(company), str(missing)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"salesdesk: {missing}: no such file"


def test_the_headline_names_the_workbook_to_open(company: Path, tmp_path: Path) -> None:
    import openpyxl

    masters = tmp_path / "masters.xlsx"
    masters.write_bytes((company / "masters.xlsx").read_bytes())
    book = openpyxl.load_workbook(masters)
    book["Customers"]["C2"].value = "tv-shop"
    book.save(masters)
    result = CliRunner().invoke(main, ["check", str(masters)])
    assert result.exit_code == 1
    assert "see the Issues sheet of masters.xlsx" in result.output


def test_a_workbook_open_in_excel_gives_one_sentence_and_nothing_else(company: Path) -> None:
    lock = company / ".~lock.dashboard.xlsx#"
    lock.write_text("Wang Lei,host,1,2026-03-31,\n")
    try:
        code, out, err = run("dashboard", str(company))
    finally:
        lock.unlink()
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        "salesdesk: dashboard.xlsx is open in LibreOffice; close it there and run again "
        "(dashboard.xlsx was not changed)"
    ]


def test_an_unsaved_streamed_workbook_leaves_no_noise_at_exit(tmp_path: Path) -> None:
    """The cause of the fifteen "Exception ignored" blocks: a write-only workbook whose
    save is refused must let go of its sheet streams itself."""
    target = tmp_path / "dashboard.xlsx"
    (tmp_path / ".~lock.dashboard.xlsx#").write_text("someone,host,1,2026-03-31,\n")
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from openpyxl import Workbook
        from addin.io.atomic import FileLocked
        from addin.io.writer import save
        book = Workbook(write_only=True)
        for n in range(3):
            sheet = book.create_sheet(f"S{{n}}")
            sheet.append([1, 2, 3])
        try:
            save(book, Path({str(target)!r}))
        except FileLocked as exc:
            print(exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "is open in" in done.stdout
    assert done.stderr == ""
    assert not target.exists()


def test_collected_files_leave_the_inbox_for_the_archive_and_collect_again_is_quiet(
    tmp_path: Path,
) -> None:
    from addin.io.ledger import Ledger, file_sha256

    company = build_base(tmp_path).company
    sent = company / "inbox" / "rep-R001-2026-03.xlsx"
    received = sent.read_bytes()
    first = CliRunner().invoke(main, ["collect", str(company)])
    assert first.exit_code == 0, first.output
    kept = company / "archive" / "2026-03" / sent.name
    assert not sent.exists() and kept.read_bytes() == received  # byte-identical
    with Ledger.open(company / "ledger.sqlite") as ledger:
        (digest,) = ledger.submissions(period="2026-03")["file_hash"]
    assert digest == file_sha256(kept)
    again = CliRunner().invoke(main, ["collect", str(company)])
    assert again.exit_code == 0
    assert "nothing to collect" in again.output
    assert not (company / "returned").exists() or not any((company / "returned").iterdir())


def test_a_customer_picked_as_code_and_name_is_stored_as_its_code(tmp_path: Path) -> None:
    import openpyxl

    from addin.io.ledger import Ledger

    company = build_base(tmp_path).company
    sent = company / "inbox" / "rep-R001-2026-03.xlsx"
    book = openpyxl.load_workbook(sent)
    book["DailyReport"]["B2"].value = "C001 Harbour Foods"  # as the pick list shows it
    book.save(sent)
    result = CliRunner().invoke(main, ["collect", str(company)])
    assert result.exit_code == 0, result.output
    with Ledger.open(company / "ledger.sqlite") as ledger:
        daily = ledger.counted("DailyReport", period="2026-03")
    assert daily.loc[daily["row_no"] == 2, "customer_id"].tolist() == ["C001"]
