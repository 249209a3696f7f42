"""Rehearse release.yml locally, twice for one tag: the same Nox sessions, the same jobs.

The "sample repository" is a clone of this project itself, so the sessions are the real ones
from noxfile.py and the lock files are the real ones from requirements/. It is prepared and
tagged with the installed `release` command. Then each job of release.yml runs as on GitHub:
in its own fresh checkout of the tag (fresh Nox environments: nothing is reused), with the
variables GitHub sets on a tag push, handing files on like the workflow's artifacts:

- build: `nox -s validate -- --mode tag`, `nox -s build`, `nox -s notes`;
- publish: a sparse checkout (noxfile.py, pyproject.toml, requirements/ and nothing else),
  the `dist` and `release-meta` artifacts, `nox -s publish -- --files-only --checksums
  release-meta/SHA256SUMS` under simulated trusted publishing (the Sigstore signer is a
  stand-in and a keyring holds the local index's password: see tests/fakes/README.md) against
  a real local index (pypiserver), with `UV_NO_BUILD=1` so that any attempt to build fails;
- github-release: the same sparse checkout, `nox -s github-release` against the local stand-in
  for the GitHub API, attaching the files, SHA256SUMS and the signature bundles;
- verify: `nox -s verify -- TAG --checksums release-meta/SHA256SUMS --github`, with
  `--provenance skip` (pypiserver keeps no PEP 740 provenance; tests/test_verify.py covers it).

The provenance job is GitHub's own action (actions/attest) and is not rehearsed: a stand-in
file takes the place of its Sigstore bundle.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, git, run_release
from fake_github import FakeGitHub, running
from pypi_server import PASSWORD, Index, running_index

pytestmark = pytest.mark.slow

FAKES = Path(__file__).parent / "fakes"


def nox(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nox", "--no-color", *args], cwd=repo,
                          capture_output=True, text=True, env={**os.environ, **env}, check=False)


def checkout(origin: Path, tag: str, target: Path) -> Path:
    """actions/checkout of a tag with fetch-depth 0: a fresh clone, the tag checked out."""
    git(origin.parent, "clone", "--quiet", str(origin), str(target))
    git(target, "checkout", "--quiet", tag)
    return target


def sparse_checkout(origin: Path, tag: str, target: Path) -> Path:
    """The later jobs' checkout: noxfile.py, pyproject.toml and requirements/ of the tag only
    (no sources, no tags)."""
    full = checkout(origin, tag, target.with_name(target.name + "-clone"))
    target.mkdir(parents=True)
    for name in ("noxfile.py", "pyproject.toml"):
        shutil.copy(full / name, target / name)
    shutil.copytree(full / "requirements", target / "requirements")
    shutil.rmtree(full)
    return target


def artifacts_into(artifacts: Path, repo: Path, *names: str) -> None:
    """actions/download-artifact: each artifact into its own folder."""
    for name in names:
        if (artifacts / name).is_dir():
            shutil.copytree(artifacts / name, repo / name)


@dataclass
class Run:
    sums: str
    logs: dict[str, str] = field(default_factory=dict)


@dataclass
class Rehearsal:
    origin: Path
    tag: str
    work: Path
    index: Index
    github: FakeGitHub
    runs: list[Run] = field(default_factory=list)

    def env(self, name: str) -> dict[str, str]:
        """What GitHub sets for a job of a tag-push run (and the stand-ins' settings)."""
        return {
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_REF": f"refs/tags/{self.tag}",
            "GITHUB_REF_NAME": self.tag, "GITHUB_REF_TYPE": "tag",
            "GITHUB_REPOSITORY": self.github.repo, "GITHUB_API_URL": self.github.url,
            "GITHUB_STEP_SUMMARY": str(self.work / f"summary-{name}.md"),
            "GITHUB_OUTPUT": str(self.work / f"outputs-{name}.txt"),
        }

    def run(self) -> Run:
        """One run of release.yml for the tag: build -> publish -> github-release."""
        n = len(self.runs) + 1
        base = self.work / f"run{n}"
        artifacts = base / "artifacts"
        logs = {}
        # job build
        repo = checkout(self.origin, self.tag, base / "build")
        # From the second run on, the build also starts from an empty package cache: every
        # tool and the build backend come fresh from the index, checked against the locks.
        clean = {"UV_CACHE_DIR": str(base / "uv-cache")} if n > 1 else {}
        for session in (["validate", "--", "--mode", "tag"], ["build"],
                        ["notes", "--", self.tag, "--output", "RELEASE_NOTES.md"]):
            proc = nox(repo, "-s", *session, env={**self.env("build"), **clean})
            logs[session[0]] = proc.stdout + proc.stderr
            assert proc.returncode == 0, logs[session[0]][-4000:]
        shutil.copytree(repo / "dist", artifacts / "dist")
        (artifacts / "release-meta").mkdir()
        for name in ("SHA256SUMS", "RELEASE_NOTES.md"):
            shutil.copy(repo / name, artifacts / "release-meta" / name)
        # job provenance (stand-in): the Sigstore bundle as actions/attest names it
        (artifacts / "provenance").mkdir()
        (artifacts / "provenance" / "attestation.json").write_text('{"stand-in": "bundle"}')
        # job publish: the dist and release-meta artifacts, beside a sparse checkout
        repo = sparse_checkout(self.origin, self.tag, base / "publish")
        artifacts_into(artifacts, repo, "dist", "release-meta")
        proc = nox(repo, "-s", "publish", "--", "--files-only", "--checksums",
                   "release-meta/SHA256SUMS", "--attestations-dir", "pypi-attestations",
                   "--repository-url", self.index.upload_url,
                   env={**self.env("publish"), **trusted_publishing(self.work),
                        "UV_NO_BUILD": "1"})
        logs["publish"] = proc.stdout + proc.stderr
        assert proc.returncode == 0, logs["publish"][-4000:]
        if (repo / "pypi-attestations").is_dir():  # upload-artifact, if-no-files-found: ignore
            shutil.rmtree(artifacts / "pypi-attestations", ignore_errors=True)
            shutil.copytree(repo / "pypi-attestations", artifacts / "pypi-attestations")
        # job github-release
        repo = sparse_checkout(self.origin, self.tag, base / "github-release")
        artifacts_into(artifacts, repo, "dist", "release-meta", "provenance",
                       "pypi-attestations")
        (repo / "provenance" / "attestation.json").rename(
            repo / "provenance" / "build-provenance.sigstore.json")
        files = sorted(str(p.relative_to(repo)) for folder in ("dist", "pypi-attestations")
                       if (repo / folder).is_dir() for p in (repo / folder).iterdir())
        proc = nox(repo, "-s", "github-release", "--", self.tag, "--notes-file",
                   "release-meta/RELEASE_NOTES.md", "--checksums", "release-meta/SHA256SUMS",
                   *files, "release-meta/SHA256SUMS", "provenance/build-provenance.sigstore.json",
                   env={**self.env("github-release"), "GITHUB_TOKEN": self.github.token,
                        "UV_NO_BUILD": "1"})
        logs["github-release"] = proc.stdout + proc.stderr
        assert proc.returncode == 0, logs["github-release"][-4000:]
        # job verify
        repo = sparse_checkout(self.origin, self.tag, base / "verify")
        artifacts_into(artifacts, repo, "dist", "release-meta")
        proc = nox(repo, "-s", "verify", "--", self.tag, "--checksums",
                   "release-meta/SHA256SUMS", "--github", "--provenance", "skip",
                   "--repository-url", self.index.upload_url,
                   env={**self.env("verify"), "GITHUB_TOKEN": self.github.token,
                        "UV_NO_BUILD": "1"})
        logs["verify"] = proc.stdout + proc.stderr
        assert proc.returncode == 0, logs["verify"][-4000:]
        run = Run((artifacts / "release-meta" / "SHA256SUMS").read_text(), logs)
        self.runs.append(run)
        return run


def trusted_publishing(work: Path) -> dict[str, str]:
    return {"ACTIONS_ID_TOKEN_REQUEST_URL": "http://127.0.0.1:9/token",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "fake-request-token",
            "PYTHONPATH": str(FAKES), "PYTHON_KEYRING_BACKEND": "fake_keyring.IndexKeyring",
            "FAKE_KEYRING_PASSWORD": PASSWORD,
            "FAKE_ATTESTATIONS_LOG": str(work / "signed.log")}


def signings(work: Path) -> list[dict[str, object]]:
    log = work / "signed.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def workflow_python() -> str:
    """The Python release.yml's jobs run on (every job uses the same one)."""
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    found = set(re.findall(r'python-version: "(\d+\.\d+)"', text))
    assert len(found) == 1, found
    return found.pop()


REHEARSE_ON = os.environ.get("RELEASE_REHEARSAL", workflow_python())
"""The Python that rehearses release.yml: the one its jobs run on (``all`` for every Python).
The jobs run on one Python on GitHub, so once is the rehearsal; every other test runs on
every Python."""


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rehearsal]:
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if REHEARSE_ON not in ("all", here):
        pytest.skip(f"release.yml runs on Python {REHEARSE_ON}: rehearsed there only "
                    "(RELEASE_REHEARSAL=all rehearses it on every Python)")
    work = tmp_path_factory.mktemp("rehearsal")
    origin = work / "origin"
    git(work, "clone", "--quiet", str(ROOT), str(origin))
    git(origin, "checkout", "--quiet", "-B", "main")
    changelog = origin / "CHANGELOG.md"  # make sure [Unreleased] has something to release
    changelog.write_text(changelog.read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- Rehearsal entry.\n", 1))
    git(origin, "commit", "--quiet", "-am", "Rehearsal entry")
    prepare = run_release(origin, "prepare", "patch", "--commit", "--date", "2026-11-25")
    assert prepare.returncode == 0, prepare.stderr
    tagged = run_release(origin, "tag")
    assert tagged.returncode == 0, tagged.stderr
    tag = git(origin, "describe", "--tags", "--exact-match")
    with running_index(work / "index") as index, running() as github:
        yield Rehearsal(origin, tag, work, index, github)


def test_release_runs_twice_for_one_tag(rehearsal: Rehearsal) -> None:
    tag, index, github = rehearsal.tag, rehearsal.index, rehearsal.github
    version = tag[1:]
    wheel = f"release_lifecycle-{version}-py3-none-any.whl"
    sdist = f"release_lifecycle-{version}.tar.gz"

    first = rehearsal.run()
    assert index.files() == [wheel, sdist]
    stamps = {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()}
    # Trusted publishing with one PEP 740 attestation per file, passed to twine.
    log = first.logs["publish"]
    assert "credentials: trusted publishing" in log and "attestations: yes" in log
    assert f"twine upload --attestations {wheel} {wheel}.publish.attestation" in log
    assert f"twine upload --attestations {sdist} {sdist}.publish.attestation" in log
    assert [[Path(f).name for f in call["files"]] for call in signings(rehearsal.work)] == [
        [wheel, sdist]]
    # The publish job installs only hash-locked wheels and the wheel it uploads; UV_NO_BUILD
    # would have failed any build.
    installs = re.findall(r"^nox > (?:\S*/)?(uv pip install .*)$", log, re.M)
    assert installs[:2] == [
        "uv pip install --require-hashes --only-binary :all: -r requirements/publish.txt",
        "uv pip install --require-hashes --only-binary :all: -r requirements/runtime.txt"]
    assert re.fullmatch(r"uv pip install --no-deps --require-hashes --only-binary :all: -r "
                        r"\S+/release-wheel\.txt", installs[2]), installs
    assert len(installs) == 3
    assert "every file matches release-meta/SHA256SUMS (written by the build)" in log
    assert "the sources are not read (the build job validated them)" in log
    release = github.release(tag)
    assert release["draft"] is False and release["prerelease"] is False
    assert github.asset_names(tag) == sorted([
        "SHA256SUMS", wheel, sdist, "build-provenance.sigstore.json",
        f"{wheel}.publish.attestation", f"{sdist}.publish.attestation"])
    assert "- Rehearsal entry." in release["body"]
    writes = [r for r in github.requests if r.method != "GET"]
    assert len(writes) == 8  # create the draft, attach six files, publish
    log = first.logs["verify"]
    assert "ok   github     signatures: signature bundle(s) attached: " \
           "build-provenance.sigstore.json" in log
    assert f"release verify: the index and the GitHub Release {tag} serve exactly the 2 " \
           "file(s) of release-lifecycle" in log

    second = rehearsal.run()  # "Re-run all jobs": everything again, from clean environments
    print(f"\nbuild 1:\n{first.sums}build 2:\n{second.sums}")
    assert second.sums == first.sums  # the locked build backend reproduces the same bytes
    log = second.logs["publish"]
    assert f"skipped {wheel} (already on the index, identical)" in log
    assert f"skipped {sdist} (already on the index, identical)" in log
    assert not re.search(r"^uploaded |^ +twine upload ", log, re.M)
    assert {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()} == stamps
    assert len(signings(rehearsal.work)) == 1  # nothing to upload, nothing signed
    assert [r for r in github.requests if r.method != "GET"] == writes  # nothing changed
    assert f"GitHub Release {tag}: complete" in second.logs["github-release"]

    summary = (rehearsal.work / "summary-build.md").read_text()
    assert "### release validate (tag mode): ready" in summary
    for line in first.sums.splitlines():
        digest, name = line.split("  ")
        assert f"| `{name}` |" in summary and f"`{digest}`" in summary
    assert f"tag={tag}" in (rehearsal.work / "outputs-build.txt").read_text()
    assert "uploaded | yes |" in (rehearsal.work / "summary-publish.md").read_text()


def test_a_higher_tag_does_not_block_finishing_a_release(rehearsal: Rehearsal,
                                                         tmp_path: Path) -> None:
    """v1.4.1 exists already; publishing v1.4.0's files again (a re-run) stays green."""
    if not rehearsal.runs:  # run on its own: the release happens first
        rehearsal.run()
    origin = tmp_path / "origin"
    shutil.copytree(rehearsal.origin, origin, symlinks=True)
    git(origin, "commit", "--quiet", "--allow-empty", "-m", "later work")
    git(origin, "tag", "-a", "v99.0.0", "-m", "a later release")
    repo = checkout(origin, rehearsal.tag, tmp_path / "publish")
    shutil.copytree(rehearsal.work / "run1" / "artifacts" / "dist", repo / "dist")
    shutil.copy(rehearsal.work / "run1" / "artifacts" / "release-meta" / "SHA256SUMS", repo)
    proc = run_release(repo, "publish", "--repository-url", rehearsal.index.upload_url,
                       env={**rehearsal.env("higher-tag"), **trusted_publishing(tmp_path)})
    failed = set(re.findall(r"^error: (?:\S+: )?\[([\w-]+)\]", proc.stderr, re.M))
    if proc.returncode != 0 and failed == {"tag-newest"}:
        # Needs the tag-mode rule from the checks.py rewrite (another engineer's change): when
        # the tag being validated exists and points at HEAD, a higher tag is not a failure.
        pytest.xfail("checks.py still fails tag-newest when a higher tag exists")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("(already on the index, identical)") == 2
