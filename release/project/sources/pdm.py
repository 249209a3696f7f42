"""pdm-backend: ``[tool.pdm.version]`` ``source = "file"`` (``path`` and ``pattern``), ``scm``, and
pdm-pep517's ``from``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from release.errors import ConfigError
from release.project.sources.base import SourceKind, VersionSource, read, toml_table
from release.project.sources.formats import regex_location
from release.project.sources.python import python_source

if TYPE_CHECKING:
    from release.project.pyproject import Project


PDM_PATTERN = r"""^(?:__version__|VERSION)\s*=\s*["'](.+?)["']\s*(?:#.*)?$"""

"""pdm-backend's default pattern for ``source = "file"`` (group 1, case-sensitive)."""


def pdm_source(project: Project, table: dict[str, Any]) -> VersionSource:
    source = table.get("source", "file" if "path" in table else None)
    if source == "scm" or table.get("use_scm") is True:
        return VersionSource("vcs", "pdm-backend scm (git tags)", tool="pdm-backend scm")
    legacy = table.get("from")
    if isinstance(legacy, str):  # pdm-pep517: version = {from = "pkg/__init__.py"}
        return python_source(project.root / legacy, project.root, "__version__", "pdm",
                              "pdm version from (pdm-pep517)")
    path = table.get("path")
    if source == "file" and isinstance(path, str):
        file = project.root / path
        text = read(file, project.root, "[tool.pdm.version] path")
        pattern = table.get("pattern")
        regex = pattern if isinstance(pattern, str) else PDM_PATTERN
        return VersionSource("pdm", "pdm version file",
                             regex_location(file, project.root, text, regex, "1"))
    raise ConfigError(
        f"[tool.pdm.version] source = {source!r} is not read by release-lifecycle"
        + (" (it runs Python)" if source == "call" else ""),
        'use `source = "file"` with `path`, or set `version-source = "path/to/file"` in '
        "[tool.release]",
        file=project.pyproject_shown,
    )


class Pdm(SourceKind):
    name = "pdm"

    def detect(self, project: Project) -> VersionSource | None:
        found = toml_table(project.data, "tool", "pdm", "version")
        return pdm_source(project, found) if found else None
