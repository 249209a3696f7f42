"""``[tool.release] version-source``: a file named by configuration (``__version__`` in a Python
file, else a file that holds only the version or matches hatchling's pattern), or ``"vcs"``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from release.errors import ConfigError
from release.outside import files
from release.project.sources.base import HATCH_PATTERN, SourceKind, VersionSource, read
from release.project.sources.formats import regex_location, whole_file
from release.project.sources.python import python_source
from release.project.versions import parse_or_none

if TYPE_CHECKING:
    from release.project.pyproject import Project


def file_source(path: Path, root: Path, kind: str, label: str) -> VersionSource:
    """A file named by configuration: ``__version__`` in Python, else a version file."""
    if path.suffix == ".py":
        try:
            return python_source(path, root, "__version__", kind, label)
        except ConfigError as exc:  # tornado's `version = "6.5"`: hatchling's default pattern
            text = read(path, root, "the version file")
            if "assignment at module level" not in exc.message or not re.search(
                    HATCH_PATTERN, text, re.M):
                raise
            return VersionSource(kind, label + " (`version = \"…\"`, hatchling's default pattern)",
                                 regex_location(path, root, text, HATCH_PATTERN, "version"))
    text = read(path, root, "the version file")
    if parse_or_none(text.strip()) is not None:
        return VersionSource(kind, label, whole_file(path, text))
    return VersionSource(kind, label, regex_location(path, root, text, HATCH_PATTERN, "version"))


class Configured(SourceKind):
    """``version-source`` in ``[tool.release]``: it overrides every detected source."""

    name = "config"

    def detect(self, project: Project) -> VersionSource | None:
        configured = project.config.version_source
        if not configured:
            return None
        if configured.strip().lower() == "vcs":
            return VersionSource("vcs", 'version-source = "vcs" in [tool.release]',
                                 tool="git tags")
        label = "version-source in [tool.release]"
        path = files.inside(project.root / configured, files.repository_root(project.root),
                            label, configured)
        return file_source(path, project.root, "config", label)
