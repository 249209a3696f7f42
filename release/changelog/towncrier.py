"""towncrier projects: their configuration, pending news fragments, and running towncrier.

An I/O seam: reads ``towncrier.toml`` or ``[tool.towncrier]`` in pyproject.toml, lists the
fragments folder, and runs the real towncrier through ``subprocess`` (never a hand-made
imitation of it). towncrier is not a dependency of this package: when it is not installed,
``prepare`` stops with the command that installs it.
"""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from release.errors import ChangelogError, ConfigError, RefusedError, ReleaseError, shorten
from release.outside import files

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_TYPES = ("feature", "bugfix", "doc", "removal", "misc")
NOT_FRAGMENTS = (".gitignore", ".gitkeep", "README", "README.md", "README.rst", "README.txt")
"""Files a fragments folder holds besides fragments, which towncrier skips by name."""
INSTALL_HINT = "install it (`pip install towncrier`, or `uv tool install towncrier`)"


@dataclass(frozen=True)
class TowncrierConfig:
    """What this package needs to know of a towncrier configuration."""

    root: Path
    """The folder of the configuration file (towncrier's base directory)."""
    source: str
    """``towncrier.toml`` or ``pyproject.toml``."""
    filename: str = "NEWS.rst"
    directory: str | None = None
    package: str | None = None
    package_dir: str = "."
    types: tuple[str, ...] = DEFAULT_TYPES
    template: str | None = None
    ignore: tuple[str, ...] = ()
    """``build_ignore_filenames``: names (fnmatch patterns) that are no fragments."""
    name: str | None = None
    """``--name`` for towncrier when it would import ``package`` for the project's name (no
    ``name`` and no ``[project].name``): the name it gives then, ``package.title()``, without
    running the package's code, whose imports the release tools may lack (aiosignal)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fragments_dir(self) -> Path:
        if self.directory:
            return self.root / self.directory
        if self.package:
            return self.root / self.package_dir / self.package / "newsfragments"
        return self.root / "newsfragments"

    @property
    def shown_dir(self) -> str:
        """The fragments folder relative to the configuration's folder (``changelog.d``)."""
        try:
            return self.fragments_dir.relative_to(self.root).as_posix()
        except ValueError:
            return str(self.fragments_dir)

    def _files(self) -> list[Path]:
        """The files of the fragments folder, sorted: not hidden, not the template."""
        try:
            entries = sorted(self.fragments_dir.iterdir())
        except OSError:
            return []
        template = (self.root / self.template).resolve() if self.template else None
        return [entry for entry in entries
                if entry.is_file() and not entry.name.startswith(".")
                and (template is None or entry.resolve() != template)]

    def _known(self, entry: Path) -> bool:
        return any(part in self.types for part in entry.name.split(".")[1:])

    def fragments(self) -> list[Path]:
        """The pending news fragments (``123.feature.md``, ``+name.bugfix``), sorted."""
        return [entry for entry in self._files() if self._known(entry)]

    def strays(self) -> list[Path]:
        """Files of the fragments folder that are no fragment of a known type
        (``1500.fixed.md`` where the types are feature, bugfix, ...): `towncrier build`
        leaves them out of the release without a word, unless it runs with ``--strict``."""
        return [entry for entry in self._files()
                if not self._known(entry) and entry.name not in NOT_FRAGMENTS
                and not any(fnmatch.fnmatchcase(entry.name, p) for p in self.ignore)]


def _read(path: Path) -> dict[str, Any] | None:
    """The TOML of ``path``; a broken towncrier.toml is an error (pyproject.toml is checked
    where it is loaded)."""
    try:
        return tomllib.loads(files.read_bytes(path, path.name).decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        if path.name != "towncrier.toml":
            return None
        raise ConfigError(f"towncrier.toml is not valid TOML: {exc}",
                          "fix its syntax (https://toml.io), or remove the file",
                          file="towncrier.toml") from None
    except (OSError, ReleaseError):
        return None


def find_config(root: Path) -> TowncrierConfig | None:
    """towncrier's configuration in ``root``: ``towncrier.toml`` first, then pyproject.toml."""
    for name in ("towncrier.toml", "pyproject.toml"):
        path = root / name
        if not path.is_file():
            continue
        data = _read(path)
        if data is None:
            continue
        table = data.get("tool", {}).get("towncrier")
        if isinstance(table, dict):
            config = _config(root, name, table)
            project = data if name == "pyproject.toml" else _read(root / "pyproject.toml")
            metadata = (project or {}).get("project")
            named = isinstance(metadata, dict) and metadata.get("name")
            if config.package and not table.get("name") and not named:
                return replace(config, name=config.package.title())
            return config
    return None


def _types(table: dict[str, Any]) -> tuple[str, ...]:
    """The fragment types, where towncrier takes them from: the ``[tool.towncrier.fragment.X]``
    tables (pytest-xdist's ``trivial``) when there are any, else the ``[[type]]`` array (a
    type's folder defaults to its lowercased name), else towncrier's defaults."""
    found: list[str] = []
    tables = table.get("fragment")
    if isinstance(tables, dict) and tables:
        return tuple(str(key) for key in tables)
    entries = table.get("type")
    if isinstance(entries, list):
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("directory"), str):
                found.append(entry["directory"])
            elif isinstance(entry.get("name"), str):
                found.append(entry["name"].lower())
    elif isinstance(entries, dict):  # towncrier >= 24.7: [tool.towncrier.type.NAME]
        found.extend(str(key) for key in entries)
    return tuple(found) or DEFAULT_TYPES


