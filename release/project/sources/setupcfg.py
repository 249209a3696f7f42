"""setup.cfg ``[metadata] version``: a literal, ``attr:`` or ``file:``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from release.project.sources.base import SourceKind, VersionSource
from release.project.sources.formats import locate_cfg
from release.project.sources.python import python_source
from release.project.sources.setuptools import attr_module, text_file_source

if TYPE_CHECKING:
    from release.project.pyproject import Project


def cfg_package_dir(project: Project) -> dict[str, str]:
    parser = project.setup_cfg
    raw = parser.get("options", "package_dir", fallback="") if parser is not None else ""
    result: dict[str, str] = {}
    for item in re.split(r"[\n,]", raw):
        if "=" in item:
            key, _, value = item.partition("=")
            result[key.strip()] = value.strip()
    return result


def cfg_metadata(project: Project) -> dict[str, str]:
    parser = project.setup_cfg
    if parser is None or not parser.has_section("metadata"):
        return {}
    return dict(parser.items("metadata", raw=True))


def setup_cfg_source(project: Project) -> VersionSource:
    value = cfg_metadata(project)["version"].strip()
    root = project.root
    path = root / "setup.cfg"
    if value.startswith("attr:"):
        attr = value[len("attr:"):].strip()
        file, name = attr_module(project, attr, cfg_package_dir(project))
        return python_source(file, root, name, "setup.cfg", f"setup.cfg attr: {attr}")
    if value.startswith("file:"):
        names = [n.strip() for n in value[len("file:"):].split(",") if n.strip()]
        return text_file_source(project, names, "setup.cfg", "setup.cfg file:")
    return VersionSource("setup.cfg", "setup.cfg [metadata] version",
                         locate_cfg(path, root, "metadata", "version"))


class SetupCfg(SourceKind):
    """setup.cfg ``[metadata] version``, when pyproject.toml declares no version itself."""

    name = "setup.cfg"

    def detect(self, project: Project) -> VersionSource | None:
        if project.setup_cfg is not None and "version" in cfg_metadata(project):
            return setup_cfg_source(project)
        return None
