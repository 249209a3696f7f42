"""Project files: pyproject.toml, setup.cfg and ``[tool.release]``.

Reads with tomllib (tomli below 3.11) and configparser. Where the version lives is
:mod:`release.project.sources`; the files that repeat it are
:mod:`release.project.repeats`.
"""

from __future__ import annotations

import configparser
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from release.errors import ConfigError, ReleaseError, shorten
from release.outside import files
from release.project.setup_script import setup_py_literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

CONFIG_KEYS = (
    "tag-prefix", "changelog", "main-branch", "version-source", "version-files", "ignore-tags",
    "repository-url",
)
_LIST_KEYS = ("version-files", "ignore-tags")

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_REPO_URL_KEYS = ("source", "repository", "source code", "github", "gitlab", "homepage")


@dataclass(frozen=True)
class Config:
    """``[tool.release]``. ``None`` means "detect it" (see docs/project-layouts.md)."""

    tag_prefix: str | None = None
    changelog: str | None = None
    main_branch: str | None = None
    version_source: str | None = None
    version_files: tuple[str, ...] = ()
    ignore_tags: tuple[str, ...] = ()
    repository_url: str | None = None


@dataclass
class Project:
    """A project: its root folder, pyproject.toml (parsed, ``{}`` when absent), setup.cfg
    (parsed, when present) and ``[tool.release]``."""

    root: Path
    pyproject: Path
    data: dict[str, Any]
    config: Config
    setup_cfg: configparser.RawConfigParser | None = None
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """What is detected once per project (the version source: :mod:`release.project.sources`)."""

    @property
    def pyproject_shown(self) -> str:
        if self.pyproject.exists():
            return self.pyproject.name
        if self.setup_cfg is not None:
            return "setup.cfg"
        return "setup.py" if (self.root / "setup.py").is_file() else self.pyproject.name

    @property
    def name(self) -> str | None:
        for name in (self.data.get("project", {}).get("name"),
                     self.data.get("tool", {}).get("poetry", {}).get("name")):
            if isinstance(name, str):
                return name
        if self.setup_cfg is not None:
            name = self.setup_cfg.get("metadata", "name", fallback=None)
            if name and name.strip():
                return name.strip()
        if "setup.py name" not in self.cache:  # read once: the name is asked often
            self.cache["setup.py name"] = setup_py_literal(self.root, "name")
        found = self.cache["setup.py name"]
        return found if isinstance(found, str) else None

    @property
    def changelog_path(self) -> Path:
        """The changelog: configured, else discovered (see :mod:`release.changelog.files`)."""
        from release.changelog.files import find_changelog

        try:
            return find_changelog(self.root, self.config.changelog, project=self.name).path
        except ReleaseError:  # two candidates: the changelog check reports it, not this one
            return self.root / "CHANGELOG.md"

    @property
    def is_dynamic_version(self) -> bool:
        dynamic = self.data.get("project", {}).get("dynamic", [])
        return isinstance(dynamic, list) and "version" in dynamic

    def repository_url(self) -> str | None:
        """The repository URL for compare links: configuration, else ``[project.urls]``
        (or Poetry's ``repository``/``homepage``, or setup.cfg's ``project_urls`` and
        ``url``)."""
        if self.config.repository_url:
            return self.config.repository_url.rstrip("/")
        urls = self.data.get("project", {}).get("urls", {})
        poetry = self.data.get("tool", {}).get("poetry", {})
        if not isinstance(urls, dict) or not urls:
            urls = {key: poetry.get(key) for key in ("repository", "homepage")} if isinstance(
                poetry, dict) else {}
        by_key = {str(key).lower(): value for key, value in urls.items() if value}
        if not by_key and self.setup_cfg is not None:  # freezegun: setup.cfg [metadata] url
            lines = self.setup_cfg.get("metadata", "project_urls", fallback="").splitlines()
            by_key = {key.strip().lower(): value.strip() for key, _, value in
                      (line.partition("=") for line in lines) if value.strip()}
            by_key.setdefault("homepage", self.setup_cfg.get("metadata", "url", fallback=""))
        for key in _REPO_URL_KEYS:
            value = by_key.get(key)
            if isinstance(value, str) and re.match(r"https://(github\.com|gitlab\.)", value):
                return value.rstrip("/").removesuffix(".git")
        return None


