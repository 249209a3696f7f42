"""hatchling: ``[tool.hatch.version]`` ``path`` with its ``pattern`` (the regex source); the VCS
sources (hatch-vcs, uv-dynamic-versioning, versioningit) say the tag is the version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from release.errors import ConfigError
from release.project.sources.base import HATCH_PATTERN, SourceKind, VersionSource, read, toml_table
from release.project.sources.formats import regex_location

if TYPE_CHECKING:
    from release.project.pyproject import Project


VCS_HATCH_SOURCES = {"vcs": "hatch-vcs", "uv-dynamic-versioning": "uv-dynamic-versioning",
                     "versioningit": "versioningit"}


def hatch_source(project: Project, table: dict[str, Any]) -> VersionSource:
    source = table.get("source", "regex")
    if source in VCS_HATCH_SOURCES:
        tool = VCS_HATCH_SOURCES[str(source)]
        return VersionSource("vcs", f"{tool} (git tags)", tool=tool)
    if source == "code":
        raise ConfigError(
            "[tool.hatch.version] source = \"code\" runs Python to get the version; "
            "release-lifecycle reads versions without running code",
            'use the regex source (`path = "pkg/__about__.py"` with `__version__ = "1.2.3"`), '
            'or set `version-source = "path/to/file"` in [tool.release]',
            file=project.pyproject_shown,
        )
    if source != "regex":
        raise ConfigError(
            f"[tool.hatch.version] source = {source!r} is a plugin release-lifecycle does "
            "not know",
            'set `version-source = "path/to/file"` (or "vcs" when the tag is the version) '
            "in [tool.release]",
            file=project.pyproject_shown,
        )
    path = table.get("path")
    if not isinstance(path, str):
        raise ConfigError("[tool.hatch.version] has no `path`",
                          'add `path = "pkg/__about__.py"` (hatchling needs it too)',
                          file=project.pyproject_shown)
    pattern = table.get("pattern", True)
    custom = isinstance(pattern, str)
    regex = pattern if isinstance(pattern, str) else HATCH_PATTERN
    file = project.root / path
    text = read(file, project.root, "[tool.hatch.version] path")
    label = "hatch version path" + (", custom pattern" if custom else "")
    return VersionSource("hatch", label, regex_location(file, project.root, text, regex,
                                                         "version"))


class Hatch(SourceKind):
    name = "hatch"

    def detect(self, project: Project) -> VersionSource | None:
        found = toml_table(project.data, "tool", "hatch", "version")
        return hatch_source(project, found) if found else None
