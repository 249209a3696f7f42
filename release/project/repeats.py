"""The other places that repeat the version, so that ``prepare`` keeps them in step.

Found from what the project already says, and shown in the plan with the reason:

- ``[tool.release] version-files``: every occurrence of the version in each file (also
  written after the tag prefix or a ``v``: ``rev: v4.17.0``, ``uses: org/action@v1.2.3``;
  the prefix is kept);
- the version-file lists of other tools, applied as those tools apply them:

  - commitizen ``version_files``: ``path`` is a glob; ``path:regex`` selects the lines the
    regex finds (``re.search``), and every occurrence of the current version in them is
    replaced (commitizen's ``update_version_in_files``);
  - bump-my-version ``[tool.bumpversion]`` / ``.bumpversion.cfg`` / setup.cfg
    ``[bumpversion]``: each file's ``search`` (default: the table's, else
    ``{current_version}``) rendered with the current version is found anywhere in the file
    (as a regular expression when ``regex`` is true) and each match replaced by the rendered
    ``replace``; ``glob`` (with ``**`` and ``|``), ``glob_exclude`` and ``key_path`` (one key
    of a TOML file) are honoured;
  - tbump ``[tool.tbump]`` / tbump.toml: ``src`` is a glob; the lines that contain the
    current version (formatted by ``version_template`` when given) and that ``search`` (a
    regular expression) finds are the ones whose occurrences are replaced;

- uv.lock: the project's own ``[[package]]`` entry (written in normal form, as uv does);
- a ``__version__ = "X"`` literal in the package, and a Sphinx conf.py ``release``/``version``,
  when they equal the current version (a short ``version = "X.Y"`` follows the X.Y).

A place the tool would change but ``prepare`` cannot change exactly (a template with
placeholders other than the versions, an occurrence inside a longer number) is a problem
with a hint, never a silent skip. Each place keeps its own spelling (``2026.08.17``,
``v1.2.3``). The changelog is never one of them (``prepare`` edits it on its own). A declared
place that does not say the current version is a disagreement, reported by
``version-files-agree``.
"""

from __future__ import annotations

import configparser
import fnmatch
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from release.errors import ConfigError, ReleaseError
from release.outside import files
from release.project import pysource
from release.project.pyproject import Project
from release.project.sources.base import (
    VersionLocation,
    VersionSource,
    line_of,
    load_toml,
    shown,
    toml_table,
)
from release.project.sources.formats import locate_cfg, locate_toml, locate_uv_lock
from release.project.sources.python import (
    Literal,
    literal_location,
    python_value,
    version_tuple,
)
from release.project.versions import Spelling, Version, parse_or_none


