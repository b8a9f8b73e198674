"""`--help` laid out by what the terminal shows: a Chinese character takes two columns.

click measures and wraps help by `len`, so a Chinese placeholder (`--period 文字`) pushed
its description out of line with the others, and a Chinese description ran past the
terminal's edge. This formatter measures with `display_width` and wraps wide text at
any character (Chinese has no spaces to wrap at), Latin words whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import click

from addin.i18n.width import display_width

#: A Latin word with the spaces after it, or one character of any other script.
_PIECE = re.compile(r"[\x21-\x7e]+\s*|\s+|.", re.DOTALL)
#: Punctuation that may not begin a line (Chinese line-breaking rules).
_NO_LINE_START = set("，。、；：！？）」』】》〉”’,.;:!?)]}…%")


def wrap_wide(text: str, width: int) -> list[str]:
    """`text`'s paragraphs (blank-line separated) as lines at most `width` columns wide.
    Punctuation that may not begin a line takes the piece before it to the next line."""
    lines: list[str] = []
    for n, paragraph in enumerate(re.split(r"\n\s*\n", text.strip())):
        if n:
            lines.append("")
        line: list[str] = []
        for piece in _PIECE.findall(" ".join(paragraph.split())):
            if line and _width(line) + display_width(piece.rstrip()) > width:
                carried = [line.pop()] if piece[0] in _NO_LINE_START and len(line) > 1 else []
                lines.append("".join(line).rstrip())
                line = carried
                piece = piece if carried else piece.lstrip()
            line.append(piece)
        if "".join(line).strip():
            lines.append("".join(line).rstrip())
    return lines


def _width(pieces: list[str]) -> int:
    return sum(display_width(p) for p in pieces)


class WideFormatter(click.HelpFormatter):
    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        widest = max((display_width(first) for first, _ in rows), default=0)
        first_col = min(widest, col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_wide(second, max(self.width - first_col - 2, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n" if line else "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap_wide(text, max(self.width - self.current_indent, 11)):
            self.write(f"{indent}{line}\n" if line else "\n")


class WideContext(click.Context):
    formatter_class = WideFormatter
