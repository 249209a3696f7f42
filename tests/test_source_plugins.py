"""A third-party version source kind, installed as a real wheel and found through the
``release.version_sources`` entry point group (docs/version-sources.md)."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from samples import git, run_release

PLUGIN = '''\
"""Keeps the version in package.json, next to a JavaScript front end."""

from __future__ import annotations

import json
import re

from release.errors import ConfigError
from release.project.sources.base import SourceKind, VersionLocation, VersionSource, read


class PackageJson(SourceKind):
    name = "package-json"

    def detect(self, project):
        table = project.data.get("tool", {}).get("package-json-version")
        if not isinstance(table, dict):
            return None
        path = project.root / table.get("path", "package.json")
        text = read(path, project.root, "package.json")
        found = list(re.finditer(r'^  "version": "(?P<v>[^"]+)"', text, re.M))
        if len(found) != 1:
            raise ConfigError("package.json has no single top-level version",
                              'write it as `  "version": "1.2.3"`', file=path.name)
        match = found[0]
        line = text.count("\\n", 0, match.start()) + 1
        location = VersionLocation(path, line, match.start("v"), match.end("v"),
                                   match.group("v"), self.name)
        return VersionSource(self.name, "package.json version", location)

    def read_back(self, location, text):
        value = json.loads(text).get("version")
        return value if isinstance(value, str) else None


class Broken(SourceKind):
    name = "broken"

    def detect(self, project):
        if "broken-version" in project.data.get("tool", {}):
            raise RuntimeError("the plugin tripped over its own feet")
        return None
'''


def wheel(folder: Path, name: str, entry_points: str) -> Path:
    """A real wheel of a one-module plugin package (``name``), registering ``entry_points``."""
    dist = f"{name}-1.0"
    files = {
        f"{name}.py": PLUGIN.encode(),
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
                                      .encode(),
        f"{dist}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                                   b"Tag: py3-none-any\n",
        f"{dist}.dist-info/entry_points.txt": entry_points.encode(),
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}.dist-info/RECORD,,")
    files[f"{dist}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    target = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin installed by pip into its own folder (put on PYTHONPATH of `release`)."""
    folder = tmp_path_factory.mktemp("plugin")
    built = wheel(folder, "release_package_json", textwrap.dedent("""\
        [release.version_sources]
        package-json = release_package_json:PackageJson
        broken = release_package_json:Broken
        """))
    target = folder / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(built)], check=True,
                   env={**os.environ, "PIP_CONFIG_FILE": os.devnull})
    return target


PYPROJECT = """\
[build-system]
requires = ["some-js-aware-backend"]
build-backend = "js_aware"

[project]
name = "front-and-back"
dynamic = ["version"]

[tool.package-json-version]
path = "package.json"
"""

PACKAGE_JSON = """\
{
  "name": "front-and-back",
  "version": "1.4.0",
  "dependencies": {"left-pad": "1.3.0"}
}
"""

CHANGELOG = """\
# Changelog

## [Unreleased]

### Added

- The front end shows the version.

## [1.4.0] - 2026-11-02

- First release.
"""


def project(root: Path, pyproject: str = PYPROJECT) -> Path:
    root.mkdir()
    (root / "pyproject.toml").write_text(pyproject)
    (root / "package.json").write_text(PACKAGE_JSON)
    (root / "CHANGELOG.md").write_text(CHANGELOG)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Release 1.4.0")
    git(root, "tag", "-a", "v1.4.0", "-m", "1.4.0")
    return root


@pytest.mark.slow
def test_without_the_plugin_the_source_is_unknown(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    proc = run_release(root, "validate")
    assert proc.returncode == 1
    assert "no version source that release-lifecycle knows" in proc.stderr


@pytest.mark.slow
def test_the_plugin_reads_the_version_and_prepare_edits_it(tmp_path: Path, site: Path) -> None:
    root = project(tmp_path / "p")
    env = {"PYTHONPATH": str(site)}
    proc = run_release(root, "validate", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "version 1.4.0 from package.json:3 (package.json version)" in proc.stdout
    proc = run_release(root, "prepare", "1.5.0", "--date", "2026-12-01", "--commit", env=env)
    assert proc.returncode == 0, proc.stderr
    assert (root / "package.json").read_text() == PACKAGE_JSON.replace('"1.4.0"', '"1.5.0"')
    assert "## [1.5.0] - 2026-12-01" in (root / "CHANGELOG.md").read_text()
    assert git(root, "log", "-1", "--format=%s") == "Release 1.5.0"
    assert git(root, "status", "--porcelain") == ""


@pytest.mark.slow
def test_a_failing_plugin_is_a_clean_error(tmp_path: Path, site: Path) -> None:
    root = project(tmp_path / "p", PYPROJECT.replace("[tool.package-json-version]",
                                                     "[tool.broken-version]\n\n[tool.x]"))
    proc = run_release(root, "validate", env={"PYTHONPATH": str(site)})
    assert proc.returncode == 1
    assert "the version source plugin 'broken' failed: RuntimeError: the plugin tripped" \
        in proc.stderr
    assert "Traceback" not in proc.stderr
