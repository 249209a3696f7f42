"""No secret reaches any output, on any path: the secret sweep.

Every command and Nox session that can see a credential runs with distinctive fake secrets
in every place a credential can come from (PYPI_API_TOKEN, TWINE_PASSWORD, a password in the
upload URL, GITHUB_TOKEN, GH_TOKEN, the OIDC request token), on success and failure paths
alike, under GitHub Actions (annotations, step summary, step outputs). Afterwards none of the
secrets may appear in stdout, stderr, the step summary, the step outputs, or any file the
command wrote. `::add-mask::` lines are the one exception: they are instructions to the
runner, which never shows them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, Sample, once, run_release
from fake_github import FakeGitHub, running
from pypi_server import PASSWORD, Index
from test_publish import built, project  # noqa: F401 - the shared built sample project

pytestmark = pytest.mark.slow

TOKEN = "pypi-AgEIcHlwaS5vcmcSWEEPtoken0001secretvalue"
TWINE_PASSWORD = "sweep-twine-password-0002"
URL_PASSWORD = "sweep-url-password-0003"
GITHUB_TOKEN = "ghs_sweepGitHubTokenValue0004"
GH_TOKEN = "gho_sweepOtherGitHubToken0005"
OIDC_REQUEST = "sweep-oidc-request-token-0006"
MULTILINE = "sweep-first-line-0007\nsweep-second-line-0008"
SECRETS = [TOKEN, TWINE_PASSWORD, URL_PASSWORD, GITHUB_TOKEN, GH_TOKEN, OIDC_REQUEST,
           *MULTILINE.splitlines(), PASSWORD]


@dataclass
class Path_:
    """One way a credential can travel: a command, where it runs, what is set."""

    id: str
    argv: Callable[[Index, FakeGitHub], list[str]]
    env: dict[str, str] = field(default_factory=dict)
    nox: bool = False


def upload_url(index: Index, password: str) -> str:
    return index.upload_url.replace("http://", f"http://__token__:{password}@")


BUILT = ["dist/sample_project-1.4.0.tar.gz", "dist/sample_project-1.4.0-py3-none-any.whl"]

PATHS = [
    Path_("validate", lambda i, g: ["validate"]),
    Path_("validate-json", lambda i, g: ["validate", "--format", "json"]),
    Path_("validate-tag-mode-fails", lambda i, g: ["validate", "--tag", "v9.9.9"]),
    Path_("notes", lambda i, g: ["notes", "1.4.0"]),
    Path_("prepare-refused", lambda i, g: ["prepare", "1.0.0"]),
    Path_("tag-dry-run", lambda i, g: ["tag", "--dry-run"]),
    Path_("checksums", lambda i, g: ["checksums", "dist"]),
    Path_("publish-token-ok", lambda i, g: ["publish", "--repository-url", i.upload_url],
          {"PYPI_API_TOKEN": PASSWORD}),
    Path_("publish-token-wrong", lambda i, g: ["publish", "--repository-url", i.upload_url],
          {"PYPI_API_TOKEN": TOKEN}),
    Path_("publish-token-dry-run", lambda i, g: ["publish", "--dry-run", "--repository-url",
                                                 i.upload_url], {"PYPI_API_TOKEN": TOKEN}),
    Path_("publish-twine-password", lambda i, g: ["publish", "--repository-url", i.upload_url],
          {"TWINE_PASSWORD": TWINE_PASSWORD, "TWINE_USERNAME": "__token__"}),
    Path_("publish-url-password-wrong",
          lambda i, g: ["publish", "--repository-url", upload_url(i, URL_PASSWORD)]),
    Path_("publish-url-password-ok",
          lambda i, g: ["publish", "--repository-url", upload_url(i, PASSWORD)]),
    Path_("publish-url-password-env", lambda i, g: ["publish"], {}),
    Path_("publish-url-password-unreachable",
          lambda i, g: ["publish", "--repository-url",
                        f"http://__token__:{URL_PASSWORD}@127.0.0.1:9/"]),
    Path_("publish-url-password-bad-port",
          lambda i, g: ["publish", "--repository-url",
                        f"http://__token__:{URL_PASSWORD}@127.0.0.1:notaport/"]),
    Path_("publish-multiline-token", lambda i, g: ["publish", "--repository-url", i.upload_url],
          {"PYPI_API_TOKEN": MULTILINE}),
    Path_("publish-trusted-publishing", lambda i, g: ["publish", "--repository-url",
                                                      i.upload_url],
          {"ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:9/token"}),
    Path_("guard-ok-or-not", lambda i, g: ["guard-main", "--repo", g.repo, "--sha", "a" * 40,
                                           "--retries", "0"]),
    Path_("guard-unreachable", lambda i, g: ["guard-main", "--repo", "o/r", "--sha", "a" * 40,
                                             "--retries", "0"],
          {"GITHUB_API_URL": "http://127.0.0.1:9"}),
    Path_("github-release-dry-run", lambda i, g: ["github-release", "v1.4.0", "dist",
                                                  "--repo", g.repo, "--dry-run"]),
    Path_("github-release-unreachable", lambda i, g: ["github-release", "v1.4.0", *BUILT,
                                                      "SHA256SUMS", "--repo", "o/r"],
          {"GITHUB_API_URL": "http://127.0.0.1:9"}),
    Path_("verify-github", lambda i, g: ["verify", "--repository-url", i.upload_url,
                                         "--github", "--repo", g.repo, "--provenance", "skip"]),
    Path_("verify-unreachable", lambda i, g: ["verify", "--github", "--repo", "o/r",
                                              "--repository-url", upload_url(i, URL_PASSWORD)],
          {"GITHUB_API_URL": "http://127.0.0.1:9"}),
    Path_("nox-publish-url-password", lambda i, g: ["publish", "--", "--repository-url",
                                                    upload_url(i, URL_PASSWORD)], nox=True),
    Path_("nox-publish-token", lambda i, g: ["publish", "--", "--repository-url",
                                             i.upload_url], {"PYPI_API_TOKEN": TOKEN}, nox=True),
]


@pytest.fixture(scope="module")
def github() -> Iterator[FakeGitHub]:
    with running(FakeGitHub(token=GITHUB_TOKEN)) as fake:
        yield fake


@pytest.fixture
def index(package_index: Index) -> Index:
    """An empty local index, this worker's (tests/conftest.py)."""
    return package_index


