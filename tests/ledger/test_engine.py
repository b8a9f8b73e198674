"""Where the ledger lives, how SQLite is set up, and SQL tables built from the specs."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Date, Float, Integer, String, Text, Time

from addin.io.ledger import ENV_VAR, Ledger, resolve_url
from addin.io.ledger.engine import to_url
from addin.io.ledger.tables import BASE_COLUMNS, ROWS, STORED, snake
from addin.schema import TABLES


def test_env_beats_settings_beats_the_company_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    default = resolve_url(tmp_path, "")
    assert default == f"sqlite:///{(tmp_path / 'ledger.sqlite').resolve()}"
    assert resolve_url(tmp_path, "postgresql://db/sales") == "postgresql://db/sales"
    monkeypatch.setenv(ENV_VAR, "sqlite:////srv/shared/ledger.sqlite")
    assert resolve_url(tmp_path, "postgresql://db/sales") == "sqlite:////srv/shared/ledger.sqlite"


def test_a_bare_path_means_a_sqlite_file(tmp_path: Path) -> None:
    assert to_url(tmp_path / "x.sqlite") == f"sqlite:///{(tmp_path / 'x.sqlite').resolve()}"
    assert to_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"


def test_sqlite_ledger_is_set_up_for_several_processes(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "ledger.sqlite"
    with Ledger.open(path) as ledger, ledger.engine.connect() as conn:
        assert path.exists()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 10_000


@pytest.mark.parametrize("name", [n for names in STORED.values() for n in names])
def test_rows_tables_carry_the_spec_columns_in_spec_order(name: str) -> None:
    table = ROWS[name]
    spec = TABLES[name]
    assert table.name == f"rows_{snake(name)}"
    own = [c.name for c in table.columns if c.name not in BASE_COLUMNS]
    assert own == [k for k in spec.keys if k not in BASE_COLUMNS]
    assert {c.name for c in table.columns} == {*BASE_COLUMNS, *spec.keys}
    assert [c.name for c in table.primary_key.columns] == ["submission_id", "row_no"]


def test_spec_types_map_to_sql_types() -> None:
    daily = ROWS["DailyReport"].c
    assert isinstance(daily.date.type, Date) and isinstance(daily.start_time.type, Time)
    assert isinstance(daily.order_amount.type, Float)
    assert isinstance(daily.customer_id.type, String) and isinstance(daily.feedback.type, Text)
    assert isinstance(ROWS["WeeklyRoute"].c.weekday.type, Integer)
    assert isinstance(ROWS["MonthlyPlan"].c.month.type, String)
    assert isinstance(ROWS["SalesLines"].c.qty.type, Float)
    assert snake("MarketInspection") == "market_inspection"
