"""Every string a user sees, in a company of each language, is in that language.

A zh and an en demo company are each built once per session and run through the whole
cycle (`demo` runs init, age, split, issue, collect, appraise, dashboard), then each
command is run again on its own so its console output is read as a user sees it, and
`--help` of every command is asked for. Every visible string of every workbook is
collected (`scan.py`: cells, notes, print headers, validation prompts and alerts,
dropdown values, chart texts, sheet names).

zh: no Latin word may remain but codes (C00001, INV2024-000001, SOUTH-GD — anything
joined to a digit, `-` or `_`), units, our own name, the command names one types, and
the ids and setting keys the company typed (`TYPED_CODES`). Demo texts (strategies,
visit feedback, competitor names) are Chinese in a zh company, so they are checked too.

en: no CJK text may remain but what a user typed. The en demo is a Chinese company whose
staff write in both languages, so its customer names, reports and strategies are typed
Chinese on purpose; those are allowed by table and column (`TYPED_TEXT`) and removed
from every string (an output that quotes a customer's name) before the check.

`PENDING` lists what is still known to be untranslated, each with where it is; an entry
that no longer matches anything fails the test, so the list can only shrink.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click
import openpyxl

from addin.cli import main
from addin.core.issue_codes import ISSUE_CODES
from addin.core.plan.check import FLAGS as PLAN_FLAGS
from addin.schema import TABLES
from tests.i18n.conftest import Run
from tests.i18n.scan import Seen, folder_strings

#: A Latin word (two letters or more, or a snake_case code such as `not_due` that is shown
#: raw) not joined to a digit or `-` (C00001, INV2024-000001, d1_30 are codes).
_WORD = re.compile(r"(?<![A-Za-z0-9_\-.])[A-Za-z]{2,}(?:_[A-Za-z]+)*(?![A-Za-z0-9_\-])")
#: File names and paths are names, not words (masters.xlsx, returned/).
_FILE = re.compile(r"\S+\.(?:xlsx|xlsm|sqlite|log|json)\b|\S*[/\\]\S*")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

#: Our name, the program one types, units and abbreviations Chinese business writes in Latin.
ALLOWED = {"SalesDesk", "salesdesk", "Excel", "ERP", "ABC", "JSON", "ml", "kg", "KPI"}
#: Names of other products, as their makers write them.
ALLOWED |= {"xlwings", "Windows", "macOS"}
#: Issue codes stay stable English identifiers (their messages are translated), and so do
#: TargetCheck's flag codes (its `flag_code` column, for filtering; `flag` says them in words).
ALLOWED |= set(ISSUE_CODES) | set(PLAN_FLAGS)

#: Codes the company typed: ids of its master data and setting keys (`lang`, `currency`),
#: which the program reads back by these spellings in every language.
TYPED_CODES = {("Settings", "key"), ("Settings", "value")} | {
    (table.name, column.key)
    for table in TABLES.values()
    if table.role == "input"
    for column in table.columns
    if column.type == "id"
}

#: Free text the en demo's staff typed in Chinese, by table and column.
TYPED_TEXT = {
    ("Settings", "value"),  # the company's name
    ("Regions", "name"),
    ("Reps", "name"),
    ("Products", "name"),
    ("Products", "category"),
    ("Customers", "name"),
    ("Customers", "contact"),
    ("Customers", "address"),
    ("Strategy", "support_policy"),
    ("Strategy", "key_actions"),
    ("DailyReport", "feedback"),
    ("WeeklyRoute", "objective"),
    ("MonthlyPlan", "actions"),
    ("MonthlySummary", "achievements"),
    ("MonthlySummary", "problems"),
    ("MonthlySummary", "next_month_focus"),
    ("Competitors", "competitor"),
    ("Competitors", "product"),
    ("Competitors", "promotion"),
}


@dataclass(frozen=True, slots=True)
class Pending:
    """A known untranslated text: a word (zh) or text (en) and where it is seen."""

    where: str  # a regular expression over `Seen.where`
    word: str  # a regular expression over the offending word or text


#: Still to translate (issue #14). Each entry must still match, or the test fails.
PENDING: dict[str, list[Pending]] = {"zh": [], "en": []}


def typed_on_the_command_line() -> set[str]:
    """What one types after `salesdesk`: command names and the values of choices."""
    words: set[str] = set()
    commands: list[click.Command] = [main]
    while commands:
        command = commands.pop()
        words.add(command.name or "")
        commands += list(getattr(command, "commands", {}).values())
        for param in command.params:
            if isinstance(param.type, click.Choice):
                words |= {str(c) for c in param.type.choices}
    return words


def typed(root: Path, columns: set[tuple[str, str]]) -> set[str]:
    """Every value of `columns` in the input tables of the company's workbooks, as typed."""
    wanted = {name for name, _ in columns}
    found: set[str] = set()
    stems = {TABLES[name].workbook for name in wanted}
    paths = [root / f"{stem}.xlsx" for stem in sorted(stems - {"rep"})]
    if "rep" in stems:  # what reps typed: the workbooks they handed in
        paths += sorted((root / "archive").rglob("*.xlsx"))
    for path in paths:
        book = openpyxl.load_workbook(path, data_only=True)
        for ws in book.worksheets:
            for table_name, ref in ws.tables.items():
                if table_name not in wanted:
                    continue
                spec = TABLES[table_name]
                rows = ws[ref]
                labels = [cell.value for cell in rows[0]]
                for column in spec.columns:
                    if (table_name, column.key) not in columns:
                        continue
                    for label in (column.label("en"), column.label("zh"), column.key):
                        if label in labels:
                            at = labels.index(label)
                            found |= {str(r[at].value) for r in rows[1:] if r[at].value}
                            break
    return found


