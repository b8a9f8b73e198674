"""Build SalesDesk's macro files without Excel: `python -m addin.excel.build`.

- `SalesDesk.xlam`: the add-in with the SalesDesk ribbon tab (customUI) and its callbacks.
- `<lang>/<stem>.xlsm`: the manager's and finance templates with buttons on their guide
  sheet; they carry xlwings' module, so they work without the add-in too.
Both embed the installed xlwings' VBA (its version names the AppleScript RunPython calls on
macOS), so they are built where they are used, by `salesdesk addin install`, never
committed. Reps' workbooks stay macro-free `.xlsx`.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pyopenvba import ExcelFile, VBAModuleKind

from addin.excel.package import Button, add_buttons, add_ribbon, set_content_types
from addin.excel.vba import (
    ADDIN_NAME,
    VBA_PROJECT_PART,
    Module,
    addin_modules,
    interoperable_project,
    public_subs,
    ribbon_actions,
    ribbon_xml,
    workbook_modules,
)
from addin.i18n import t
from addin.io.atomic import atomic_write
from addin.io.xlsx.parts import read_parts, write_parts
from addin.io.xlsx.render import write_plan

#: Buttons on each template's guide sheet: (English caption, Chinese caption, macro).
BUTTONS: dict[str, list[tuple[str, str, str]]] = {
    "masters": [
        ("Check this workbook", "检查本工作簿", "SalesDeskCheck"),
        ("Issue rep workbooks", "下发业务员工作簿", "SalesDeskIssue"),
        ("Collect reports", "收集业务员报表", "SalesDeskCollect"),
        ("Who handed in", "提交情况", "SalesDeskStatus"),
    ],
    "finance": [
        ("Age receivables", "应收账款账龄分析", "SalesDeskAge"),
        ("Check this workbook", "检查本工作簿", "SalesDeskCheck"),
    ],
    "plan": [
        ("Split targets", "分解目标", "SalesDeskSplit"),
        ("Check this workbook", "检查本工作簿", "SalesDeskCheck"),
    ],
    "appraisal": [
        ("Appraise reps", "考核评分", "SalesDeskAppraise"),
        ("Check this workbook", "检查本工作簿", "SalesDeskCheck"),
    ],
    "dashboard": [("Refresh dashboard", "刷新看板", "SalesDeskDashboard")],
}
LANGS = ("en", "zh")


class BuildError(Exception):
    """The macro sources do not fit together (a control bound to a missing macro…)."""


def _modules_into(path: Path, modules: list[Module], *, new_project: bool) -> None:
    with ExcelFile(path) as book:
        project = book.vba_project() if not new_project else book.add_vba_project()
        for module in modules:
            kind = VBAModuleKind.other if module.kind == "class" else VBAModuleKind.standard
            project.add_module(module.name, module.source, kind=kind)
        if "Module1" in book.module_names():
            project.delete_module("Module1")
        book.save()


def check_bindings(modules: list[Module], ribbon: str | None, macros: list[str]) -> None:
    """Every ribbon callback and button macro must be a public Sub of the right shape."""
    subs: dict[str, str] = {}
    for module in modules:
        subs.update({k.lower(): v for k, v in public_subs(module.source).items()})
    problems = []
    for control, action in (ribbon_actions(ribbon) if ribbon else {}).items():
        params = subs.get(action.lower())
        if params is None or not re.fullmatch(r"\w+\s+As\s+IRibbonControl", params, re.I):
            problems.append(f"ribbon control {control}: no Sub {action}(control As IRibbonControl)")
    for macro in macros:
        if subs.get(macro.lower()) != "":
            problems.append(f"button macro {macro}: no public Sub {macro}() without arguments")
    if problems:
        raise BuildError("; ".join(problems))


def _title(parts: dict[str, bytes], title: str) -> None:
    core = parts.get("docProps/core.xml")
    if core is None:
        return
    text = core.decode("utf-8")
    if "<dc:title>" in text:
        text = re.sub(r"<dc:title>.*?</dc:title>", f"<dc:title>{title}</dc:title>", text)
    else:
        text = text.replace(
            "</cp:coreProperties>", f"<dc:title>{title}</dc:title></cp:coreProperties>"
        )
    parts["docProps/core.xml"] = text.encode("utf-8")


def build_addin(target: Path, lang: str = "en") -> Path:
    """Write the SalesDesk add-in (.xlam) with its ribbon tab in `lang` to `target`."""
    target = Path(target)
    modules, ribbon = addin_modules(), ribbon_xml(lang)
    check_bindings(modules, ribbon, [])

    def write(tmp: Path) -> None:
        ExcelFile.create_new(tmp).close()
        _modules_into(tmp, modules, new_project=False)
        parts = read_parts(tmp)
        parts[VBA_PROJECT_PART] = interoperable_project(parts[VBA_PROJECT_PART])
        set_content_types(parts, "xlam")
        add_ribbon(parts, ribbon)
        _title(parts, "SalesDesk")
        write_parts(tmp, parts)

    atomic_write(target, write)
    return target


def build_macro_workbook(stem: str, lang: str, target: Path) -> Path:
    """The template `stem` with job buttons on its guide sheet, as a macro-enabled .xlsm."""
    from addin.books.templates.builder import build_workbook

    modules = workbook_modules()
    buttons = [Button(zh if lang == "zh" else en, macro) for en, zh, macro in BUTTONS[stem]]
    check_bindings(modules, None, [b.macro for b in buttons])
    book = build_workbook(stem, lang=lang)  # type: ignore[arg-type]

    def write(tmp: Path) -> None:
        write_plan(book, tmp)
        _modules_into(tmp, modules, new_project=True)
        parts = read_parts(tmp)
        parts[VBA_PROJECT_PART] = interoperable_project(parts[VBA_PROJECT_PART])
        set_content_types(parts, "xlsm")
        add_buttons(parts, t(lang, "sheet.guide"), buttons)
        write_parts(tmp, parts)

    atomic_write(Path(target), write)
    return Path(target)


def build_macro_templates(folder: Path) -> list[Path]:
    """`folder/<lang>/<stem>.xlsm` for every template that has buttons."""
    return [
        build_macro_workbook(stem, lang, Path(folder) / lang / f"{stem}.xlsm")
        for lang in LANGS
        for stem in BUTTONS
    ]


def build_all(workbooks: Path, addin_dir: Path) -> list[Path]:
    return [build_addin(Path(addin_dir) / ADDIN_NAME), *build_macro_templates(workbooks)]


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(
        prog="python -m addin.excel.build",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--workbooks",
        type=Path,
        default=repo / "build" / "templates",
        help="folder of the .xlsm templates (default: build/templates/)",
    )
    parser.add_argument(
        "--addin-dir",
        type=Path,
        default=repo / "build",
        help="where SalesDesk.xlam goes (default: build/)",
    )
    args = parser.parse_args(argv)
    for path in build_all(args.workbooks, args.addin_dir):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
