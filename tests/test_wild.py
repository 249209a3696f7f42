"""Changelogs in the wild (tests/corpus/wild): every case is a real git repository with its
history, and the installed `release` command takes it through the lifecycle.

For each case: validation in branch mode at HEAD gives the case's verdict; then either
`release prepare --commit` refuses (exit 1, the files, the index, HEAD and the tags exactly
as they were), or it makes exactly one commit that writes exactly the case's expected files;
then validation passes in branch mode, `release tag` creates the tag, validation passes in
tag mode for it, and `release notes` prints exactly the expected notes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import git, run_release

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
import wild

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

CASES = wild.names()


def state(repo: Path) -> tuple[dict[str, bytes], bytes, str, str]:
    """Every file, the index (byte for byte), HEAD and the tags."""
    files = {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted(repo.rglob("*"))
             if p.is_file() and ".git" not in p.relative_to(repo).parts}
    return (files, (repo / ".git" / "index").read_bytes(), git(repo, "rev-parse", "HEAD"),
            git(repo, "show-ref", "--tags"))


def failed(repo: Path, *args: str) -> tuple[set[str], str]:
    proc = run_release(repo, "validate", "--format", "json", *args)
    data = json.loads(proc.stdout)
    ids = {c["id"] for c in data["checks"] if not c["ok"] and c["severity"] == "error"}
    return ids, proc.stdout


def test_the_wild_corpus_is_large_enough() -> None:
    assert len(CASES) >= 15
    refusals = [n for n in CASES if "refuse" in wild.load(n).prepare]
    assert len(refusals) >= 3


@pytest.mark.parametrize("name", CASES)
def test_discovery_names_the_case_changelog(name: str, tmp_path: Path) -> None:
    case = wild.load(name)
    repo = wild.build(case, tmp_path / "p")
    proc = run_release(repo, "validate", "--format", "json")
    data = json.loads(proc.stdout)
    assert data["facts"]["changelog"]["value"] == case.data["changelog"], proc.stdout


@pytest.mark.parametrize("name", CASES)
@pytest.mark.slow
def test_lifecycle(name: str, tmp_path: Path) -> None:
    case = wild.load(name)
    repo = wild.build(case, tmp_path / "p")
    ids, out = failed(repo, "--mode", "branch")
    assert ids == set(case.data.get("validate", {}).get("branch", [])), out
    for note in case.data.get("validate", {}).get("says", []):
        assert note in out, out
    prepare = case.prepare
    for step in prepare.get("before", []):  # what the maintainer writes first
        for path, source in step.items():
            (repo / path).write_bytes((case.folder / source).read_bytes())
        git(repo, "commit", "-qam", "Write the release notes")
    before = state(repo)
    proc = run_release(repo, "prepare", prepare["target"], "--date", wild.DATE, "--commit")
    assert "Traceback" not in proc.stderr
    if "refuse" in prepare:
        assert proc.returncode == 1, proc.stderr
        for text in [prepare["refuse"], *prepare.get("hint", [])]:
            assert text in proc.stderr, proc.stderr
        assert "nothing was changed" in proc.stderr
        assert state(repo) == before
        return
    assert proc.returncode == 0, proc.stderr
    for note in prepare.get("says", []):
        assert note in proc.stderr, proc.stderr
    for note in prepare.get("not_said", []):
        assert note not in proc.stderr, proc.stderr
    assert git(repo, "rev-list", "--count", f"{before[2]}..HEAD") == "1"
    assert git(repo, "log", "-1", "--format=%s") == f"Release {prepare['target']}"
    changed = set(git(repo, "show", "--name-only", "--format=", "HEAD").split())
    expected = case.expected()
    removed = prepare.get("removed", [])
    assert changed == {"pyproject.toml", *expected, *removed}
    assert not any((repo / path).exists() for path in removed)
    for path, data in expected.items():
        assert (repo / path).read_bytes() == data, path
    assert git(repo, "status", "--porcelain") == ""
    ids, out = failed(repo, "--mode", "branch")
    assert ids == set(), out
    proc = run_release(repo, "tag")
    assert proc.returncode == 0, proc.stderr
    tag = prepare["tag"]
    assert git(repo, "tag", "--points-at", "HEAD") == tag
    ids, out = failed(repo, "--mode", "tag", "--tag", tag)
    assert ids == set(), out
    notes = run_release(repo, "notes", prepare["target"])
    assert notes.returncode == 0, notes.stderr
    assert notes.stdout == (case.folder / prepare["notes"]).read_text(encoding="utf-8")
    for version, path in prepare.get("older_notes", {}).items():
        notes = run_release(repo, "notes", version)
        assert notes.stdout == (case.folder / path).read_text(encoding="utf-8"), version


@pytest.mark.parametrize("name", CASES)
@pytest.mark.slow
def test_init_never_writes_a_second_changelog(name: str, tmp_path: Path) -> None:
    case = wild.load(name)
    repo = wild.build(case, tmp_path / "p")
    proc = run_release(repo, "init", "--dry-run", "--no-lock")
    assert "Traceback" not in proc.stderr
    if "two files look like" in case.prepare.get("refuse", ""):
        assert proc.returncode == 1
        assert case.prepare["refuse"] in proc.stderr
        return
    assert proc.returncode == 0, proc.stderr
    assert f"changelog      {case.data['changelog']}" in proc.stdout
    assert not re.search(r"^ +new +CHANGELOG\.md ", proc.stdout, re.MULTILINE), proc.stdout
