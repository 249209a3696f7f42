"""PEP 621: ``[project].version`` when ``"version"`` is not in ``[project].dynamic``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from release.errors import ConfigError
from release.project.sources.base import SourceKind, VersionLocation, VersionSource
from release.project.sources.formats import locate_toml
from release.project.sources.setupcfg import SetupCfg

if TYPE_CHECKING:
    from release.project.pyproject import Project


def locate_static(project: Project) -> VersionLocation:
    """``[project].version`` in pyproject.toml."""
    return locate_toml(project.pyproject, project.root, ("project",), "version")


def is_dynamic(project: Project) -> bool:
    section = project.data.get("project")
    dynamic = section.get("dynamic", []) if isinstance(section, dict) else []
    return isinstance(dynamic, list) and "version" in dynamic


class Pep621(SourceKind):
    """A ``[project]`` table that does not declare its version dynamic must hold it (or leave
    it to setup.cfg); no other source is looked at then."""

    name = "project"

    def detect(self, project: Project) -> VersionSource | None:
        section = project.data.get("project")
        if not isinstance(section, dict) or is_dynamic(project):
            return None
        if "version" in section:
            return VersionSource("project", "[project].version", locate_static(project))
        found = SetupCfg().detect(project)
        if found is not None:
            return found
        raise ConfigError(
            "pyproject.toml has no `[project].version`",
            'add `version = "0.1.0"` under [project], or declare `dynamic = ["version"]` '
            "with your build backend's version source (see docs/project-layouts.md)",
            file=project.pyproject_shown,
        )
