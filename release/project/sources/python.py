"""Versions in Python modules, read with :mod:`ast` and never run: a literal, a name imported from a
sibling module, or a computed value (from a ``__version_info__`` tuple, which is reported as not
editable with the exact place).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from release.errors import ConfigError
from release.project.sources.base import VersionLocation, VersionSource, read, shown
from release.project.versions import parse_or_none

_TUPLE_NAMES = ("__version_info__", "version_info", "VERSION_INFO", "__version_tuple__")

_LEVELS = {"final": "", "alpha": "a", "a": "a", "beta": "b", "b": "b", "candidate": "rc",
           "rc": "rc", "c": "rc", "dev": ".dev"}


@dataclass(frozen=True)
class Literal:
    node: ast.Constant


@dataclass(frozen=True)
class Follow:
    module: Path
    name: str


@dataclass(frozen=True)
class Computed:
    line: int


def parse_python(path: Path, text: str, root: Path) -> ast.Module:
    try:
        return ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        raise ConfigError(f"{shown(path, root)} is not valid Python: {exc.msg}",
                          "fix the syntax", file=shown(path, root), line=exc.lineno) from None


def assigned(stmt: ast.stmt, name: str) -> ast.expr | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            return stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) \
            and stmt.target.id == name and stmt.value is not None:
        return stmt.value
    return None


def sibling(path: Path, module: str | None, level: int) -> Path | None:
    base = path.parent
    for _ in range(level - 1):
        base = base.parent
    rel = Path(*module.split(".")) if module else Path()
    module_file = base / rel.with_suffix(".py") if module else None
    for candidate in (module_file, base / rel / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def python_value(path: Path, name: str, text: str | None = None,
                  root: Path | None = None) -> Literal | Follow | Computed | None:
    """What the module-level assignment of ``name`` is, without running anything."""
    source = read(path, root or path.parent, "the module") if text is None else text
    tree = parse_python(path, source, root or path.parent)
    values = [(stmt, value) for stmt in tree.body if (value := assigned(stmt, name)) is not None]
    imports: dict[str, tuple[str | None, int, str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.level >= 1:
            for alias in stmt.names:
                imports[alias.asname or alias.name] = (stmt.module, stmt.level, alias.name)
    if len(values) > 1:
        return Computed(values[-1][0].lineno)
    if values:
        stmt, value = values[0]
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return Literal(value)
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
                and value.value.id in imports:
            module, level, imported = imports[value.value.id]
            dotted = f"{module}.{imported}" if module else imported
            target = sibling(path, dotted, level)
            if target is not None:
                return Follow(target, value.attr)
        return Computed(stmt.lineno)
    if name in imports:
        module, level, imported = imports[name]
        target = sibling(path, module, level)
        if target is not None:
            return Follow(target, imported)
    return None


def python_source(path: Path, root: Path, name: str, kind: str, label: str,
                   depth: int = 0) -> VersionSource:
    where = shown(path, root)
    text = read(path, root, "the version module")
    found = python_value(path, name, text, root)
    if isinstance(found, Literal):
        return VersionSource(kind, label, literal_location(path, root, text, found.node, name))
    if isinstance(found, Follow) and depth < 3:
        return python_source(found.module, root, found.name, kind, label, depth + 1)
    if isinstance(found, Computed):
        return computed(path, root, text, name, found.line, label)
    raise ConfigError(
        f'{where} has no `{name} = "..."` assignment at module level',
        f'write the version once as `{name} = "1.2.3"` at the start of a line',
        file=where)


def literal_location(path: Path, root: Path, text: str, node: ast.Constant, name: str
                      ) -> VersionLocation:
    where = shown(path, root)
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for item in lines:
        offsets.append(offsets[-1] + len(item))

    def offset(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
        raw = lines[line - 1].encode("utf-8")[:col]
        return offsets[line - 1] + len(raw.decode("utf-8", errors="replace"))

    end_line, end_col = node.end_lineno or node.lineno, node.end_col_offset or 0
    start, end = offset(node.lineno, node.col_offset), offset(end_line, end_col)
    token = text[start:end]
    value = str(node.value)
    if len(token) < 2 or token[0] not in "'\"" or token[-1] != token[0] or token[1:-1] != value:
        raise ConfigError(
            f"{where}:{node.lineno} spells the version in a form release-lifecycle cannot "
            f"edit exactly ({token})", f'write it as `{name} = "{value}"`',
            file=where, line=node.lineno)
    return VersionLocation(path, node.lineno, start + 1, end - 1, value, "python", (name,))


def version_tuple(tree: ast.Module) -> tuple[str, str, int] | None:
    """``(name, version text, line)`` of a ``__version_info__ = (3, 10, 3, 'final', 0)``."""
    for stmt in tree.body:
        for name in _TUPLE_NAMES:
            value = assigned(stmt, name)
            if not isinstance(value, ast.Tuple):
                continue
            try:
                items = [ast.literal_eval(element) for element in value.elts]
            except ValueError:
                continue
            numbers = []
            while items and isinstance(items[0], int) and not isinstance(items[0], bool):
                numbers.append(items.pop(0))
            if not numbers:
                continue
            text = ".".join(str(n) for n in numbers)
            if items:
                level = items[0]
                serial = items[1] if len(items) > 1 and isinstance(items[1], int) else 0
                if not isinstance(level, str) or level.lower() not in _LEVELS:
                    continue
                suffix = _LEVELS[level.lower()]
                text += f"{suffix}{serial}" if suffix else ""
            if parse_or_none(text) is not None:
                return name, text, stmt.lineno
    return None


def computed(path: Path, root: Path, text: str, name: str, line: int, label: str
              ) -> VersionSource:
    where = shown(path, root)
    found = version_tuple(parse_python(path, text, root))
    if found is None:
        raise ConfigError(
            f"{where}:{line} computes `{name}`; release-lifecycle reads versions without "
            "running code",
            f'write it as a literal, `{name} = "1.2.3"`, or set `version-source` in '
            "[tool.release]", file=where, line=line)
    tuple_name, value, tuple_line = found
    location = VersionLocation(path, tuple_line, 0, 0, value, "computed", (tuple_name,))
    fix = (f"{where}:{line} computes `{name}` from `{tuple_name}` ({where}:{tuple_line}); "
           "release-lifecycle does not rewrite computed versions")
    return VersionSource("computed", f"{label}, computed from {tuple_name}", location, fix=fix)
