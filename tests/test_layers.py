"""The layers of docs/architecture.md hold: imports point down, and nothing imports in a
circle — counting imports inside functions too, which is where a circle would hide."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "addin"
#: Lower numbers sit lower; a module may import its own layer or any layer below.
LAYERS = {
    "core": 0,
    "schema": 0,  # declarations only; core's validation reads them
    "io": 2,
    "demo": 2,
    "books": 3,
    "jobs": 4,
    "excel": 5,
    "cli": 6,
    "entry": 5,  # the xlwings entry points: the Excel door, with excel/
    "__main__": 6,
}
NOT_IN_CORE = ("openpyxl", "xlwings", "xlsxwriter", "python_calamine", "sqlite3", "sqlalchemy")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:` (never run, so never a circle)."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }


def _imports(path: Path) -> set[str]:
    """Every module `path` imports at run time, at any depth of the file."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules} for name, path in modules.items()}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_imports_point_down() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        for target in targets
        if (low := _layer(module)) is not None
        and (high := _layer(target)) is not None
        and high > low
    ]
    assert upward == []


def test_no_import_circles() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    circles: list[str] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if target.startswith(module + "."):
                continue  # a package importing its own modules is not a circle
            if state.get(target) == 1:
                circles.append(" → ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [("core", NOT_IN_CORE), ("books/styles.py", ("addin",))],
)
def test_leaves_import_nothing_above_them(folder: str, forbidden: tuple[str, ...]) -> None:
    root = PACKAGE / folder
    files = [root] if root.is_file() else list(root.rglob("*.py"))
    found = sorted(
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in files
        for name in _imports(path)
        if name.split(".")[0] in forbidden
    )
    assert found == []
