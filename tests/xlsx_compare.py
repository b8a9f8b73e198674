"""Compare two .xlsx files part by part, as XlsxWriter's own tests do.

XML parts are compared as element trees (attribute order and whitespace between elements
do not matter); volatile parts (timestamps in docProps/core.xml) are ignored.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml import ElementTree as SafeET

VOLATILE = {"docProps/core.xml"}


def _canon(element) -> tuple:
    text = (element.text or "").strip()
    tail = (element.tail or "").strip()
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        text,
        tail,
        tuple(_canon(child) for child in element),
    )


def differences(expected: Path, actual: Path) -> list[str]:
    out: list[str] = []
    with zipfile.ZipFile(expected) as a, zipfile.ZipFile(actual) as b:
        names_a, names_b = set(a.namelist()), set(b.namelist())
        for name in sorted(names_a ^ names_b):
            out.append(f"{name}: only in {'expected' if name in names_a else 'actual'}")
        for name in sorted(names_a & names_b):
            if name in VOLATILE:
                continue
            data_a, data_b = a.read(name), b.read(name)
            if name.endswith((".xml", ".rels", ".vml")):
                if _canon(SafeET.fromstring(data_a)) != _canon(SafeET.fromstring(data_b)):
                    out.append(f"{name}: XML differs")
            elif data_a != data_b:
                out.append(f"{name}: bytes differ")
    return out
