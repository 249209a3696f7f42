"""Versions in Python modules, read with :mod:`ast` and never run: a literal; a name re-exported
from another module of the package (``from ._version import version as __version__``,
``from pkg.__version__ import __version__``: the value setuptools gets when it falls back to
importing the module, found without running it); or a value computed from a
``__version_info__`` tuple, which is edited in the tuple (exactly, and proven by reading the
tuple back) when the computation reads nothing else.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from pathlib import Path

from release.errors import ConfigError
from release.project import pysource
from release.project.sources.base import VersionLocation, VersionSource, read, shown
from release.project.versions import Version, parse_or_none

_TUPLE_NAMES = ("__version_info__", "version_info", "VERSION_INFO", "__version_tuple__",
                "VERSION")

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
        return pysource.parse(text, shown(path, root))
    except SyntaxError as exc:
        raise ConfigError(f"{shown(path, root)} is not valid Python: {exc.msg}",
                          "fix the syntax", file=shown(path, root), line=exc.lineno) from None
    except ValueError as exc:  # too large, or nested past what ast can build
        raise ConfigError(str(exc), "write the version as a literal in a small, plain module",
                          file=shown(path, root)) from None


def assigned(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The value ``stmt`` assigns to ``name`` at module level (``a = b = "1.0"`` too)."""
    if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name
                                            for t in stmt.targets):
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


def package_level(path: Path, module: str) -> tuple[str, int] | None:
    """An absolute import of the module's own package (``from pkg.__version__ import x`` in
    ``pkg/__init__.py``, ``from acme.tool._version import x`` in the namespace package
    ``acme/tool/``) as a relative one, ``(module below the package's folder, level)``; only
    when that module is a file of this tree."""
    parts = module.split(".")
    folders = path.parent.parts
    for index in range(len(folders) - 1, -1, -1):
        if folders[index] != parts[0]:
            continue
        rest, level = ".".join(parts[1:]), len(folders) - index
        if sibling(path, rest or None, level) is not None:
            return rest, level
    return None


def _imports(path: Path, tree: ast.Module) -> dict[str, tuple[str | None, int, str]]:
    """``{name: (module, level, imported name)}`` of the module's from-imports of its own
    package (relative, or absolute through the package's name)."""
    imports: dict[str, tuple[str | None, int, str]] = {}
    for stmt in tree.body:
        if not isinstance(stmt, ast.ImportFrom):
            continue
        module, level = stmt.module, stmt.level
        if level == 0:
            found = package_level(path, module or "")
            if found is None:
                continue
            module, level = found[0] or None, found[1]
        for alias in stmt.names:
            imports[alias.asname or alias.name] = (module, level, alias.name)
    return imports


def python_value(path: Path, name: str, text: str | None = None,
                  root: Path | None = None) -> Literal | Follow | Computed | None:
    """What the module-level assignment of ``name`` is, without running anything."""
    source = read(path, root or path.parent, "the module") if text is None else text
    tree = parse_python(path, source, root or path.parent)
    values = [(stmt, value) for stmt in tree.body if (value := assigned(stmt, name)) is not None]
    imports = _imports(path, tree)
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
        if isinstance(value, ast.Name):  # __version__ = VERSION (imported or assigned here)
            if value.id in imports:
                module, level, imported = imports[value.id]
                target = sibling(path, module, level)
                if target is not None:
                    return Follow(target, imported)
            elif value.id != name and any(assigned(s, value.id) for s in tree.body):
                return Follow(path, value.id)
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
    tree = parse_python(path, text, root)
    found = version_tuple(tree)
    if found is None:
        raise ConfigError(
            f"{where}:{line} computes `{name}`; release-lifecycle reads versions without "
            "running code",
            f'write it as a literal, `{name} = "1.2.3"`, or set `version-source` in '
            "[tool.release]", file=where, line=line)
    tuple_name, value, tuple_line = found
    others = _other_inputs(tree, name, tuple_name)
    if not others:
        location = VersionLocation(path, tuple_line, 0, 0, value, "tuple", (tuple_name,))
        return VersionSource("computed", f"{label}, computed from {tuple_name}", location)
    raise ConfigError(
        f"{where}:{line} computes `{name}` from `{tuple_name}` ({where}:{tuple_line}) and "
        f"{', '.join(f'`{o}`' for o in others)}; release-lifecycle reads versions without "
        "running code, and the tuple alone does not say the version",
        f'write the version as a literal, `{name} = "1.2.3"` (the tuple can be computed from '
        "it), or set `version-source` in [tool.release] to a file that holds only the version",
        file=where, line=line)


