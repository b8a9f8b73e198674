"""The dashboard's table sheets as book-plan sheets: each output table streamed (its rows
are written from whole columns once the book is saved), and where each landed, for the
formulas and charts that refer to it."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from addin.books.sheets import table_sheet
from addin.books.styles import ALERT, GOOD
from addin.core.issues import ROW
from addin.io.xlsx.book import Area, Highlight, PrintSetup, SheetPlan, Style
from addin.io.xlsx.parts import column_letter
from addin.schema.names import shown_values
from addin.schema.spec import Table

#: Row fills of the conditional formats.
ALERT_ROW = Style(fill=ALERT)
GOOD_ROW = Style(fill=GOOD)


@dataclass(frozen=True)
class Placed:
    """Where a table landed, for formulas and charts that refer to it."""

    sheet: str
    header_row: int
    first: int
    last: int
    keys: tuple[str, ...]

    def col(self, key: str) -> int:
        return self.keys.index(key) + 1

    def ref(self, key: str) -> str:
        """The column's data cells, `'Sheet'!$C$4:$C$90` (one row when it has none)."""
        c = self.col(key)
        return Area(self.first, c, max(self.last, self.first), c, self.sheet).ref()

    @property
    def rows(self) -> Area:
        """Every data row, every column (empty when the table has no rows)."""
        return Area(self.first, 1, self.last, len(self.keys))


def money_rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Sums of cents in binary floats end in ...4699999997: show money as money."""
    floats = frame.select_dtypes("float").columns
    return frame.assign(**{c: frame[c].round(2) for c in floats})


def stream_sheet(
    spec: Table,
    frame: pd.DataFrame,
    *,
    lang: str,
    note: str = "",
    hidden: bool = False,
    widths: dict[str, int] | None = None,
) -> tuple[SheetPlan, Placed]:
    """`frame` as the Excel Table `spec.name` on a sheet named in `lang` — hidden data
    sheets too: whoever unhides one reads their own language."""
    keys = [c for c in frame.columns if c != ROW]
    columns = [spec.column_for(k) for k in keys]
    columns = [replace(c, width=(widths or {}).get(c.key) or c.width) for c in columns]
    sheet = table_sheet(spec, frame[keys], lang=lang, columns=columns, note=note)
    sheet.printing = PrintSetup(landscape=True, fit=(1, 0), paper=9)
    assert sheet.table is not None
    sheet.table.stream = True
    sheet.hidden = hidden
    table = sheet.table
    placed = Placed(
        sheet.name, table.header_row, table.first_row, table.header_row + len(frame), tuple(keys)
    )
    return sheet, placed


def highlight(
    sheet: SheetPlan,
    placed: Placed,
    spec: Table,
    key: str,
    value: str,
    style: Style,
    *,
    lang: str,
) -> None:
    """Fill the whole row where column `key` shows the code `value` (as `lang` shows it)."""
    if placed.last < placed.first:
        return
    column = spec.column_for(key)
    shown = shown_values(pd.DataFrame({key: [value]}), [column], lang)[key].iloc[0]
    letter = column_letter(placed.col(key) - 1)
    text = str(shown).replace('"', '""')
    sheet.highlights.append(Highlight(placed.rows, f'${letter}{placed.first}="{text}"', style))
