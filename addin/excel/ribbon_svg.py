"""A picture of the SalesDesk ribbon tab drawn from customUI.xml (for docs/excel.md)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from defusedxml import ElementTree

NS = "{http://schemas.microsoft.com/office/2006/01/customui}"


def ribbon_svg(xml: str) -> str:
    root = ElementTree.fromstring(xml.encode("utf-8"))
    tab = next(root.iter(f"{NS}tab"))
    x, parts = 10, []
    for group in tab.iter(f"{NS}group"):
        start = x
        for button in group.iter(f"{NS}button"):
            label = escape(button.get("label", ""))
            parts.append(
                f'<rect x="{x}" y="44" width="86" height="62" rx="4" fill="#ffffff" '
                'stroke="#c8c8c8"/>'
                f'<circle cx="{x + 43}" cy="64" r="10" fill="#1f4e78"/>'
                f'<text x="{x + 43}" y="96" font-size="10" text-anchor="middle">{label}</text>'
            )
            x += 92
        parts.append(
            f'<text x="{(start + x) / 2}" y="124" font-size="10" fill="#555" '
            f'text-anchor="middle">{escape(group.get("label", ""))}</text>'
            f'<line x1="{x + 2}" y1="44" x2="{x + 2}" y2="128" stroke="#d0d0d0"/>'
        )
        x += 8
    width = x + 10
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="136" '
        'font-family="Segoe UI, Helvetica, Arial, sans-serif">'
        f'<rect width="{width}" height="136" fill="#f3f3f3"/>'
        '<rect x="10" y="8" width="90" height="28" fill="#f3f3f3" stroke="#1f4e78"/>'
        f'<text x="55" y="27" font-size="13" text-anchor="middle" fill="#1f4e78">'
        f"{escape(tab.get('label', ''))}</text>" + "".join(parts) + "</svg>"
    )
