"""Every text a user sees, in each language, looked up by message id.

One catalogue per language (`addin/i18n/<lang>/*.toml`), keyed by dotted message ids
with `{placeholders}`. Code never spells user-facing text itself: it names a message id
and passes the values, so the same call reads right in English and in Chinese.
"""

from __future__ import annotations

from addin.i18n.catalogue import (
    LANGS,
    Lang,
    Localized,
    Msg,
    SaidError,
    catalogue,
    default_lang,
    lang_of,
    month_label,
    say,
    t,
)

__all__ = [
    "LANGS",
    "Lang",
    "Localized",
    "Msg",
    "SaidError",
    "catalogue",
    "default_lang",
    "lang_of",
    "month_label",
    "say",
    "t",
]
