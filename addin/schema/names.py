"""Names of columns, sheets and allowed values in the reader's language.

Issues and messages carry stable keys (`customer_id`, `DailyReport`, `modern_trade`);
these turn them into what the user sees in a header, a sheet tab or a dropdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from addin.schema import TABLES
from addin.schema.spec import Column
from addin.schema.vocab import VALUE_ZH, VOCAB


def shown_values(frame: pd.DataFrame, columns: Iterable[Column], lang: str) -> pd.DataFrame:
    """`frame` with each dropdown column's stored codes (`modern_trade`) shown as the
    language names them (现代渠道); readers map either back to the code."""
    coded = [c.key for c in columns if c.allowed and c.key in frame.columns]
    if lang != "zh" or not coded or frame.empty:
        return frame
    return frame.assign(**{k: frame[k].map(lambda v: VALUE_ZH.get(v, v)) for k in coded})


def column_name(key: str, lang: str) -> str:
    column = VOCAB.get(key)
    return column.label(lang) if column is not None else key


def sheet_name(name: str, lang: str) -> str:
    table = TABLES.get(name)
    return table.zh if lang == "zh" and table is not None and table.zh else name


def value_name(code: str, lang: str) -> str:
    return VALUE_ZH.get(code, code) if lang == "zh" else code


@dataclass(frozen=True, slots=True)
class ColumnName:
    key: str

    def render(self, lang: str) -> str:
        return column_name(self.key, lang)


@dataclass(frozen=True, slots=True)
class SheetName:
    name: str

    def render(self, lang: str) -> str:
        return sheet_name(self.name, lang)


@dataclass(frozen=True, slots=True)
class ValueName:
    code: str

    def render(self, lang: str) -> str:
        return value_name(self.code, lang)


@dataclass(frozen=True, slots=True)
class Named:
    """A code with the name people know it by, bracketed as the language brackets it:
    `C00029 (Yuantong Trading)`, `C00029（上海源通电子商务有限公司）`."""

    code: str
    name: str

    def render(self, lang: str) -> str:
        if not self.name:
            return self.code
        return f"{self.code}（{self.name}）" if lang == "zh" else f"{self.code} ({self.name})"


@dataclass(frozen=True, slots=True)
class ValueList:
    """Allowed values, joined the way the language lists them."""

    codes: tuple[str, ...]

    def render(self, lang: str) -> str:
        return ("、" if lang == "zh" else ", ").join(value_name(c, lang) for c in self.codes)


@dataclass(frozen=True, slots=True)
class ColumnList:
    keys: tuple[str, ...]

    def render(self, lang: str) -> str:
        return ("、" if lang == "zh" else ", ").join(column_name(k, lang) for k in self.keys)
