"""Through the Excel door, a sheet the user renamed is marked like any other: the
issue names its table, the mark lands on the tab as it is called now."""

from __future__ import annotations

import openpyxl

import addin.entry as sd


def test_check_in_excel_marks_a_cell_of_a_renamed_sheet(company, open_caller) -> None:
    path = company / "masters.xlsx"
    edited = openpyxl.load_workbook(path)
    edited["Reps"].title = "员工"
    edited.save(path)
    book = open_caller(path)
    reps = book.sheets["员工"].tables["Reps"]
    cell = book.sheets["员工"].range((reps.range.row + 1, 3))  # Region ID
    cell.value = "NOWHERE"
    message = sd.check()
    assert "problem(s) found — see the Issues sheet" in message
    assert cell.note is not None and "NOWHERE" in cell.note.text
    assert cell.color is not None
