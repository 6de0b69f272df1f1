"""The package layout holds by itself: no import circle, Streamlit only in gmlp_cards.ui, small modules.

The layers themselves (which package may import which) are the import-linter contract in pyproject.toml,
run by `lint-imports` in `make test`; these tests pin what that contract does not see: imports inside
functions and under `if TYPE_CHECKING:` count here as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gmlp_cards"
MAX_LINES = 400
DATA_TABLE_MARK = "pure data table"
"""A module over MAX_LINES may only be a table of data, and its first line says so with these words."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The module a dotted name lives in: itself, or the nearest enclosing module that exists."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imported_modules(module: str) -> set[str]:
    """Every gmlp_cards module `module` imports, at top level, in functions or for type checking.

    `from package import name` counts as an import of `package.name` when that is a module, else of
    `package` (which then binds `name`).
    """
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            found.update(r for r in map(_resolve, names) if r and r.startswith("gmlp_cards"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("gmlp_cards"):
                continue
            for alias in node.names:
                full = f"{source}.{alias.name}"
                target = full if full in MODULES else _resolve(source)
                if target:
                    found.add(target)
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    return {module: imported_modules(module) for module in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path that starts and ends at the same module, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_graph_is_read_from_the_package():
    graph = import_graph()
    assert "gmlp_cards.cli.main" in graph
    assert "gmlp_cards.cards.catalog" in graph["gmlp_cards.cli.main"]


def test_no_import_circle_among_gmlp_cards_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_circle_through_a_function_level_import():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def _imports_streamlit(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "streamlit" for a in node.names):
            return True
        top = (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else ""
        if isinstance(node, ast.ImportFrom) and not node.level and top == "streamlit":
            return True
    return False


def test_only_gmlp_cards_ui_imports_streamlit():
    ui = PACKAGE / "ui"
    offenders = [
        str(p.relative_to(ROOT)) for p in MODULES.values() if ui not in p.parents and _imports_streamlit(p)
    ]
    assert offenders == []
    assert _imports_streamlit(ui / "render.py")  # the check does see an import where there is one


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_400_lines_unless_it_is_a_data_table(module: str):
    path = MODULES[module]
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and DATA_TABLE_MARK in lines[0].lower():
        return
    assert len(lines) <= MAX_LINES, (
        f"{path.relative_to(ROOT)} has {len(lines)} lines: split it by what it holds, or, if it is only "
        f"data, say '{DATA_TABLE_MARK}' in its first line"
    )


def one_letter_aliases(source: str) -> list[str]:
    """`import x as Y` / `from m import x as Y` with a one-letter name: the reader must look up what Y is."""
    return [
        f"{alias.name} as {alias.asname}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if alias.asname is not None and len(alias.asname) == 1
    ]


def test_no_module_imports_under_a_one_letter_name():
    offenders = {
        str(p.relative_to(ROOT)): found
        for p in [*MODULES.values(), *sorted((ROOT / "views").glob("*.py")), ROOT / "app.py"]
        if (found := one_letter_aliases(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert one_letter_aliases("from gmlp_cards.concerns import labels as L\n") == ["labels as L"]
