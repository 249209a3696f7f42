"""The floor plan of ``release/`` (docs/architecture.md): imports go downward only, no circle.

Floors, top to bottom: the faces (``cli``, ``output``, ``report``, ``console``, ``tasks``,
``__main__``), ``commands/``, the project model (``project/`` and ``changelog/``), the outside
world (``outside/``), and ``errors``. A module may import from its own floor (without a
circle) and from the floors below it, never from above. Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "release"

FACES = {"release.cli", "release.output", "release.report", "release.console", "release.tasks",
         "release.__main__", "release"}


def floor(module: str) -> int:
    """4 faces, 3 commands, 2 project model, 1 outside world, 0 errors."""
    if module in FACES:
        return 4
    if module.startswith("release.commands"):
        return 3
    if module.startswith(("release.project", "release.changelog")):
        return 2
    if module.startswith("release.outside"):
        return 1
    if module == "release.errors":
        return 0
    raise AssertionError(f"{module} is on no floor: add it to docs/architecture.md and here")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every ``release`` module that ``path`` imports (``from release.x import y`` counts as
    ``release.x.y`` when that is a module, else ``release.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "release"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "release":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in MODULES else node.module)
    return found


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p) for p in FILES}
GRAPH = {module_name(p): imports_of(p) for p in FILES}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_go_downward(module: str) -> None:
    upward = sorted(m for m in GRAPH[module] if m != "release" and floor(m) > floor(module))
    assert upward == [], f"{module} imports from a floor above it"


def test_no_import_circle() -> None:
    """Package ``__init__`` modules that re-export their own submodules are not circles:
    importing ``release.project.sources.base`` runs ``release.project.sources`` first, but
    the base module does not need it."""

    def edges(module: str) -> set[str]:
        return {m for m in GRAPH[module] if m in GRAPH and not module.startswith(m + ".")}

    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges(module)):
            if state.get(target) == 1:
                circle = [*stack[stack.index(target):], target]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_tree_reads_as_the_floor_plan() -> None:
    """At most about a dozen top-level modules, a module per command, no module over ~700
    lines."""
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top
    commands = {p.stem for p in (PACKAGE / "commands").iterdir()
                if p.suffix == ".py" or (p / "__init__.py").exists()}
    for name in ("validate", "prepare", "tag", "notes", "checksums", "publish",
                 "github_release", "guard", "init"):
        assert name in commands, name
    long = {str(p.relative_to(ROOT)): n for p in FILES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert long == {}
