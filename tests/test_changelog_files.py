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
])
def test_discovery_order(tmp_path: Path, files: list[str], expected: str) -> None:
    touch(tmp_path, *files)
    found = find_changelog(tmp_path, None, project="hatch")
    assert found.shown == expected
    assert found.how == ("default" if expected == "CHANGELOG.md" else "discovered")


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


def test_a_dangling_symlink_is_a_clear_error(tmp_path: Path) -> None:
    from conftest import make_sample

    sample = make_sample(tmp_path / "p")
    (sample.path / "CHANGELOG.md").unlink()
    (sample.path / "CHANGELOG.md").symlink_to("docs/gone.md")
    proc = sample.release("validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "CHANGELOG.md is a symlink to docs/gone.md, which does not exist" in proc.stderr
