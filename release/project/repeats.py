"""The other places that repeat the version, so that ``prepare`` keeps them in step.

Found from what the project already says, and shown in the plan with the reason:

- ``[tool.release] version-files``: every occurrence of the version in each file;
- the version-file lists of other tools: ``[tool.bumpversion]`` / ``.bumpversion.cfg`` /
  setup.cfg ``[bumpversion]`` (their ``current_version`` and files, ``search`` templates
  included), ``[tool.tbump]`` / tbump.toml (``current`` and files), ``[tool.commitizen]``
  (``version`` and ``version_files``, ``path:regex`` applied per line);
- uv.lock: the project's own ``[[package]]`` entry (written in normal form, as uv does);
- a ``__version__ = "X"`` literal in the package, and a Sphinx conf.py ``release``/``version``,
  when they equal the current version (a short ``version = "X.Y"`` follows the X.Y).

The changelog is never one of them (``prepare`` edits it on its own). A declared place that
does not say the current version is a disagreement, reported by ``version-files-agree``.
"""

from __future__ import annotations

import configparser
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from release.errors import ConfigError, ReleaseError
from release.outside import files
from release.project.pyproject import Project
from release.project.sources.base import (
    VersionLocation,
    VersionSource,
    load_toml,
    shown,
    toml_table,
)
from release.project.sources.formats import locate_cfg, locate_toml, locate_uv_lock
from release.project.sources.python import Literal, literal_location, python_value
from release.project.versions import Version, parse_or_none

_PACKAGE_FILES = ("__init__.py", "__about__.py", "_version.py", "__version__.py", "version.py")
_SPHINX = ("doc/conf.py", "docs/conf.py", "doc/source/conf.py", "docs/source/conf.py",
           "doc/build/conf.py", "docs/build/conf.py")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Repeat:
    """One more place that says the version."""

    location: VersionLocation
    source: str
    form: str = "full"
    """``full``, or ``short`` (Sphinx's X.Y ``version``)."""

    def new_value(self, target: Version) -> str:
        if self.form == "short":
            return ".".join(str(n) for n in (*target.release, 0)[:2])
        return str(target)


@dataclass(frozen=True)
class Disagreement:
    file: str
    line: int | None
    message: str
    hint: str


@dataclass
class Repeats:
    found: list[Repeat] = field(default_factory=list)
    problems: list[Disagreement] = field(default_factory=list)


