"""The message catalogues: every language says every message, with the same blanks."""

from __future__ import annotations

import string

import pytest

from addin.core.issue_codes import ISSUE_CODES
from addin.core.issues import Issue
from addin.i18n import LANGS, Msg, catalogue, month_label, t
from addin.i18n.issue_docs import DOC, issue_codes_markdown


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_message_ids() -> None:
    english = set(catalogue("en"))
    for lang in LANGS:
        assert set(catalogue(lang)) == english, lang


def test_every_message_has_the_same_placeholders_in_every_language() -> None:
    english = catalogue("en")
    for lang in LANGS:
        other = catalogue(lang)
        differ = {k for k in english if _fields(english[k]) != _fields(other[k])}
        assert not differ, (lang, sorted(differ))


def test_every_registered_issue_code_has_its_message() -> None:
    for lang in LANGS:
        missing = [c.code for c in ISSUE_CODES.values() if c.message not in catalogue(lang)]
        assert not missing, (lang, missing)


def test_no_issue_message_is_left_without_a_code() -> None:
    ids = {k.removeprefix("issue.") for k in catalogue("en") if k.startswith("issue.")}
    assert ids == set(ISSUE_CODES)


def test_an_issue_reads_in_the_language_asked_for() -> None:
    issue = Issue(
        code="required_blank",
        args={"name": "客户编号", "effect": Msg("blank.required")},
        sheet="DailyReport",
        row=7,
        column="customer_id",
    )
    assert issue.render("en") == "DailyReport row 7 (Customer ID): '客户编号' is required"
    assert issue.render("zh") == "业务员日报 第 7 行（客户编号）: 「客户编号」为必填项，不能为空"
    assert issue.severity == "error"


def test_a_nested_message_sees_the_value_of_the_message_that_holds_it() -> None:
    issue = Issue(code="bad_tier", args={"reason": Msg("tier.end_not_above")}, value="80")
    assert issue.text("zh") == "此档止点为 80%，不高于其起点"


def test_an_unknown_code_is_refused_where_it_is_made() -> None:
    with pytest.raises(KeyError, match="not_a_code"):
        Issue(code="not_a_code")


def test_an_unknown_message_id_names_itself() -> None:
    with pytest.raises(KeyError, match=r"no\.such"):
        t("zh", "no.such")


def test_the_issue_code_docs_are_written_from_the_registry() -> None:
    assert DOC.read_text(encoding="utf-8") == issue_codes_markdown(), (
        "run python -m addin.i18n.issue_docs"
    )


def test_a_month_reads_as_each_language_writes_it() -> None:
    assert month_label("2026-03", "zh") == "2026年3月"
    assert month_label("2026-11", "en") == "November 2026"
