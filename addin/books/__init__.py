"""Workbook layouts: what each workbook looks like, one module or package per workbook.

`templates/` (the blank workbooks built from `schema/`), `rep.py` (a rep's issued report
workbook), `appraisal/` (scorecard and slips), `dashboard/` (the dashboard), and the
leaf `styles.py`. Layouts use `io/` to write and `schema/` for tables; jobs call them.
"""
