"""The shape of a table spec: one `Column` per column, one `Table` per Excel Table.

A spec is the single definition that the template builder, the readers, Excel data
validation and the Python checks all read, so a column is declared exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from addin.i18n import catalogue

_BUCKET = re.compile(r"^d(\d+)_(\d+)$")
_OVER = re.compile(r"^over_(\d+)$")

ColType = Literal["id", "text", "int", "number", "money", "pct", "date", "time", "month", "bool"]
Role = Literal["input", "output"]

#: Excel number formats per column type.
NUMBER_FORMATS: dict[str, str] = {
    "int": "#,##0",
    "number": "#,##0.00",
    "money": "#,##0.00",
    "pct": "0.0",
    "date": "yyyy-mm-dd",
    "time": "hh:mm",
    "month": "@",
    "id": "@",
    "text": "General",
    "bool": "General",
}


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    type: ColType = "text"
    required: bool = False
    allowed: tuple[str, ...] = ()
    lookup: str | None = None  # "Table.column" the value must exist in
    zh: str = ""
    help: str = ""
    min: float | None = None
    max: float | None = None
    width: int | None = None

    @property
    def en(self) -> str:
        """English header: the key in words (`customer_id` → "Customer ID")."""
        bucket = _BUCKET.match(self.key)
        if bucket:
            return f"{bucket[1]}–{bucket[2]} days"
        over = _OVER.match(self.key)
        if over:
            return f"Over {over[1]} days"
        words = []
        for part in self.key.split("_"):
            words.append(part.upper() if part in {"id", "abc", "dso", "kpi"} else part)
        text = " ".join(words).replace(" pct", " %")
        return text[:1].upper() + text[1:]

    def help_text(self, lang: str) -> str:
        """The header note and input prompt in `lang` (catalogue `help.<key>`)."""
        if not self.help:
            return ""
        # A column declared elsewhere (a KPI's) without a Chinese text gets no note in a
        # Chinese workbook rather than an English one.
        found = catalogue(lang).get(f"help.{self.key}")
        return found if found is not None else (self.help if lang == "en" else "")

    def label(self, lang: str) -> str:
        if lang != "zh":
            return self.en
        if self.zh:
            return self.zh
        bucket, over = _BUCKET.match(self.key), _OVER.match(self.key)
        if bucket:
            return f"逾期{bucket[1]}–{bucket[2]}天"
        if over:
            return f"逾期{over[1]}天以上"
        return self.en

    @property
    def number_format(self) -> str:
        return NUMBER_FORMATS[self.type]

    @property
    def lookup_table(self) -> str | None:
        return self.lookup.split(".", 1)[0] if self.lookup else None

    @property
    def lookup_column(self) -> str | None:
        return self.lookup.split(".", 1)[1] if self.lookup else None


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    workbook: str  # file stem: masters, finance, plan, rep, appraisal, dashboard
    role: Role
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns whose combination must be unique
    zh: str = ""
    help: str = ""
    #: Ageing tables carry one money column per ageing bucket (`d1_30` … `over_180`),
    #: whose bounds are a setting; the bucket columns follow this column.
    buckets_after: str | None = None
    protected: bool = False  # locked for the user (computed or issued read-only)
    aliases: tuple[str, ...] = field(default=())

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column {key!r}")

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.key for c in self.columns if c.required]

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    def column_for(self, key: str) -> Column:
        """The declared column, or a bucket column of an ageing table; a column the
        table does not declare is a program error, never a guess."""
        if self.has(key):
            return self.column(key)
        if self.buckets_after and is_bucket(key):
            return Column(key, "money")
        raise KeyError(f"{self.name} declares no column {key!r}")

    def with_buckets(self, buckets: list[str]) -> tuple[Column, ...]:
        """The columns in order, bucket columns (named as `bucket_columns` names them)
        in their place."""
        if not self.buckets_after:
            return self.columns
        at = self.keys.index(self.buckets_after) + 1
        extra = tuple(Column(key, "money") for key in buckets)
        return (*self.columns[:at], *extra, *self.columns[at:])


def is_bucket(key: str) -> bool:
    """Whether `key` names an ageing bucket column (`d31_60`, `over_180`)."""
    return bool(_BUCKET.match(key) or _OVER.match(key))
