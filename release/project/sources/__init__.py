"""Where a project keeps its version, found from what the project already declares.

Detected with zero configuration, in this order (the same rules the build backends apply;
see docs/project-layouts.md):

1. ``[tool.release] version-source``: a file, or ``"vcs"``.
2. ``[project].version`` when ``"version"`` is not in ``[project].dynamic``.
3. For a dynamic version (or no ``[project]`` table): poetry-dynamic-versioning,
   ``[tool.hatch.version]`` (``path`` with its ``pattern``; ``source = "vcs"``, uv-dynamic-
   versioning, versioningit), ``[tool.pdm.version]`` (``file``, ``scm``),
   ``[tool.setuptools.dynamic] version`` (``attr``, ``file``), setuptools-scm /
   versioningit / setuptools-git-versioning, flit's module ``__version__``, then
   ``[tool.poetry].version``.
4. setup.cfg ``[metadata] version`` (a literal, ``attr:`` or ``file:``).

Python files are read with :mod:`ast` and never run. A version that is computed (for example
from a ``__version_info__`` tuple) is read from the tuple when there is one, and reported as
not editable with the exact place and what to write instead.

Every location is an exact span. :func:`edit` replaces spans (refusing when the text there
changed) and :func:`prove` re-reads the result the way the source is read, so an edit that
did not land, or landed elsewhere, fails loudly.
"""

from __future__ import annotations

import ast
import configparser
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from release.errors import ConfigError, ReleaseError
from release.outside import files
from release.project.versions import parse_or_none

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from release.project.pyproject import Project

HATCH_PATTERN = r"""(?i)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\2"""
"""hatchling's default ``pattern`` (``re.search`` with MULTILINE, first match wins)."""
PDM_PATTERN = r"""^(?:__version__|VERSION)\s*=\s*["'](.+?)["']\s*(?:#.*)?$"""
"""pdm-backend's default pattern for ``source = "file"`` (group 1, case-sensitive)."""

