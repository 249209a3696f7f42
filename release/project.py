"""Project files: pyproject.toml, ``[tool.release]`` and where the version lives.

Reads with tomllib (tomli below 3.11). Writes the version with an exact single-span
edit that must match exactly one place, then re-reads the result to prove that the
version, and nothing else that TOML can see, changed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from release import files
from release.errors import ConfigError, ReleaseError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_KEYS = ("tag-prefix", "changelog", "main-branch", "version-source", "repository-url")

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_DUNDER_VERSION = re.compile(
    r"""^(?P<lead>__version__\s*(?::\s*str\s*)?=\s*)(?P<q>['"])(?P<value>[^'"\n]*)(?P=q)""", re.M
)
_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$", re.M)
_KEY_VERSION = re.compile(
    r"""^(?P<lead>[ \t]*(?:version|"version"|'version')[ \t]*=[ \t]*)"""
    r"""(?P<q>"(?!"")|'(?!''))(?P<value>[^"'\n]*)(?P=q)""",
    re.M,
)
_REPO_URL_KEYS = ("source", "repository", "source code", "github", "gitlab", "homepage")


@dataclass(frozen=True)
class Config:
    """``[tool.release]``, with defaults for everything."""

    tag_prefix: str = "v"
    changelog: str = "CHANGELOG.md"
    main_branch: str = "main"
    version_source: str | None = None
    repository_url: str | None = None


@dataclass(frozen=True)
class VersionLocation:
    """Where the version is written: the file, the 1-based line and the exact span."""

    file: Path
    line: int
    start: int
    end: int
    value: str


@dataclass
class Project:
    """A project: its root folder, pyproject.toml (parsed) and ``[tool.release]``."""

    root: Path
    pyproject: Path
    data: dict[str, Any]
    config: Config

    @property
    def name(self) -> str | None:
        name = self.data.get("project", {}).get("name")
        return name if isinstance(name, str) else None

    @property
    def changelog_path(self) -> Path:
        return self.root / self.config.changelog

    @property
    def is_dynamic_version(self) -> bool:
        dynamic = self.data.get("project", {}).get("dynamic", [])
        return isinstance(dynamic, list) and "version" in dynamic

    def repository_url(self) -> str | None:
        """The repository URL for compare links: configuration, else ``[project.urls]``."""
        if self.config.repository_url:
            return self.config.repository_url.rstrip("/")
        urls = self.data.get("project", {}).get("urls", {})
        if not isinstance(urls, dict):
            return None
        by_key = {str(key).lower(): value for key, value in urls.items()}
        for key in _REPO_URL_KEYS:
            value = by_key.get(key)
            if isinstance(value, str) and re.match(r"https://(github\.com|gitlab\.)", value):
                return value.rstrip("/").removesuffix(".git")
        return None

    def version_file(self) -> Path:
        """The file that holds the version (pyproject.toml or the ``__version__`` file)."""
        if not self.is_dynamic_version:
            return self.pyproject
        source = self.config.version_source or _hatch_version_path(self.data)
        if not source:
            raise ConfigError(
                'pyproject.toml declares `dynamic = ["version"]` but no version source',
                'set `version-source = "yourpkg/__init__.py"` in [tool.release] (a file with '
                '`__version__ = "..."`), or a static `[project].version`',
                file=self.pyproject.name,
            )
        return self.root / source

    def locate_version(self) -> VersionLocation:
        """Find the one place the version is written, or raise with file and line."""
        path = self.version_file()
        shown = _shown(path, self.root)
        try:
            text = path.read_bytes().decode("utf-8")  # bytes: keep CRLF as it is
        except FileNotFoundError:
            raise ConfigError(
                f"the version source {shown} does not exist",
                "fix `version-source` in [tool.release]",
                file=self.pyproject.name,
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {shown}: {exc}", "", file=shown) from None
        if path == self.pyproject:
            return _locate_static(text, path, self.data)
        matches = list(_DUNDER_VERSION.finditer(text))
        if len(matches) != 1:
            found = "no" if not matches else f"{len(matches)}"
            raise ConfigError(
                f'{shown} has {found} `__version__ = "..."` assignment(s); exactly one is needed',
                'write the version once as `__version__ = "1.2.3"` at the start of a line',
                file=shown,
            )
        match = matches[0]
        return VersionLocation(
            file=path,
            line=text.count("\n", 0, match.start()) + 1,
            start=match.start("value"),
            end=match.end("value"),
            value=match.group("value"),
        )


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _hatch_version_path(data: dict[str, Any]) -> str | None:
    path = data.get("tool", {}).get("hatch", {}).get("version", {}).get("path")
    return path if isinstance(path, str) else None


def _locate_static(text: str, path: Path, data: dict[str, Any]) -> VersionLocation:
    project = data.get("project")
    if not isinstance(project, dict) or "version" not in project:
        raise ConfigError(
            "pyproject.toml has no `[project].version`",
            'add `version = "0.1.0"` under [project], or declare `dynamic = ["version"]` '
            "and set `version-source` in [tool.release]",
            file=path.name,
        )
    value = project["version"]
    if not isinstance(value, str):
        raise ConfigError(
            f"`[project].version` must be a string, found {type(value).__name__} {value!r}",
            f'quote it: version = "{value}"',
            file=path.name,
            line=_find_line(text, "version"),
        )
    start, end = _project_table_span(text)
    candidates = [m for m in _KEY_VERSION.finditer(text, start, end) if m.group("value") == value]
    if len(candidates) != 1:
        raise ConfigError(
            f'cannot find exactly one `version = "{value}"` line in [project] '
            f"(found {len(candidates)})",
            'write the version on its own line as `version = "X.Y.Z"` inside [project]',
            file=path.name,
        )
    match = candidates[0]
    return VersionLocation(
        file=path,
        line=text.count("\n", 0, match.start()) + 1,
        start=match.start("value"),
        end=match.end("value"),
        value=value,
    )


def _project_table_span(text: str) -> tuple[int, int]:
    start = None
    for match in _TABLE_HEADER.finditer(text):
        name = match.group(1).strip().strip("\"'")
        if start is None and name == "project":
            start = match.end()
        elif start is not None:
            return start, match.start()
    return (start if start is not None else 0), len(text)


def _find_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def load(pyproject: Path) -> Project:
    """Read pyproject.toml and ``[tool.release]``; raise :class:`ConfigError` when unusable."""
    shown = pyproject.name if pyproject.parent == Path() else str(pyproject)
    try:
        raw = files.read_bytes(pyproject, shown)
    except FileNotFoundError:
        raise ConfigError(
            f"{pyproject} does not exist",
            "run from the project root, or pass --pyproject PATH",
        ) from None
    except ReleaseError as exc:
        raise ConfigError(exc.message, exc.hint, file=shown) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(
            "pyproject.toml is not valid UTF-8", "re-save it as UTF-8", file=shown
        ) from None
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        line = int(position.group(1)) if position else None
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise ConfigError(
            f"pyproject.toml is not valid TOML: {message}",
            "fix the TOML syntax at that line (https://toml.io)",
            file=shown,
            line=line,
        ) from None
    resolved = pyproject.resolve()
    return Project(
        root=resolved.parent,
        pyproject=resolved,
        data=data,
        config=_config(data, shown),
    )


def _config(data: dict[str, Any], shown: str) -> Config:
    table = data.get("tool", {}).get("release", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.release] must be a table", "", file=shown)
    unknown = sorted(set(table) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown key(s) in [tool.release]: {', '.join(unknown)}",
            f"the keys are: {', '.join(CONFIG_KEYS)}",
            file=shown,
        )
    values: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            raise ConfigError(
                f"[tool.release] {key} must be a string, found {value!r}",
                f'write it as {key} = "..."',
                file=shown,
            )
        values[key.replace("-", "_")] = value
    return Config(**values)


def replace_span(text: str, location: VersionLocation, new_value: str) -> str:
    """The text with exactly the version span replaced."""
    if text[location.start : location.end] != location.value:
        raise ConfigError(
            f"{location.file.name} changed while it was being edited",
            "run the command again",
            file=location.file.name,
            line=location.line,
        )
    return text[: location.start] + new_value + text[location.end :]


def check_static_edit(old_text: str, new_text: str, new_value: str, shown: str) -> None:
    """Prove that a pyproject.toml edit changed ``[project].version`` and nothing else."""
    before = tomllib.loads(old_text.removeprefix("\ufeff"))
    after = tomllib.loads(new_text.removeprefix("\ufeff"))
    if after.get("project", {}).get("version") != new_value:
        raise ConfigError(f"editing {shown} did not set the version", "", file=shown)
    after["project"]["version"] = before["project"]["version"]
    if before != after:
        raise ConfigError(f"editing {shown} would change more than the version", "", file=shown)
