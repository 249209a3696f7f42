"""`--format json` on every command: one object on stdout that matches the command's JSON Schema
(docs/reference/schemas/), on success and on failure, and nothing else on stdout.

Every command of the parser must have a schema and a test here marked ``covers(COMMAND)``
that sees it succeed and fail; a new command without one fails
`test_every_command_is_covered`. Each test checks its own commands, so the tests can run in
any order, on any worker.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, Sample, make_sample, run_release
from fake_github import FakeGitHub, running
from pypi_server import PASSWORD, Index, running_index

from release.cli import build_parser

SCHEMAS = ROOT / "docs" / "reference" / "schemas"
COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
RUNS: dict[str, set[bool]] = {}
"""Which outcomes (ok true/false) each command was seen with in the running test."""


def schema(command: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((SCHEMAS / f"{command}.json").read_text())
    return data


def run_json(folder: Path, *args: str, env: dict[str, str] | None = None, code: int | None = None
             ) -> dict[str, object]:
    """Run ``release ARGS --format json``: stdout must be exactly one object that matches."""
    proc = run_release(folder, *args, "--format", "json", env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    data = json.loads(proc.stdout)  # nothing else on stdout: the whole of it is one object
    assert isinstance(data, dict)
    command = args[0]
    assert data["command"] == command
    jsonschema.validate(data, schema(command))
    assert data["ok"] is (proc.returncode == 0), (proc.returncode, data)
    if code is not None:
        assert proc.returncode == code, (proc.stderr, data)
    if not data["ok"]:
        assert data["problems"], data  # a failure always says why
    RUNS.setdefault(command, set()).add(bool(data["ok"]))
    return data


def covers(*commands: str) -> pytest.MarkDecorator:
    """The commands a test must see both succeed and fail (checked when it ends)."""
    return pytest.mark.covers(*commands)


@pytest.fixture(autouse=True)
def _outcomes(request: pytest.FixtureRequest) -> Iterator[None]:
    RUNS.clear()
    yield
    marker = request.node.get_closest_marker("covers")
    missing = {c: {True, False} - RUNS.get(c, set()) for c in (marker.args if marker else ())}
    assert not {c: m for c, m in missing.items() if m}, f"not seen: {missing}"


@pytest.fixture
def released(tmp_path: Path) -> Sample:
    """1.4.0 prepared and committed (v1.3.0 is the previous release)."""
    return make_sample(tmp_path / "p")


@covers("validate")
@pytest.mark.slow
def test_validate(released: Sample) -> None:
    data = run_json(released.path, "validate", code=0)
    assert data["state"] == "preparing" and data["checks"]  # the keys of earlier versions
    released.write("CHANGELOG.md", "# Changelog\n\n## [1.3.0] - 2026-10-01\n\n- Older.\n")
    data = run_json(released.path, "validate", code=1)
    assert any(p["id"] == "changelog-section" for p in data["problems"])  # type: ignore[index,union-attr]
    data = run_json(released.path, "validate", "--mode", "tag", code=2)  # usage: no tag
    assert "tag mode needs a tag" in data["error"]["message"]  # type: ignore[index]


@covers("prepare", "tag", "notes")
@pytest.mark.slow
def test_prepare_tag_notes_and_the_post_release(released: Sample) -> None:
    data = run_json(released.path, "prepare", "dev", code=1)  # 1.4.0 is not tagged yet
    assert "not released yet" in data["problems"][0]["message"]  # type: ignore[index]
    data = run_json(released.path, "tag", "--dry-run", code=0)
    assert data["tag"] == "v1.4.0" and data["created"] is False and data["dry_run"] is True
    data = run_json(released.path, "tag", code=0)
    head = released.git("rev-parse", "HEAD")
    assert data["created"] is True and data["commit"] == head and data["pushed"] is False
    data = run_json(released.path, "tag", "--push", "--remote", "nowhere", code=1)
    assert "nowhere" in data["problems"][0]["message"]  # type: ignore[index]
    data = run_json(released.path, "notes", code=0)
    assert data["version"] == "1.4.0" and data["heading"] == "## [1.4.0] - 2026-11-24"
    assert data["body"] == "### Added\n\n- A feature worth releasing.\n"
    data = run_json(released.path, "notes", "9.9.9", code=1)
    assert "no section for 9.9.9" in data["error"]["message"]  # type: ignore[index]
    data = run_json(released.path, "prepare", "dev", "--dry-run", code=0)
    assert data["target"] == "1.4.1.dev0" and data["development"] is True
    assert data["actions"] == [{"kind": "version", "path": "pyproject.toml", "line": 7,
                                "old": "1.4.0", "new": "1.4.1.dev0",
                                "source": "[project].version"}]
    assert '+version = "1.4.1.dev0"' in str(data["diff"])
    data = run_json(released.path, "prepare", "dev", "--commit", code=0)
    assert data["validation"]["ok"] is True  # type: ignore[index]
    assert data["actions"][-1]["new"] == "Back to development: 1.4.1.dev0"  # type: ignore[index]
    assert released.git("log", "-1", "--format=%s") == "Back to development: 1.4.1.dev0"
    data = run_json(released.path, "tag", code=1)  # development versions are never tagged
    assert "development version" in data["problems"][0]["message"]  # type: ignore[index]


@pytest.mark.slow
def test_prepare_a_release_writes_the_validation(released: Sample) -> None:
    released.tag("v1.4.0")
    log = released.path / "CHANGELOG.md"
    log.write_text(log.read_text().replace("## [Unreleased]\n", "## [Unreleased]\n\n- Next.\n", 1))
    released.commit("an entry for 1.5.0")
    data = run_json(released.path, "prepare", "minor", "--date", "2026-12-01", code=0)
    kinds = [a["kind"] for a in data["actions"]]  # type: ignore[union-attr,index]
    assert kinds == ["version", "changelog"]
    assert data["actions"][1]["new"] == "## [1.5.0] - 2026-12-01"  # type: ignore[index]
    assert data["validation"]["state"] == "preparing"  # type: ignore[index]


@covers("checksums")
def test_checksums(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "a-1.0.tar.gz").write_bytes(b"sdist")
    data = run_json(tmp_path, "checksums", "dist", code=0)
    assert data["files"][0]["name"] == "a-1.0.tar.gz"  # type: ignore[index]
    run_json(tmp_path, "checksums", "missing", code=1)


@covers("init")
@pytest.mark.slow
def test_init(released: Sample) -> None:
    data = run_json(released.path, "init", "--dry-run", "--no-lock", code=0)
    assert data["project"] == "sample-project" and data["diff"]
    data = run_json(released.path, "init", "--check", "--no-lock", code=1)
    assert any(f["state"] == "missing" for f in data["files"])  # type: ignore[union-attr,index]


@covers("status")
@pytest.mark.slow
def test_status(released: Sample, tmp_path: Path) -> None:
    data = run_json(released.path, "status", "--offline", code=0)
    assert data["state"] == "preparing" and data["next"]["command"] == "`release tag`"  # type: ignore[index]
    empty = tmp_path / "empty"
    empty.mkdir()
    run_json(empty, "status", "--offline", code=1)  # no project to read


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running() as fake:
        yield fake


@covers("github-release")
@pytest.mark.slow
def test_github_release(github: FakeGitHub, tmp_path: Path) -> None:
    wheel = tmp_path / "sample_project-1.4.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel bytes")
    env = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": github.token}
    data = run_json(tmp_path, "github-release", "v1.4.0", wheel.name, env=env, code=0)
    assert data["state"] == "created" and data["files"][0]["status"] == "attached"  # type: ignore[index]
    data = run_json(tmp_path, "github-release", "v1.4.0", wheel.name, env=env, code=0)
    assert data["state"] == "complete" and data["files"][0]["status"] == "kept-identical"  # type: ignore[index]
    run_json(tmp_path, "github-release", "v1.4.0", wheel.name,
             env={**env, "GITHUB_TOKEN": ""}, code=2)


@covers("guard-main")
def test_guard_main(github: FakeGitHub, tmp_path: Path) -> None:
    base, merge, direct = "0a" * 20, "a1" * 20, "d0" * 20
    github.compare(base, merge, [merge])
    github.merged_pr(12, merge, ["c1" * 20])
    env = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": "o/r",
           "GITHUB_TOKEN": github.token}
    data = run_json(tmp_path, "guard-main", "--sha", merge, "--retries", "0", env=env, code=0)
    assert data["commits"][0]["ok"] is True  # type: ignore[index]
    github.pulls[direct] = [(200, [], {})]
    data = run_json(tmp_path, "guard-main", "--sha", direct, "--retries", "0", env=env, code=1)
    assert data["commits"][0]["ok"] is False  # type: ignore[index]


def build(sample: Sample) -> Path:
    dist = sample.path / "dist"
    proc = subprocess.run([sys.executable, "-m", "build", "--installer", "uv", "--outdir",
                           str(dist)], cwd=sample.path, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dist


@pytest.mark.slow
@covers("publish")
def test_publish_per_file(released: Sample, tmp_path: Path) -> None:
    released.write(".gitignore", "dist/\n")
    released.commit("ignore dist")
    released.tag("v1.4.0")
    build(released)
    env = {"PYPI_API_TOKEN": PASSWORD}
    with running_index(tmp_path / "index") as index:
        url = index.upload_url
        data = run_json(released.path, "publish", "--repository-url", url, "--dry-run", env=env,
                        code=0)
        assert {f["status"] for f in data["files"]} == {"would-upload"}  # type: ignore[union-attr,index]
        data = run_json(released.path, "publish", "--repository-url", url, env=env, code=0)
        assert {f["status"] for f in data["files"]} == {"uploaded"}  # type: ignore[union-attr,index]
        data = run_json(released.path, "publish", "--repository-url", url, env=env, code=0)
        assert {f["status"] for f in data["files"]} == {"skipped-identical"}  # type: ignore[union-attr,index]
        conflict(released, index)
        data = run_json(released.path, "publish", "--repository-url", url, env=env, code=1)
        statuses = {f["name"]: f["status"] for f in data["files"]}  # type: ignore[union-attr,index]
        assert statuses["sample_project-1.4.0.tar.gz"] == "refused"
    run_json(released.path, "publish", "--dist", "nowhere", env=env, code=1)


@pytest.mark.slow
@covers("verify")
def test_verify(released: Sample, tmp_path: Path) -> None:
    released.write(".gitignore", "dist/\nSHA256SUMS\n")
    released.commit("ignore dist")
    released.tag("v1.4.0")
    build(released)
    assert run_release(released.path, "checksums", "dist", "--output", "SHA256SUMS"
                       ).returncode == 0
    env = {"PYPI_API_TOKEN": PASSWORD, "GITHUB_REPOSITORY": "o/r"}
    with running_index(tmp_path / "index") as index:
        url = index.upload_url
        run_json(released.path, "publish", "--repository-url", url, env=env, code=0)
        data = run_json(released.path, "verify", "--repository-url", url, "--provenance",
                        "skip", env=env, code=0)
        assert {f["subject"] for f in data["findings"] if f["ok"]} == {  # type: ignore[union-attr,index]
            "sample_project-1.4.0.tar.gz", "sample_project-1.4.0-py3-none-any.whl"}
        conflict(released, index)
        data = run_json(released.path, "verify", "--repository-url", url, "--provenance",
                        "skip", env=env, code=1)
        failed = [f["subject"] for f in data["findings"] if not f["ok"]]  # type: ignore[union-attr,index]
        assert failed == ["sample_project-1.4.0.tar.gz"], data


def conflict(sample: Sample, index: Index) -> None:
    """The index's sdist now has other content than the local one."""
    sdist = index.packages / "sample_project-1.4.0.tar.gz"
    shutil.copy(sdist, sdist.with_suffix(".bak"))
    sdist.write_bytes(sdist.read_bytes() + b"\0")
    sdist.with_suffix(".bak").unlink()


def test_the_schemas_are_current() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "json_schemas.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_valid_schema(command: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(command))


def test_every_command_is_covered() -> None:
    """Every command of the parser has a test here that sees it succeed and fail."""
    covered = {command for value in globals().values()
               for mark in getattr(value, "pytestmark", []) if mark.name == "covers"
               for command in mark.args}
    assert covered == set(COMMANDS), set(COMMANDS) ^ covered
