"""Poetry: ``[tool.poetry].version`` (Poetry 1, and Poetry 2 without a ``[project]`` version)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from release.project.sources.base import SourceKind, VersionSource, toml_table
from release.project.sources.formats import locate_toml

if TYPE_CHECKING:
    from release.project.pyproject import Project


class Poetry(SourceKind):
    name = "poetry"

    def detect(self, project: Project) -> VersionSource | None:
        if "version" not in toml_table(project.data, "tool", "poetry"):
            return None
        location = locate_toml(project.pyproject, project.root, ("tool", "poetry"), "version")
        return VersionSource("poetry", "[tool.poetry].version", location)
