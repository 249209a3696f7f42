"""The GitHub Actions workflows: structure, hardening, and that they call real Nox sessions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items()
            for step in job.get("steps", [])]


def all_ifs(workflow: dict[str, Any]) -> list[str]:
    found = []
    for job in workflow["jobs"].values():
        if "if" in job:
            found.append(str(job["if"]))
        found += [str(step["if"]) for step in job.get("steps", []) if "if" in step]
    return found


@pytest.fixture(scope="module")
def sessions() -> set[str]:
    """Every session `nox --list` shows (selected or not), with and without `-3.x`."""
    proc = subprocess.run([sys.executable, "-m", "nox", "--list"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    names = set(re.findall(r"^[*-] (\S+) ->", proc.stdout, re.M))
    return names | {re.sub(r"-\d+\.\d+$", "", name) for name in names}


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in FILES] == ["protect-main.yml", "release-readiness.yml", "release.yml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_hardening(path: Path, sessions: set[str]) -> None:
    workflow = load(path)
    text = path.read_text()
    assert workflow["permissions"] == {}, "top-level permissions must be empty"
    for job_id, step in steps(workflow):
        run = step.get("run", "")
        assert "${{" not in run, f"{job_id}: expression inlined into run: {run!r}"
        for names in re.findall(r"nox -s ([\w-]+(?: [\w][\w-]*)*)", run):
            for session in names.split():
                assert session in sessions, f"{job_id} calls unknown session {session}"
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{job_id}: {step['uses']} is not pinned to a SHA"
            line = next(line for line in text.splitlines() if step["uses"] in line)
            assert re.search(r"# v\d", line), f"no version comment on {step['uses']}"
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    assert not any("secrets." in condition for condition in all_ifs(workflow))
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, f"{job_id} must state its permissions"
    for grant in permission_lines(text):
        assert "#" in grant, f"{path.name}: permission without a reason: {grant.strip()}"


def permission_lines(text: str) -> list[str]:
    """The `key: value` lines inside each job's `permissions:` block."""
    found, inside = [], False
    for line in text.splitlines():
        if line.startswith("    permissions:"):
            inside = True
            continue
        if inside and line.startswith("      ") and ":" in line:
            found.append(line)
        elif inside:
            inside = False
    return found


def test_only_publish_has_id_token() -> None:
    holders = [(path.name, job_id) for path in FILES
               for job_id, job in load(path)["jobs"].items()
               if job.get("permissions", {}).get("id-token") == "write"]
    assert holders == [("release.yml", "publish")]


def test_release_workflow_shape() -> None:
    workflow = load(WORKFLOWS / "release.yml")
    assert workflow["on"]["push"]["tags"] == ["v*"]
    assert workflow["on"]["workflow_dispatch"]["inputs"]["tag"]["required"] is True
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    assert jobs["publish"]["needs"] == "build" and jobs["publish"]["environment"] == "pypi"
    assert set(jobs["github-release"]["needs"]) == {"build", "publish"}
    assert jobs["github-release"]["permissions"] == {"contents": "write"}
    runs = {job_id: [s.get("run", "") for s in job["steps"]] for job_id, job in jobs.items()}
    assert [r for r in runs["build"] if r.startswith("nox")] == ["nox -s validate", "nox -s build"]
    assert "nox -s publish" in runs["publish"]
    publish_step = next(s for s in jobs["publish"]["steps"] if s.get("run") == "nox -s publish")
    assert publish_step["env"]["PYPI_API_TOKEN"] == "${{ secrets.PYPI_API_TOKEN }}"
    assert "cache" not in (WORKFLOWS / "release.yml").read_text()
    for job in jobs.values():  # Python set up once per job
        assert sum("setup-python" in str(s.get("uses", "")) for s in job["steps"]) == 1


def test_readiness_runs_tests_and_branch_validation() -> None:
    workflow = load(WORKFLOWS / "release-readiness.yml")
    assert "pull_request_target" not in workflow["on"]
    assert workflow["on"]["pull_request"]["branches"] == ["main"]
    runs = [step.get("run", "") for _, step in steps(workflow)]
    assert "nox -s validate -- --mode branch" in runs
    assert any(run.startswith("nox -s tests") for run in runs)


def test_protect_main_runs_the_guard_on_main_pushes_only() -> None:
    workflow = load(WORKFLOWS / "protect-main.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    job = workflow["jobs"]["guard"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert job["steps"][-1]["run"] == "nox -s guard"
