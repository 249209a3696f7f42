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

from release.commands.init.pins import ACTIONS

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
@pytest.mark.slow
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


# The actions, on their current majors (node24), pinned by full commit SHA: the one table that
# this project's workflows and those `release init` writes share (release/commands/init/pins.py says how each
# SHA was read).
PINS = ACTIONS


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_are_known_pins_with_matching_comments(path: Path) -> None:
    text = path.read_text()
    for line in text.splitlines():
        found = re.search(r"uses: ([\w/-]+)@([0-9a-f]{40}) # (v[\d.]+)$", line)
        if "uses:" in line:
            assert found, f"{path.name}: not a pinned action with a version comment: {line}"
            action, sha, version = found.groups()
            assert PINS.get(action) == (sha, version), f"{path.name}: {action}@{sha} {version}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path: Path) -> None:
    for job_id, job in load(path)["jobs"].items():
        minutes = job.get("timeout-minutes")
        assert isinstance(minutes, int) and 0 < minutes <= 45, f"{path.name}: {job_id}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_install_is_hash_locked(path: Path) -> None:
    for job_id, step in steps(load(path)):
        run = step.get("run", "")
        if "pip install" in run or "uv pip" in run:
            assert "--require-hashes" in run and re.search(r"-r requirements/\S+\.txt", run), \
                f"{path.name}: {job_id} installs without the lock: {run}"
        assert "pipx" not in run and "uvx" not in run


def test_artifacts_go_to_their_own_folders() -> None:
    workflow = load(WORKFLOWS / "release.yml")
    for job_id, step in steps(workflow):
        uses = str(step.get("uses", ""))
        if uses.startswith("actions/download-artifact@"):
            name = step["with"].get("name") or step["with"]["pattern"]
            assert name in ("dist", "release-meta", "provenance", "pypi-attestations")
            assert step["with"]["path"] == name, \
                f"{job_id} extracts {name} outside its own folder"
        if uses.startswith("actions/upload-artifact@"):
            assert step["with"]["overwrite"] is True  # a re-run of build replaces its artifact


def test_id_token_only_where_needed() -> None:
    holders = {(path.name, job_id) for path in FILES
               for job_id, job in load(path)["jobs"].items()
               if job.get("permissions", {}).get("id-token") == "write"}
    assert holders == {("release.yml", "publish"), ("release.yml", "provenance")}
    provenance = load(WORKFLOWS / "release.yml")["jobs"]["provenance"]
    # No repository code runs where build provenance is signed: no checkout, no run: steps.
    assert all("run" not in s and "checkout" not in str(s.get("uses", ""))
               for s in provenance["steps"])
    assert provenance["permissions"] == {"id-token": "write", "attestations": "write"}
    attest, keep = provenance["steps"][-2:]
    assert attest["uses"].startswith("actions/attest@")
    assert attest["with"]["subject-path"].split() == ["dist/*", "release-meta/SHA256SUMS"]
    # The Sigstore bundle goes on to the GitHub Release.
    assert keep["with"] == {"name": "provenance",
                            "path": "${{ steps.attest.outputs.bundle-path }}",
                            "if-no-files-found": "error", "overwrite": True}


SPARSE = "/noxfile.py\n/pyproject.toml\n/requirements/\n"