def leaks(text: str) -> list[str]:
    shown = "\n".join(line for line in text.splitlines() if "::add-mask::" not in line)
    return [secret for secret in SECRETS if secret in shown]


@pytest.mark.parametrize("path", [  # the noxfile's filter: not this Python's `release`
    pytest.param(p, id=p.id, marks=[once("noxfile publish session")] if p.nox else [])
    for p in PATHS])
def test_no_secret_in_any_output(path: Path_, project: Sample, index: Index,  # noqa: F811
                                 github: FakeGitHub, tmp_path: Path) -> None:
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    env = {
        "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs), "GITHUB_API_URL": github.url,
        "GITHUB_TOKEN": GITHUB_TOKEN, "GH_TOKEN": GH_TOKEN,
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN": OIDC_REQUEST,
        "TWINE_REPOSITORY_URL": upload_url(index, URL_PASSWORD),
        "RELEASE_NETWORK_TIMEOUT": "10", "PIP_CONFIG_FILE": os.devnull,
        **path.env,
    }
    if "TWINE_PASSWORD" in path.env or path.id.endswith("-env"):
        env["TWINE_REPOSITORY_URL"] = index.upload_url if "TWINE_PASSWORD" in path.env else \
            upload_url(index, URL_PASSWORD)
    before = set(project.path.rglob("*"))
    argv = path.argv(index, github)
    if path.nox:
        proc = subprocess.run([sys.executable, "-m", "nox", "--no-color", "-f",
                               str(project.path / "noxfile.py"), "-s", *argv],
                              cwd=project.path, capture_output=True, text=True,
                              env={**os.environ, **env}, check=False, timeout=600)
    else:
        proc = run_release(project.path, *argv, env=env, timeout=300)
    found = leaks(proc.stdout) + leaks(proc.stderr)
    for written in (summary, outputs):
        if written.exists():
            found += leaks(written.read_text())
    for created in set(project.path.rglob("*")) - before:
        if created.is_file() and ".nox" not in created.parts:
            found += leaks(created.read_text(errors="replace"))
    assert not found, f"leaked {found}:\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def own_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project's wheel: what the publish session installs the `release` command from."""
    out = tmp_path_factory.mktemp("own-wheel")
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--installer", "uv",
                           "--outdir", str(out), str(ROOT)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return next(out.glob("release_lifecycle-*.whl"))


@pytest.fixture(autouse=True)
def _noxfile(request: pytest.FixtureRequest, project: Sample) -> None:  # noqa: F811
    """The nox paths run this project's own publish session in the sample: its noxfile, its
    lock files, and the wheel of `release` in dist/ (as the publish job has it)."""
    if "nox-" in request.node.name:
        wheel = request.getfixturevalue("own_wheel")
        shutil.copy(ROOT / "noxfile.py", project.path / "noxfile.py")
        shutil.copytree(ROOT / "requirements", project.path / "requirements")
        shutil.copy(wheel, project.path / "dist" / wheel.name)
        # The build's SHA256SUMS lists it: the session installs it only with that sha256.
        proc = run_release(project.path, "checksums", "dist", "--output", "SHA256SUMS")
        assert proc.returncode == 0, proc.stderr
