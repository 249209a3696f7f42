"""`release tag` / `inv release.tag`: checks, the annotated tag, pushing one ref."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Sample, git, make_sample
from test_prepare import UNRELEASED, inv


@pytest.fixture
def prepared(tmp_path: Path) -> Sample:
    sample = make_sample(tmp_path / "p", version="1.3.0", changelog=UNRELEASED)
    sample.write(".gitignore", "tasks.py\n")
    sample.commit("ignore")
    assert sample.release("prepare", "1.4.0", "--commit", "--date", "2026-11-25").returncode == 0
    return sample


@pytest.mark.slow
def test_inv_tag_creates_an_annotated_tag_with_the_notes(prepared: Sample) -> None:
    proc = inv(prepared.path, "release.tag")
    assert proc.returncode == 0, proc.stderr
    assert prepared.git("cat-file", "-t", "v1.4.0") == "tag"
    message = prepared.git("tag", "-l", "--format=%(contents)", "v1.4.0")
    assert message == "Release 1.4.0\n\n### Added\n\n- A shiny thing."
    assert prepared.git("rev-parse", "v1.4.0^{commit}") == prepared.git("rev-parse", "HEAD")
    accepted = prepared.release("validate", "--mode", "tag", "--tag", "v1.4.0")
    assert accepted.returncode == 0, accepted.stderr


@pytest.mark.slow
def test_dry_run_creates_nothing(prepared: Sample, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--bare", str(tmp_path / "remote.git"))
    prepared.git("remote", "add", "origin", str(tmp_path / "remote.git"))
    proc = prepared.release("tag", "--dry-run", "--push")
    assert proc.returncode == 0
    assert "git tag --annotate v1.4.0" in proc.stderr, proc.stderr
    assert "git push origin refs/tags/v1.4.0 (this tag only)" in proc.stderr
    assert prepared.git("tag") == "v1.3.0"


@pytest.mark.slow
def test_push_sends_exactly_one_ref(prepared: Sample, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    prepared.git("remote", "add", "origin", str(remote))
    prepared.git("tag", "unrelated-local-tag")
    proc = prepared.release("tag", "--push")
    assert proc.returncode == 0, proc.stderr
    assert git(remote, "for-each-ref", "--format=%(refname)") == "refs/tags/v1.4.0"
    # Running it again is harmless: the tag already points at HEAD.
    assert prepared.release("tag", "--push").returncode == 0


@pytest.mark.parametrize("problem", ["dirty", "not-main", "stub", "moved"])
@pytest.mark.slow
def test_refusals_leave_tags_untouched(prepared: Sample, problem: str) -> None:
    if problem == "dirty":
        prepared.write("README.md", "edited\n")
        expected = "[clean-tree]"
    elif problem == "not-main":
        prepared.git("checkout", "-q", "-b", "topic")
        prepared.commit("topic")
        expected = "[tag-on-main-branch]"
    elif problem == "stub":
        text = (prepared.path / "CHANGELOG.md").read_text().replace(
            "- A shiny thing.", "- TODO: describe the changes in this release.")
        prepared.write("CHANGELOG.md", text)
        prepared.commit()
        expected = "[changelog-section-filled]"
    else:
        prepared.tag("v1.4.0")
        prepared.commit("later")
        expected = "[tag-exists]"
    tags = prepared.git("for-each-ref", "refs/tags")
    proc = prepared.release("tag")
    assert proc.returncode == 1
    assert expected in proc.stderr and "nothing was changed" in proc.stderr
    assert prepared.git("for-each-ref", "refs/tags") == tags


@pytest.mark.slow
def test_allow_branch(prepared: Sample) -> None:
    prepared.git("checkout", "-q", "-b", "maint")
    assert prepared.release("tag", "--allow-branch").returncode == 0


@pytest.mark.slow
def test_notes_command(prepared: Sample, tmp_path: Path) -> None:
    for spelling in ("1.4.0", "v1.4.0", "1.4"):
        proc = prepared.release("notes", spelling)
        assert proc.returncode == 0 and proc.stdout == "### Added\n\n- A shiny thing.\n"
    assert prepared.release("notes").stdout == "### Added\n\n- A shiny thing.\n"
    out = tmp_path / "notes.md"
    assert prepared.release("notes", "1.3.0", "--output", str(out)).returncode == 0
    assert out.read_text() == "- Older.\n"
    missing = prepared.release("notes", "9.9.9")
    assert missing.returncode == 1 and "no section for 9.9.9" in missing.stderr
    assert inv(prepared.path, "release.notes", "--version", "1.4.0").stdout.startswith("### Added")


@pytest.mark.slow
def test_tag_says_which_branch_it_took_for_the_main_branch(prepared: Sample) -> None:
    """A `git init` that made `master`: the tag goes there, and the output says so."""
    prepared.git("branch", "-m", "main", "master")
    proc = prepared.release("tag", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "main branch  master (branch master exists)" in proc.stderr