def _pending(lang: str, where: str, word: str) -> Pending | None:
    for entry in PENDING[lang]:
        if re.search(entry.where, where) and re.search(entry.word, word):
            return entry
    return None


def _verdict(lang: str, offending: Iterable[tuple[Seen, str]]) -> None:
    """Fail on what is neither allowed nor pending, and on pending entries now fixed."""
    new: dict[str, list[str]] = {}
    used: set[int] = set()
    for seen, word in offending:
        entry = _pending(lang, seen.where, word)
        if entry is None:
            # One line per kind of place (cells of a column, lines of a command's output).
            kind = re.sub(r"(![A-Z]+)\d+|line \d+|rep-R\d+", r"\1", seen.where)
            new.setdefault(kind, []).append(f"{word!r} in {seen.text[:100]!r}")
        else:
            used.add(id(entry))
    stale = [e for e in PENDING[lang] if id(e) not in used]
    lines = [f"{kind} ({len(found)}×): {found[0]}" for kind, found in sorted(new.items())]
    assert not new, f"{len(lines)} places untranslated:\n" + "\n".join(lines)
    assert not stale, f"fixed, remove from PENDING: {stale}"


def latin_words(text: str, allowed: set[str]) -> list[str]:
    return [w for w in _WORD.findall(_FILE.sub(" ", text)) if w not in allowed]


def test_latin_words_are_found_and_codes_pass() -> None:
    allowed = ALLOWED | {"NORTH"}
    assert latin_words("客户 C00001 的发票 INV2024-000001（SOUTH-GD）", allowed) == []
    assert latin_words("见 masters.xlsx 与 returned/ 文件夹，250ml×24", allowed) == []
    assert latin_words("区域 NORTH：Filled by SalesDesk", allowed) == ["Filled", "by"]
    assert latin_words("账龄 not_due，逾期 d1_30", allowed) == ["not_due"]  # a raw code


def test_zh_company_shows_no_latin_word(zh_run: Run) -> None:
    codes = typed(zh_run.root, TYPED_CODES)
    allowed = ALLOWED | {w for code in codes for w in _WORD.findall(code)}
    allowed |= typed_on_the_command_line()
    seen = [*folder_strings(zh_run.root), *zh_run.console]
    assert len(seen) > 10_000  # the scan reached the big tables, not just the tabs
    for part in ("chart1.xml title", "chart1.xml label", "dropdown", "validation", "note"):
        assert any(s.where.endswith(part) for s in seen), part  # each kind of place was read
    _verdict("zh", ((s, w) for s in seen for w in latin_words(s.text, allowed)))


def test_en_company_shows_no_cjk_but_what_staff_typed(en_run: Run) -> None:
    texts = sorted(typed(en_run.root, TYPED_TEXT), key=len, reverse=True)
    assert "禾丰消费品有限公司 Hefeng Consumer Goods Co." in texts  # the allow-list is read
    typed_re = re.compile("|".join(re.escape(t) for t in texts))
    seen = [*folder_strings(en_run.root), *en_run.console]
    offending = []
    for s in seen:
        if _CJK.search(s.text):
            rest = typed_re.sub(" ", s.text)
            offending += [(s, m) for m in re.findall(r"\S*[\u2e80-\u9fff\uff00-\uffef]\S*", rest)]
    _verdict("en", offending)
