"""xlwings' real Excel-for-Mac engine (`xlwings/_xlmac.py`) over a recorder of Apple events.

`_xlmac` talks to Excel through appscript: it builds object references
(`app.workbooks["finance.xlsx"].worksheets["OpenItems"].cells["$D$4:$D$9"].number_format`)
and sends commands on them (`.set(value)`, `.get()`, `.get_address()`, `.count(each=…)`).
Here appscript, aem, osax and psutil are stand-ins that build the same references and
record every command instead of sending it; the few questions `_xlmac` asks Excel while
building a range (a cell's address, an area's size) are answered as Excel would. So the
code under test is xlwings' own Mac `Sheet`, `Range`, `Font`, down to the events.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries
from xlwings import main


class CommandError(Exception):
    """appscript.reference.CommandError: Excel answered a command with an error."""


@dataclass(frozen=True, slots=True)
class Keyword:
    """An appscript keyword (`k.row`, `k.color_index_none`…)."""

    name: str


class _Keywords:
    def __getattr__(self, name: str) -> Keyword:
        if name.startswith("__"):
            raise AttributeError(name)
        return Keyword(name)


@dataclass(frozen=True, slots=True)
class Event:
    """One command sent: its name, the reference it was sent to, its arguments."""

    command: str
    path: tuple[tuple[str, Any], ...]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def element(self, kind: str) -> Any:
        """The key of the last `kind[...]` element in the reference (cells, worksheets)."""
        found = [key for step, key in self.path if step == kind]
        return found[-1] if found else None

    @property
    def property(self) -> str:
        return ".".join(str(key) for step, key in self.path if step == "." and key != "cells")


@dataclass
class Recorder:
    events: list[Event] = field(default_factory=list)

    def command(self, path: tuple[tuple[str, Any], ...], name: str, args: Any, kwargs: Any) -> Any:
        event = Event(name, path, tuple(args), dict(kwargs))
        self.events.append(event)
        return self.answer(event)

    def answer(self, event: Event) -> Any:
        """What Excel replies to the questions `_xlmac` asks while it builds ranges."""
        if event.command == "get_address":
            rows = [key for step, key in event.path if step == "rows"]
            columns = [key for step, key in event.path if step == "columns"]
            if rows and columns:
                return f"${get_column_letter(columns[-1])}${rows[-1]}"
        cells = event.element("cells")
        if cells is not None:
            c1, r1, c2, r2 = range_boundaries(str(cells).replace("$", "").split(",")[0])
            if event.command == "count":
                return (r2 - r1 + 1) if event.kwargs.get("each") == Keyword("row") else c2 - c1 + 1
            prop = event.property
            if event.command == "get" and prop.endswith("first_row_index"):
                return r1
            if event.command == "get" and prop.endswith("first_column_index"):
                return c1
            if event.command == "Excel_comment_text":
                return ""  # no note on the cell
        if event.command == "get" and event.property.endswith("screen_updating"):
            return False
        return None

    def sets(self, prop: str) -> list[Event]:
        """Every `set` of property `prop` (e.g. "number_format", "interior_object.color")."""
        return [e for e in self.events if e.command == "set" and e.property.endswith(prop)]


class Reference:
    """appscript.reference.Reference: attribute and item access extend it; a call on its
    last attribute is a command sent to what comes before."""

    def __init__(self, recorder: Recorder, path: tuple[tuple[str, Any], ...] = ()) -> None:
        self._recorder = recorder
        self._path = path

    def __getattr__(self, name: str) -> Reference:
        if name.startswith("__"):
            raise AttributeError(name)
        return Reference(self._recorder, (*self._path, (".", name)))

    def __getitem__(self, key: Any) -> Reference:
        kind = self._path[-1][1] if self._path else "application"
        return Reference(self._recorder, (*self._path[:-1], (kind, key)))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        name = self._path[-1][1]
        return self._recorder.command(self._path[:-1], name, args, kwargs)


def _module(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    return module


@contextmanager
def mac_engine() -> Iterator[types.ModuleType]:
    """xlwings._xlmac imported over the stand-ins; sys.modules as before afterwards."""
    reference = _module("appscript.reference", CommandError=CommandError, Reference=Reference)
    stand_ins = {
        "appscript": _module(
            "appscript",
            app=None,
            its=None,
            k=_Keywords(),
            mactypes=_module("mactypes"),
            reference=reference,
        ),
        "appscript.reference": reference,
        "aem": _module("aem", kae=_module("kae")),
        "osax": _module("osax"),
        "psutil": _module("psutil", process_iter=lambda *a, **k: iter(())),
    }
    saved = {name: sys.modules.get(name) for name in [*stand_ins, "xlwings._xlmac"]}
    sys.modules.update(stand_ins)
    sys.modules.pop("xlwings._xlmac", None)
    try:
        yield importlib.import_module("xlwings._xlmac")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        xlwings = sys.modules.get("xlwings")
        if xlwings is not None and saved["xlwings._xlmac"] is None:
            xlwings.__dict__.pop("_xlmac", None)


def mac_book(mac: types.ModuleType, recorder: Recorder, name: str) -> Any:
    """An xlwings Book on the recorded Excel for Mac, as `xw.Book.caller()` gives it."""
    app = mac.App(xl=Reference(recorder))
    return main.Book(impl=mac.Book(app, name))


def cells_of(address: str) -> set[tuple[int, int]]:
    """Every (row, column) an address covers, all areas."""
    out = set()
    for area in address.replace("$", "").split(","):
        c1, r1, c2, r2 = range_boundaries(area if ":" in area else f"{area}:{area}")
        out |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    return out
