"""`release notes`: one section's body, any changelog format, and no silent guess on duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_sample


@pytest.mark.slow
def test_two_sections_for_one_version_are_both_reported(tmp_path: Path) -> None:
    changelog = ("# Changelog\n\n## [1.4.0] - 2026-11-24\n\n- New.\n\n## [1.3.0] - 2026-10-01\n\n"
                 "- Old.\n\n## 1.4.0 (2026-01-01)\n\n- Pasted twice.\n")
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("notes", "1.4.0")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "more than one section for 1.4.0: lines 3 (`## [1.4.0] - 2026-11-24`) and 11 " \
           "(`## 1.4.0 (2026-01-01)`)" in proc.stderr
    assert "merge them" in proc.stderr and "Traceback" not in proc.stderr
    validate = sample.release("validate")
    assert validate.returncode == 1
    assert "[changelog-unique] 1.4.0 has more than one section (lines 3 and 11)" in validate.stderr


@pytest.mark.slow
def test_notes_of_an_rst_file_given_with_changelog(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p")
    sample.write("docs/HISTORY.rst", "History\n=======\n\n1.4.0 (2026-11-24)\n------------------\n\n"
                 "* A fix.\n\n1.3.0 (2026-10-01)\n------------------\n\n* Older.\n")
    proc = sample.release("notes", "v1.3", "--changelog", "docs/HISTORY.rst")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "* Older.\n"
    proc = sample.release("validate", "--changelog", "docs/HISTORY.rst", "--format", "json")
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize(("name", "changelog"), [
    # aiosignal's towncrier template ends each release with an rST transition
    ("CHANGES.rst", "Changelog\n=========\n\n1.4.0 (2026-11-24)\n==================\n\n"
     "- A fix.\n\n\n----\n\n1.3.0 (2026-10-01)\n==================\n\n- Older.\n"),
    # a thematic break between Markdown releases (after a blank line: no setext underline)
    ("CHANGELOG.md", "# Changelog\n\n## 1.4.0 (2026-11-24)\n\n- A fix.\n\n---\n\n"
     "## 1.3.0 (2026-10-01)\n\n- Older.\n"),
])
@pytest.mark.slow
def test_the_separator_between_releases_is_not_part_of_the_notes(
        tmp_path: Path, name: str, changelog: str) -> None:
    sample = make_sample(tmp_path / "p")
    sample.write(name, changelog)
    proc = sample.release("notes", "1.4.0", "--changelog", name)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "- A fix.\n"


def test_missing_section_hint_shows_the_files_style(tmp_path: Path) -> None:
    changelog = "## Version 1.3.0\n\nReleased 2026-10-01\n\n- Old.\n\n## Version 1.2.0\n\nReleased 2026-09-01\n\n- Older.\n"
    sample = make_sample(tmp_path / "p", changelog=changelog)
    sample.git("mv", "CHANGELOG.md", "CHANGES.md")
    sample.commit()
    proc = sample.release("notes", "1.4.0")
    assert proc.returncode == 1
    assert "CHANGES.md: no section for 1.4.0" in proc.stderr
    assert "    ## Version 1.4.0\n\n    Released YYYY-MM-DD" in proc.stderr


@pytest.mark.parametrize("name", ["hatch-v1.3.0", "hatch-1.3.0", "pkg@1.3.0", "v1.3.0", "1.3.0"])
@pytest.mark.slow
def test_notes_accept_a_tag_of_a_per_package_scheme(tmp_path: Path, name: str) -> None:
    # hatch's monorepo tags `hatch-v1.18.0`; the GitHub Release job passes the tag name.
    sample = make_sample(tmp_path / "p")
    proc = sample.release("notes", name)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "### Fixed\n\n- An older fix.\n"


@pytest.mark.slow
def test_a_name_that_is_no_tag_and_no_version_is_refused(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p")
    proc = sample.release("notes", "hatch-latest")
    assert proc.returncode in (1, 2)
    assert "not a valid PEP 440 version" in proc.stderr and "Traceback" not in proc.stderr


VCS_PYPROJECT = """\
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "sample-project"
dynamic = ["version"]
requires-python = ">=3.10"

[tool.hatch.version]
source = "vcs"
"""


@pytest.mark.parametrize("tagged", [False, True])
@pytest.mark.slow
def test_notes_of_a_project_whose_version_is_the_tag(tmp_path: Path, tagged: bool) -> None:
    # humanize, pipx (hatch-vcs): no file holds the version; without VERSION the notes are
    # those of the version validate reads, the prepared section or the tag at HEAD.
    sample = make_sample(tmp_path / "p")
    sample.write("pyproject.toml", VCS_PYPROJECT)
    sample.commit("Release 1.4.0")
    if tagged:
        sample.tag("v1.4.0")
    proc = sample.release("notes")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "### Added\n\n- A feature worth releasing.\n"


@pytest.mark.slow
def test_notes_without_a_version_in_a_project_versioned_by_its_tags(tmp_path: Path) -> None:
    """pluggy, platformdirs, pytest-xdist: `release notes` (and `inv release.notes`) refused
    "the version comes from git tags: no file holds it"; the version is the one validation
    reads: the changelog section prepared above the newest tag, then that tag."""
    sample = make_sample(tmp_path / "p", tags=())
    sample.write("pyproject.toml", VCS_PYPROJECT)
    sample.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- Older.\n")
    sample.commit("Versions from tags")
    refused = sample.release("notes")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "no release tag" in refused.stderr and "`release notes VERSION`" in refused.stderr
    sample.write("CHANGELOG.md", "# Changelog\n\n## [1.3.0] - 2026-10-01\n\n- Older.\n")
    sample.commit("Release 1.3.0")
    sample.tag("v1.3.0")
    assert sample.release("notes").stdout == "- Older.\n"
    sample.write("CHANGELOG.md", "# Changelog\n\n## [1.4.0] - 2026-11-26\n\n- New.\n\n"
                 "## [1.3.0] - 2026-10-01\n\n- Older.\n")
    sample.commit("Release 1.4.0")
    prepared = sample.release("notes")
    assert (prepared.returncode, prepared.stdout) == (0, "- New.\n"), prepared.stderr
    sample.tag("v1.4.0")
    assert sample.release("notes").stdout == "- New.\n"
