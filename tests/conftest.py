"""Shared fixtures: real git repositories with sample projects, and the installed command."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from samples import (  # noqa: F401 - re-exported for the test modules
    CHANGELOG,
    RELEASE,
    ROOT,
    SCRIPTS,
    Sample,
    git,
    make_sample,
    pyproject,
    run_release,
)

CI_VARIABLES = (
    "CI", "GITHUB_ACTIONS", "GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_REF_TYPE",
    "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_SHA", "GITHUB_REPOSITORY",
    "GITHUB_EVENT_PATH", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "CI_COMMIT_TAG", "BUILDKITE_TAG",
    "CIRCLE_TAG", "TRAVIS_TAG", "RELEASE_TAG", "PYPI_API_TOKEN", "TWINE_USERNAME",
    "TWINE_PASSWORD", "TWINE_REPOSITORY_URL", "RELEASE_PUBLISH_CREDENTIALS", "ACTIONS_ID_TOKEN_REQUEST_URL",
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


@pytest.fixture
def sample(tmp_path: Path) -> Sample:
    return make_sample(tmp_path / "sample")


@pytest.fixture(scope="session")
def release_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A real pypiserver on 127.0.0.1 holding this checkout's wheel, built once per session:
    where projects set up by `release init` install release-lifecycle from (it is not on PyPI
    yet); they upload their own files to it too."""
    import shutil

    from init_projects import build_wheel
    from pypi_server import running_index

    root = tmp_path_factory.mktemp("release-index")
    wheel = build_wheel(root / "wheel")
    with running_index(root / "index") as index:
        shutil.copy(wheel, index.packages / wheel.name)
        yield index
