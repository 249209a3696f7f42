"""The version is the git tag: build-backend plugins that compute it from the repository.

poetry-dynamic-versioning is looked at before every other dynamic source (it replaces
Poetry's own version); setuptools-scm, versioningit and setuptools-git-versioning after the
build backends' own sources. (hatch-vcs, uv-dynamic-versioning and pdm's ``scm`` are sources
of :mod:`.hatch` and :mod:`.pdm`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from release.project.sources.base import SourceKind, VersionSource, backend, requires, toml_table

if TYPE_CHECKING:
    from release.project.pyproject import Project


_TOOL_TABLES = (("setuptools_scm", "setuptools-scm"), ("setuptools-scm", "setuptools-scm"),
                ("versioningit", "versioningit"))


def from_tags(tool: str) -> VersionSource:
    return VersionSource("vcs", f"{tool} (git tags)", tool=tool)


class PoetryDynamicVersioning(SourceKind):
    name = "poetry-dynamic-versioning"

    def detect(self, project: Project) -> VersionSource | None:
        enabled = toml_table(project.data, "tool", "poetry-dynamic-versioning").get("enable")
        if backend(project.data).startswith("poetry_dynamic_versioning") or enabled is True:
            return from_tags("poetry-dynamic-versioning")
        return None


class ScmPlugins(SourceKind):
    """setuptools-scm (its tool table, or only in ``[build-system] requires``), versioningit
    and setuptools-git-versioning."""

    name = "scm"

    def detect(self, project: Project) -> VersionSource | None:
        tool = toml_table(project.data, "tool")
        for name, label in _TOOL_TABLES:
            if name in tool:
                return from_tags(label)
        if toml_table(tool, "setuptools-git-versioning").get("enabled") is True:
            return from_tags("setuptools-git-versioning")
        needs = requires(project.data)
        if "setuptools-scm" in needs or "setuptools_scm" in needs:
            return from_tags("setuptools-scm")
        return None
