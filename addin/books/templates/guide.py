"""The "How to use" sheet text of each workbook, read from the catalogue (`guide.<stem>`)."""

from __future__ import annotations

from addin.i18n import catalogue


def guide_lines(stem: str, lang: str) -> list[str]:
    """The lines of workbook `stem`'s guide in `lang`, title first."""
    messages = catalogue(lang)
    lines: list[str] = []
    while (line := messages.get(f"guide.{stem}.l{len(lines) + 1}")) is not None:
        lines.append(line)
    if not lines:
        raise KeyError(f"no guide for {stem!r} in the {lang} catalogue")
    return lines
