"""A rep who checks the workbook before sending it finds what collect will find.

The demo plants mistakes in one rep's month (a date outside the month, a visit ending
before it starts, overlapping visits, a repeated row, another rep's customer, a negative
amount). `salesdesk check` of that workbook, as the rep has it, must report exactly the
cells and codes that `collect` reported on the copy it returned.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from addin.cli import main


def _listed(path: Path) -> set[tuple[str, int, str, str]]:
    """(sheet, row, column, code) of each row of the Issues table."""
    ws = openpyxl.load_workbook(path)["Issues"]
    first, last = ws.tables["Issues"].ref.split(":")
    rows = ws[f"{first}:{last}"][1:]
    return {
        (str(r[0].value), int(r[1].value), str(r[2].value), str(r[4].value))
        for r in rows
        if r[4].value
    }


def test_check_of_a_rep_workbook_finds_what_collect_found(
    demo_master: Path, tmp_path: Path
) -> None:
    returned = sorted((demo_master / "returned").glob("rep-*.xlsx"))
    assert returned, "the demo returns the report with planted mistakes"
    sent = next((demo_master / "archive").rglob(returned[0].name))
    mine = tmp_path / sent.name
    shutil.copy(sent, mine)
    result = CliRunner().invoke(main, ["check", str(mine)])
    assert result.exit_code == 1, result.output
    found = _listed(mine)
    assert found == _listed(returned[0])
    codes = {code for *_, code in found}
    # the rules only a month's report has, not just the columns' own checks
    assert {"date_outside_period", "overlapping_visit", "end_before_start"} <= codes
