"""towncrier projects: validation reports the fragments, `prepare` runs the real towncrier."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import Sample, git, pyproject

import release

TOWNCRIER = """
[tool.towncrier]
filename = "NEWS.md"
directory = "changelog.d"
title_format = "## {version} ({project_date})"
issue_format = "#{issue}"

[[tool.towncrier.type]]
directory = "fixed"
name = "Fixed"
showcontent = true
"""
NEWS = "# News\n\n<!-- towncrier release notes start -->\n\n## 1.3.0 (2026-10-01)\n\n### Fixed\n\n- Old. #1\n"


@pytest.fixture
def project(tmp_path: Path) -> Sample:
    root = tmp_path / "p"
    root.mkdir()
    sample = Sample(root)
    git(root, "init", "-q", "-b", "main")
    sample.write("pyproject.toml", pyproject("1.3.0") + TOWNCRIER)
    sample.write("README.md", "# p\n")
    sample.write("NEWS.md", NEWS)
    sample.write("CHANGELOG.md", "# Not the changelog: towncrier writes NEWS.md\n")
    sample.write("changelog.d/.gitkeep", "")
    sample.commit("Release 1.3.0")
    sample.tag("v1.3.0")
    sample.write("changelog.d/12.fixed.md", "A new fix.\n")
    sample.commit("A fix")
    return sample


@pytest.mark.slow
def test_branch_mode_reports_pending_fragments(project: Sample) -> None:
    proc = project.release("validate", "--format", "json")
    assert "NEWS.md (markdown, towncrier) is readable" in proc.stdout
    checks = {c["id"]: c for c in __import__("json").loads(proc.stdout)["checks"]}
    assert checks["changelog-fragments"]["ok"] is True
    assert "1 pending news fragment(s) in changelog.d/ (12.fixed.md)" in \
        checks["changelog-fragments"]["message"]


@pytest.mark.slow
def test_dry_run_shows_the_towncrier_draft_and_changes_nothing(project: Sample) -> None:
    before = project.snapshot()
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "towncrier build --version 1.4.0 --date 2026-11-26 --yes" in proc.stderr
    assert "## 1.4.0 (2026-11-26)" in proc.stdout and "- A new fix. (#12)" in proc.stdout
    assert project.snapshot() == before


@pytest.mark.slow
def test_prepare_without_fragments_says_the_section_will_be_empty(project: Sample) -> None:
    fragment = "- A new fix. (#12)"
    with_fragment = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--dry-run")
    assert fragment in with_fragment.stdout and "no news fragments" not in with_fragment.stderr
    project.git("rm", "-q", "changelog.d/12.fixed.md")
    project.commit("No news")
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "note: there are no news fragments" in proc.stderr
    assert "No significant changes." in proc.stdout and fragment not in proc.stdout


@pytest.mark.slow
def test_prepare_runs_towncrier_and_commits_the_removed_fragments(project: Sample) -> None:
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--commit")
    assert proc.returncode == 0, proc.stderr
    news = (project.path / "NEWS.md").read_text()
    assert news.startswith("# News\n\n<!-- towncrier release notes start -->\n\n"
                           "## 1.4.0 (2026-11-26)\n\n### Fixed\n\n- A new fix. (#12)\n")
    assert not (project.path / "changelog.d/12.fixed.md").exists()
    assert project.git("status", "--porcelain") == ""
    changed = project.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == ["NEWS.md", "changelog.d/12.fixed.md", "pyproject.toml"]
    notes = project.release("notes", "1.4.0")
    assert notes.stdout == "### Fixed\n\n- A new fix. (#12)\n"
    validate = project.release("validate")
    assert validate.returncode == 0
    # the fragments are in the new section now: no warning that asks to prepare again
    assert "warning" not in validate.stderr, validate.stderr
    assert "the news fragments are in the 1.4.0 section" in validate.stdout


@pytest.mark.parametrize("types", [
    # pytest-xdist: [tool.towncrier.fragment.X] tables (towncrier reads these before `type`)
    '[tool.towncrier.fragment.feature]\nname = "Features"\n\n'
    '[tool.towncrier.fragment.trivial]\nname = "Trivial Changes"\n',
    # a [[type]] without `directory`: towncrier's folder is the lowercased name
    '[[tool.towncrier.type]]\nname = "Feature"\n\n[[tool.towncrier.type]]\nname = "Trivial"\n',
])
@pytest.mark.slow
def test_every_fragment_towncrier_removes_is_in_the_release_commit(
        project: Sample, types: str) -> None:
    """The commit took only the fragments of the types read from `[[type]]` or towncrier's
    defaults: pytest-xdist's `1263.trivial.rst` was removed by towncrier but left staged."""
    config = TOWNCRIER.split("[[tool.towncrier.type]]", maxsplit=1)[0]
    project.write("pyproject.toml", pyproject("1.3.0") + config + types)
    project.git("rm", "-q", "changelog.d/12.fixed.md")
    project.write("changelog.d/7.feature.md", "A feature.\n")
    project.write("changelog.d/8.trivial.md", "Tidy the links.\n")
    project.commit("Fragments of two types")
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert project.git("status", "--porcelain") == ""
    changed = project.git("show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == ["NEWS.md", "changelog.d/7.feature.md",
                               "changelog.d/8.trivial.md", "pyproject.toml"]