def load(pyproject: Path) -> Project:
    """Read pyproject.toml (or, without one, setup.cfg beside it) and ``[tool.release]``;
    raise :class:`ConfigError` when unusable."""
    shown = pyproject.name if pyproject.parent == Path() else str(pyproject)
    setup_cfg = _read_setup_cfg(pyproject.parent / "setup.cfg")
    try:
        raw = files.read_bytes(pyproject, shown)
    except FileNotFoundError:
        if setup_cfg is not None or (pyproject.parent / "setup.py").is_file():
            resolved = pyproject.resolve()
            return Project(resolved.parent, resolved, {}, Config(), setup_cfg)
        raise ConfigError(
            f"{pyproject} does not exist (nor setup.cfg or setup.py beside it)",
            "run the command in the project's folder (where pyproject.toml, setup.cfg or "
            "setup.py is), or pass --repo DIR",
        ) from None
    except ReleaseError as exc:
        raise ConfigError(exc.message, exc.hint, file=shown) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(
            "pyproject.toml is not valid UTF-8", "re-save it as UTF-8", file=shown
        ) from None
    except RecursionError:  # `[[[[…]]]]` deeper than tomllib can follow
        raise ConfigError("pyproject.toml is nested too deeply to be read",
                          "fix the TOML: no real setting nests that deep", file=shown) from None
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        line = int(position.group(1)) if position else None
        message = _TOML_POSITION.sub("", str(exc)).strip()
        raise ConfigError(
            f"pyproject.toml is not valid TOML: {message}",
            "fix the TOML syntax at that line (https://toml.io)" if line else
            "close what is left open before the end of the file (https://toml.io)",
            file=shown,
            line=line,
        ) from None
    _check_tables(data, raw.decode("utf-8-sig"), shown)
    resolved = pyproject.resolve()
    return Project(
        root=resolved.parent,
        pyproject=resolved,
        data=data,
        config=_config(data, shown),
        setup_cfg=setup_cfg,
    )


_TABLES = (
    ("project",), ("project", "urls"), ("build-system",), ("tool",), ("tool", "release"),
    ("tool", "hatch"), ("tool", "hatch", "version"), ("tool", "hatch", "build"),
    ("tool", "setuptools"), ("tool", "setuptools", "dynamic"), ("tool", "setuptools_scm"),
    ("tool", "flit"), ("tool", "flit", "module"), ("tool", "pdm"), ("tool", "pdm", "version"),
    ("tool", "poetry"), ("tool", "poetry", "urls"), ("tool", "towncrier"),
    ("tool", "commitizen"), ("tool", "bumpversion"), ("tool", "tbump"),
    ("tool", "tbump", "version"), ("tool", "uv-dynamic-versioning"),
    ("tool", "poetry-dynamic-versioning"), ("tool", "versioningit"),
)
"""The tables this tool reads: each must be a table when present."""


def _check_tables(data: dict[str, Any], text: str, shown: str) -> None:
    """Refuse a pyproject.toml where a table this tool reads is something else (``project =
    "x"``), with the line, instead of failing somewhere deep inside."""
    for path in _TABLES:
        value: Any = data
        for key in path:
            if not isinstance(value, dict) or key not in value:
                value = None
                break
            value = value[key]
        if value is not None and not isinstance(value, dict):
            name = ".".join(path)
            raise ConfigError(
                f"`{name}` must be a table, found {type(value).__name__} "
                f"{shorten(str(value), 40)!r}",
                f"write it as a table: `[{name}]` with its keys under it",
                file=shown,
                line=_find_line(text, path[-1]),
            )


def _find_line(text: str, key: str) -> int | None:
    """The line of ``key =`` or a ``[...key]`` header, for a message."""
    match = re.search(rf"^\s*(?:\[+[^\]\n]*)?{re.escape(key)}\b", text, re.M)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _read_setup_cfg(path: Path) -> configparser.RawConfigParser | None:
    try:
        text = files.read_bytes(path, "setup.cfg").decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except ReleaseError as exc:
        raise ConfigError(exc.message, exc.hint, file="setup.cfg") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read setup.cfg: {exc}", "save it as UTF-8 text",
                          file="setup.cfg") from None
    # strict, as setuptools reads it: a section or option written twice fails its build
    parser = configparser.RawConfigParser(strict=True, interpolation=None)
    try:
        parser.read_string(text, source="setup.cfg")
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        twice = isinstance(exc, (configparser.DuplicateSectionError,
                                 configparser.DuplicateOptionError))
        raise ConfigError(f"setup.cfg cannot be read: {exc.message}",
                          "merge the two into one (setuptools refuses it too)" if twice else
                          "fix the INI syntax at that line", file="setup.cfg",
                          line=line if isinstance(line, int) else None) from None
    return parser


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
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    f"[tool.release] {key} must be a list of strings, found {value!r}",
                    f'write it as {key} = ["...", "..."]',
                    file=shown,
                )
            values[key.replace("-", "_")] = tuple(value)
            continue
        if not isinstance(value, str):
            raise ConfigError(
                f"[tool.release] {key} must be a string, found {value!r}",
                f'write it as {key} = "..."',
                file=shown,
            )
        values[key.replace("-", "_")] = value
    return Config(**values)