def _config(root: Path, source: str, table: dict[str, Any]) -> TowncrierConfig:
    def text(key: str, default: str | None = None) -> str | None:
        value = table.get(key, default)
        if value is not None and not isinstance(value, str):
            raise ConfigError(
                f"`{key}` in the towncrier configuration must be a string, found "
                f"{type(value).__name__} {shorten(str(value), 40)!r}",
                f'write it as {key} = "..." (towncrier refuses it too)',
                file=source,
            )
        return value

    template = text("template")
    config = TowncrierConfig(
        root=root,
        source=source,
        filename=text("filename", "NEWS.rst") or "NEWS.rst",
        directory=text("directory"),
        package=text("package"),
        package_dir=text("package_dir", ".") or ".",
        types=_types(table),
        template=None if template is None or template.startswith("towncrier:") else template,
        ignore=tuple(str(name) for name in table.get("build_ignore_filenames", ())
                     if isinstance(name, str)) if isinstance(
                         table.get("build_ignore_filenames"), list) else (),
    )
    # towncrier writes `filename`, deletes the fragments of `directory` and reads `template`:
    # each must lie inside the repository.
    boundary = files.repository_root(root)
    for key, path in (("filename", root / config.filename),
                      ("directory", config.fragments_dir),
                      ("template", root / config.template if config.template else None)):
        if path is not None:
            files.inside(path, boundary, f"{key} in the towncrier configuration ({source})",
                         str(table.get(key) or path))
    return config


def strays_refused(config: TowncrierConfig, shown_dir: str) -> ChangelogError | None:
    """The refusal for fragments towncrier would leave out, or ``None``."""
    strays = config.strays()
    if not strays:
        return None
    names = ", ".join(path.name for path in strays[:4]) + (" ..." if len(strays) > 4 else "")
    return ChangelogError(
        f"{len(strays)} file(s) in {shown_dir}/ are no news fragment of a type towncrier "
        f"knows ({names}; types: {', '.join(config.types)}): `towncrier build` would leave "
        "them out of the release without a word",
        "rename each to ISSUE.TYPE (e.g. `123.bugfix.md`) with one of those types, or list "
        "what is no fragment in `build_ignore_filenames` of the towncrier configuration",
        file=f"{shown_dir}/{strays[0].name}")


def command() -> list[str] | None:
    """How to run towncrier here: this Python's module, else the command on PATH."""
    import importlib.util  # only `prepare` of a towncrier project asks
    import shutil

    if importlib.util.find_spec("towncrier") is not None:
        return [sys.executable, "-m", "towncrier"]
    found = shutil.which("towncrier")
    return [found] if found else None


def _run(config: TowncrierConfig, args: list[str]) -> subprocess.CompletedProcess[str]:
    base = command()
    if base is None:
        raise RefusedError(
            "this project's changelog is built by towncrier, which is not installed",
            f"{INSTALL_HINT}, then run the command again",
        )
    try:
        return subprocess.run(
            [*base, *args], cwd=config.root, capture_output=True, text=True, check=False,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ChangelogError(f"could not run towncrier: {exc}", INSTALL_HINT) from None


def draft(config: TowncrierConfig, version: str, date: str) -> str:
    """What ``towncrier build`` would write for ``version`` (``--draft``: writes nothing)."""
    proc = _run(config, ["build", "--draft", "--version", version, "--date", date,
                         *(["--name", config.name] if config.name else [])])
    if proc.returncode != 0:
        raise ChangelogError(
            "towncrier cannot render the news fragments: "
            + (proc.stderr.strip() or proc.stdout.strip() or f"exit code {proc.returncode}"),
            "fix the fragments or the [tool.towncrier] configuration "
            "(`towncrier build --draft` shows the same)",
            file=config.source,
        )
    return proc.stdout


@dataclass
class TowncrierBuild:
    """An action: ``towncrier build --version X --date D --yes`` writes the section."""

    config: TowncrierConfig
    version: str
    date: str
    changelog: str
    preview: str = ""
    """The draft (``towncrier build --draft``), shown by a dry run."""
    path: Path | None = None
    """The changelog file towncrier writes, and its format: the releases already in it
    must stay as they were (:func:`release.changelog.proof.prove_kept`)."""
    fmt: str | None = None

    def argv(self) -> list[str]:
        return ["build", "--version", self.version, "--date", self.date, "--yes",
                *(["--name", self.config.name] if self.config.name else [])]

    def describe(self) -> str:
        count = len(self.config.fragments())
        folder = self.config.fragments_dir
        try:
            shown = folder.relative_to(self.config.root).as_posix()
        except ValueError:
            shown = str(folder)
        return (f"towncrier {' '.join(self.argv())}: writes the {self.version} section of "
                f"{self.changelog} from {count} news fragment(s) in {shown}/ and removes them")

    def execute(self) -> None:
        from release.changelog.model import Changelog
        from release.changelog.proof import prove_towncrier

        before = _text(self.path, self.changelog) if self.path is not None else None
        proc = _run(self.config, self.argv())
        if proc.returncode != 0:
            raise ChangelogError(
                "towncrier build failed: "
                + (proc.stderr.strip() or proc.stdout.strip() or f"exit code {proc.returncode}"),
                "fix the cause, check `git status`, and run the command again",
                file=self.changelog,
            )
        if before is None or self.path is None:
            return
        after = _text(self.path, self.changelog)
        if after is not None:  # its section reads back; the releases below stay as they were
            prove_towncrier(Changelog(before, self.changelog, self.fmt), after, self.version,
                            self.config.template)


def _text(path: Path, shown: str) -> str | None:
    try:
        return files.read_bytes(path, shown).decode("utf-8")
    except (OSError, UnicodeDecodeError, ReleaseError):
        return None