@pytest.mark.slow
def test_a_refused_commit_after_towncrier_says_exactly_what_was_written(project: Sample
                                                                       ) -> None:
    hook = project.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'pre-commit: refused' >&2\nexit 1\n")
    hook.chmod(0o755)
    head = project.git("rev-parse", "HEAD")
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--commit")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "The commit was not made; these files were written and are not committed: " \
        "pyproject.toml, NEWS.md, changelog.d/12.fixed.md (removed)" in proc.stderr
    assert project.git("rev-parse", "HEAD") == head
    assert "refused" in proc.stderr


def _python_without_towncrier(where: Path) -> Path:
    """A virtual environment with this package and `packaging`, and no towncrier."""
    venv.create(where, with_pip=False)
    site = next((where / "lib").glob("python*/site-packages"))
    import packaging

    shutil.copytree(Path(packaging.__file__).parent, site / "packaging")
    if sys.version_info < (3, 11):  # pragma: no cover - Python 3.10 only
        import tomli

        shutil.copytree(Path(tomli.__file__).parent, site / "tomli")
    (site / "release-source.pth").write_text(str(Path(release.__file__).parents[1]) + "\n")
    return where / "bin" / "python"


@pytest.mark.slow
def test_prepare_stops_with_the_install_command_without_towncrier(
    project: Sample, tmp_path: Path
) -> None:
    python = _python_without_towncrier(tmp_path / "venv")
    before = project.snapshot()
    env = {**os.environ, "PATH": str(python.parent) + os.pathsep + "/usr/bin:/bin"}
    proc = subprocess.run([str(python), "-m", "release", "prepare", "1.4.0"], cwd=project.path,
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1, proc.stderr
    assert "towncrier is not installed" in proc.stderr
    assert "pip install towncrier" in proc.stderr and "nothing was changed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert project.snapshot() == before


@pytest.mark.slow
def test_a_second_section_for_the_same_version_is_refused(project: Sample) -> None:
    project.write("NEWS.md", NEWS.replace("## 1.3.0", "## 1.4.0 (2026-11-01)\n\n- x\n\n## 1.3.0"))
    project.commit()
    proc = project.release("prepare", "1.4.0")
    assert proc.returncode == 1 and "already has a section for 1.4.0" in proc.stderr


@pytest.mark.slow
def test_prepare_dev_leaves_the_changelog_to_towncrier(project: Sample) -> None:
    assert project.release("prepare", "1.4.0", "--commit", "--date", "2026-11-24"
                           ).returncode == 0
    project.tag("v1.4.0")
    news = (project.path / "NEWS.md").read_bytes()
    proc = project.release("prepare", "dev", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert (project.path / "NEWS.md").read_bytes() == news  # the fragments are the section
    assert 'version = "1.4.1.dev0"' in (project.path / "pyproject.toml").read_text()
    assert project.git("show", "--name-only", "--format=", "HEAD").split() == ["pyproject.toml"]
    assert project.release("validate").returncode == 0
@pytest.mark.parametrize("commit", [False, True])
@pytest.mark.slow
def test_towncrier_output_that_does_not_validate_is_put_back(
    project: Sample, monkeypatch: pytest.MonkeyPatch, commit: bool,
) -> None:
    from release.cli import main
    from release.commands import prepare as command
    from release.commands.validate import Options, Report
    from release.project.checks import Check

    real = command.validate

    def failing(options: Options) -> Report:
        report = real(options)
        report.checks.append(Check("changelog-unique", False, "error", "injected", "x"))
        return report

    monkeypatch.setattr(command, "validate", failing)
    monkeypatch.chdir(project.path)
    index = (project.path / ".git" / "index").read_bytes()
    before, head = project.snapshot(), project.git("rev-parse", "HEAD")
    assert main(["prepare", "1.4.0", "--date", "2026-11-26",
                 *(["--commit"] if commit else [])]) == 1
    # towncrier wrote NEWS.md and removed the fragment with `git rm`: all of it is back
    assert project.snapshot() == before
    assert (project.path / ".git" / "index").read_bytes() == index
    assert project.git("rev-parse", "HEAD") == head
    assert project.git("status", "--porcelain") == ""


@pytest.mark.slow
def test_a_fragment_of_no_known_type_is_refused_not_dropped(project: Sample) -> None:
    # setuptools-scm: `1500.fixed.md` where the types are feature, bugfix, ...: towncrier
    # build skips it without a word, and the release would have lost that entry.
    project.write("changelog.d/13.fixd.md", "A typo in the type.\n")
    project.write("changelog.d/README.md", "How to write a fragment.\n")
    project.commit("A misnamed fragment")
    proc = project.release("validate")
    assert proc.returncode == 1
    assert re.search(r"FAIL changelog-fragments +1 file\(s\) in changelog\.d/ are no news "
                     r"fragment of a known type \(13\.fixd\.md\)", proc.stdout), proc.stdout
    before = project.snapshot()
    refused = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--commit")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "13.fixd.md; types: fixed" in refused.stderr and "build_ignore_filenames" in \
        refused.stderr
    assert project.snapshot() == before and project.git("status", "--porcelain") == ""
    # the hint works: what is no fragment is listed, and the release goes on
    project.write("pyproject.toml", (project.path / "pyproject.toml").read_text().replace(
        'directory = "changelog.d"', 'directory = "changelog.d"\n'
        'build_ignore_filenames = ["13.fixd.md"]'))
    project.commit("Not a fragment")
    assert project.release("validate").returncode == 0


@pytest.mark.parametrize(("title_format", "newest", "written"), [
    # jaraco's projects: title_format "{version}", titles `v25.7.0` (towncrier is given the v)
    ("## {version} ({project_date})", "## v1.3.0 (2026-10-01)", "## v1.4.0 (2026-11-26)"),
    # the format writes the v itself: it is not given a second one
    ("## v{version} ({project_date})", "## v1.3.0 (2026-10-01)", "## v1.4.0 (2026-11-26)"),
    ("## {version} ({project_date})", "## 1.3.0 (2026-10-01)", "## 1.4.0 (2026-11-26)"),
])
@pytest.mark.slow
def test_the_new_title_keeps_the_v_of_the_newest_one(
        project: Sample, title_format: str, newest: str, written: str) -> None:
    project.write("pyproject.toml", pyproject("1.3.0") + TOWNCRIER.replace(
        'title_format = "## {version} ({project_date})"', f'title_format = "{title_format}"'))
    project.write("NEWS.md", NEWS.replace("## 1.3.0 (2026-10-01)", newest))
    project.commit("Titles")
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--commit")
    assert proc.returncode == 0, proc.stderr
    news = (project.path / "NEWS.md").read_text()
    assert f"<!-- towncrier release notes start -->\n\n{written}\n\n### Fixed\n" in news, news
    assert project.release("tag").returncode == 0
    assert project.release("notes", "1.4.0").stdout == "### Fixed\n\n- A new fix. (#12)\n"



@pytest.mark.slow
def test_a_package_that_imports_its_dependencies_is_not_imported(project: Sample) -> None:
    # aiosignal: its name and version in setup.cfg, `package = "aiosignal"` and no `name` for
    # towncrier, which then imports the package for its name; aiosignal/__init__.py imports
    # frozenlist, which the release tools do not have
    project.write("pyproject.toml", '[build-system]\nrequires = ["setuptools"]\n'
                  'build-backend = "setuptools.build_meta"\n' + TOWNCRIER.replace(
                      'filename = "NEWS.md"', 'package = "acme"\nfilename = "NEWS.md"').replace(
                      'title_format = "## {version}', 'title_format = "## {name} {version}'))
    project.write("setup.cfg", "[metadata]\nname = acme\nversion = attr: acme.__version__\n")
    project.write("acme/__init__.py",
                  '__version__ = "1.3.0"\n\nimport a_dependency_not_installed\n')
    project.commit("A package with a dependency")
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "## Acme 1.4.0 (2026-11-26)" in proc.stdout  # the name towncrier gives it: Acme
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-26", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert "## Acme 1.4.0 (2026-11-26)\n" in (project.path / "NEWS.md").read_text()