def _true(value: Any) -> bool:
    """A boolean setting, from TOML (a bool) or an INI file (``True``/``yes``/``1``)."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1", "on")
    return bool(value)

_PACKAGE_FILES = ("__init__.py", "__about__.py", "_version.py", "__version__.py", "version.py")
_SPHINX = ("doc/conf.py", "docs/conf.py", "doc/source/conf.py", "docs/source/conf.py",
           "doc/build/conf.py", "docs/build/conf.py", "conf.py")  # conf.py: simplejson's root
_PLACEHOLDER = re.compile(r"\{([^{}:!]+)(?:[:!][^{}]*)?\}")


@dataclass(frozen=True)
class Repeat:
    """One more place that says the version."""

    location: VersionLocation
    source: str
    form: str = "full"
    """``full``, or ``short`` (Sphinx's X.Y ``version``)."""
    render: Callable[[str], str] | None = field(default=None, compare=False)
    """For a peer's template: the replacement text for the new version (as written)."""

    def new_value(self, target: Version, evidence: Sequence[str] = ()) -> str:
        """The text that replaces this place: the target in the spelling of the text there
        (``2026.08.17``, ``v1.2.3``), or the peer's rendered template."""
        if self.form == "short":
            return ".".join(str(n) for n in (*target.release, 0)[:2])
        if self.render is not None:
            return self.render(str(target))
        return Spelling.learn([self.location.value], evidence=evidence).spell(target)


@dataclass(frozen=True)
class Disagreement:
    file: str
    line: int | None
    message: str
    hint: str
    severity: str = "error"
    """``warning`` for a place that says the version but that no rule keeps in step."""


@dataclass
class Repeats:
    found: list[Repeat] = field(default_factory=list)
    problems: list[Disagreement] = field(default_factory=list)


_NUMBER_AROUND = re.compile(r"[0-9]")


class _Finder:
    def __init__(self, project: Project, source: VersionSource, version: Version,
                 spelled: str, prefix: str) -> None:
        self.project = project
        self.root = project.root
        self.version = version
        self.spelled = spelled
        self.spellings = sorted({spelled, str(version)}, key=len, reverse=True)
        self.prefixes = sorted({prefix, "v"} - {""}, key=len, reverse=True)
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

    def add(self, location: VersionLocation, why: str, form: str = "full",
            render: Callable[[str], str] | None = None) -> None:
        if not self.allowed(location.file, why):
            return
        key = (location.file.resolve(), location.start)
        if key in self.seen:
            return
        self.seen.add(key)
        self.result.found.append(Repeat(location, why, form, render))

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

    def tokens(self, path: Path, text: str) -> list[VersionLocation]:
        """Every standalone occurrence of the version (as spelled, or in normal form), also
        right after the tag prefix or a ``v`` (which stays)."""
        lead = "|".join(re.escape(p) for p in self.prefixes)
        pattern = re.compile(
            r"(?<![\w.+-])" + (f"(?:{lead})?" if lead else "") + r"(?P<v>(?:"
            + "|".join(re.escape(s) for s in self.spellings) + r"))(?![\w+-]|\.\d)")
        return [VersionLocation(path, line_of(text, m.start("v")), m.start("v"), m.end("v"),
                                m.group("v")) for m in pattern.finditer(text)]

    def _occurrences(self, path: Path, text: str, old: str, lines: re.Pattern[str] | None,
                     why: str) -> list[VersionLocation] | None:
        """Every occurrence of ``old`` in the lines ``lines`` finds (all lines: ``None``;
        commitizen's and tbump's rule); ``None`` (a problem is reported) when one is inside a
        longer number, where the tool would change a number that is not the version."""
        found = []
        offset = 0
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            if old in line and (lines is None or lines.search(line.rstrip("\r\n"))):
                at = line.find(old)
                while at != -1:
                    before, after = line[at - 1: at], line[at + len(old): at + len(old) + 2]
                    if _NUMBER_AROUND.match(before) or before == "." or (
                            after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit())):
                        self.disagree(path, number, f"{self.shown(path)}:{number} has "
                                      f"{old} inside a longer number ({why}): the tool "
                                      "would change it, release-lifecycle does not guess",
                                      "narrow the entry to the lines that hold the version "
                                      "(commitizen `path:regex`, tbump `search`)")
                        return None
                    found.append(VersionLocation(path, number, offset + at,
                                                 offset + at + len(old), old))
                    at = line.find(old, at + len(old))
            offset += len(line)
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

    def bumpversion(self) -> None:
        table = toml_table(self.project.data, "tool", "bumpversion")
        if table:
            why = "[tool.bumpversion] current_version"
            self._current(partial(locate_toml, self.project.pyproject, self.root,
                                  ("tool", "bumpversion"), "current_version"), why)
            files = table.get("files", [])
            for item in files if isinstance(files, list) else []:
                if isinstance(item, dict):
                    self._bumpversion_file(table, item, "[tool.bumpversion] files")
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
            defaults = dict(parser.items("bumpversion"))
            for target in defaults.get("files", "").split():  # bumpversion's older list
                self._bumpversion_file(defaults, {"filename": target}, f"{name} files")
            for section in parser.sections():
                kind, _, target = section.partition(":")[2].partition(":")
                kind = re.sub(r"\s*\(.*\)$", "", kind)  # [bumpversion:file (badge):README.rst]
                if not section.startswith("bumpversion:") or kind not in ("file", "glob"):
                    continue
                entry: dict[str, Any] = dict(parser.items(section))
                entry["filename" if kind == "file" else "glob"] = target
                self._bumpversion_file(defaults, entry, f"{name} files")

    def _bumpversion_file(self, table: dict[str, Any], entry: dict[str, Any], why: str) -> None:
        """One entry of bump-my-version's file list, as bump-my-version applies it."""
        current = str(table.get("current_version", ""))
        search = str(entry.get("search", table.get("search", "{current_version}")))
        replace = str(entry.get("replace", table.get("replace", "{new_version}")))
        regex = _true(entry.get("regex", table.get("regex", False)))
        missing_ok = _true(entry.get("ignore_missing_version",
                                     table.get("ignore_missing_version", False)))
        paths = [path for path in self._paths(entry.get("filename"), entry.get("glob"),
                                              entry.get("glob_exclude"), recursive=True)
                 if path.resolve() != self.changelog]  # `prepare` writes the changelog itself
        if not current or not paths:
            return
        own = [key for key in ("parse", "serialize") if key in entry]
        if own:
            for path in paths:
                self.disagree(path, None, f"{self.shown(path)} ({why}) is changed with its own "
                              f"{' and '.join(f'`{key}`' for key in own)} (the version written "
                              "another way), which release-lifecycle does not apply",
                              "remove the file from that list and keep it in step by hand, or "
                              "list it in `version-files` in [tool.release] if it holds the "
                              "whole version")
            return
        names = set(_PLACEHOLDER.findall(search)) | set(_PLACEHOLDER.findall(replace))
        if names - {"current_version", "new_version"}:
            for path in paths:
                self.disagree(path, None, f"{self.shown(path)} ({why}) is changed through a "
                              f"template with {', '.join(sorted(names))}, which "
                              "release-lifecycle cannot fill exactly",
                              "write its `search`/`replace` with only {current_version} and "
                              "{new_version}, or remove the file from that list and keep it in "
                              "step by hand")
            return
        rendered = search.replace("{current_version}", current)
        if not regex and "{new_version}" in replace and _PLACEHOLDER.sub("", replace) == "" \
                and _PLACEHOLDER.sub("", search) != "":
            # pypa/build: search `__version__ = '{current_version}'`, replace left at its
            # default: bump-my-version would write the bare version over the whole line
            wanted = search.replace("{current_version}", "{new_version}")
            for path in paths:
                self.disagree(path, None, f"{self.shown(path)} ({why}): bump-my-version would "
                              f"replace `{rendered}` with only the new version, since this "
                              "entry's `replace` is the bare `{new_version}`",
                              f"give the entry `replace = {wanted!r}` to match its `search`")
            return
        try:
            pattern = re.compile(
                search.replace("{current_version}", re.escape(current)) if regex
                else re.escape(rendered), re.M | re.S)
        except re.error:
            self.disagree(str(entry.get("filename") or entry.get("glob")), None,
                          f"the bump-my-version search {search!r} ({why}) is not a valid "
                          "regular expression", "fix `search`")
            return

        def render(new: str) -> str:
            return replace.replace("{current_version}", current).replace("{new_version}", new)

        key_path = entry.get("key_path")
        for path in paths:
            text = self.read(path)
            if text is None:
                if not _true(entry.get("ignore_missing_file",
                                       table.get("ignore_missing_files", False))):
                    self.disagree(path, None, f"{self.shown(path)} ({why}) cannot be read",
                                  "fix the file list of that tool")
                continue
            start, end = 0, len(text)
            if isinstance(key_path, str) and key_path:
                try:
                    keys = tuple(key_path.split("."))
                    spot = locate_toml(path, self.root, keys[:-1], keys[-1], text)
                except (ConfigError, ValueError):
                    self.disagree(path, None, f"{self.shown(path)} has no string "
                                  f"`{key_path}` ({why})", "fix `key_path`")
                    continue
                start, end = spot.start, spot.end
            matches = list(pattern.finditer(text, start, end))
            if not matches and not missing_ok:
                self.disagree(path, None, f"{self.shown(path)} has no `{rendered}` ({why})",
                              f"write {self.version} there as that tool expects")
            plain = replace == search.replace("{current_version}", "{new_version}")
            head = search.split("{current_version}", 1)[0] if not regex else ""
            for match in matches:
                at = match.start() + len(head)
                if plain and not regex and text.startswith(current, at):
                    # the usual case: only the version changes, so the place is its span
                    # (the same span as the version source's, when it is that line)
                    self.add(VersionLocation(path, line_of(text, at), at, at + len(current),
                                             current), why)
                    continue
                self.add(VersionLocation(path, line_of(text, match.start()), match.start(),
                                         match.end(), match.group(0)), why, render=render)

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
        regex = str(toml_table(table, "version").get("regex", ""))
        files = table.get("file", [])
        for entry in files if isinstance(files, list) else []:
            if isinstance(entry, dict) and current:
                self._tbump_file(entry, current, regex)

    def _tbump_file(self, entry: dict[str, Any], current: str, regex: str) -> None:
        """One ``[[file]]`` of tbump, as tbump applies it."""
        why = "tbump files"
        template = entry.get("version_template")
        old = current

        def render(new: str) -> str:
            return new

        if isinstance(template, str):
            try:
                parse = re.compile(regex, re.VERBOSE)
                groups = parse.fullmatch(current)
                old = template.format(**groups.groupdict()) if groups else ""
            except (re.error, KeyError, IndexError, ValueError):
                old = ""
            if not old or "None" in old:
                self.disagree(str(entry.get("src")), None, f"tbump's version_template "
                              f"{template!r} ({why}) cannot be filled from {current}",
                              "fix `version_template` or the tbump `regex`")
                return

            def render(new: str) -> str:  # a new version tbump's regex cannot read is refused
                found = parse.fullmatch(new)
                if found is None:
                    raise ConfigError(f"tbump's version regex does not accept {new}",
                                      "choose a version it accepts, or widen its `regex`")
                return template.format(**found.groupdict())

        search = entry.get("search")
        try:
            selects = re.compile(search.replace("{current_version}", re.escape(old))) \
                if isinstance(search, str) else None
        except re.error:
            self.disagree(str(entry.get("src")), None, f"tbump's search {search!r} ({why}) is "
                          "not a valid regular expression", "fix `search`")
            return
        for path in self._paths(None, entry.get("src"), None, recursive=True):
            if path.resolve() == self.changelog:
                continue
            text = self.read(path)
            if text is None:
                self.disagree(path, None, f"{self.shown(path)} ({why}) cannot be read",
                              "fix the file list of that tool")
                continue
            found = self._occurrences(path, text, old, selects, why)
            if found == []:
                self.disagree(path, None, f"{self.shown(path)} has no line with {old} that "
                              f"tbump would change ({why})",
                              f"write {old} there as tbump expects")
            for location in found or []:
                self.add(location, why, render=render if isinstance(template, str) else None)

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
            try:
                lines = re.compile(regex) if regex else None
            except re.error:
                self.disagree(name, None, f"the commitizen regex in {entry!r} is not a valid "
                              "regular expression", "fix `version_files`")
                continue
            for path in self._paths(None, name, None):
                if path.resolve() == self.changelog:
                    continue
                text = self.read(path)
                if text is None:
                    self.disagree(path, None, f"{self.shown(path)} ({why}) cannot be read",
                                  "fix `version_files`")
                    continue
                found: list[VersionLocation] | None = []
                for old in self.spellings:  # as the project writes it, else the normal form
                    found = self._occurrences(path, text, old, lines, why)
                    if found != []:
                        break
                if found == []:
                    self._stale(path, text, why)
                for location in found or []:
                    self.add(location, why)

    def _paths(self, filename: Any, pattern: Any, exclude: Any = None, *,
               recursive: bool = False) -> list[Path]:
        """The files an entry names: a file name, or a glob (``|`` separates several, as
        bump-my-version allows; ``**`` spans folders), less the ``exclude`` globs."""
        if isinstance(filename, str) and filename:
            return [self.root / filename]
        if not isinstance(pattern, str) or not pattern:
            return []
        found: list[Path] = []
        for item in pattern.split("|"):
            if not any(c in item for c in "*?["):
                found.append(self.root / item)
                continue
            one = item if recursive else item.replace("**", "*")  # commitizen: not recursive
            try:
                found += sorted(p for p in self.root.glob(one) if p.is_file())
            except (ValueError, NotImplementedError, OSError):  # an absolute or bad pattern
                continue
        excluded = [exclude] if isinstance(exclude, str) else (
            [str(e) for e in exclude] if isinstance(exclude, list) else [])
        return [p for p in dict.fromkeys(found)
                if not any(fnmatch.fnmatch(self.shown(p), e) for e in excluded)]

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
                    self._tuple(path)
            self._unlisted(folder)

    def _unlisted(self, folder: Path) -> None:
        """A module of the package that writes the version as a constant no rule names
        (sentry-python's ``sentry_sdk/consts.py`` ``VERSION = "2.68.0"``): a warning with the
        setting that keeps it in step, since ``prepare`` would leave it behind."""
        known = {found.location.file.resolve() for found in self.result.found}
        spelled = "|".join(re.escape(s) for s in self.spellings)
        pattern = re.compile(r"^(?:__version__|VERSION|version|__VERSION__)[ \t]*(?::[^=\n]*)?"
                             rf"=[ \t]*(['\"])v?(?:{spelled})\1[ \t]*(?:#.*)?$", re.MULTILINE)
        try:
            modules = sorted(p for p in folder.glob("*.py") if p.is_file())
        except OSError:
            return
        for path in modules[:200]:
            if path.resolve() in known or path.name in _PACKAGE_FILES:
                continue
            text = self.read(path) or ""
            match = pattern.search(text) if len(text) <= pysource.LIMIT else None
            if match is None:
                continue
            where = self.shown(path)
            line = text.count("\n", 0, match.start()) + 1
            self.result.problems.append(Disagreement(
                where, line, f"{where}:{line} also says {self.spelled}, and nothing keeps it in "
                "step: `release prepare` would leave it behind",
                f'list it in [tool.release]: `version-files = ["{where}"]`', "warning"))

    def _tuple(self, path: Path) -> None:
        """A ``__version_info__ = (2, 0, 0)`` beside the version, saying the same."""
        text = self.read(path)
        try:
            found = version_tuple(pysource.parse(text or ""))
        except (SyntaxError, ValueError):
            return
        if found is not None and self.equal(found[1]):
            self.add(VersionLocation(path, found[2], 0, 0, found[1], "tuple", (found[0],)),
                     f"{found[0]} in the package")

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
            # Sphinx's `version` is the short X.Y: `4.9` beside `__version__ = '4.9.0'`
            # (pexpect) stays `4.9` for 4.9.1, as at its 4.2.1; the first reading found wins
            if str(self.version) != ".".join(str(n) for n in (*self.version.release, 0)[:2]):
                self._literal(path, "version", "Sphinx conf.py short version", "short")
            self._literal(path, "version", "Sphinx conf.py version")

    def _setup_py_packages(self) -> list[str]:
        if self.project.data.get("project") or not (self.root / "setup.py").is_file():
            return []
        from release.project.setup_script import setup_py_keywords

        return _setup_py_packages_of(setup_py_keywords(self.root))

    def _package_dirs(self) -> list[Path]:
        """The packages the build backend ships: named after the project (``acme-tool`` ->
        ``acme_tool/`` or the namespace package ``acme/tool/``), flit's module, and the
        package lists of Poetry, hatchling and setuptools."""
        data = self.project.data
        names = []
        if self.project.name:
            name = self.project.name
            names += [re.sub(r"[-.]", "_", name), re.sub(r"[-.]", "_", name).lower(),
                      re.sub(r"[-._]", "/", name).lower()]
        flit = toml_table(data, "tool", "flit", "module").get("name")
        if isinstance(flit, str):
            names.append(flit.replace(".", "/"))
        for entry in _list(toml_table(data, "tool", "poetry").get("packages")):
            if isinstance(entry, dict) and isinstance(entry.get("include"), str):
                names.append(str(Path(str(entry.get("from", "."))) / entry["include"]))
        wheel = toml_table(data, "tool", "hatch", "build", "targets", "wheel")
        for entry in [*_list(wheel.get("packages")),
                      *_list(toml_table(data, "tool", "hatch", "build").get("packages"))]:
            if isinstance(entry, str):
                names.append(entry)
        setuptools = toml_table(data, "tool", "setuptools")
        mapping = setuptools.get("package-dir")
        base = str(mapping.get("", "")) if isinstance(mapping, dict) else ""
        for entry in _list(setuptools.get("packages")):
            if isinstance(entry, str):
                names.append(str(Path(base) / entry.replace(".", "/")))
        names += self._setup_py_packages()
        found: list[Path] = []
        for name in dict.fromkeys(names):
            if "*" in name or name.startswith(("/", "..")):
                continue
            for root in (self.root, self.root / "src", self.root / "lib"):  # lib: PyYAML
                folder = root / name
                if folder.is_dir() and folder.resolve() not in [f.resolve() for f in found]:
                    found.append(folder)
        return found


def _setup_py_packages_of(keywords: dict[str, object]) -> list[str]:
    """The folders of the packages setup.py lists (PyYAML: ``packages=['yaml', '_yaml']``
    under ``package_dir={'': 'lib'}``)."""
    mapping = keywords.get("package_dir")
    base = str(mapping.get("", "")) if isinstance(mapping, dict) else ""
    return [str(Path(base) / entry) for entry in _list(keywords.get("packages"))
            if isinstance(entry, str) and "." not in entry]  # top-level packages only


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def find(project: Project, source: VersionSource, version: Version, spelled: str,
         prefix: str = "") -> Repeats:
    """Every other place that repeats ``version`` (spelled ``spelled`` in the main file;
    ``prefix``: the tag prefix, which a repeated version may carry)."""
    finder = _Finder(project, source, version, spelled, prefix)
    finder.configured()
    finder.bumpversion()
    finder.tbump()
    finder.commitizen()
    finder.uv_lock()
    if not source.vcs:
        finder.package()
        finder.sphinx()
    return finder.result
