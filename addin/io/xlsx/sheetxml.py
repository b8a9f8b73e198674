"""Sheet XML as text: the rows of a big table built column-wise with numpy.

Writing: openpyxl serialises cell by cell through Python objects (≈20k cells/s here); a large

company's dashboard has millions of cells. So a table's sheet is written by openpyxl with
its header and ONE template row (styled like the data, which registers the number
formats and tells us their style ids), and once the workbook is saved its rows are
spliced in: the template row is replaced by every data row, generated as text from
whole columns at once. Tables, charts, validation and formatting, which openpyxl wrote
around the rows, stay as they are.

Reading error cells, formulas without results and percent formats: see `scan.py`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from addin.io.xlsx.parts import column_letter, read_part
from addin.io.xlsx.relationships import WORKBOOK, WORKBOOK_RELS, sheet_targets

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = np.datetime64("1899-12-30", "D")


@dataclass
class Pending:
    """A table whose rows are spliced into `sheet` after saving."""

    sheet: str
    first_row: int
    frame: pd.DataFrame
    kinds: list[str]  # per column: text, number, date


def template_value(kind: str) -> object:
    """A placeholder of the column's kind, so the template row has every styled cell."""
    return {"text": "x", "number": 0, "date": pd.Timestamp("2000-01-01").to_pydatetime()}[kind]


def _escape(values: pd.Series) -> pd.Series:
    text = values.astype(str)
    text = text.str.replace("&", "&amp;", regex=False).str.replace("<", "&lt;", regex=False)
    text = text.str.replace(">", "&gt;", regex=False)
    return text.str.replace(_CONTROL, "", regex=True)


def _column_cells(values: pd.Series, kind: str, ref: np.ndarray, style: str) -> np.ndarray:
    """`<c>` elements of one column ("" where the value is blank)."""
    n = len(values)
    out = np.full(n, "", dtype=object)
    s = f' s="{style}"' if style else ""
    if kind == "date":
        days = pd.to_datetime(values, errors="coerce")
        keep = days.notna().to_numpy()
        serial = days.to_numpy(dtype="datetime64[ns]")[keep].astype("datetime64[D]") - _EPOCH
        text = serial.astype("int64").astype(str).astype(object)
        out[keep] = '<c r="' + ref[keep] + f'"{s}><v>' + text + "</v></c>"
    elif kind == "number":
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        keep = np.isfinite(numbers)
        whole = numbers[keep]
        text = np.where(
            whole == np.round(whole), whole.astype("int64").astype(str), whole.astype(str)
        ).astype(object)
        out[keep] = '<c r="' + ref[keep] + f'"{s}><v>' + text + "</v></c>"
    else:
        keep = values.notna().to_numpy() & (values.astype(str) != "").to_numpy()
        text = _escape(values[keep]).to_numpy(dtype=object)
        out[keep] = (
            '<c r="'
            + ref[keep]
            + f'"{s} t="inlineStr"><is><t xml:space="preserve">'
            + text
            + "</t></is></c>"
        )
    return out


CHUNK = 50_000


def rows_xml(pending: Pending, styles: list[str]) -> str:
    """The `<row>` elements of every data row (built in chunks to bound memory)."""
    frame = pending.frame.reset_index(drop=True)
    parts = []
    for start in range(0, len(frame), CHUNK):
        chunk = frame.iloc[start : start + CHUNK].reset_index(drop=True)
        first = pending.first_row + start
        numbers = np.arange(first, first + len(chunk)).astype(str).astype(object)
        body = np.full(len(chunk), "", dtype=object)
        for i, (column, kind) in enumerate(zip(chunk.columns, pending.kinds, strict=True)):
            ref = column_letter(i) + numbers
            body = body + _column_cells(chunk[column], kind, ref, styles[i])
        parts.append("".join(('<row r="' + numbers + '">' + body + "</row>").tolist()))
    return "".join(parts)


def _splice_sheet(xml: str, pending: Pending) -> str:
    row = re.search(rf'<row r="{pending.first_row}"[^>]*>(.*?)</row>', xml, flags=re.S)
    if row is None:
        raise RuntimeError(f"{pending.sheet}: the template row was not written")
    styles = []
    cells = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<c r="([A-Z]+)\d+"(?:[^>]*?\bs="(\d+)")?[^>]*>', row.group(1))
    }
    for i in range(len(pending.frame.columns)):
        styles.append(cells.get(column_letter(i)) or "")
    new_rows = rows_xml(pending, styles)
    last = pending.first_row + len(pending.frame) - 1
    xml = xml[: row.start()] + new_rows + xml[row.end() :]
    width = column_letter(max(len(pending.frame.columns), 1) - 1)
    return re.sub(
        r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{width}{last}"/>', xml, count=1
    )


def splice(path: Path, pending: list[Pending]) -> None:
    """Put the rows of every pending table into the saved workbook at `path`."""
    if not pending:
        return
    tmp = path.with_name(path.name + ".rows")
    with (
        zipfile.ZipFile(path) as zf,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out,
    ):
        parts = sheet_targets(read_part(zf, WORKBOOK), read_part(zf, WORKBOOK_RELS))
        by_part = {parts[p.sheet]: p for p in pending}
        for info in zf.infolist():  # one part in memory at a time
            data = zf.read(info.filename)
            if info.filename in by_part:
                data = _splice_sheet(data.decode("utf-8"), by_part[info.filename]).encode("utf-8")
            out.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(path)
