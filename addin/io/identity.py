"""Who a rep workbook belongs to, stored in its custom document properties.

Collection trusts nothing else: the file name can be changed by anyone, so `collect`
reads the rep and period from here and refuses files without them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeET

KIND = "salesdesk-rep-workbook"
CUSTOM_PROPERTIES = "docProps/custom.xml"
_NS_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


@dataclass(frozen=True, slots=True)
class RepIdentity:
    rep_id: str
    period: str
    company: str = ""


def properties(who: RepIdentity) -> dict[str, str]:
    """The custom document properties that stamp a rep workbook with its owner."""
    return {
        "SalesDesk.kind": KIND,
        "SalesDesk.rep_id": who.rep_id,
        "SalesDesk.period": who.period,
        "SalesDesk.company": who.company,
    }


def read_identity(path: Path, custom: bytes | None = None) -> RepIdentity | None:
    """The identity stamped into a rep workbook, or None if it carries none. `custom`:
    its custom properties part when the caller has it already (the safety pass kept it)."""
    if custom is not None:
        data = custom
    else:
        try:
            with zipfile.ZipFile(path) as zf:
                if CUSTOM_PROPERTIES not in zf.namelist():
                    return None
                with zf.open(CUSTOM_PROPERTIES) as fh:
                    data = fh.read(1_000_001)
        except (zipfile.BadZipFile, OSError):
            return None
    if len(data) > 1_000_000:
        return None
    values: dict[str, str] = {}
    for prop in SafeET.fromstring(data).iter(f"{_NS_CUSTOM}property"):
        for child in prop:
            values[prop.get("name", "")] = (child.text or "").strip()
    if values.get("SalesDesk.kind") != KIND:
        return None
    return RepIdentity(
        values.get("SalesDesk.rep_id", ""),
        values.get("SalesDesk.period", ""),
        values.get("SalesDesk.company", ""),
    )
