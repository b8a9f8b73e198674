"""What a person sees in a workbook, to compare the Excel door with the command line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl

_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def state(path: Path) -> dict[str, Any]:
    """Per sheet: values, data number formats, tables, protection, fills, note texts."""
    book = openpyxl.load_workbook(path)
    out: dict[str, Any] = {"sheets": book.sheetnames}
    for ws in book.worksheets:
        values = [
            [_STAMP.sub("<time>", v) if isinstance(v, str) else v for v in row]
            for row in ws.iter_rows(values_only=True)
        ]
        while values and not any(v is not None for v in values[-1]):
            values.pop()
        formats, fills, notes, links = {}, {}, {}, {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and not isinstance(cell.value, str):
                    formats[cell.coordinate] = cell.number_format
                if cell.fill is not None and cell.fill.fill_type == "solid":
                    fills[cell.coordinate] = cell.fill.fgColor.rgb
                if cell.comment is not None:
                    notes[cell.coordinate] = cell.comment.text
                if cell.hyperlink is not None:
                    links[cell.coordinate] = cell.hyperlink.location
        out[ws.title] = {
            "values": values,
            "formats": formats,
            "tables": dict(ws.tables.items()),
            "protected": bool(ws.protection.sheet),
            "fills": fills,
            "notes": notes,
            "links": links,
        }
    return out


def differences(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out = []
    if a["sheets"] != b["sheets"]:
        out.append(f"sheets: {a['sheets']} != {b['sheets']}")
    for name in a["sheets"]:
        if name not in b:
            continue
        for key in a[name]:
            if a[name][key] != b[name][key]:
                out.append(f"{name}: {key} differ")
    return out
