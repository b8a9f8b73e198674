"""The plan's words a user reads in TargetCheck and in `split`'s summary, in en and zh.

The texts are in the message catalogues under `plan.words.<key>` (addin/i18n/*/plan.toml);
`say` looks one up in the language asked for.
"""

from __future__ import annotations

from typing import Literal

from addin.i18n import t
from addin.schema.names import value_name

Lang = Literal["en", "zh"]


def say(key: str, lang: Lang, **fields: object) -> str:
    return t(lang, f"plan.words.{key}", **fields)


def name(key: str, lang: Lang) -> str:
    """A dimension or measure (`region`, `sales`) as the reader's language names it."""
    return value_name(key, lang)


def joiner(lang: str) -> str:
    """Between the parts of one explanation."""
    return "；" if lang == "zh" else "; "
