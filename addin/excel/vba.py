"""The VBA that goes into SalesDesk's macro files: our modules from `addin/excel/macros/`
(package data, so a wheel carries them), xlwings' own.

xlwings' module is taken from the installed xlwings package at build time, so the add-in
always matches the Python side (a version mismatch is the most common RunPython fault).
Two lines of it are adapted, each checked so a changed xlwings fails the build loudly:
the settings file name, and the quoting of the Mac interpreter path (xlwings' AppleScript
puts it unquoted into a shell command, so a path with a space breaks).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import quoteattr

import xlwings
from pyopenvba.cfb import CFB

from addin.excel.vba_words import with_words
from addin.i18n import t

#: xlwings reads its settings from `salesdesk.conf` (user folder, workbook folder or sheet).
PROJECT_NAME = "salesdesk"
ADDIN_NAME = "SalesDesk.xlam"
MACROS_ENV = "SALESDESK_MACROS"
RIBBON_FILE = "customUI.xml"

ModuleKind = Literal["standard", "class"]


@dataclass(frozen=True, slots=True)
class Module:
    name: str
    source: str  # CRLF line ends, as the VBA editor stores them
    kind: ModuleKind = "standard"


def macros_dir() -> Path:
    """The macro sources shipped in the package, or $SALESDESK_MACROS (a developer's)."""
    candidates = [
        Path(os.environ[MACROS_ENV]) if os.environ.get(MACROS_ENV) else None,
        Path(__file__).resolve().parent / "macros",
    ]
    for folder in candidates:
        if folder is not None and (folder / RIBBON_FILE).exists():
            return folder
    raise FileNotFoundError(
        "the SalesDesk macro sources (SalesDesk.bas, customUI.xml) are missing from this "
        f"installation; reinstall SalesDesk or set {MACROS_ENV} to the folder that holds them"
    )


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def our_module(name: str) -> Module:
    text = (macros_dir() / f"{name}.bas").read_text(encoding="utf-8")
    if name == "SalesDesk":  # the macros' messages in both languages (vba_words.py)
        text = with_words(text)
    return Module(name, crlf(text))


def xlwings_module() -> Module:
    """xlwings' stand-alone module for custom add-ins, with our settings file name."""
    text = (Path(xlwings.__file__).parent / "xlwings_custom_addin.bas").read_text(encoding="utf-8")
    text = text.replace("\r\n", "\n")
    text, found = re.subn(
        r'(PROJECT_NAME As String = )"[^"]*"', rf'\1"{PROJECT_NAME}"', text, count=1
    )
    if not found:
        raise RuntimeError(f"xlwings {xlwings.__version__}: PROJECT_NAME not found in its module")
    return Module("xlwings", crlf(own_applescript_hint(quote_mac_interpreter(text))))


#: xlwings' ExecuteMac, when `AppleScriptTask("xlwings-<version>.applescript")` fails, tells
#: the user to run `xlwings runpython install`, which does not fix a SalesDesk add-in built
#: for another xlwings; our installer does both (script and add-in for the same version).
_XLWINGS_HINT = re.compile(
    r'MsgBox "To enable RunPython, please run \'xlwings runpython install\'[^"]*"'
)
APPLESCRIPT_HINT = (
    'MsgBox "SalesDesk cannot start Python: RunPython for xlwings " & XLWINGS_VERSION & '
    '" is not enabled. In Terminal, run: salesdesk addin install  (then restart Excel)."'
)


def own_applescript_hint(text: str) -> str:
    text, found = _XLWINGS_HINT.subn(APPLESCRIPT_HINT, text, count=1)
    if not found:
        raise RuntimeError(
            f"xlwings {xlwings.__version__}: ExecuteMac's AppleScript message not found"
        )
    return text


#: xlwings' ExecuteMac turns the configured interpreter into a POSIX path; its AppleScript
#: then runs `<interpreter> -B -c "…"` through `do shell script`, so the path is quoted here
#: for the shell (POSIX single quotes, a ' inside written as '\'').
_MAC_INTERPRETER = re.compile(
    r"^([ \t]*)PythonInterpreter = ToPosixPath\(PYTHON_MAC\)[ \t]*$", re.M
)
MAC_QUOTE_LINE = 'PythonInterpreter = "\'" & Replace(PythonInterpreter, "\'", "\'\\\'\'") & "\'"'


def quote_mac_interpreter(text: str) -> str:
    text, found = _MAC_INTERPRETER.subn(
        lambda m: f"{m.group(0)}\n{m.group(1)}{MAC_QUOTE_LINE}", text, count=1
    )
    if not found:
        raise RuntimeError(
            f"xlwings {xlwings.__version__}: ExecuteMac's interpreter line not found in its module"
        )
    return text


def dictionary_class() -> Module:
    """xlwings' Dictionary class: RunPython reads its settings with it on macOS."""
    text = (Path(xlwings.__file__).parent / "addin" / "Dictionary.cls").read_text(encoding="utf-8")
    return Module("Dictionary", crlf(text), "class")


_RIBBON_TEXT = re.compile(r'="\{(\w+)\}"')


def ribbon_xml(lang: str = "en") -> str:
    """The ribbon tab with its labels and tips in `lang` (the catalogue's `ribbon.*`)."""
    text = (macros_dir() / RIBBON_FILE).read_text(encoding="utf-8")
    return _RIBBON_TEXT.sub(lambda m: "=" + quoteattr(t(lang, f"ribbon.{m[1]}")), text)


def addin_modules() -> list[Module]:
    """The add-in: xlwings, the job macros and the ribbon callbacks."""
    return [
        xlwings_module(),
        dictionary_class(),
        our_module("SalesDesk"),
        our_module("SalesDeskRibbon"),
    ]


def workbook_modules() -> list[Module]:
    """A template with buttons works without the add-in: it carries xlwings itself."""
    return [xlwings_module(), dictionary_class(), our_module("SalesDesk")]


_SUB = re.compile(r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.I | re.M)
_PRIVATE = re.compile(r"^[ \t]*Private[ \t]+Sub[ \t]+(\w+)", re.I | re.M)


def public_subs(source: str) -> dict[str, str]:
    """Macros a button or the ribbon can call: name → parameter list."""
    private = {m.group(1).lower() for m in _PRIVATE.finditer(source)}
    return {
        m.group(1): m.group(2).strip()
        for m in _SUB.finditer(source)
        if m.group(1).lower() not in private
    }


def ribbon_actions(xml: str) -> dict[str, str]:
    """Ribbon control id → the callback its onAction names."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(xml.encode("utf-8"))
    return {el.get("id", ""): el.get("onAction", "") for el in root.iter() if el.get("onAction")}


#: MS-OVBA 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF ("MUST be 0xFFFF on write"), Reserved2
#: 0x00, Reserved3 0x0001 (its example, 3.1.1), no PerformanceCache ("MUST NOT be present on
#: write"). A Version that matches the running Office makes it use the cache instead of the
#: source (1.6); 0xFFFF makes every Office compile the source. xlwings ships these 7 bytes.
VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000100")
VBA_PROJECT_PART = "xl/vbaProject.bin"


def interoperable_project(project_bin: bytes) -> bytes:
    """The project (vbaProject.bin) with its `_VBA_PROJECT` stream in the form above."""
    cfb = CFB.from_bytes(project_bin)
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", VBA_PROJECT_STREAM)
    return cfb.to_bytes()
