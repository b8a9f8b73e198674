"""Reading dashboard.xlsx back: its Excel Tables as DataFrames, and its chart parts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

#: The tables of dashboard.xlsx, each on a sheet of its name.
DASHBOARD_TABLES = (
    "Warnings",
    "CustomerReview",
    "Pacing",
    "CustomerABC",
    "NewLostByRep",
    "CustomerMoves",
    "MarketIntel",
    "CardCustomers",
    "CardMonths",
    "CardVisits",
    "CardOpenItems",
    "Issues",
)


def _key(label: str) -> str:
    """An English header back to its column key ("Credit used %" → "credit_used_pct")."""
    from addin.schema.vocab import VOCAB

    known = {column.en: key for key, column in VOCAB.items()}
    if label in known:
        return known[label]
    bucket = re.fullmatch(r"(\d+)–(\d+) days", label)
    if bucket:
        return f"d{bucket[1]}_{bucket[2]}"
    over = re.fullmatch(r"Over (\d+) days", label)
    if over:
        return f"over_{over[1]}"
    return label.strip().lower().replace(" %", " pct").replace(" ", "_")


def read_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Every Excel Table of the workbook, keyed by name, with column keys as headers."""
    book = openpyxl.load_workbook(path)
    out = {}
    for ws in book.worksheets:
        for name in list(ws.tables):
            table = ws.tables[name]
            rows = [[c.value for c in row] for row in ws[table.ref]]
            labels = [str(v) for v in rows[0]]
            body = [r for r in rows[1:] if any(v is not None for v in r)]
            out[name] = pd.DataFrame(body, columns=[_key(label) for label in labels])
    return out


def chart_titles(path: Path) -> dict[str, list[str]]:
    """Chart parts and their title text, by the sheet whose drawing holds them."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        book = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        sheets = dict(re.findall(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book))
        targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="/?(?:xl/)?([^"]+)"', rels))
        targets.update(
            {i: t for t, i in re.findall(r'Target="/?(?:xl/)?([^"]+)"[^>]*Id="([^"]+)"', rels)}
        )
        found: dict[str, list[str]] = {}
        for sheet, rid in sheets.items():
            part = "xl/" + targets[rid]
            rel = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if rel not in names:
                continue
            drawings = re.findall(r'Target="([^"]*drawing\d+\.xml)"', zf.read(rel).decode())
            for drawing in drawings:
                dname = "xl/drawings/" + drawing.rsplit("/", 1)[-1]
                drel = dname.replace("drawings/", "drawings/_rels/") + ".rels"
                charts = re.findall(r'Target="([^"]*chart\d+\.xml)"', zf.read(drel).decode())
                for chart in charts:
                    xml = zf.read("xl/charts/" + chart.rsplit("/", 1)[-1]).decode()
                    title = "".join(re.findall(r"<a:t>([^<]*)</a:t>", xml))
                    found.setdefault(sheet, []).append(title)
        return found
