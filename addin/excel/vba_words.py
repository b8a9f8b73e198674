"""The macros' own words in VBA, in both languages, from the message catalogue (`vba.*`).

The VBA editor stores a module in the code page of the machine that saves it, so a Chinese
literal in our source would arrive as question marks on an English Windows. The module
therefore stays ASCII: Chinese text is spelt with `ChrW`, in a `Say(key)` function
generated here and put where SalesDesk.bas holds the line `' @SAY@`. `Say` answers in
the language of the active workbook's company (its guide sheet's name tells) and in both
languages when no SalesDesk workbook is active (the message that asks to open one).
"""

from __future__ import annotations

from addin.i18n import catalogue, t

MARKER = "' @SAY@"
#: Parts of one VBA statement: a statement stays well under the editor's 1,023 characters.
PARTS_PER_LINE = 12


def words() -> list[str]:
    """The keys of the macros' messages (`vba.<key>` in every catalogue)."""
    return sorted(k.removeprefix("vba.") for k in catalogue("en") if k.startswith("vba."))


def vba_parts(text: str) -> list[str]:
    """`text` as VBA expressions to join with `&`: ASCII runs as string literals, other
    characters as ChrW, line breaks as vbNewLine."""
    parts: list[str] = []
    run = ""
    for ch in text:
        if ch == "\n" or not (" " <= ch <= "~"):
            if run:
                parts.append('"' + run.replace('"', '""') + '"')
                run = ""
            parts.append("vbNewLine" if ch == "\n" else f"ChrW(&H{ord(ch):04X})")
        else:
            run += ch
    if run or not parts:
        parts.append('"' + run.replace('"', '""') + '"')
    return parts


def _assign(target: str, text: str, indent: str) -> list[str]:
    parts = vba_parts(text)
    lines = []
    for start in range(0, len(parts), PARTS_PER_LINE):
        chunk = " & ".join(parts[start : start + PARTS_PER_LINE])
        lines.append(
            f"{indent}{target} = {chunk}"
            if start == 0
            else f"{indent}{target} = {target} & {chunk}"
        )
    return lines


def say_source() -> str:
    """The VBA of `Say` and of the language test it uses (CRLF added by the caller)."""
    guide = {lang: " & ".join(vba_parts(t(lang, "sheet.guide"))) for lang in ("en", "zh")}
    lines = [
        '\' The active workbook\'s language, known by its guide sheet\'s name: "zh", "en",',
        '\' or "" when no SalesDesk workbook is active. Generated from the catalogue.',
        "Private Function CompanyLanguage() As String",
        "    Dim Sheet As Object",
        "    If ActiveWorkbook Is Nothing Then Exit Function",
        "    For Each Sheet In ActiveWorkbook.Worksheets",
        f'        If Sheet.Name = {guide["zh"]} Then CompanyLanguage = "zh": Exit Function',
        f'        If Sheet.Name = {guide["en"]} Then CompanyLanguage = "en": Exit Function',
        "    Next",
        "End Function",
        "",
        "' The macros' messages in the company's language; in both when it is not known.",
        "' {value} and {version} are filled in by the caller.",
        "Private Function Say(Key As String) As String",
        "    Dim En As String, Zh As String",
        "    Select Case Key",
    ]
    for key in words():
        lines.append(f'    Case "{key}"')
        lines += _assign("Zh", t("zh", f"vba.{key}"), " " * 8)
        lines += _assign("En", t("en", f"vba.{key}"), " " * 8)
    lines += [
        "    End Select",
        "    Select Case CompanyLanguage()",
        '    Case "zh": Say = Zh',
        '    Case "en": Say = En',
        "    Case Else: Say = En & vbNewLine & vbNewLine & Zh",
        "    End Select",
        "End Function",
    ]
    return "\n".join(lines)


def with_words(source: str) -> str:
    """SalesDesk.bas with `Say` put in at its marker line."""
    if MARKER not in source:
        raise RuntimeError(f"SalesDesk.bas has no {MARKER!r} line for the generated messages")
    return source.replace(MARKER, say_source(), 1)
