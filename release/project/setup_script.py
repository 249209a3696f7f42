"""setup.py read with :mod:`ast`, never run: its ``setup()`` calls and the string literals
they pass (``name='jmespath'``, ``version='1.0.1'``).

The project model asks it for the name of a project that has only setup.py; the version
source kind :mod:`release.project.sources.setuppy` asks it for the ``version=`` argument.
"""

from __future__ import annotations

import ast
from pathlib import Path

from release.errors import ReleaseError
from release.outside import files
from release.project import pysource


def setup_calls(tree: ast.Module) -> list[ast.Call]:
    """The ``setup(...)`` / ``setuptools.setup(...)`` calls anywhere in setup.py (under an
    ``if __name__ == "__main__":`` too), in the order they are written."""
    return sorted((node for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id == "setup")
        or (isinstance(node.func, ast.Attribute) and node.func.attr == "setup"))),
        key=lambda call: (call.lineno, call.col_offset))


def setup_py_literal(root: Path, keyword: str) -> str | None:
    """The string a project's setup.py passes to ``setup()`` as ``keyword`` (jmespath's
    ``name='jmespath'``; PyYAML's ``name=NAME`` after ``NAME = 'PyYAML'``); ``None`` when
    setup.py is missing or unreadable, lies outside the repository, or passes anything but a
    short printable string."""
    value = setup_py_keywords(root).get(keyword)
    if isinstance(value, str) and 0 < len(value) <= 100 and value.isprintable() \
            and "`" not in value and "'" not in value:
        return value
    return None


def setup_py_keywords(root: Path) -> dict[str, object]:
    """The constant keywords a project's setup.py passes to ``setup()`` (``pbr=True``,
    ``name='jmespath'``, ``name=NAME`` after ``NAME = 'PyYAML'``, literal lists and dicts:
    ``classifiers``, ``packages``, ``package_dir``), the first call's first;
    empty when setup.py is missing or unreadable."""
    path = root / "setup.py"
    if not path.is_file():
        return {}
    try:
        files.inside(path, files.repository_root(root), "setup.py")
        tree = pysource.parse(files.read_bytes(path, "setup.py").decode("utf-8"), "setup.py")
    except (ReleaseError, SyntaxError, ValueError, OSError):
        return {}
    constants: dict[str, object] = {}
    for stmt in tree.body:  # NAME = 'PyYAML', CLASSIFIERS = [...]
        if isinstance(stmt, ast.Assign):
            value = _literal(stmt.value)
            for target in stmt.targets:
                if isinstance(target, ast.Name) and value is not None:
                    constants[target.id] = value
    found: dict[str, object] = {}
    for node in setup_calls(tree):
        for item in node.keywords:
            if item.arg is None or item.arg in found:
                continue
            if isinstance(item.value, ast.Name):
                value = constants.get(item.value.id)
            else:
                value = _literal(item.value)
            if value is not None:
                found[item.arg] = value
    return found


def _literal(node: ast.expr) -> object:
    """The value of a literal (a string, number, list, tuple or dict of literals:
    ``package_dir={'': 'lib'}``), else ``None``."""
    if not isinstance(node, (ast.Constant, ast.List, ast.Tuple, ast.Dict)):
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return list(value) if isinstance(value, tuple) else value
