"""setuptools: ``[tool.setuptools.dynamic] version`` as ``attr`` (a module's ``__version__``,
found as setuptools finds it, with ``package-dir`` and ``packages.find where``) or ``file``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from release.errors import ConfigError
from release.project.sources.base import SourceKind, VersionSource, read, shown, toml_table
from release.project.sources.formats import whole_file
from release.project.sources.python import python_source

if TYPE_CHECKING:
    from release.project.pyproject import Project


def setuptools_source(project: Project, dynamic: Any) -> VersionSource:
    if isinstance(dynamic, dict) and isinstance(dynamic.get("attr"), str):
        attr = dynamic["attr"]
        label = f"setuptools attr {attr}"
        path, name = attr_module(project, attr, setuptools_package_dir(project))
        return python_source(path, project.root, name, "setuptools-attr", label)
    if isinstance(dynamic, dict) and "file" in dynamic:
        files = dynamic["file"]
        names = [files] if isinstance(files, str) else list(files or [])
        return text_file_source(project, names, "setuptools-file", "setuptools file")
    raise ConfigError(
        "[tool.setuptools.dynamic] version must be `{attr = \"pkg.__version__\"}` or "
        '`{file = "VERSION"}`',
        "write one of those forms", file=project.pyproject_shown,
    )


def text_file_source(project: Project, names: list[Any], kind: str, label: str
                      ) -> VersionSource:
    if len(names) != 1 or not isinstance(names[0], str):
        raise ConfigError(
            f"the version is joined from {len(names)} files; release-lifecycle edits one",
            "keep the version in one file", file=project.pyproject_shown)
    path = project.root / names[0].strip()
    try:
        target = path.resolve()  # a symlink (Sage's VERSION.txt) is edited at its target
    except (OSError, RuntimeError):  # a symlink loop
        raise ConfigError(f"{names[0].strip()} is a symlink that leads nowhere",
                          "point it at the file that holds the version",
                          file=project.pyproject_shown) from None
    text = read(target, project.root, "the version file")
    where = f" {names[0].strip()}" + (
        f" -> {shown(target, project.root)}" if path.is_symlink() else "")
    return VersionSource(kind, label + where, whole_file(target, text))


def setuptools_package_dir(project: Project) -> dict[str, str]:
    setuptools = toml_table(project.data, "tool", "setuptools")
    package_dir = setuptools.get("package-dir")
    result = {str(k): str(v) for k, v in package_dir.items()} if isinstance(
        package_dir, dict) else {}
    packages = setuptools.get("packages")
    find = packages.get("find") if isinstance(packages, dict) else None
    where = find.get("where") if isinstance(find, dict) else None
    if "" not in result and isinstance(where, list) and len(where) == 1 and where[0] not in (
            ".", ""):
        result[""] = str(where[0])
    return result


def attr_module(project: Project, attr: str, package_dir: dict[str, str]
                 ) -> tuple[Path, str]:
    """The file and the name an ``attr`` (``pkg.mod.NAME``) points at, as setuptools finds it."""
    parts = attr.strip().split(".")
    name = parts.pop()
    if not parts:
        raise ConfigError(f"attr {attr!r} names no module", 'write it as "pkg.__version__"',
                          file=project.pyproject_shown)
    root = project.root
    if "" not in package_dir and (root / "src").is_dir() and not (root / parts[0]).exists() \
            and not (root / f"{parts[0]}.py").exists():
        package_dir = {**package_dir, "": "src"}
    base, rest = root, parts
    for cut in range(len(parts), -1, -1):
        key = ".".join(parts[:cut])
        if key in package_dir:
            base, rest = root / package_dir[key], parts[cut:]
            break
    rel = Path(*rest) if rest else Path()
    for candidate in (base / rel.with_suffix(".py") if rest else None, base / rel / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate, name
    raise ConfigError(
        f"attr {attr!r}: no module {'.'.join(parts)} under {shown(base, root) or '.'}",
        "fix the attr, or `package-dir` / `packages.find where` in [tool.setuptools]",
        file=project.pyproject_shown,
    )


class Setuptools(SourceKind):
    name = "setuptools"

    def detect(self, project: Project) -> VersionSource | None:
        dynamic = toml_table(project.data, "tool", "setuptools", "dynamic").get("version")
        return None if dynamic is None else setuptools_source(project, dynamic)