def _other_inputs(tree: ast.Module, name: str, tuple_name: str) -> list[str]:
    """The module-level names besides the tuple that the computation of ``name`` reads
    (coverage.py's ``_dev``): with any, the tuple alone does not say the version."""
    values = [v for s in tree.body if (v := assigned(s, name)) is not None]
    read: set[str] = set()
    called: set[str] = set()  # the function that formats the tuple is no input
    bound: set[str] = set()  # a comprehension's own variable (gunicorn's `v`) is no input
    for value in values:
        for node in ast.walk(value):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                read.add(node.id)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.add(node.func.id)
    return sorted(read - {tuple_name, name} - called - bound - set(dir(builtins)))


_LEVEL_WORDS = {"a": ("alpha", "a"), "b": ("beta", "b"), "rc": ("rc", "candidate", "c"),
                "dev": ("dev",), "": ("final",)}


def tuple_change(location: VersionLocation, text: str, target: Version,
                 where: str) -> tuple[VersionLocation, str]:
    """The edit that makes ``location``'s tuple say ``target``: the span of the tuple and
    its new source, in the tuple's own style (how many numbers, the words of its release
    levels as the module writes them, its quotes). Proven by reading the tuple back; raises
    :class:`ConfigError` when the tuple cannot say ``target``."""
    tree = parse_python(location.file, text, location.file.parent)
    node = next((v for s in tree.body if isinstance(v := assigned(s, location.key[0]),
                                                    ast.Tuple)), None)
    if node is None:
        raise ConfigError(f"{where} changed while it was being edited", "run the command again",
                          file=where)
    items = [ast.literal_eval(e) for e in node.elts]
    count = 0
    while count < len(items) and isinstance(items[count], int) \
            and not isinstance(items[count], bool):
        count += 1
    numbers = list(target.release) + [0] * (count - len(target.release))
    quote = next(((ast.get_source_segment(text, e) or "'")[0] for e in node.elts[count:count + 1]
                  if isinstance(e, ast.Constant) and isinstance(e.value, str)), "'")
    if len(numbers) > count or target.post is not None or target.local is not None or (
            target.pre is not None and target.dev is not None) or target.epoch:
        raise ConfigError(f"the tuple `{location.key[0]}` in {where} cannot say {target}",
                          f"write it by hand, or choose a version of the form "
                          f"{'.'.join(['N'] * count)} (with a pre-release when the tuple has a "
                          "release level)", file=where, line=location.line)
    parts = [str(n) for n in numbers]
    if count < len(items):
        kind = target.pre[0] if target.pre else "dev" if target.dev is not None else ""
        serial = target.pre[1] if target.pre else target.dev if target.dev is not None else 0
        quoted = set(re.findall(r"""['"](\w+)['"]""", text))
        word = next((w for w in _LEVEL_WORDS[kind] if w in quoted), None)
        if word is None:
            raise ConfigError(f"{where} does not say how its tuple `{location.key[0]}` writes "
                              f"the release level of {target}",
                              "write the tuple by hand", file=where, line=location.line)
        parts += [f"{quote}{word}{quote}", str(serial)][: len(items) - count]
    elif target.pre is not None or target.dev is not None:
        raise ConfigError(f"the tuple `{location.key[0]}` in {where} has no release level, "
                          f"so it cannot say {target}", "choose a final version",
                          file=where, line=location.line)
    start, end = _offsets(text, node)
    old = text[start:end]
    new = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
    if old.startswith("(") is False:  # a tuple written without parentheses
        new = new[1:-1]
    edited = text[:start] + new + text[end:]
    back = version_tuple(parse_python(location.file, edited, location.file.parent))
    if back is None or parse_or_none(back[1]) != target:
        raise ConfigError(f"editing the tuple in {where} would not read back as {target}",
                          "write it by hand", file=where, line=location.line)
    return VersionLocation(location.file, node.lineno, start, end, old, "tuple",
                           location.key), new


def _offsets(text: str, node: ast.expr) -> tuple[int, int]:
    lines = text.splitlines(keepends=True)
    starts = [0]
    for item in lines:
        starts.append(starts[-1] + len(item))

    def offset(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode("utf-8")[:col].decode(
            "utf-8", errors="replace"))

    return offset(node.lineno, node.col_offset), offset(node.end_lineno or node.lineno,
                                                        node.end_col_offset or 0)


def tuple_source(text: str, location: VersionLocation) -> str | None:
    """The source of the tuple ``location`` names, in ``text`` (to prove an edit)."""
    try:
        tree = pysource.parse(text)
    except (SyntaxError, ValueError):
        return None
    for stmt in tree.body:
        value = assigned(stmt, location.key[0])
        if isinstance(value, ast.Tuple):
            start, end = _offsets(text, value)
            return text[start:end]
    return None
