"""The macros' own messages reach VBA in both languages, spelt so any Windows keeps them.

The generated `Say` function is read back by a small evaluator of the VBA it holds
(string literals, ChrW, vbNewLine, &) and must give each catalogue message exactly.
"""

from __future__ import annotations

import re

import pytest

from addin.excel.vba import our_module
from addin.excel.vba_words import vba_parts, words
from addin.i18n import t

_TOKEN = re.compile(r'"((?:[^"]|"")*)"|ChrW\(&H([0-9A-F]+)\)|(vbNewLine)|(Zh|En)|(&)|\s+')


def evaluate(expr: str, so_far: str = "") -> str:
    """A VBA string expression of the forms the generator writes."""
    out, at = "", 0
    while at < len(expr):
        m = _TOKEN.match(expr, at)
        assert m is not None, f"not generated VBA: {expr[at:]!r}"
        literal, code, newline, var, _ = m.groups()
        if literal is not None:
            out += literal.replace('""', '"')
        elif code:
            out += chr(int(code, 16))
        elif newline:
            out += "\n"
        elif var:
            out += so_far
        at = m.end()
    return out


def said(source: str) -> dict[tuple[str, str], str]:
    """(key, language) → the text `Say` gives, from the module's source."""
    start = source.index("Private Function Say(")
    body = source[start : source.index("End Function", start)]
    found: dict[tuple[str, str], str] = {}
    key = ""
    for line in body.replace("\r\n", "\n").splitlines():
        line = line.strip()
        if m := re.fullmatch(r'Case "(\w+)"', line):
            key = m[1]
        elif m := re.fullmatch(r"(Zh|En) = (.*)", line):
            lang = m[1].lower()
            found[(key, lang)] = evaluate(m[2], found.get((key, lang), ""))
    return found


@pytest.fixture(scope="module")
def source() -> str:
    return our_module("SalesDesk").source


def test_the_module_is_ascii_whatever_the_language(source: str) -> None:
    assert source.isascii()  # the VBA editor stores modules in the machine's code page


def test_every_message_reads_as_the_catalogue_has_it(source: str) -> None:
    got = said(source)
    assert set(got) == {(k, lang) for k in words() for lang in ("en", "zh")}
    for (key, lang), text in got.items():
        assert text == t(lang, f"vba.{key}"), (key, lang)
    assert any(not ch.isascii() for ch in got[("open_first", "zh")])


def test_the_macros_use_each_message_and_no_other(source: str) -> None:
    used = set(re.findall(r'Say\("(\w+)"\)', source))
    assert used == set(words())


def test_the_company_language_is_known_by_its_guide_sheet(source: str) -> None:
    for lang in ("en", "zh"):
        line = next(x for x in source.splitlines() if f'CompanyLanguage = "{lang}"' in x)
        name = line.split("If Sheet.Name = ", 1)[1].split(" Then", 1)[0]
        assert evaluate(name) == t(lang, "sheet.guide")


def test_quotes_and_line_breaks_survive() -> None:
    assert evaluate(" & ".join(vba_parts('say "hi"\n你好'))) == 'say "hi"\n你好'
    assert vba_parts("") == ['""']


def test_the_ribbon_speaks_the_language_it_is_installed_for(tmp_path) -> None:
    from defusedxml import ElementTree

    from addin.excel.build import build_addin
    from addin.io.xlsx.parts import read_parts

    def ribbon(lang: str) -> list[tuple[str, dict[str, str]]]:
        parts = read_parts(build_addin(tmp_path / lang / "SalesDesk.xlam", lang))
        root = ElementTree.fromstring(parts["customUI/customUI.xml"])
        return [(el.get("id", ""), dict(el.attrib)) for el in root.iter() if el.get("id")]

    en, zh = ribbon("en"), ribbon("zh")
    assert [i for i, _ in en] == [i for i, _ in zh]  # the same controls and callbacks
    for (_, a), (_, b) in zip(en, zh, strict=True):
        assert a.get("onAction") == b.get("onAction")
    texts = {
        lang: [v for _, a in got for k, v in a.items() if k in ("label", "screentip", "supertip")]
        for lang, got in (("en", en), ("zh", zh))
    }
    assert "Split targets" in texts["en"] and "分解目标" in texts["zh"]
    assert not any("{" in v for v in texts["en"] + texts["zh"])  # every text filled in
    # in Chinese, every label but the product's own name is Chinese
    latin = [v for v in texts["zh"] if v.isascii() and v != "SalesDesk"]
    assert latin == []
