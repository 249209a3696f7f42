"""setup.py ``setup(version="1.0.1")``: the version written in the call itself, in a
module-level name the call passes (``VERSION = "2.9.0"`` … ``setup(version=VERSION)``), or in
the module beside it that setup.py imports (pytz: ``import pytz`` … ``version=pytz.VERSION``;
``from docopt import __version__`` … ``version=__version__``).

setup.py is read with :mod:`ast` and never run. It is a source only when setuptools builds the
project and nothing else declares the version (no static ``[project].version``, no
``[tool.setuptools.dynamic]``, no setup.cfg version): then the ``version=`` that setup.py
passes is what setuptools reads. A version setup.py computes (reads a file, imports the
package) is not this kind: the refusal in :func:`release.project.sources.detect` names the
setting instead.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from release.errors import ConfigError
from release.project.setup_script import setup_calls
from release.project.sources.base import (
    SourceKind,
    VersionLocation,
    VersionSource,
    backend,
    read,
    requires,
    shown,
)
from release.project.sources.python import (
    Literal,
    assigned,
    literal_location,
    parse_python,
    python_source,
    python_value,
)
from release.project.sources.setupcfg import cfg_metadata

if TYPE_CHECKING:
    from release.project.pyproject import Project

_SETUPTOOLS = ("", "setuptools.build_meta", "setuptools.build_meta:__legacy__")


def _setuptools_builds(project: Project) -> bool:
    """setuptools builds the project: no ``[build-system]``, setuptools' backend, or an in-tree
    backend that wraps it (PyYAML's ``_pyyaml_pep517`` on ``backend-path``, with setuptools
    in ``requires``)."""
    if backend(project.data) in _SETUPTOOLS:
        return True
    system = project.data.get("build-system")
    return isinstance(system, dict) and bool(system.get("backend-path")) \
        and "setuptools" in requires(project.data)


def _version_argument(tree: ast.Module) -> ast.expr | None:
    """The ``version=`` argument of setup.py's one ``setup()`` call; ``None`` without one.
    Two calls are two readings: refused."""
    calls = setup_calls(tree)
    if len(calls) > 1:
        lines = " and ".join(str(call.lineno) for call in calls[:3])
        raise ConfigError(
            f"setup.py calls setup() more than once (lines {lines}); release-lifecycle reads "
            "setup.py without running it, so it cannot tell which call sets the version",
            'set `version-source = "path/to/file"` in [tool.release] of a pyproject.toml, the '
            "module that holds `__version__`", file="setup.py", line=calls[1].lineno)
    found = [kw.value for call in calls for kw in call.keywords if kw.arg == "version"]
    return found[0] if found else None


def locate_setup_py(path: Path, root: Path, text: str) -> VersionLocation | None:
    """Where setup.py writes the version it passes to ``setup()``: the literal in the call
    (fmt ``setup.py``), or the literal of the module-level name it passes (fmt ``python``).
    ``None`` when it passes nothing, or something computed."""
    tree = parse_python(path, text, root)
    value = _version_argument(tree)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        location = literal_location(path, root, text, value, "version")
        return VersionLocation(location.file, location.line, location.start, location.end,
                               location.value, SetupPy.name, ("version",))
    if isinstance(value, ast.Name):
        stores = sum(isinstance(node, ast.Name) and node.id == value.id
                     and isinstance(node.ctx, ast.Store) for node in ast.walk(tree))
        if stores == 1 and any(assigned(stmt, value.id) is not None for stmt in tree.body):
            found = python_value(path, value.id, text, root)
            if isinstance(found, Literal):
                return literal_location(path, root, text, found.node, value.id)
            return None
        for stmt in tree.body:  # `from docopt import __version__` … `version=__version__`
            if isinstance(stmt, ast.ImportFrom) and stmt.level == 0 and stmt.module:
                for alias in stmt.names:
                    if (alias.asname or alias.name) == value.id and stores == 0:
                        return _imported(root, stmt.module, alias.name)
        return None
    if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and any(
            isinstance(stmt, ast.Import) and any(a.name == value.value.id and a.asname is None
                                                 for a in stmt.names) for stmt in tree.body):
        return _imported(root, value.value.id, value.attr)  # `import pytz` … `pytz.VERSION`
    return None


def _imported(root: Path, module: str, name: str) -> VersionLocation | None:
    """The literal ``name`` in the module beside setup.py that setup.py imports (what
    setuptools gets when setup.py runs the import), through re-exports; ``None`` for a module
    that is not a file of this tree, or a value that is not a literal."""
    rel = Path(*module.split("."))
    candidates = [root / rel / "__init__.py", root / rel.with_suffix(".py")]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return None
    try:
        source = python_source(found, root, name, SetupPy.name, "")
    except ConfigError:
        return None
    location = source.location
    return location if location is not None and location.fmt == "python" else None


def setup_py_version(text: str, path: Path) -> str | None:
    """The literal ``version=`` of the ``setup()`` call in ``text`` (to prove an edit)."""
    try:
        value = _version_argument(parse_python(path, text, path.parent))
    except ConfigError:
        return None
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) \
        else None


class SetupPy(SourceKind):
    """The ``version=`` a setuptools project's setup.py passes, when nothing else declares it
    (pytz, responses, jmespath: setup.py and no pyproject.toml, or one without a version)."""

    name = "setup.py"

    def detect(self, project: Project) -> VersionSource | None:
        path = project.root / "setup.py"
        section = project.data.get("project")
        dynamic = section.get("dynamic", []) if isinstance(section, dict) else []
        if not path.is_file() or not _setuptools_builds(project) or (
                isinstance(section, dict) and not (isinstance(dynamic, list)
                                                   and "version" in dynamic)):
            return None
        location = locate_setup_py(path, project.root, read(path, project.root, "setup.py"))
        if location is None:
            return None
        if "version" in cfg_metadata(project):
            raise ConfigError(
                "setup.py and setup.cfg [metadata] both set the version; release-lifecycle "
                "will not guess which one setuptools uses for this project",
                "keep the version in one of them", file="setup.py", line=location.line)
        label = ("setup.py setup(version=…)" if location.fmt == self.name else
                 f"setup.py setup(version={location.key[0]})" if location.file == path else
                 f"setup.py setup(version=…) from {shown(location.file, project.root)}")
        return VersionSource(self.name, label, location)

    def read_back(self, location: VersionLocation, text: str) -> str | None:
        return setup_py_version(text, location.file)

