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
4. setup.py's ``setup(version="…")`` (a literal, or a module-level name holding one) for a
   setuptools project, and setup.cfg ``[metadata] version`` (a literal, ``attr:`` or
   ``file:``).

Python files are read with :mod:`ast` and never run. A version that is computed (for example
from a ``__version_info__`` tuple) is read from the tuple when there is one, and reported as
not editable with the exact place and what to write instead.

Every location is an exact span. :func:`edit` replaces spans (refusing when the text there
changed) and :func:`prove` re-reads the result the way the source is read, so an edit that
did not land, or landed elsewhere, fails loudly.

One module per kind (:mod:`.pep621`, :mod:`.hatch`, :mod:`.pdm`, :mod:`.setuptools`,
:mod:`.setupcfg`, :mod:`.setuppy`, :mod:`.flit`, :mod:`.poetry`, :mod:`.vcs`,
:mod:`.configured`), each a
:class:`~.base.SourceKind`, asked in the order of :data:`.registry.BUILT_IN`; kinds of other
packages come through the ``release.version_sources`` entry point group. The file formats the
kinds share are :mod:`.formats` (TOML, INI, patterns, whole files) and :mod:`.python`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from release.errors import ConfigError, ReleaseError, shorten
from release.project.sources.base import SourceKind, VersionLocation, VersionSource, shown
from release.project.sources.edit import edit, prove, read_back
from release.project.sources.pep621 import is_dynamic
from release.project.sources.registry import BUILT_IN, plugins

if TYPE_CHECKING:
    from release.project.pyproject import Project


__all__ = ["SourceKind", "VersionLocation", "VersionSource", "detect", "edit", "locate_version",
           "prove", "read_back", "shown", "version_source"]


def detect(project: Project) -> VersionSource:
    """The project's version source; raise :class:`ConfigError` (with a hint) when unusable."""
    for kind in BUILT_IN:
        found = kind.detect(project)
        if found is not None:
            return found
    for kind in plugins():
        try:
            found = kind.detect(project)
        except ReleaseError:
            raise
        except Exception as exc:  # a plugin's bug is reported, not a traceback
            raise ConfigError(
                f"the version source plugin {shorten(kind.name)!r} failed: "
                f"{type(exc).__name__}: {shorten(str(exc))}",
                "report it to the plugin's authors, or set `version-source` in [tool.release]",
                file=project.pyproject_shown) from None
        if found is not None:
            return found
    setup_py = (project.root / "setup.py").is_file()
    if not project.data and project.setup_cfg is not None and not setup_py:
        raise ConfigError("setup.cfg has no `version` in [metadata]",
                          "add `version = 0.1.0` under [metadata]", file="setup.cfg")
    if setup_py and not _metadata_tables(project):  # PyYAML: only [build-system] there
        raise _setup_py_refusal(project)
    candidates = version_modules(project) if setup_py else []
    named = (" (setup.py reads it from a module: "
             + " or ".join(f'`version-source = "{c}"`' for c in candidates[:3]) + ")"
             if candidates else "")
    raise ConfigError(
        'pyproject.toml declares `dynamic = ["version"]` but no version source that '
        "release-lifecycle knows" if is_dynamic(project) else "pyproject.toml has no [project] "
        "table, no [tool.poetry] version and no setup.cfg version",
        "declare it the way your build backend reads it (docs/project-layouts.md lists "
        'every supported source), or set `version-source = "path/to/file"` (or "vcs") in '
        "[tool.release]" + named,
        file=project.pyproject_shown,
    )


def _metadata_tables(project: Project) -> bool:
    """True when pyproject.toml holds project metadata ([project], [tool.poetry])."""
    tool = project.data.get("tool")
    return "project" in project.data or (isinstance(tool, dict) and "poetry" in tool)


def _setup_py_refusal(project: Project) -> ConfigError:
    """A setup.py project (no pyproject.toml, or one with only [build-system]: PyYAML, tornado)
    whose setup.py computes the version (pexpect reads it from the module with a regex):
    setup.py is never run, so the version is read from the module it names, set in
    [tool.release]; pbr's version is the git tag. (A literal that setup.py passes itself,
    ``version='1.0.1'``, is a source of its own: :mod:`.setuppy`.)"""
    from release.project.setup_script import setup_py_keywords

    table = ("[tool.release] to pyproject.toml" if project.pyproject.exists()
             else "a pyproject.toml that holds only [tool.release]")
    if setup_py_keywords(project.root).get("pbr") is True:  # bandit: pbr versions from tags
        return ConfigError(
            "setup.py uses pbr (`pbr=True`), which takes the version from the git tag, and "
            "release-lifecycle never runs setup.py",
            f'add {table} with `version-source = "vcs"` (the newest release tag is the '
            "version, as for pbr)", file="setup.py")
    modules = version_modules(project)
    where = (f'{table} with `version-source = "{modules[0]}"`' if modules else
             f'{table} with `version-source = "path/to/file"`, the module that holds '
             '`__version__ = "…"`')
    return ConfigError(
        "setup.py passes no version that can be read without running it (it computes it, or "
        "passes none), and release-lifecycle never runs setup.py",
        f"add {where}; or write it as a literal, `setup(version=\"1.2.3\")`, or move the "
        "metadata to pyproject.toml [project] (docs/project-layouts.md lists every supported "
        "source)",
        file="setup.py")


def version_modules(project: Project) -> list[str]:
    """The modules of a setup.py project that hold a version literal (mypy's
    ``mypy/version.py``, certifi's ``certifi/__init__.py``), for a hint: what setup.py most
    likely reads. Read with :mod:`ast`, never run."""
    from release.project.sources.python import Literal, python_value

    root = project.root
    found = []
    for base in (root, root / "src", root / "lib"):
        try:
            folders = sorted(p for p in base.iterdir() if (p / "__init__.py").is_file())
        except OSError:
            continue
        for folder in folders:
            for name in ("__init__.py", "version.py", "_version.py", "__about__.py",
                         "__version__.py"):
                path = folder / name
                if not path.is_file():
                    continue
                try:  # tornado's setup.py reads a plain `version = "6.6.dev1"`
                    values = [python_value(path, name, root=root)
                              for name in ("__version__", "version")]
                except ReleaseError:
                    continue
                if any(isinstance(value, Literal) for value in values):
                    found.append(shown(path, root))
    return found


def version_source(project: Project) -> VersionSource:
    """:func:`detect`, once per project."""
    found = project.cache.get("version-source")
    if not isinstance(found, VersionSource):
        found = project.cache["version-source"] = detect(project)
    return found


def locate_version(project: Project) -> VersionLocation:
    """The one place the version is written, or raise with file and line."""
    source = version_source(project)
    if source.location is None:
        raise ConfigError(
            f"the version comes from git tags ({source.tool}): no file holds it",
            "name the version explicitly", file=project.pyproject_shown)
    return source.location
