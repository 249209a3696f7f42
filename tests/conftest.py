"""Shared fixtures: real git repositories with sample projects, and the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SCRIPTS = Path(sysconfig.get_path("scripts"))
RELEASE = str(SCRIPTS / "release")
ROOT = Path(__file__).resolve().parents[1]

CI_VARIABLES = (
    "CI", "GITHUB_ACTIONS", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
    "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_SHA", "GITHUB_REPOSITORY",
    "GITHUB_EVENT_PATH", "GITHUB_TOKEN", "GITHUB_API_URL", "CI_COMMIT_TAG", "BUILDKITE_TAG",
    "CIRCLE_TAG", "TRAVIS_TAG", "RELEASE_TAG", "PYPI_API_TOKEN", "TWINE_USERNAME",
    "TWINE_PASSWORD", "TWINE_REPOSITORY_URL", "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "NO_COLOR", "FORCE_COLOR", "SOURCE_DATE_EPOCH",
)


@pytest.fixture(autouse=True, scope="session")
def _clean_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No CI variables from the machine running the tests; a neutral git identity."""
    saved = dict(os.environ)
    for name in CI_VARIABLES:
        os.environ.pop(name, None)
    home = tmp_path_factory.mktemp("gitconfig")
    config = home / "gitconfig"
    config.write_text(
        "[init]\n\tdefaultBranch = main\n[tag]\n\tgpgSign = false\n"
        "[commit]\n\tgpgSign = false\n[advice]\n\tdetachedHead = false\n"
    )
    os.environ.update({
        "GIT_CONFIG_GLOBAL": str(config),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Maintainer",
        "GIT_AUTHOR_EMAIL": "maintainer@example.invalid",
        "GIT_COMMITTER_NAME": "Test Maintainer",
        "GIT_COMMITTER_EMAIL": "maintainer@example.invalid",
    })
    yield
    os.environ.clear()
    os.environ.update(saved)


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def run_release(
    repo: Path, *args: str, env: dict[str, str] | None = None, command: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed `release` command (or ``command``) in ``repo``."""
    return subprocess.run(
        [*(command or [RELEASE]), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


CHANGELOG = """\
# Changelog

All notable changes to this project are documented in this file.

## [Unreleased]

## [{version}] - 2026-11-24

### Added

- A feature worth releasing.

## [1.3.0] - 2026-10-01

### Fixed

- An older fix.
"""


@dataclass
class Sample:
    """A sample project in a real git repository."""

    path: Path

    def git(self, *args: str) -> str:
        return git(self.path, *args)

    def release(self, *args: str, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
        return run_release(self.path, *args, env=env)

    def write(self, name: str, text: str) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        return target

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, ref: str = "HEAD") -> None:
        self.git("tag", "-a", name, "-m", f"Release {name}", ref)

    def snapshot(self) -> dict[str, bytes]:
        """Every file outside .git with its bytes, to prove a command changed nothing."""
        return {
            str(p.relative_to(self.path)): p.read_bytes()
            for p in sorted(self.path.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.path).parts
        }


def pyproject(version: str = "1.4.0", name: str = "sample-project", extra: str = "") -> str:
    return textwrap.dedent(f"""\
        [build-system]
        requires = ["flit_core>=3.9"]
        build-backend = "flit_core.buildapi"

        [project]
        name = "{name}"
        version = "{version}"  # bumped by `inv release.prepare`
        description = "A sample project for release-lifecycle tests."
        readme = "README.md"
        requires-python = ">=3.10"
        license = {{ text = "MIT" }}

        [project.urls]
        Source = "https://github.com/example/sample-project"
        """) + extra


def make_sample(
    path: Path,
    version: str = "1.4.0",
    changelog: str | None = None,
    tags: tuple[str, ...] = ("v1.3.0",),
    extra: str = "",
) -> Sample:
    """A committed sample project; ``tags`` are created on an earlier commit."""
    path.mkdir(parents=True, exist_ok=True)
    sample = Sample(path)
    git(path, "init", "-q", "-b", "main")
    module = path / "sample_project"
    module.mkdir()
    (module / "__init__.py").write_text('"""A sample project."""\n\n__version__ = "0"\n')
    sample.write("README.md", "# sample-project\n")
    sample.write("pyproject.toml", pyproject("1.3.0", extra=extra))
    sample.write("CHANGELOG.md", "# Changelog\n\n## [1.3.0] - 2026-10-01\n\n- Older.\n")
    sample.commit("Release 1.3.0")
    for tag in tags:
        sample.tag(tag)
    sample.write("pyproject.toml", pyproject(version, extra=extra))
    sample.write("CHANGELOG.md", CHANGELOG.format(version=version) if changelog is None
                 else changelog)
    sample.commit(f"Prepare {version}")
    return sample


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    return make_sample(tmp_path / "sample")


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


PYTHON = sys.executable
