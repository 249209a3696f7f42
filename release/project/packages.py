"""The packages of a repository that holds several (``release status --all``).

The root is one when it is a project (its pyproject.toml names one, or setuptools' setup.py or
setup.cfg does). A uv workspace says which the others are (``[tool.uv.workspace]``
``members`` globs, less ``exclude``); otherwise every tracked folder with its own
pyproject.toml is one, except folders whose names say they are not released (tests, docs,
examples, hidden folders).
"""

from __future__ import annotations

import fnmatch
from pathlib import Path, PurePosixPath

from release.outside.git import Git
from release.project.pyproject import load

NOT_PACKAGES = frozenset({"tests", "test", "testing", "docs", "doc", "examples", "example",
                          "benchmarks", "fixtures", "node_modules", "build", "dist"})
"""Folder names whose pyproject.toml files are fixtures or samples, not packages."""


def workspace_members(root: Path) -> list[str] | None:
    """The member folders of a uv workspace rooted at ``root`` (posix, relative), or ``None``
    when ``root/pyproject.toml`` declares no workspace."""
    if not (root / "pyproject.toml").is_file():
        return None
    project = load(root / "pyproject.toml")
    workspace = project.data.get("tool", {}).get("uv", {}).get("workspace")
    if not isinstance(workspace, dict):
        return None
    members = [m for m in workspace.get("members", []) if isinstance(m, str)]
    exclude = [m for m in workspace.get("exclude", []) if isinstance(m, str)]
    found: set[str] = set()
    for pattern in members:
        for path in sorted(root.glob(pattern)):
            relative = path.relative_to(root).as_posix()
            if (path / "pyproject.toml").is_file() and not any(
                    fnmatch.fnmatch(relative, e) for e in exclude):
                found.add(relative)
    return sorted(found)


def find_packages(root: Path) -> list[str]:
    """The folders (posix, relative to ``root``; ``.`` for the root) that are packages: the
    root when it is a project, then a uv workspace's members or every tracked folder with a
    pyproject.toml."""
    members = workspace_members(root)
    if members is None:
        listed = Git(root).run("ls-files", "--", ":(glob)**/pyproject.toml").splitlines()
        members = sorted(
            str(PurePosixPath(name).parent) for name in listed
            if name != "pyproject.toml" and not any(
                part in NOT_PACKAGES or part.startswith(".")
                for part in PurePosixPath(name).parent.parts))
    folders = [m for m in members if m != "."]
    if _is_project(root):
        folders.insert(0, ".")
    return folders


def _is_project(folder: Path) -> bool:
    """A project of its own: a pyproject.toml with a name (``[project]`` or Poetry), or
    setuptools' setup.py, or a setup.cfg ``[metadata]`` name (zope.deprecation, boto3,
    pyflakes); not a pyproject.toml with only tool settings."""
    if (folder / "setup.py").is_file():
        return True
    if not (folder / "pyproject.toml").is_file() and not (folder / "setup.cfg").is_file():
        return False
    return load(folder / "pyproject.toml").name is not None
