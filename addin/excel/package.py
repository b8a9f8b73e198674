"""The add-in's own package edits (a .xlsm/.xlam zip) without Excel; the generic part
handling is `addin.io.xlsx`.

What pyOpenVBA leaves to us: the workbook's content type (an .xlsx given a VBA project
keeps its .xlsx type, and Excel then refuses the file), the ribbon part of an add-in, and
Forms buttons drawn the way XlsxWriter draws them (legacy VML only, which openpyxl keeps
when a job opens the workbook with keep_vba and saves it again).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import unescape
from xml.sax.saxutils import escape, quoteattr

from addin.io.xlsx.parts import NS_DOC_REL, content_types
from addin.io.xlsx.relationships import add_relationship, rels_name, sheet_part

CT_MAIN = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "xlam": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
}
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
REL_RIBBON = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
REL_VML = f"{NS_DOC_REL}/vmlDrawing"
#: Sheet children that must follow <legacyDrawing> (ECMA-376 CT_Worksheet order).
_AFTER_LEGACY = (
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


@dataclass(frozen=True, slots=True)
class Button:
    caption: str
    macro: str


def set_content_types(parts: dict[str, bytes], kind: str) -> None:
    """Declare the workbook as `kind` (xlsm/xlam) and the VBA and VML parts it carries."""
    text = parts["[Content_Types].xml"].decode("utf-8")
    text = re.sub(
        r'(PartName="/xl/workbook\.xml"\s+ContentType=")[^"]*"', rf'\1{CT_MAIN[kind]}"', text
    )
    defaults, _ = content_types({"[Content_Types].xml": text.encode("utf-8")})
    extra = ""
    if "bin" not in defaults:
        extra += f'<Default Extension="bin" ContentType="{CT_VBA}"/>'
    if "vml" not in defaults:
        extra += f'<Default Extension="vml" ContentType="{CT_VML}"/>'
    if extra:
        text = re.sub(r"(<Types[^>]*>)", lambda m: m.group(1) + extra, text, count=1)
    parts["[Content_Types].xml"] = text.encode("utf-8")


def add_ribbon(parts: dict[str, bytes], xml: str) -> None:
    parts["customUI/customUI.xml"] = xml.encode("utf-8")
    if b"customUI/customUI.xml" not in parts["_rels/.rels"]:
        parts["_rels/.rels"], _ = add_relationship(
            parts["_rels/.rels"], REL_RIBBON, "customUI/customUI.xml"
        )


def button_vml(buttons: Sequence[Button], *, column: int = 2, first_row: int = 1) -> str:
    """VML for Forms buttons stacked in `column` (0-based), two rows each, one row apart."""
    shapes = []
    for i, button in enumerate(buttons):
        top = first_row + 3 * i
        anchor = f"{column}, 8, {top}, 4, {column + 3}, 0, {top + 2}, 0"
        shapes.append(
            f'<v:shape id="_x0000_s{1025 + i}" type="#_x0000_t201" '
            f'style="position:absolute;margin-left:{column * 48 + 6}pt;margin-top:{top * 15 + 3}pt;'
            f'width:150pt;height:27pt;z-index:{i + 1};mso-wrap-style:tight" o:button="t" '
            'fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
            '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/>'
            '<o:lock v:ext="edit" rotation="t"/>'
            '<v:textbox style="mso-direction-alt:auto" o:singleclick="f">'
            '<div style="text-align:center"><font face="Calibri" size="220" color="#000000">'
            f"{escape(button.caption)}</font></div></v:textbox>"
            f'<x:ClientData ObjectType="Button"><x:Anchor>{anchor}</x:Anchor>'
            "<x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>"
            f"<x:FmlaMacro>[0]!{escape(button.macro)}</x:FmlaMacro>"
            "<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign>"
            "</x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
        '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" '
        'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>'
        '<o:lock v:ext="edit" shapetype="t"/></v:shapetype>' + "".join(shapes) + "</xml>"
    )


def add_buttons(parts: dict[str, bytes], sheet_name: str, buttons: Sequence[Button]) -> None:
    """Draw `buttons` on a sheet that has no notes (its one legacy drawing is ours)."""
    sheet = sheet_part(parts, sheet_name)
    xml = parts[sheet].decode("utf-8")
    if "<legacyDrawing" in xml:
        raise ValueError(
            f"{sheet_name}: already has a legacy drawing (notes); buttons go elsewhere"
        )
    # Our own folder: XlsxWriter gives every sheet with notes a vmlDrawing<n>.vml, and
    # openpyxl keeps through a keep_vba round trip only names ending vmlDrawing<digit>.vml.
    vml = "xl/drawings/salesdesk/vmlDrawing1.vml"
    if vml in parts:
        raise ValueError("this workbook already has SalesDesk buttons")
    parts[vml] = button_vml(buttons).encode("utf-8")
    rels = rels_name(sheet)
    parts[rels], rid = add_relationship(
        parts.get(rels), REL_VML, "../drawings/salesdesk/vmlDrawing1.vml"
    )
    element = f'<legacyDrawing xmlns:r={quoteattr(NS_DOC_REL)} r:id="{rid}"/>'
    for tag in _AFTER_LEGACY:
        match = re.search(rf"<(?:\w+:)?{tag}[\s/>]", xml)
        if match:
            xml = xml[: match.start()] + element + xml[match.start() :]
            break
    else:
        xml = xml.replace("</worksheet>", element + "</worksheet>")
    parts[sheet] = xml.encode("utf-8")


def buttons_in(parts: Mapping[str, bytes]) -> list[tuple[str, str]]:
    """(caption, macro) of every Forms button in a package: what tests read back."""
    found = []
    for name in sorted(parts):
        if not re.fullmatch(r"xl/drawings/(?:salesdesk/)?vmlDrawing\d+\.vml", name):
            continue
        for shape in re.findall(r"<v:shape\b.*?</v:shape>", parts[name].decode("utf-8"), re.S):
            if 'ObjectType="Button"' not in shape:
                continue
            caption = re.search(r"<font[^>]*>(.*?)</font>", shape, re.S)
            macro = re.search(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>", shape, re.S)
            found.append(
                (
                    unescape(caption.group(1)) if caption else "",
                    unescape(macro.group(1)) if macro else "",
                )
            )
    return found
