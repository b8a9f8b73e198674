"""`docs/issue-codes.md`, written from the issue-code registry and the catalogues.

Run `python -m addin.i18n.issue_docs` after adding a code; a test fails while the file
in `docs/` differs from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from addin.core.issue_codes import ISSUE_CODES
from addin.i18n import catalogue

DOC = Path(__file__).resolve().parents[2] / "docs" / "issue-codes.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def issue_codes_markdown() -> str:
    english, chinese = catalogue("en"), catalogue("zh")
    lines = [
        "# Issue codes / 问题代码",
        "",
        "Every problem SalesDesk reports has a stable code; the Issues tables, the ledger and",
        "`--json` output carry it. The message is shown in the company's language; `{value}` is",
        "the value of the cell concerned, other `{names}` are filled in where the issue is found.",
        "Generated from `addin/core/issue_codes.py` and `addin/i18n/` by",
        "`python -m addin.i18n.issue_docs`.",
        "",
        "| Code | Severity | Message | 说明 |",
        "| --- | --- | --- | --- |",
    ]
    for entry in sorted(ISSUE_CODES.values(), key=lambda c: c.code):
        lines.append(
            f"| `{entry.code}` | {entry.severity} | {_cell(english[entry.message])} "
            f"| {_cell(chinese[entry.message])} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    DOC.write_text(issue_codes_markdown(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")


if __name__ == "__main__":
    main()
