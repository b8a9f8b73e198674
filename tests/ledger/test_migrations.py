"""Schema versions: applied in order in one transaction; a newer ledger is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, select, text

from addin.io.ledger import Ledger, LedgerError, LedgerTooNew
from addin.io.ledger import migrations as mig
from addin.io.ledger.engine import make_engine
from addin.io.ledger.tables import schema_version
from tests.ledger.data import daily_report, job, submit_job


def _versions(ledger: Ledger) -> list[int]:
    with ledger.engine.connect() as conn:
        return list(
            conn.execute(
                select(schema_version.c.version).order_by(schema_version.c.version)
            ).scalars()
        )


def test_a_new_ledger_gets_every_migration_once(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        assert _versions(ledger) == [m.version for m in mig.MIGRATIONS]
    with Ledger.open(ledger_url) as ledger:
        assert _versions(ledger) == [m.version for m in mig.MIGRATIONS]


def test_a_ledger_newer_than_the_code_is_refused_untouched(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger:
        submit_job(ledger, job("R001"))
        with ledger.engine.begin() as conn:
            conn.execute(
                schema_version.insert().values(
                    version=mig.code_version() + 5, applied_at=mig._utcnow(), note="from the future"
                )
            )
    with pytest.raises(LedgerTooNew, match=r"schema version \d+.*update SalesDesk"):
        Ledger.open(ledger_url)
    ledger = Ledger(make_engine(ledger_url))  # past the version check, to look inside
    assert len(ledger.submissions()) == 1
    assert _versions(ledger)[-1] == mig.code_version() + 5
    ledger.close()


def test_pending_migrations_run_in_order(ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Ledger.open(ledger_url) as ledger:
        submit_job(ledger, job("R001"))
    ran: list[int] = []

    def step(version: int) -> mig.Migration:
        def apply(conn: Connection) -> None:
            ran.append(version)
            conn.execute(text(f"CREATE TABLE extra_{version} (x INTEGER)"))

        return mig.Migration(version, f"step {version}", apply)

    base = mig.code_version()
    monkeypatch.setattr(mig, "MIGRATIONS", [*mig.MIGRATIONS, step(base + 1), step(base + 2)])
    with Ledger.open(ledger_url) as ledger:
        assert ran == [base + 1, base + 2]
        assert _versions(ledger)[-2:] == [base + 1, base + 2]
        assert len(ledger.counted("DailyReport")) == job("R001")["rows"]
    with Ledger.open(ledger_url):
        assert ran == [base + 1, base + 2]  # nothing runs twice


def test_a_failing_migration_leaves_the_ledger_as_it_was(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Ledger.open(ledger_url).close()
    base = mig.code_version()

    def creates(conn: Connection) -> None:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))

    def fails(conn: Connection) -> None:
        raise RuntimeError("migration bug")

    monkeypatch.setattr(
        mig,
        "MIGRATIONS",
        [
            *mig.MIGRATIONS,
            mig.Migration(base + 1, "ok", creates),
            mig.Migration(base + 2, "broken", fails),
        ],
    )
    with pytest.raises(RuntimeError, match="migration bug"):
        Ledger.open(ledger_url)
    monkeypatch.undo()
    with Ledger.open(ledger_url) as ledger:
        assert _versions(ledger)[-1] == base
        with ledger.engine.connect() as conn:
            assert not inspect(conn).has_table("half_done")


def test_a_column_added_to_a_spec_is_added_to_an_existing_ledger(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as ledger, ledger.engine.begin() as conn:
        # As if the ledger was made before `feedback` was part of the DailyReport spec.
        conn.execute(text("ALTER TABLE rows_daily_report DROP COLUMN feedback"))
    with Ledger.open(ledger_url) as ledger:
        spec = job("R001")
        submit_job(ledger, spec)
        back = ledger.counted("DailyReport")["feedback"]
        sent = daily_report(spec)["feedback"]
        assert sent.notna().any()
        assert back.isna().tolist() == sent.isna().tolist()
        assert back.dropna().tolist() == sent.dropna().tolist()


def test_a_file_that_is_not_a_ledger_gives_a_plain_error(tmp_path: Path) -> None:
    junk = tmp_path / "ledger.sqlite"
    junk.write_bytes(b"this is a spreadsheet, honest" * 100)
    with pytest.raises(LedgerError, match="cannot open the ledger"):
        Ledger.open(junk)


def test_a_chinese_company_is_told_in_chinese_that_its_ledger_is_newer(tmp_path: Path) -> None:
    """A colleague updated SalesDesk and the ledger with it: the manager on the old
    version reads, in the company's language, what to do; nothing is changed."""
    from click.testing import CliRunner

    from addin.cli import main
    from addin.jobs.init import init_company

    company = tmp_path / "zh"
    init_company(company, lang="zh", demo=True)
    ledger_file = company / "ledger.sqlite"
    with Ledger.open(ledger_file) as ledger, ledger.engine.begin() as conn:
        conn.execute(
            schema_version.insert().values(
                version=mig.code_version() + 1, applied_at=mig._utcnow(), note="newer"
            )
        )
    before = ledger_file.read_bytes()
    run = CliRunner().invoke(main, ["age", str(company), "--as-of", "2026-03-31"])
    assert run.exit_code == 2, run.output
    assert f"而本版 SalesDesk 只支持到版本 {mig.code_version()}" in run.output, run.output
    assert "请先升级 SalesDesk 再使用（台账未被改动）" in run.output
    assert "schema version" not in run.output
    assert ledger_file.read_bytes() == before
