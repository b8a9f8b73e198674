"""Loading the per-language message catalogues and rendering a message id.

A catalogue is a set of TOML files; a table `[issue]` with a key `required_blank`
defines the message id `issue.required_blank`. Values handed to a message may
themselves be localised (another message, a column's name), and are rendered in the
same language as the message that carries them.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal, Protocol, runtime_checkable

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


@runtime_checkable
class Localized(Protocol):
    """A value that reads differently per language (a message, a column's name)."""

    def render(self, lang: str) -> str: ...


class Msg:
    """A message id with its values, rendered later in whichever language is asked for."""

    __slots__ = ("args", "id")

    def __init__(self, msg_id: str, /, **args: Any) -> None:
        self.id = msg_id
        self.args: Mapping[str, Any] = args

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.id, dict(self.args)) == (other.id, other.args)

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, **{dict(self.args)!r})"

    def render(self, lang: str, context: Mapping[str, Any] | None = None) -> str:
        """The message; values it does not carry come from `context` (the message that
        holds it), so a nested phrase can name the same cell value."""
        return t(lang, self.id, **{**(context or {}), **self.args})


class SaidError(Exception):
    """A stop the user can act on, whose sentence is a catalogue message: said in
    whichever language it is shown (`render`); `str()` is the English, for logs."""

    def __init__(self, msg: Msg) -> None:
        self.msg = msg
        super().__init__(msg.render("en"))

    def render(self, lang: str) -> str:
        return self.msg.render(lang)


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, str], source: str) -> None:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, f"{name}.", out, source)
        elif isinstance(value, str):
            if name in out:
                raise ValueError(f"{source}: message id {name!r} is defined twice")
            out[name] = value
        else:
            raise ValueError(f"{source}: message {name!r} is not text")


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every message of `lang`, by message id."""
    messages: dict[str, str] = {}
    folder = resources.files("addin.i18n").joinpath(lang)
    for part in sorted(folder.iterdir(), key=lambda p: p.name):
        if part.name.endswith(".toml"):
            _flatten(tomllib.loads(part.read_text("utf-8")), "", messages, part.name)
    return messages


def lang_of(value: object) -> Lang:
    """A supported language from a setting, an environment value or a locale name."""
    text = str(value or "").strip().lower()
    return "zh" if text.startswith("zh") or text in {"中文", "chinese"} else "en"


def default_lang() -> Lang:
    """The language when no company says otherwise: SALESDESK_LANG, then the locale."""
    for name in ("SALESDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return lang_of(value)
    return "en"


def _shown(value: Any, lang: str, context: Mapping[str, Any]) -> Any:
    if isinstance(value, Msg):
        return value.render(lang, {k: v for k, v in context.items() if v is not value})
    if isinstance(value, float) and math.isfinite(value):
        # Sums of money carry binary noise (895625.9400000001); a person reads 895625.94.
        # Still a float, so a placeholder's own format spec ({pct:+.1f}) applies as written.
        return float(f"{value:.12g}")
    if value is None or isinstance(value, str | int):  # a Protocol check costs ~30 µs
        return value
    return value.render(lang) if isinstance(value, Localized) else value


class _Values(dict[str, Any]):
    """A message's values; one the caller did not give reads as blank, so a message shown
    to a user never fails (the catalogue tests check every id and placeholder)."""

    def __missing__(self, key: str) -> str:
        return ""


def say(lang: str, lines: Iterable[Localized | str]) -> list[str]:
    """Lines that are messages or plain text (paths, names), as text in `lang`."""
    return [line if isinstance(line, str) else line.render(lang) for line in lines]


def t(lang: str, msg_id: str, /, **values: Any) -> str:
    """The message `msg_id` in `lang` (English for a language without a catalogue)."""
    messages = catalogue(lang if lang in LANGS else "en")
    try:
        template = messages[msg_id]
    except KeyError:
        raise KeyError(f"no message {msg_id!r} in the {lang} catalogue") from None
    if not values:
        return template
    return template.format_map(_Values({k: _shown(v, lang, values) for k, v in values.items()}))


def month_label(period: str, lang: str) -> str:
    """`2026-03` as the language writes a month: 2026年3月, or March 2026."""
    year, month = (int(part) for part in str(period).split("-")[:2])
    return t(lang, "date.month", year=year, month=month, name=t(lang, f"date.m{month}"))
