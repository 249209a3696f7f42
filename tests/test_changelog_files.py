"""release.changelog.files: which file is the changelog, with zero configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from release.changelog.files import find_changelog


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n")


@pytest.mark.parametrize(("files", "expected"), [
    (["CHANGES.rst", "docs/changelog.md"], "CHANGES.rst"),
    (["HISTORY.md", "NEWS.rst"], "HISTORY.md"),
    (["changelog.md", "CHANGES.md"], "changelog.md"),
    (["Release-Notes.md"], "Release-Notes.md"),
    (["docs/changelog.rst"], "docs/changelog.rst"),
    (["doc/whats-new.rst"], "doc/whats-new.rst"),
    (["docs/project/changelog.md"], "docs/project/changelog.md"),
    (["docs/en/docs/release-notes.md"], "docs/en/docs/release-notes.md"),
    (["docs/history/hatch.md", "docs/history/hatchling.md"], "docs/history/hatch.md"),
    (["README.md", "docs/index.md"], "CHANGELOG.md"),
    (["CHANGES"], "CHANGES"),  # Pygments, pyparsing: no suffix
    (["CHANGES.txt", "LICENSE"], "CHANGES.txt"),
    (["CHANGES", "CHANGES.rst"], "CHANGES.rst"),
])
def test_discovery_order(tmp_path: Path, files: list[str], expected: str) -> None:
    touch(tmp_path, *files)
    found = find_changelog(tmp_path, None, project="hatch")
    assert found.shown == expected
    assert found.how == ("default" if expected == "CHANGELOG.md" else "discovered")


@pytest.mark.parametrize(("text", "fmt"), [
    ("Changes\n=======\n\nVersion 1.1\n-----------\n(released May 2nd, 2026)\n", "rst"),
    ("# Changes\n\n## 1.1 (2026-05-02)\n\n- x\n", "markdown"),
])
def test_a_changelog_without_a_suffix_is_read_by_its_headings(tmp_path: Path, text: str,
                                                               fmt: str) -> None:
    (tmp_path / "CHANGES").write_text(text)
    found = find_changelog(tmp_path, None)
    assert found.describe() == f"CHANGES ({fmt}, discovered)"


def test_configuration_wins_and_towncrier_names_its_file(tmp_path: Path) -> None:
    touch(tmp_path, "CHANGELOG.md", "docs/news.rst")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.towncrier]\nfilename = "docs/news.rst"\ndirectory = "news"\n')
    found = find_changelog(tmp_path, None)
    assert found.shown == "docs/news.rst" and found.how == "towncrier"
    assert found.describe() == "docs/news.rst (rst, towncrier)"
    configured = find_changelog(tmp_path, "CHANGELOG.md")
    assert configured.describe() == "CHANGELOG.md (markdown, configured, towncrier)"


def test_symlinks_are_described_and_resolved(tmp_path: Path) -> None:
    touch(tmp_path, "docs/release-notes.md")
    (tmp_path / "CHANGELOG.md").symlink_to("docs/release-notes.md")
    found = find_changelog(tmp_path, None)
    assert found.shown == "CHANGELOG.md" and found.link == "docs/release-notes.md"
    assert found.target == (tmp_path / "docs/release-notes.md").resolve()
    assert found.describe() == "CHANGELOG.md -> docs/release-notes.md (markdown, discovered)"


@pytest.mark.slow
def test_the_hint_for_a_missing_changelog_works(tmp_path: Path) -> None:
    # humanize keeps no changelog; `release prepare` never creates one, `release init` does.
    from conftest import make_sample

    sample = make_sample(tmp_path / "p")
    sample.git("rm", "-q", "CHANGELOG.md")
    sample.commit("No changelog")
    proc = sample.release("validate")
    assert proc.returncode == 1 and "CHANGELOG.md does not exist" in proc.stderr
    assert "create it with `release init`" in proc.stderr
    assert sample.release("init", "--no-lock").returncode == 0
    assert (sample.path / "CHANGELOG.md").read_text().endswith("## [Unreleased]\n")


@pytest.mark.slow
def test_a_dangling_symlink_is_a_clear_error(tmp_path: Path) -> None:
    from conftest import make_sample

    sample = make_sample(tmp_path / "p")
    (sample.path / "CHANGELOG.md").unlink()
    (sample.path / "CHANGELOG.md").symlink_to("docs/gone.md")
    proc = sample.release("validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "CHANGELOG.md is a symlink to docs/gone.md, which does not exist" in proc.stderr


RELEASED = "## 2.0.0 (2026-05-01)\n\n- x\n\n## 1.0.0 (2026-01-01)\n\n- y\n"
RST_RELEASED = "Changes\n=======\n\n2.0.0 (2026-05-01)\n------------------\n\n- x\n"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.mark.parametrize(("files", "expected"), [
    ({"docs/versionhistory.rst": RST_RELEASED}, "docs/versionhistory.rst"),
    ({"sites/www/changelog.rst": RST_RELEASED, "sites/www/index.rst": "Home\n"},
     "sites/www/changelog.rst"),
    ({"news/NEWS.rst": RST_RELEASED}, "news/NEWS.rst"),
    # a root file that only points elsewhere names no version: the docs file wins
    ({"CHANGELOG.md": "# Changelog\n\nSee docs/news.rst.\n", "docs/news.rst": RST_RELEASED},
     "docs/news.rst"),
    # an include is followed to the file it includes
    ({"docs/changelog.rst": "Changelog\n=========\n\n.. include:: ../RELEASES.rst\n",
      "RELEASES.rst": RST_RELEASED}, "RELEASES.rst"),
    ({"docs/changelog.md": "# Changelog\n\n```{include} ../HISTORY-OF-CHANGES.md\n```\n",
      "HISTORY-OF-CHANGES.md": RELEASED}, "HISTORY-OF-CHANGES.md"),
    # an older history loses to the current changelog
    ({"CHANGES.rst": "1.9 (2020-01-01)\n----------------\n\n- old\n",
      "docs/changelog.md": RELEASED}, "docs/changelog.md"),
    # recognised by content: two dated release sections, another name
    ({"docs/releases.md": RELEASED}, "docs/releases.md"),
    # one file per release
    ({"docs/releasenotes/1.0.0.rst": "1.0.0\n-----\n\n- a\n",
      "docs/releasenotes/2.0.0.rst": "2.0.0\n-----\n\n- b\n",
      "docs/releasenotes/index.rst": "Release notes\n=============\n"}, "docs/releasenotes"),
])
def test_discovery_beyond_the_usual_names(tmp_path: Path, files: dict[str, str],
                                          expected: str) -> None:
    write(tmp_path, files)
    found = find_changelog(tmp_path, None)
    assert found.shown == expected and found.how == "discovered"


def test_two_candidates_are_named_with_the_setting_that_decides(tmp_path: Path) -> None:
    from release.errors import ChangelogError

    write(tmp_path, {"CHANGELOG.md": RELEASED, "docs/changelog.md": RELEASED})
    with pytest.raises(ChangelogError) as caught:
        find_changelog(tmp_path, None)
    assert caught.value.message == ("two files look like this project's changelog, both up "
                                    "to 2.0.0: CHANGELOG.md and docs/changelog.md")
    assert '[tool.release] changelog = "CHANGELOG.md"' in caught.value.hint
    assert find_changelog(tmp_path, "docs/changelog.md").shown == "docs/changelog.md"


def test_a_release_folder_reads_as_one_changelog_with_lines_in_their_files(
        tmp_path: Path) -> None:
    from release.changelog.files import read_changelog
    from release.project.versions import parse

    write(tmp_path, {"docs/releasenotes/1.0.0.rst": "1.0.0 (2026-01-01)\n------------------\n\n- a\n",
                     "docs/releasenotes/2.0.0.rst": "2.0.0 (2026-05-01)\n------------------\n\n- b\n"})
    found = find_changelog(tmp_path, None)
    log = read_changelog(found.path, found.shown, found.format)
    section = log.find(parse("1.0.0"))
    assert section is not None and log.notes(section) == "- a\n"
    assert log.locate(section.line) == ("docs/releasenotes/1.0.0.rst", 1)  # type: ignore[attr-defined]


def test_a_toctree_entry_names_the_changelog(tmp_path: Path) -> None:
    write(tmp_path, {"docs/index.rst": "Tool\n====\n\n.. toctree::\n   :maxdepth: 2\n\n"
                                      "   usage\n   Release history <release-log>\n",
                     "docs/usage.rst": "Usage\n=====\n\n1.0 (2026-01-01)\n----------------\n",
                     "docs/release-log.rst": RST_RELEASED})
    assert find_changelog(tmp_path, None).shown == "docs/release-log.rst"