def test_release_workflow_shape() -> None:
    workflow = load(WORKFLOWS / "release.yml")
    assert workflow["on"]["push"]["tags"] == ["v*"]
    # A manual run must be started on the tag itself (the pypi environment only admits v*
    # tags); validation in tag mode fails anywhere else.
    assert workflow["on"]["workflow_dispatch"] is None
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    assert list(jobs) == ["build", "provenance", "publish", "github-release", "verify"]
    assert jobs["provenance"]["needs"] == "build"
    assert jobs["publish"]["needs"] == ["build", "provenance"]
    assert jobs["publish"]["environment"] == "pypi"
    assert set(jobs["github-release"]["needs"]) == {"build", "publish"}
    assert jobs["github-release"]["permissions"] == {"contents": "write"}
    runs = {job_id: [s.get("run", "") for s in job["steps"]] for job_id, job in jobs.items()}
    assert [r for r in runs["build"] if r.startswith("nox")] == [
        "nox -s validate -- --mode tag", "nox -s build",
        'nox -s notes -- "$TAG" --output RELEASE_NOTES.md']
    assert [r.split(" -- ")[0] for r in runs["publish"] if r.startswith("nox")] == [
        "nox -s publish", "nox -s publish"]
    assert "TWINE_PASSWORD" not in str(jobs["publish"])  # an empty one disables trusted publishing
    assert "gh release" not in (WORKFLOWS / "release.yml").read_text()
    assert "cache" not in (WORKFLOWS / "release.yml").read_text()
    for job in jobs.values():  # Python set up once per job (none where no code runs)
        assert sum("setup-python" in str(s.get("uses", "")) for s in job["steps"]) <= 1


def test_after_build_no_job_checks_out_the_sources() -> None:
    """publish, github-release and verify get the noxfile and the locks, never the sources:
    they work on the build's files, checked against its SHA256SUMS."""
    jobs = load(WORKFLOWS / "release.yml")["jobs"]
    for job_id in ("publish", "github-release", "verify"):
        checkout = [s for s in jobs[job_id]["steps"]
                    if str(s.get("uses", "")).startswith("actions/checkout@")]
        assert len(checkout) == 1, job_id
        assert checkout[0]["with"]["sparse-checkout"] == SPARSE, job_id
        assert checkout[0]["with"]["sparse-checkout-cone-mode"] is False
        assert "fetch-depth" not in checkout[0]["with"]
        names = [s["with"].get("name") for s in jobs[job_id]["steps"]
                 if str(s.get("uses", "")).startswith("actions/download-artifact@")]
        assert "dist" in names and "release-meta" in names, job_id
        nox = [s["run"] for s in jobs[job_id]["steps"] if "nox -s" in s.get("run", "")]
        assert all("--checksums release-meta/SHA256SUMS" in r for r in nox), job_id


def test_the_token_reaches_only_the_token_mode_upload() -> None:
    publish = load(WORKFLOWS / "release.yml")["jobs"]["publish"]
    uploads = [s for s in publish["steps"] if "nox -s publish" in s.get("run", "")]
    trusted, token = uploads
    assert trusted["if"] == "vars.RELEASE_PUBLISH_CREDENTIALS != 'token'"
    assert "env" not in trusted and "secrets." not in str(trusted)
    assert "--files-only" in trusted["run"] and "--attestations-dir pypi-attestations" in \
        trusted["run"]
    assert token["if"] == "vars.RELEASE_PUBLISH_CREDENTIALS == 'token'"
    assert token["env"] == {"PYPI_API_TOKEN": "${{ secrets.PYPI_API_TOKEN }}",
                            "RELEASE_PUBLISH_CREDENTIALS": "token"}
    assert "--files-only" in token["run"]
    text = (WORKFLOWS / "release.yml").read_text()
    assert text.count("${{ secrets.") == 1  # nowhere else, in no other job or step


