"""flit: the module's ``__version__`` (``[tool.flit.module] name``, else the project's name)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from release.errors import ConfigError
from release.project.sources.base import SourceKind, VersionSource, backend, toml_table
from release.project.sources.python import Literal, python_source, python_value

if TYPE_CHECKING:
    from release.project.pyproject import Project


def flit_source(project: Project) -> VersionSource:
    module = toml_table(project.data, "tool", "flit", "module").get("name")
    name = module if isinstance(module, str) else (project.name or "").replace("-", "_")
    if not name:
        raise ConfigError("flit needs the module name: [project].name is missing",
                          "add `name` under [project]", file=project.pyproject_shown)
    rel = Path(*name.split("."))
    root = project.root
    candidates = [root / rel, root / rel.with_suffix(".py"), root / "src" / rel,
                  root / "src" / rel.with_suffix(".py")]
    found = [c for c in candidates if c.exists()]
    if not found:
        raise ConfigError(
            f"flit's module {name} is not at {name.replace('.', '/')}/ or src/"
            f"{name.replace('.', '/')}/ (nor a .py file)",
            "set `name` in [tool.flit.module]", file=project.pyproject_shown)
    where = found[0]
    label = f"flit module {name}"
    if where.is_file():
        return python_source(where, root, "__version__", "flit", label)
    for candidate in ("__init__.py", "version.py", "_version.py", "__version__.py"):
        path = where / candidate
        if path.is_file() and isinstance(python_value(path, "__version__"), Literal):
            return python_source(path, root, "__version__", "flit", label)
    return python_source(where / "__init__.py", root, "__version__", "flit", label)


class Flit(SourceKind):
    name = "flit"

    def detect(self, project: Project) -> VersionSource | None:
        if backend(project.data).startswith("flit_core") or "flit" in toml_table(project.data,
                                                                            "tool"):
            return flit_source(project)
        return None