class _Finder:
    def __init__(self, project: Project, source: VersionSource, version: Version,
                 spelled: str) -> None:
        self.project = project
        self.root = project.root
        self.version = version
        self.spellings = sorted({spelled, str(version)}, key=len, reverse=True)
        self.result = Repeats()
        self.seen: set[tuple[Path, int]] = set()
        if source.location is not None:
            self.seen.add((source.location.file.resolve(), source.location.start))
        try:
            changelog: Path | None = project.changelog_path
        except ReleaseError:  # reported where the changelog is read
            changelog = None
        self.changelog = changelog.resolve() if changelog is not None and changelog.exists() \
            else changelog
        self.boundary = files.repository_root(project.root)

    def shown(self, path: Path) -> str:
        return shown(path, self.root)

    def add(self, location: VersionLocation, why: str, form: str = "full") -> None:
        if not self.allowed(location.file, why):
            return
        key = (location.file.resolve(), location.start)
        if key in self.seen:
            return
        self.seen.add(key)
        self.result.found.append(Repeat(location, why, form))

    def disagree(self, file: Path | str, line: int | None, message: str, hint: str) -> None:
        where = self.shown(file) if isinstance(file, Path) else file
        self.result.problems.append(Disagreement(where, line, message, hint))

    def equal(self, text: str) -> bool:
        return parse_or_none(text.strip()) == self.version

    def allowed(self, path: Path, why: str) -> bool:
        """Whether ``path`` lies inside the repository (links followed); a file outside it is
        a problem that names ``why`` (the setting that listed it), reported once."""
        try:
            files.inside(path, self.boundary, why, self.shown(path))
        except ReleaseError as exc:
            if all(p.message != exc.message for p in self.result.problems):
                self.disagree(path, None, exc.message, exc.hint)
            return False
        return True

    def read(self, path: Path, why: str = "a file that repeats the version") -> str | None:
        """The file's text; ``None`` when it cannot be read or lies outside the repository."""
        if not self.allowed(path, why):
            return None
        try:
            return files.read_bytes(path).decode("utf-8")
        except (OSError, ReleaseError, UnicodeDecodeError):
            return None

    def tokens(self, path: Path, text: str, lines: re.Pattern[str] | None = None
               ) -> list[VersionLocation]:
        """Every standalone occurrence of the version (as spelled, or in normal form)."""
        pattern = re.compile(
            r"(?<![\w.+-])(?:" + "|".join(re.escape(s) for s in self.spellings)
            + r")(?![\w+-]|\.\d)")
        found = []
        for match in pattern.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", match.end())
            line = text[line_start: len(text) if line_end == -1 else line_end]
            if lines is not None and not lines.search(line):
                continue
            found.append(VersionLocation(path, text.count("\n", 0, match.start()) + 1,
                                         match.start(), match.end(), match.group(0)))
        return found

    # -- declared places ------------------------------------------------------------------

    def configured(self) -> None:
        for name in self.project.config.version_files:
            path = self.root / name
            why = "version-files in [tool.release]"
            if not self.allowed(path, why):
                continue
            text = self.read(path, why)
            if text is None:
                self.disagree(name, None, f"{name} (listed in version-files) cannot be read",
                              "fix the path in `version-files` in [tool.release]")
                continue
            found = self.tokens(path, text)
            if not found:
                self._stale(path, text, why)
            for location in found:
                self.add(location, why)

    def _stale(self, path: Path, text: str, why: str) -> None:
        other = re.search(r"""^[ \t]*(?:__version__|VERSION|version|release)\b[^=\n]*=\s*"""
                          r"""["']v?(?P<v>\d[^"'\n]*)["']""", text, re.M | re.I)
        if other is not None:
            line = text.count("\n", 0, other.start()) + 1
            self.disagree(path, line,
                          f"{self.shown(path)}:{line} says {other.group('v')}, the version is "
                          f"{self.version} ({why})",
                          f"write {self.version} there (then `release prepare` keeps it in step)")
        else:
            self.disagree(path, None, f"{self.shown(path)} does not contain the version "
                          f"{self.version} ({why})",
                          f"write {self.version} there, or remove it from the list")

    def _current(self, location_of: Callable[[], VersionLocation], why: str) -> None:
        try:
            location = location_of()
        except ConfigError:
            return
        if self.equal(location.value):
            self.add(location, why)
        else:
            self.disagree(location.file, location.line,
                          f"{why} is {location.value}, the version is {self.version}",
                          f"set it to {self.version}")

    def _template_file(self, path: Path, search: str, replace: str, current: str,
                       why: str) -> None:
        if path.resolve() == self.changelog:
            return  # `prepare` writes the changelog itself
        names = set(_PLACEHOLDER.findall(search)) | set(_PLACEHOLDER.findall(replace))
        if names - {"current_version", "new_version"} or "{current_version}" not in search \
                or search.replace("{current_version}", "{new_version}") != replace:
            return  # not a plain version replacement: left to that tool
        text = self.read(path)
        if text is None:
            self.disagree(path, None, f"{self.shown(path)} ({why}) cannot be read",
                          "fix the file list of that tool")
            return
        head = search[: search.index("{current_version}")].replace("{current_version}", current)
        rendered = search.replace("{current_version}", current)
        spans = []
        start = text.find(rendered)
        while start != -1:
            spans.append(start + len(head))
            start = text.find(rendered, start + len(rendered))
        if not spans:
            self.disagree(path, None, f"{self.shown(path)} has no `{rendered}` ({why})",
                          f"write {self.version} there as that tool expects")
            return
        for offset in spans:
            line = text.count("\n", 0, offset) + 1
            self.add(VersionLocation(path, line, offset, offset + len(current), current), why)

    def bumpversion(self) -> None:
        table = toml_table(self.project.data, "tool", "bumpversion")
        if table:
            why = "[tool.bumpversion] current_version"
            self._current(partial(locate_toml, self.project.pyproject, self.root,
                                  ("tool", "bumpversion"), "current_version"), why)
            current = str(table.get("current_version", ""))
            files = table.get("files", [])
            for entry in files if isinstance(files, list) else []:
                if not isinstance(entry, dict) or entry.get("regex"):
                    continue
                search = str(entry.get("search", "{current_version}"))
                replace = str(entry.get("replace", "{new_version}"))
                for path in self._paths(entry.get("filename"), entry.get("glob")):
                    self._template_file(path, search, replace, current,
                                        "[tool.bumpversion] files")
        for name in (".bumpversion.cfg", "setup.cfg"):
            path = self.root / name
            parser = configparser.RawConfigParser(interpolation=None)
            try:
                parser.read_string(self.read(path) or "")
            except configparser.Error:
                continue
            if not parser.has_section("bumpversion"):
                continue
            why = f"{name} [bumpversion] current_version"
            self._current(partial(locate_cfg, path, self.root, "bumpversion", "current_version"),
                          why)
            current = parser.get("bumpversion", "current_version", fallback="")
            for section in parser.sections():
                kind, _, target = section.partition(":")[2].partition(":")
                if not section.startswith("bumpversion:") or kind not in ("file", "glob"):
                    continue
                search = parser.get(section, "search", fallback="{current_version}")
                replace = parser.get(section, "replace", fallback="{new_version}")
                for file in self._paths(target if kind == "file" else None,
                                        target if kind == "glob" else None):
                    self._template_file(file, search, replace, current, f"{name} files")

    def tbump(self) -> None:
        table = toml_table(self.project.data, "tool", "tbump")
        where: tuple[Path, tuple[str, ...]] | None = None
        if table:
            where = (self.project.pyproject, ("tool", "tbump"))
        elif (self.root / "tbump.toml").is_file():
            text = self.read(self.root / "tbump.toml") or ""
            try:
                table = load_toml(text)
            except ValueError:  # tomllib.TOMLDecodeError
                return
            where = (self.root / "tbump.toml", ())
        if where is None:
            return
        path, prefix = where
        label = "[tool.tbump.version] current" if prefix else "tbump.toml [version] current"
        self._current(partial(locate_toml, path, self.root, (*prefix, "version"), "current"), label)
        current = str(toml_table(table, "version").get("current", ""))
        files = table.get("file", [])
        for entry in files if isinstance(files, list) else []:
            if not isinstance(entry, dict):
                continue
            search = str(entry.get("search", "{current_version}"))
            for file in self._paths(None, entry.get("src")):
                self._template_file(file, search, search.replace("{current_version}",
                                                                 "{new_version}"),
                                    current, "tbump files")

    def commitizen(self) -> None:
        table = toml_table(self.project.data, "tool", "commitizen")
        if not table:
            return
        if "version" in table:
            self._current(partial(locate_toml, self.project.pyproject, self.root,
                                  ("tool", "commitizen"), "version"), "[tool.commitizen] version")
        files = table.get("version_files", [])
        for entry in files if isinstance(files, list) else []:
            if not isinstance(entry, str):
                continue
            name, _, regex = entry.partition(":")
            why = "[tool.commitizen] version_files"
            for path in self._paths(None, name):
                if path.resolve() == self.changelog:
                    continue
                text = self.read(path)
                if text is None:
                    self.disagree(path, None, f"{self.shown(path)} ({why}) cannot be read",
                                  "fix `version_files`")
                    continue
                try:
                    lines = re.compile(regex) if regex else None
                except re.error:
                    continue
                found = self.tokens(path, text, lines)
                if not found:
                    self._stale(path, text, why)
                for location in found:
                    self.add(location, why)

    def _paths(self, filename: Any, pattern: Any) -> list[Path]:
        if isinstance(filename, str) and filename:
            return [self.root / filename]
        if isinstance(pattern, str) and pattern:
            if any(c in pattern for c in "*?["):
                try:
                    return sorted(p for p in self.root.glob(pattern) if p.is_file())
                except (ValueError, NotImplementedError, OSError):  # an absolute or bad pattern
                    return []
            return [self.root / pattern]
        return []

    # -- places detected because they say the version -------------------------------------

    def uv_lock(self) -> None:
        path = self.root / "uv.lock"
        name = self.project.name
        if not path.is_file() or not name:
            return
        try:
            location = locate_uv_lock(path, self.root, name)
        except ConfigError:
            return
        if location is None:
            return
        if self.equal(location.value):
            self.add(location, "uv.lock (the project's own entry)")
        else:
            self.disagree(path, location.line,
                          f"uv.lock records {location.value} for the project, the version is "
                          f"{self.version}", "run `uv lock` and commit uv.lock")

    def package(self) -> None:
        for folder in self._package_dirs():
            for name in _PACKAGE_FILES:
                path = folder / name
                if path.is_file():
                    self._literal(path, "__version__", "__version__ in the package")

    def _literal(self, path: Path, name: str, why: str, form: str = "full") -> None:
        try:
            found = python_value(path, name, self.read(path), self.root)
        except (ConfigError, OSError, ValueError):
            return
        if not isinstance(found, Literal):
            return
        value = str(found.node.value)
        short = ".".join(str(n) for n in (*self.version.release, 0)[:2])
        if form == "short" and value != short:
            return
        if form == "full" and not self.equal(value):
            return

        try:
            text = self.read(path) or ""
            location = literal_location(path, self.root, text, found.node, name)
        except ConfigError:
            return
        self.add(location, why, form)

    def sphinx(self) -> None:
        for name in _SPHINX:
            path = self.root / name
            if not path.is_file():
                continue
            self._literal(path, "release", "Sphinx conf.py release")
            self._literal(path, "version", "Sphinx conf.py version")
            if str(self.version) != ".".join(str(n) for n in (*self.version.release, 0)[:2]):
                self._literal(path, "version", "Sphinx conf.py short version", "short")

    def _package_dirs(self) -> list[Path]:
        data = self.project.data
        names = []
        if self.project.name:
            names.append(self.project.name.replace("-", "_").replace(".", "_"))
            names.append(names[-1].lower())
        flit = toml_table(data, "tool", "flit", "module").get("name")
        if isinstance(flit, str):
            names.append(flit.replace(".", "/"))
        for entry in toml_table(data, "tool", "poetry").get("packages", []) or []:
            if isinstance(entry, dict) and isinstance(entry.get("include"), str):
                names.append(str(Path(str(entry.get("from", "."))) / entry["include"]))
        found: list[Path] = []
        for name in dict.fromkeys(names):
            for base in (self.root, self.root / "src"):
                folder = base / name
                if folder.is_dir() and folder.resolve() not in [f.resolve() for f in found]:
                    found.append(folder)
        return found


def find(project: Project, source: VersionSource, version: Version, spelled: str) -> Repeats:
    """Every other place that repeats ``version`` (spelled ``spelled`` in the main file)."""
    finder = _Finder(project, source, version, spelled)
    finder.configured()
    finder.bumpversion()
    finder.tbump()
    finder.commitizen()
    finder.uv_lock()
    if not source.vcs:
        finder.package()
        finder.sphinx()
    return finder.result