def test_the_github_release_gets_the_signature_bundles() -> None:
    jobs = load(WORKFLOWS / "release.yml")["jobs"]
    job = jobs["github-release"]
    run = next(s["run"] for s in job["steps"] if "nox -s github-release" in s.get("run", ""))
    for attached in ("dist/*", "release-meta/SHA256SUMS",
                     "provenance/build-provenance.sigstore.json", "pypi-attestations/*"):
        assert attached in run
    assert "shopt -s nullglob" in run  # no PEP 740 files after a token upload: none attached
    rename = next(s["run"] for s in job["steps"] if s.get("run", "").startswith("mv "))
    assert rename == "mv provenance/attestation.json provenance/build-provenance.sigstore.json"
    keep = next(s for s in jobs["publish"]["steps"]
                if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert keep["with"]["name"] == "pypi-attestations"


def test_verify_is_the_last_job_and_reads_only() -> None:
    jobs = load(WORKFLOWS / "release.yml")["jobs"]
    verify = jobs["verify"]
    assert list(jobs)[-1] == "verify"
    assert set(verify["needs"]) == {"build", "github-release"}
    assert verify["permissions"] == {"contents": "read"}
    step = next(s for s in verify["steps"] if "nox -s verify" in s.get("run", ""))
    assert step["run"].startswith('nox -s verify -- "$TAG" --checksums '
                                  "release-meta/SHA256SUMS --github")
    assert "--provenance \"$PROVENANCE\"" in step["run"] and "--wait" in step["run"]
    assert step["env"]["PROVENANCE"] == \
        "${{ vars.RELEASE_PUBLISH_CREDENTIALS == 'token' && 'skip' || 'verify' }}"


def _session_calls(name: str) -> list[str]:
    """The calls a noxfile session makes, as source text."""
    import ast

    tree = ast.parse((ROOT / "noxfile.py").read_text())
    functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
    calls = [ast.unparse(n.func) for n in ast.walk(functions[name]) if isinstance(n, ast.Call)]
    return [c for c in calls if c not in ("sorted", "str", "Path")]


def test_publish_and_github_release_sessions_build_nothing() -> None:
    for session in ("publish", "github_release", "verify"):
        calls = _session_calls(session)
        assert "install_project" not in calls and "session.install" not in calls, calls
        assert "install_built_wheel" in calls
    install = _session_calls("install_built_wheel")
    assert install.count("session.install") == 1 and "install_locked" in install
    text = (ROOT / "noxfile.py").read_text()
    # The release wheel: only with the sha256 the build recorded, hashes required.
    assert ('session.install("--no-deps", "--require-hashes", "--only-binary", ":all:", "-r", '
            'str(pinned))') in text
    assert 'pinned.write_text(f"{wheels[0].resolve()} --hash=sha256:{digest}\\n")' in text
    assert ('session.install("--require-hashes", "--only-binary", ":all:", "-r", '
            'f"requirements/{name}")') in text


def test_dependabot_keeps_actions_and_locks_fresh() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "uv"}
    assert updates["uv"]["directory"] == "/requirements"
    assert all(u["cooldown"]["default-days"] >= 7 for u in updates.values())


def test_docs_give_the_repository_settings() -> None:
    """workflows.md lists the settings in order; the pages it links to spell them out."""
    text = (ROOT / "docs" / "workflows.md").read_text()
    section = text.split("## Repository settings", 1)[1].split("\n## ", 1)[0]
    section += "".join((ROOT / "docs" / "releases" / page).read_text()
                       for page in ("branch-protection.md", "secrets.md"))
    for needed in ("Settings > Environments", "Required reviewers", "Prevent self-review",
                   "Deployment branches and tags", "v*", "New tag ruleset",
                   "Restrict creations", "Restrict updates", "Restrict deletions",
                   "New branch ruleset", "Block force pushes", "Add a new publisher",
                   "Environment secrets", "RELEASE_PUBLISH_CREDENTIALS"):
        assert needed in section, needed


def test_readiness_runs_tests_and_branch_validation() -> None:
    workflow = load(WORKFLOWS / "release-readiness.yml")
    assert "pull_request_target" not in workflow["on"]
    assert workflow["on"]["pull_request"]["branches"] == ["main"]
    runs = [step.get("run", "") for _, step in steps(workflow)]
    assert "nox -s validate -- --mode branch" in runs
    assert "nox -s tests lint" in runs
    assert "nox -s lock -- --check" in runs  # its own step: `--check` is not for pytest


def test_protect_main_runs_the_guard_on_main_pushes_only() -> None:
    workflow = load(WORKFLOWS / "protect-main.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    job = workflow["jobs"]["guard"]
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert job["steps"][-1]["run"] == "nox -s guard"
