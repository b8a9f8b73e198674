"""Large generated workbooks: an ERP export whose SalesLines sheet is about 50 MB of XML.

Streamed to disk row by row, so building it costs little memory. The planted bad cell
sits deep in the sheet, so finding it proves every row was read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

from addin.schema import TABLES
from tests.hostile.rawxlsx import RawSheet, write_xlsx

#: Rows that make the SalesLines sheet XML about 50 MB.
BIG_ROWS = 100_000
#: The planted bad date, deep in the sheet.
BAD_ROW = 90_001
CUSTOMERS = ("C001", "C002", "C003")
REPS = {"C001": "R001", "C002": "R001", "C003": "R002"}


def sales_rows(n: int, bad_row: int | None) -> Iterator[list[object]]:
    """Header, then `n` valid lines; Excel row `bad_row` has a date no one can read."""
    spec = TABLES["SalesLines"]
    yield [c.en for c in spec.columns]
    start = dt.date(2026, 1, 1)
    for i in range(n):
        customer = CUSTOMERS[i % 3]
        day = start + dt.timedelta(days=i % 300)
        amount = float(100 + (i * 37) % 9000)
        date: object = "2026-02-30" if i + 2 == bad_row else day
        yield [
            f"INV{i // 3:07d}",
            i % 3 + 1,
            date,
            customer,
            "P01" if i % 2 else "P02",
            REPS[customer],
            float(1 + i % 40),
            amount,
            round(amount * 0.55, 2),
            day + dt.timedelta(days=30),
        ]


def big_finance(
    path: Path, rows: int = BIG_ROWS, bad_row: int | None = None, *, dimension: bool = True
) -> Path:
    """finance.xlsx with `rows` sales lines (Excel rows 2..rows+1) and two payments."""
    sales = TABLES["SalesLines"]
    pays = TABLES["Payments"]
    payments: list[list[object]] = [
        [c.en for c in pays.columns],
        ["PAY001", dt.date(2026, 2, 10), "C001", 1500.0, None],
        ["PAY002", dt.date(2026, 3, 1), "C003", 2000.0, None],
    ]
    sheets = [
        RawSheet(
            "SalesLines",
            sales_rows(rows, bad_row),
            "SalesLines",
            len(sales.columns),
            rows + 1,
            dimension,
        ),
        RawSheet("Payments", payments, "Payments", len(pays.columns), 3),
    ]
    headers: dict[str, Sequence[object]] = {
        "SalesLines": [c.en for c in sales.columns],
        "Payments": payments[0],
    }
    return write_xlsx(path, sheets, headers)


_CACHE: dict[str, Path] = {}


def cached_big_finance() -> Path:
    """The 50 MB-sheet workbook, generated once per process into a temporary folder."""
    if "big" not in _CACHE:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="salesdesk-big-"))
        atexit.register(shutil.rmtree, folder, True)
        _CACHE["big"] = big_finance(folder / "finance.xlsx", BIG_ROWS, BAD_ROW)
    return _CACHE["big"]


def copy_big_finance(path: Path) -> Path:
    """Case maker: the clean finance.xlsx replaced by the 50 MB-sheet export."""
    import shutil

    shutil.copyfile(cached_big_finance(), path)
    return path