_TABLE_HEADER = re.compile(
    r"^[ \t]*\[(\[?)[ \t]*([^\]\n]+?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.M)
_TUPLE_NAMES = ("__version_info__", "version_info", "VERSION_INFO", "__version_tuple__")
_LEVELS = {"final": "", "alpha": "a", "a": "a", "beta": "b", "b": "b", "candidate": "rc",
           "rc": "rc", "c": "rc", "dev": ".dev"}
VCS_HATCH_SOURCES = {"vcs": "hatch-vcs", "uv-dynamic-versioning": "uv-dynamic-versioning",
                     "versioningit": "versioningit"}


@dataclass(frozen=True)
class VersionLocation:
    """Where a version is written: the file, the 1-based line and the exact span.

    ``fmt`` and ``key`` say how to read the file back to prove an edit: ``toml`` (a key
    path), ``uvlock`` (the package name), ``cfg`` (section, option), ``python`` (the name
    assigned), ``regex`` (pattern, group), ``text`` (the whole file), ``token`` (the span).
    """

    file: Path
    line: int
    start: int
    end: int
    value: str
    fmt: str = "token"
    key: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionSource:
    """What the project declares about its version, and where it is written (if anywhere)."""

    kind: str
    """``project``, ``hatch``, ``setuptools-attr``, ``setuptools-file``, ``flit``, ``pdm``,
    ``poetry``, ``setup.cfg``, ``config``, ``computed`` or ``vcs``."""
    label: str
    location: VersionLocation | None = None
    tool: str | None = None
    """The VCS plugin (``hatch-vcs``, ``setuptools-scm``, …) for ``vcs``."""
    fix: str | None = None
    """For ``computed``: what to write instead, to make the version editable."""

    @property
    def vcs(self) -> bool:
        return self.kind == "vcs"

    @property
    def editable(self) -> bool:
        return self.location is not None and self.kind != "computed"


def shown(path: Path, root: Path) -> str:
    """A path relative to ``root`` (with ``..`` when outside it), for messages."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        import os

        try:
            return Path(os.path.relpath(path, root)).as_posix()
        except ValueError:  # pragma: no cover - another drive on Windows
            return str(path)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _read(path: Path, root: Path, what: str) -> str:
    try:
        return files.read_bytes(path, shown(path, root)).decode("utf-8")  # bytes: CRLF stays
    except FileNotFoundError:
        raise ConfigError(f"{what} {shown(path, root)} does not exist",
                          "fix the path where the project declares it",
                          file=shown(path, root)) from None
    except ReleaseError as exc:
        raise ConfigError(exc.message, exc.hint, file=shown(path, root)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {shown(path, root)}: {exc}",
                          "save it as UTF-8 text", file=shown(path, root)) from None


def load_toml(text: str) -> dict[str, Any]:
    """Parse TOML text (a BOM is allowed); raises ``ValueError`` when it is not TOML."""
    return tomllib.loads(text.removeprefix("\ufeff"))


def _table(data: dict[str, Any], *path: str) -> dict[str, Any]:
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


# -- detection ----------------------------------------------------------------------------


def detect(project: Project) -> VersionSource:
    """The project's version source; raise :class:`ConfigError` (with a hint) when unusable."""
    data, root = project.data, project.root
    configured = project.config.version_source
    if configured:
        if configured.strip().lower() == "vcs":
            return VersionSource("vcs", 'version-source = "vcs" in [tool.release]',
                                 tool="git tags")
        path = root / configured
        return _file_source(path, root, "config", "version-source in [tool.release]")
    section = data.get("project")
    dynamic = section.get("dynamic", []) if isinstance(section, dict) else []
    is_dynamic = isinstance(dynamic, list) and "version" in dynamic
    if isinstance(section, dict) and "version" in section and not is_dynamic:
        return VersionSource("project", "[project].version", locate_static(project))
    if isinstance(section, dict) and not is_dynamic:
        if project.setup_cfg is not None and "version" in _cfg_metadata(project):
            return _setup_cfg_source(project)
        raise ConfigError(
            "pyproject.toml has no `[project].version`",
            'add `version = "0.1.0"` under [project], or declare `dynamic = ["version"]` '
            "with your build backend's version source (see docs/project-layouts.md)",
            file=project.pyproject_shown,
        )
    found = _dynamic_source(project)
    if found is not None:
        return found
    if project.setup_cfg is not None and "version" in _cfg_metadata(project):
        return _setup_cfg_source(project)
    if not data and project.setup_cfg is not None:
        raise ConfigError("setup.cfg has no `version` in [metadata]",
                          "add `version = 0.1.0` under [metadata]", file="setup.cfg")
    raise ConfigError(
        'pyproject.toml declares `dynamic = ["version"]` but no version source that '
        "release-lifecycle knows" if is_dynamic else "pyproject.toml has no [project] table, "
        "no [tool.poetry] version and no setup.cfg version",
        "declare it the way your build backend reads it (docs/project-layouts.md lists "
        'every supported source), or set `version-source = "path/to/file"` (or "vcs") in '
        "[tool.release]",
        file=project.pyproject_shown,
    )


def _requires(data: dict[str, Any]) -> str:
    requires = _table(data, "build-system").get("requires", [])
    return " ".join(str(r).lower() for r in requires) if isinstance(requires, list) else ""


def _backend(data: dict[str, Any]) -> str:
    backend = _table(data, "build-system").get("build-backend", "")
    return backend if isinstance(backend, str) else ""


def _dynamic_source(project: Project) -> VersionSource | None:
    data, root = project.data, project.root
    tool = _table(data, "tool")
    pdv = _table(tool, "poetry-dynamic-versioning")
    if _backend(data).startswith("poetry_dynamic_versioning") or pdv.get("enable") is True:
        return VersionSource("vcs", "poetry-dynamic-versioning (git tags)",
                             tool="poetry-dynamic-versioning")
    hatch = _table(tool, "hatch", "version")
    if hatch:
        return _hatch_source(project, hatch)
    pdm = _table(tool, "pdm", "version")
    if pdm:
        return _pdm_source(project, pdm)
    dynamic = _table(tool, "setuptools", "dynamic").get("version")
    if dynamic is not None:
        return _setuptools_source(project, dynamic)
    requires = _requires(data)
    for name, label in (("setuptools_scm", "setuptools-scm"), ("setuptools-scm", "setuptools-scm"),
                        ("versioningit", "versioningit")):
        if name in tool:
            return VersionSource("vcs", f"{label} (git tags)", tool=label)
    sgv = _table(tool, "setuptools-git-versioning")
    if sgv.get("enabled") is True:
        return VersionSource("vcs", "setuptools-git-versioning (git tags)",
                             tool="setuptools-git-versioning")
    if "setuptools-scm" in requires or "setuptools_scm" in requires:
        return VersionSource("vcs", "setuptools-scm (git tags)", tool="setuptools-scm")
    if _backend(data).startswith("flit_core") or "flit" in tool:
        return _flit_source(project)
    poetry = _table(tool, "poetry")
    if "version" in poetry:
        location = locate_toml(project.pyproject, root, ("tool", "poetry"), "version")
        return VersionSource("poetry", "[tool.poetry].version", location)
    return None


def _file_source(path: Path, root: Path, kind: str, label: str) -> VersionSource:
    """A file named by configuration: ``__version__`` in Python, else a version file."""
    if path.suffix == ".py":
        return _python_source(path, root, "__version__", kind, label)
    text = _read(path, root, "the version file")
    if parse_or_none(text.strip()) is not None:
        return VersionSource(kind, label, _whole_file(path, text))
    return VersionSource(kind, label, _regex_location(path, root, text, HATCH_PATTERN, "version"))


def _hatch_source(project: Project, table: dict[str, Any]) -> VersionSource:
    source = table.get("source", "regex")
    if source in VCS_HATCH_SOURCES:
        tool = VCS_HATCH_SOURCES[str(source)]
        return VersionSource("vcs", f"{tool} (git tags)", tool=tool)
    if source == "code":
        raise ConfigError(
            "[tool.hatch.version] source = \"code\" runs Python to get the version; "
            "release-lifecycle reads versions without running code",
            'use the regex source (`path = "pkg/__about__.py"` with `__version__ = "1.2.3"`), '
            'or set `version-source = "path/to/file"` in [tool.release]',
            file=project.pyproject_shown,
        )
    if source != "regex":
        raise ConfigError(
            f"[tool.hatch.version] source = {source!r} is a plugin release-lifecycle does "
            "not know",
            'set `version-source = "path/to/file"` (or "vcs" when the tag is the version) '
            "in [tool.release]",
            file=project.pyproject_shown,
        )
    path = table.get("path")
    if not isinstance(path, str):
        raise ConfigError("[tool.hatch.version] has no `path`",
                          'add `path = "pkg/__about__.py"` (hatchling needs it too)',
                          file=project.pyproject_shown)
    pattern = table.get("pattern", True)
    custom = isinstance(pattern, str)
    regex = pattern if isinstance(pattern, str) else HATCH_PATTERN
    file = project.root / path
    text = _read(file, project.root, "[tool.hatch.version] path")
    label = "hatch version path" + (", custom pattern" if custom else "")
    return VersionSource("hatch", label, _regex_location(file, project.root, text, regex,
                                                         "version"))


def _pdm_source(project: Project, table: dict[str, Any]) -> VersionSource:
    source = table.get("source", "file" if "path" in table else None)
    if source == "scm" or table.get("use_scm") is True:
        return VersionSource("vcs", "pdm-backend scm (git tags)", tool="pdm-backend scm")
    legacy = table.get("from")
    if isinstance(legacy, str):  # pdm-pep517: version = {from = "pkg/__init__.py"}
        return _python_source(project.root / legacy, project.root, "__version__", "pdm",
                              "pdm version from (pdm-pep517)")
    path = table.get("path")
    if source == "file" and isinstance(path, str):
        file = project.root / path
        text = _read(file, project.root, "[tool.pdm.version] path")
        pattern = table.get("pattern")
        regex = pattern if isinstance(pattern, str) else PDM_PATTERN
        return VersionSource("pdm", "pdm version file",
                             _regex_location(file, project.root, text, regex, "1"))
    raise ConfigError(
        f"[tool.pdm.version] source = {source!r} is not read by release-lifecycle"
        + (" (it runs Python)" if source == "call" else ""),
        'use `source = "file"` with `path`, or set `version-source = "path/to/file"` in '
        "[tool.release]",
        file=project.pyproject_shown,
    )


def _setuptools_source(project: Project, dynamic: Any) -> VersionSource:
    if isinstance(dynamic, dict) and isinstance(dynamic.get("attr"), str):
        attr = dynamic["attr"]
        label = f"setuptools attr {attr}"
        path, name = _attr_module(project, attr, _setuptools_package_dir(project))
        return _python_source(path, project.root, name, "setuptools-attr", label)
    if isinstance(dynamic, dict) and "file" in dynamic:
        files = dynamic["file"]
        names = [files] if isinstance(files, str) else list(files or [])
        return _text_file_source(project, names, "setuptools-file", "setuptools file")
    raise ConfigError(
        "[tool.setuptools.dynamic] version must be `{attr = \"pkg.__version__\"}` or "
        '`{file = "VERSION"}`',
        "write one of those forms", file=project.pyproject_shown,
    )


def _text_file_source(project: Project, names: list[Any], kind: str, label: str
                      ) -> VersionSource:
    if len(names) != 1 or not isinstance(names[0], str):
        raise ConfigError(
            f"the version is joined from {len(names)} files; release-lifecycle edits one",
            "keep the version in one file", file=project.pyproject_shown)
    path = project.root / names[0].strip()
    try:
        target = path.resolve()  # a symlink (Sage's VERSION.txt) is edited at its target
    except (OSError, RuntimeError):  # a symlink loop
        raise ConfigError(f"{names[0].strip()} is a symlink that leads nowhere",
                          "point it at the file that holds the version",
                          file=project.pyproject_shown) from None
    text = _read(target, project.root, "the version file")
    where = f" {names[0].strip()}" + (
        f" -> {shown(target, project.root)}" if path.is_symlink() else "")
    return VersionSource(kind, label + where, _whole_file(target, text))


def _whole_file(path: Path, text: str) -> VersionLocation:
    stripped = text.strip()
    if not stripped or "\n" in stripped:
        raise ConfigError(f"{path.name} must hold only the version", "write just `1.2.3`",
                          file=path.name)
    start = text.index(stripped)
    return VersionLocation(path, _line(text, start), start, start + len(stripped), stripped,
                           "text")


def _flit_source(project: Project) -> VersionSource:
    module = _table(project.data, "tool", "flit", "module").get("name")
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
        return _python_source(where, root, "__version__", "flit", label)
    for candidate in ("__init__.py", "version.py", "_version.py", "__version__.py"):
        path = where / candidate
        if path.is_file() and isinstance(_python_value(path, "__version__"), _Literal):
            return _python_source(path, root, "__version__", "flit", label)
    return _python_source(where / "__init__.py", root, "__version__", "flit", label)


def _setuptools_package_dir(project: Project) -> dict[str, str]:
    setuptools = _table(project.data, "tool", "setuptools")
    package_dir = setuptools.get("package-dir")
    result = {str(k): str(v) for k, v in package_dir.items()} if isinstance(
        package_dir, dict) else {}
    packages = setuptools.get("packages")
    find = packages.get("find") if isinstance(packages, dict) else None
    where = find.get("where") if isinstance(find, dict) else None
    if "" not in result and isinstance(where, list) and len(where) == 1 and where[0] not in (
            ".", ""):
        result[""] = str(where[0])
    return result


def _cfg_package_dir(project: Project) -> dict[str, str]:
    parser = project.setup_cfg
    raw = parser.get("options", "package_dir", fallback="") if parser is not None else ""
    result: dict[str, str] = {}
    for item in re.split(r"[\n,]", raw):
        if "=" in item:
            key, _, value = item.partition("=")
            result[key.strip()] = value.strip()
    return result


def _attr_module(project: Project, attr: str, package_dir: dict[str, str]
                 ) -> tuple[Path, str]:
    """The file and the name an ``attr`` (``pkg.mod.NAME``) points at, as setuptools finds it."""
    parts = attr.strip().split(".")
    name = parts.pop()
    if not parts:
        raise ConfigError(f"attr {attr!r} names no module", 'write it as "pkg.__version__"',
                          file=project.pyproject_shown)
    root = project.root
    if "" not in package_dir and (root / "src").is_dir() and not (root / parts[0]).exists() \
            and not (root / f"{parts[0]}.py").exists():
        package_dir = {**package_dir, "": "src"}
    base, rest = root, parts
    for cut in range(len(parts), -1, -1):
        key = ".".join(parts[:cut])
        if key in package_dir:
            base, rest = root / package_dir[key], parts[cut:]
            break
    rel = Path(*rest) if rest else Path()
    for candidate in (base / rel.with_suffix(".py") if rest else None, base / rel / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate, name
    raise ConfigError(
        f"attr {attr!r}: no module {'.'.join(parts)} under {shown(base, root) or '.'}",
        "fix the attr, or `package-dir` / `packages.find where` in [tool.setuptools]",
        file=project.pyproject_shown,
    )


# -- setup.cfg ----------------------------------------------------------------------------


def _cfg_metadata(project: Project) -> dict[str, str]:
    parser = project.setup_cfg
    if parser is None or not parser.has_section("metadata"):
        return {}
    return dict(parser.items("metadata", raw=True))


def _setup_cfg_source(project: Project) -> VersionSource:
    value = _cfg_metadata(project)["version"].strip()
    root = project.root
    path = root / "setup.cfg"
    if value.startswith("attr:"):
        attr = value[len("attr:"):].strip()
        file, name = _attr_module(project, attr, _cfg_package_dir(project))
        return _python_source(file, root, name, "setup.cfg", f"setup.cfg attr: {attr}")
    if value.startswith("file:"):
        names = [n.strip() for n in value[len("file:"):].split(",") if n.strip()]
        return _text_file_source(project, names, "setup.cfg", "setup.cfg file:")
    return VersionSource("setup.cfg", "setup.cfg [metadata] version",
                         locate_cfg(path, root, "metadata", "version"))


def locate_cfg(path: Path, root: Path, section: str, option: str) -> VersionLocation:
    """The span of ``option = value`` in ``[section]`` of an INI file (setup.cfg)."""
    text = _read(path, root, "the file")
    headers = list(re.finditer(r"^\[([^\]\n]+)\][ \t]*(?:[#;][^\n]*)?\r?$", text, re.M))
    line = re.compile(
        rf"^{re.escape(option)}[ \t]*[=:][ \t]*(?P<value>[^\s#;][^\n]*?)[ \t\r]*$", re.M)
    for index, header in enumerate(headers):
        if header.group(1).strip() != section:
            continue
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        found = list(line.finditer(text, header.end(), end))
        if len(found) == 1:
            m = found[0]
            return VersionLocation(path, _line(text, m.start("value")), m.start("value"),
                                   m.end("value"), m.group("value"), "cfg", (section, option))
    raise ConfigError(f"cannot find exactly one `{option} = …` line in [{section}] of "
                      f"{shown(path, root)}", f"write it on one line: `{option} = 1.2.3`",
                      file=shown(path, root))


# -- TOML ---------------------------------------------------------------------------------


def _tables(text: str) -> list[tuple[str, bool, int, int]]:
    """``(name, is array table, body start, body end)`` for every table header."""
    found = []
    matches = list(_TABLE_HEADER.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        name = ".".join(part.strip().strip("\"'") for part in match.group(2).split("."))
        found.append((name, bool(match.group(1)), match.end(), end))
    return found


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(
        rf"""^(?P<lead>[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
        r"""[ \t]*=[ \t]*)(?P<q>"(?!"")|'(?!''))(?P<value>[^"'\n]*)(?P=q)""",
        re.M,
    )


def locate_toml(path: Path, root: Path, table: tuple[str, ...], key: str,
                text: str | None = None) -> VersionLocation:
    """The span of ``key = "…"`` directly in ``[table]`` of a TOML file (one line, no
    escapes), proven against what :mod:`tomllib` reads."""
    text = _read(path, root, "the file") if text is None else text
    data = tomllib.loads(text.removeprefix("\ufeff"))
    value = _table(data, *table).get(key)
    name = ".".join(table)
    where = shown(path, root)
    if not isinstance(value, str):
        raise ConfigError(
            f"`[{name}].{key}` must be a string, found {type(value).__name__} {value!r}",
            f'quote it: {key} = "{value}"', file=where, line=_find_line(text, key))
    candidates = [
        m for (found, array, start, end) in _tables(text) if found == name and not array
        for m in _key_pattern(key).finditer(text, start, end) if m.group("value") == value
    ]
    if len(candidates) != 1:
        raise ConfigError(
            f'cannot find exactly one `{key} = "{value}"` line in [{name}] '
            f"(found {len(candidates)})",
            f'write it on its own line as `{key} = "{value}"` inside [{name}]', file=where)
    match = candidates[0]
    return VersionLocation(path, _line(text, match.start()), match.start("value"),
                           match.end("value"), value, "toml", (*table, key))


def locate_static(project: Project) -> VersionLocation:
    """``[project].version`` in pyproject.toml."""
    return locate_toml(project.pyproject, project.root, ("project",), "version")


def locate_uv_lock(path: Path, root: Path, name: str) -> VersionLocation | None:
    """The project's own ``[[package]]`` version in uv.lock (``None`` when uv left it out)."""
    text = _read(path, root, "uv.lock")
    wanted = _canonical(name)
    for found, array, start, end in _tables(text):
        if found != "package" or not array:
            continue
        body = text[start:end]
        match = re.search(r'^name = "([^"]+)"$', body, re.M)
        source = re.search(r"^source = \{ *(editable|virtual) = \"\.\" *\}", body, re.M)
        if match is None or source is None or _canonical(match.group(1)) != wanted:
            continue
        version = _key_pattern("version").search(text, start, end)
        if version is None:
            return None
        return VersionLocation(path, _line(text, version.start()), version.start("value"),
                               version.end("value"), version.group("value"), "uvlock",
                               (wanted,))
    return None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _find_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return None if match is None else _line(text, match.start())


# -- regex --------------------------------------------------------------------------------


def _regex_location(path: Path, root: Path, text: str, pattern: str, group: str
                    ) -> VersionLocation:
    where = shown(path, root)
    try:
        compiled = re.compile(pattern, re.M)
    except re.error as exc:
        raise ConfigError(f"the version pattern is not a valid regular expression: {exc}",
                          "fix `pattern`", file=where) from None
    key: str | int = int(group) if group.isdigit() else group
    match = compiled.search(text)
    if match is None:
        raise ConfigError(
            f"{where} has no line the version pattern matches"
            + (" (hatchling's default needs `__version__ = \"1.2.3\"` or "
               "`VERSION = \"1.2.3\"`, without a type annotation)"
               if pattern == HATCH_PATTERN else ""),
            'write the version as `__version__ = "1.2.3"` at the start of a line',
            file=where)
    try:
        start, end = match.span(key)
    except (IndexError, re.error):
        raise ConfigError(f"the version pattern has no group {group!r}",
                          "name the group `version` (hatch) or use group 1 (pdm)",
                          file=where) from None
    return VersionLocation(path, _line(text, start), start, end, text[start:end], "regex",
                           (pattern, group))


# -- Python -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Literal:
    node: ast.Constant


@dataclass(frozen=True)
class _Follow:
    module: Path
    name: str


@dataclass(frozen=True)
class _Computed:
    line: int


def _parse_python(path: Path, text: str, root: Path) -> ast.Module:
    try:
        return ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        raise ConfigError(f"{shown(path, root)} is not valid Python: {exc.msg}",
                          "fix the syntax", file=shown(path, root), line=exc.lineno) from None


def _assigned(stmt: ast.stmt, name: str) -> ast.expr | None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            return stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) \
            and stmt.target.id == name and stmt.value is not None:
        return stmt.value
    return None


def _sibling(path: Path, module: str | None, level: int) -> Path | None:
    base = path.parent
    for _ in range(level - 1):
        base = base.parent
    rel = Path(*module.split(".")) if module else Path()
    module_file = base / rel.with_suffix(".py") if module else None
    for candidate in (module_file, base / rel / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _python_value(path: Path, name: str, text: str | None = None,
                  root: Path | None = None) -> _Literal | _Follow | _Computed | None:
    """What the module-level assignment of ``name`` is, without running anything."""
    source = _read(path, root or path.parent, "the module") if text is None else text
    tree = _parse_python(path, source, root or path.parent)
    values = [(stmt, value) for stmt in tree.body if (value := _assigned(stmt, name)) is not None]
    imports: dict[str, tuple[str | None, int, str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.level >= 1:
            for alias in stmt.names:
                imports[alias.asname or alias.name] = (stmt.module, stmt.level, alias.name)
    if len(values) > 1:
        return _Computed(values[-1][0].lineno)
    if values:
        stmt, value = values[0]
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return _Literal(value)
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) \
                and value.value.id in imports:
            module, level, imported = imports[value.value.id]
            dotted = f"{module}.{imported}" if module else imported
            target = _sibling(path, dotted, level)
            if target is not None:
                return _Follow(target, value.attr)
        return _Computed(stmt.lineno)
    if name in imports:
        module, level, imported = imports[name]
        target = _sibling(path, module, level)
        if target is not None:
            return _Follow(target, imported)
    return None


def _python_source(path: Path, root: Path, name: str, kind: str, label: str,
                   depth: int = 0) -> VersionSource:
    where = shown(path, root)
    text = _read(path, root, "the version module")
    found = _python_value(path, name, text, root)
    if isinstance(found, _Literal):
        return VersionSource(kind, label, _literal_location(path, root, text, found.node, name))
    if isinstance(found, _Follow) and depth < 3:
        return _python_source(found.module, root, found.name, kind, label, depth + 1)
    if isinstance(found, _Computed):
        return _computed(path, root, text, name, found.line, label)
    raise ConfigError(
        f'{where} has no `{name} = "..."` assignment at module level',
        f'write the version once as `{name} = "1.2.3"` at the start of a line',
        file=where)


def _literal_location(path: Path, root: Path, text: str, node: ast.Constant, name: str
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


def _version_tuple(tree: ast.Module) -> tuple[str, str, int] | None:
    """``(name, version text, line)`` of a ``__version_info__ = (3, 10, 3, 'final', 0)``."""
    for stmt in tree.body:
        for name in _TUPLE_NAMES:
            value = _assigned(stmt, name)
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


def _computed(path: Path, root: Path, text: str, name: str, line: int, label: str
              ) -> VersionSource:
    where = shown(path, root)
    found = _version_tuple(_parse_python(path, text, root))
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


# -- edit and prove -----------------------------------------------------------------------


def edit(text: str, changes: list[tuple[VersionLocation, str]]) -> str:
    """``text`` with every span replaced (spans must not overlap and must still hold their
    value)."""
    ordered = sorted(changes, key=lambda item: item[0].start, reverse=True)
    limit = len(text) + 1
    for location, new in ordered:
        if location.end > limit:
            raise ConfigError(f"two version edits overlap in {location.file.name}", "",
                              file=location.file.name, line=location.line)
        if text[location.start:location.end] != location.value:
            raise ConfigError(f"{location.file.name} changed while it was being edited",
                              "run the command again", file=location.file.name,
                              line=location.line)
        text = text[: location.start] + new + text[location.end :]
        limit = location.start
    return text


def read_back(location: VersionLocation, text: str) -> str | None:
    """The value at ``location``'s place in ``text``, read the way the source is read."""
    fmt, key = location.fmt, location.key
    if fmt == "toml":
        value = _table(tomllib.loads(text.removeprefix("\ufeff")), *key[:-1]).get(key[-1])
        return value if isinstance(value, str) else None
    if fmt == "uvlock":
        for package in tomllib.loads(text).get("package", []):
            if isinstance(package, dict) and _canonical(str(package.get("name"))) == key[0]:
                source = package.get("source", {})
                local = source.get("editable", source.get("virtual")) if isinstance(
                    source, dict) else None
                if local == ".":
                    version = package.get("version")
                    return version if isinstance(version, str) else None
        return None
    if fmt == "cfg":
        parser = configparser.RawConfigParser()
        parser.read_string(text)
        return parser.get(key[0], key[1], fallback=None)
    if fmt == "python":
        found = _python_value(location.file, key[0], text)
        return str(found.node.value) if isinstance(found, _Literal) else None
    if fmt == "regex":
        match = re.compile(key[0], re.M).search(text)
        group: str | int = int(key[1]) if key[1].isdigit() else key[1]
        return None if match is None else match.group(group)
    if fmt == "text":
        return text.strip()
    if fmt == "json":  # pragma: no cover - reserved
        return str(json.loads(text))
    return None


def prove(old: str, new: str, changes: list[tuple[VersionLocation, str]], shown_as: str) -> None:
    """Re-read ``new``: every location now says its new value, and TOML/cfg files changed in
    nothing else that their parser can see."""
    for location, value in changes:
        if location.fmt == "token":
            continue
        if read_back(location, new) != value:
            raise ConfigError(f"editing {shown_as} did not set the version at line "
                              f"{location.line}", "report this as a bug", file=shown_as,
                              line=location.line)
    tomls = [(loc, val) for loc, val in changes if loc.fmt == "toml"]
    if tomls:
        before = tomllib.loads(old.removeprefix("\ufeff"))
        after = tomllib.loads(new.removeprefix("\ufeff"))
        for location, _ in tomls:
            _table(after, *location.key[:-1])[location.key[-1]] = location.value
        if before != after and all(loc.fmt == "toml" for loc, _ in changes):
            raise ConfigError(f"editing {shown_as} would change more than the version", "",
                              file=shown_as)
