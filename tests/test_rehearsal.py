"""Rehearse release.yml locally: the same Nox sessions, GitHub's tag-push environment, no token.

The "sample repository" is a clone of this project itself, so the sessions are the real ones
from noxfile.py. It is prepared and tagged with the installed `release` command, then
`nox -s validate build` and `nox -s publish` run with the variables GitHub sets on a tag push.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, git, run_release
from pypi_server import running_index

pytestmark = pytest.mark.slow


def nox(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nox", "--no-color", *args], cwd=repo,
                          capture_output=True, text=True, env={**os.environ, **env}, check=False)


def test_tag_push_rehearsal(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, "clone", "--quiet", str(ROOT), str(repo))
    git(repo, "checkout", "--quiet", "-B", "main")
    changelog = repo / "CHANGELOG.md"  # make sure [Unreleased] has something to release
    changelog.write_text(changelog.read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- Rehearsal entry.\n", 1))
    git(repo, "commit", "--quiet", "-am", "Rehearsal entry")
    prepare = run_release(repo, "prepare", "patch", "--commit", "--date", "2026-11-25")
    assert prepare.returncode == 0, prepare.stderr
    tagged = run_release(repo, "tag")
    assert tagged.returncode == 0, tagged.stderr
    tag = git(repo, "describe", "--tags", "--exact-match")
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    github = {
        "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_REF": f"refs/tags/{tag}",
        "GITHUB_REF_NAME": tag, "GITHUB_REF_TYPE": "tag", "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs), "GITHUB_REPOSITORY": "example/release-lifecycle",
    }

    built = nox(repo, "-s", "validate", "build", env=github)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert f"tag {tag} (from GITHUB_REF_NAME)" in built.stdout + built.stderr
    sums = (repo / "SHA256SUMS").read_text()
    assert sums.count(f"  release_lifecycle-{tag[1:]}") == 2

    with running_index(tmp_path / "index") as index:
        published = nox(repo, "-s", "publish", "--", "--repository-url", index.upload_url,
                        env=github)
        assert index.files() == []
    assert published.returncode != 0
    log = published.stdout + published.stderr
    assert "no credentials for uploading" in log and "Add a new publisher" in log

    text = summary.read_text()
    assert "### release validate (tag mode): ready" in text
    for line in sums.splitlines():
        digest, name = line.split("  ")
        assert f"| `{name}` |" in text and f"`{digest}`" in text
    assert "release publish: FAILED" in text and "no credentials" in text
    assert f"tag={tag}" in outputs.read_text()
