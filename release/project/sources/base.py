"""What every version source kind shares: where a version is written, what a source declares, and
the small interface a kind implements (:class:`SourceKind`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from release.errors import ConfigError, ReleaseError
from release.outside import files

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from release.project.pyproject import Project


HATCH_PATTERN = r"""(?i)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\2"""
"""hatchling's default ``pattern`` (``re.search`` with MULTILINE, first match wins)."""


@dataclass(frozen=True)
class VersionLocation:
    """Where a version is written: the file, the 1-based line and the exact span.

    ``fmt`` and ``key`` say how to read the file back to prove an edit: ``toml`` (a key
    path), ``uvlock`` (the package name), ``cfg`` (section, option), ``python`` (the name
    assigned), ``regex`` (pattern, group), ``text`` (the whole file), ``token`` (the span),
    ``tuple`` (a version tuple's name: its span is found when it is edited).
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
        """``prepare`` can write the version: a literal, or a version tuple that alone
        says it (``fmt`` ``tuple``)."""
        return self.location is not None and (self.kind != "computed"
                                              or self.location.fmt == "tuple")


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


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read(path: Path, root: Path, what: str) -> str:
    """The text of a file the project names; it must lie inside the repository."""
    files.inside(path, files.repository_root(root), what, shown(path, root))
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
    """Parse TOML text (a BOM is allowed); raises ``ValueError`` when it is not TOML, or is
    nested deeper than :mod:`tomllib` can follow (``[[[[…]]]]``: a RecursionError)."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except RecursionError:
        raise ValueError("the TOML is nested too deeply to be read") from None


def toml_table(data: dict[str, Any], *path: str) -> dict[str, Any]:
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def requires(data: dict[str, Any]) -> str:
    requires = toml_table(data, "build-system").get("requires", [])
    return " ".join(str(r).lower() for r in requires) if isinstance(requires, list) else ""


def backend(data: dict[str, Any]) -> str:
    backend = toml_table(data, "build-system").get("build-backend", "")
    return backend if isinstance(backend, str) else ""


class SourceKind:
    """One way of declaring a version: a module in this folder, or a third-party class
    registered under the ``release.version_sources`` entry point group (docs/version-sources.md).

    :meth:`detect` returns the project's :class:`VersionSource` when the project declares its
    version this kind's way, ``None`` when it does not, and raises
    :class:`~release.errors.ConfigError` (with a hint) when it does so in a way that cannot be
    used. A location found by a kind is edited as an exact span; :meth:`read_back` reads the
    value again from the edited text, to prove the edit. The built-in formats (``toml``,
    ``cfg``, ``python``, ``regex``, ``text``, ``uvlock``, ``tuple``) are read back by
    :mod:`release.project.sources.edit`; a kind with a format of its own sets the location's
    ``fmt`` to its :attr:`name` and overrides :meth:`read_back`.
    """

    name: str = ""
    """The kind's name: ``VersionSource.kind`` of what it detects, and the entry point's name."""

    def detect(self, project: Project) -> VersionSource | None:
        raise NotImplementedError

    def read_back(self, location: VersionLocation, text: str) -> str | None:
        """The version at ``location``'s place in ``text``; ``None`` when it is not there."""
        return None
