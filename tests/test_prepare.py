"""`release prepare` / `inv release.prepare` in real git repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import SCRIPTS, Sample, make_sample

from release.cli import main
from release.commands.validate import Options, Report
from release.outside import plan

UNRELEASED = """\
# Changelog

## [Unreleased]

### Added

- A shiny thing.

## [1.3.0] - 2026-10-01

- Older.
"""


def repository_state(sample: Sample) -> tuple[dict[str, bytes], bytes, str, str]:
    """Every file, the index, HEAD and the tags: what a refusal must leave as it was."""
    index = (sample.path / ".git" / "index").read_bytes()
    return (sample.snapshot(), index, sample.git("rev-parse", "HEAD"),
            sample.git("show-ref", "--tags"))


def inv(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (repo / "tasks.py").write_text(
        "from invoke import Collection\nfrom release.tasks import release\n"
        "ns = Collection(release)\n")
    return subprocess.run([str(SCRIPTS / "inv"), *args], cwd=repo, capture_output=True,
                          text=True, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Sample:
    sample = make_sample(tmp_path / "p", version="1.3.0", changelog=UNRELEASED)
    sample.write(".gitignore", "tasks.py\n")
    sample.commit("ignore tasks.py")
    return sample


@pytest.mark.parametrize(("keyword", "expected"), [
    ("major", "2.0.0"), ("minor", "1.4.0"), ("patch", "1.3.1"), ("rc", "1.3.1rc1"),
    ("alpha", "1.3.1a1"), ("beta", "1.3.1b1"), ("post", "1.3.0.post1"), ("1.4.0-rc.1", "1.4.0rc1"),
])
@pytest.mark.slow
def test_inv_prepare_every_keyword(project: Sample, keyword: str, expected: str) -> None:
    project.git("tag", "-d", "v1.3.0")  # `post` needs 1.3.0 itself to be unreleased
    proc = inv(project.path, "release.prepare", keyword, "--date", "2026-11-25")
    assert proc.returncode == 0, proc.stderr
    assert f'version = "{expected}"  # bumped by `inv release.prepare`' in (
        project.path / "pyproject.toml").read_text()
    assert f"## [{expected}] - 2026-11-25\n\n### Added\n\n- A shiny thing." in (
        project.path / "CHANGELOG.md").read_text()
    assert "ready:" in proc.stdout  # the result was validated and shown


@pytest.mark.slow
def test_prepare_changes_only_the_edited_spans(project: Sample) -> None:
    before_py = (project.path / "pyproject.toml").read_bytes()
    before_cl = (project.path / "CHANGELOG.md").read_bytes()
    assert project.release("prepare", "1.4.0", "--date", "2026-11-25").returncode == 0
    after_py = (project.path / "pyproject.toml").read_bytes()
    assert after_py == before_py.replace(b'version = "1.3.0"', b'version = "1.4.0"')
    after_cl = (project.path / "CHANGELOG.md").read_bytes()
    assert after_cl == before_cl.replace(
        b"## [Unreleased]\n", b"## [Unreleased]\n\n## [1.4.0] - 2026-11-25\n")


@pytest.mark.slow
def test_prepare_keeps_crlf_quoting_and_comments(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.3.0", changelog=UNRELEASED.replace("\n", "\r\n"))
    text = ("[project] # the metadata\r\nname = 'sample-project'\r\n"
            "version   =   '1.3.0'   # single quotes, odd spacing\r\n"
            "[tool.other]\r\nversion = '1.3.0'\r\n")
    (sample.path / "pyproject.toml").write_bytes(text.encode())
    sample.commit()
    proc = sample.release("prepare", "minor", "--date", "2026-11-25")
    assert proc.returncode == 0, proc.stderr
    assert (sample.path / "pyproject.toml").read_bytes() == text.replace(
        "version   =   '1.3.0'", "version   =   '1.4.0'").encode()
    changelog = (sample.path / "CHANGELOG.md").read_bytes()
    assert b"\r\n## [1.4.0] - 2026-11-25\r\n" in changelog and b"\n\n" not in changelog


@pytest.mark.slow
def test_prepare_dynamic_version_file(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.3.0", changelog=UNRELEASED)
    pyproject = (sample.path / "pyproject.toml").read_text().replace(
        'version = "1.3.0"  # bumped by `inv release.prepare`', 'dynamic = ["version"]')
    sample.write("pyproject.toml", pyproject + '\n[tool.hatch.version]\npath = "sample_project/__init__.py"\n')
    init = '"""Sample."""\n\n__version__ = "1.3.0"  # keep\nOTHER = "1.3.0"\n'
    sample.write("sample_project/__init__.py", init)
    sample.commit()
    assert sample.release("prepare", "patch").returncode == 0
    assert (sample.path / "sample_project/__init__.py").read_text() == init.replace(
        '__version__ = "1.3.0"', '__version__ = "1.3.1"')


@pytest.mark.slow
def test_dry_run_changes_nothing(project: Sample) -> None:
    before, tags = project.snapshot(), project.git("tag")
    proc = project.release("prepare", "1.4.0", "--dry-run", "--date", "2026-11-25")
    assert proc.returncode == 0
    assert '-version = "1.3.0"' in proc.stdout and "+## [1.4.0] - 2026-11-25" in proc.stdout
    assert "1. write pyproject.toml: version 1.3.0 -> 1.4.0" in proc.stderr
    assert project.snapshot() == before and project.git("tag") == tags
    assert project.git("status", "--porcelain") == ""


@pytest.mark.parametrize(("setup", "argv", "reason"), [
    (None, ["1.3.0"], "1.3.0 is not higher than the current version 1.3.0"),
    (None, ["1.2.0"], "is not higher than the current version"),
    ("tag-v1.5.0", ["1.4.0"], "1.4.0 is not higher than the existing tag v1.5.0"),
    ("tag-v1.4.0", ["1.4.0"], "the tag v1.4.0 already exists"),
    ("dirty", ["1.4.0"], "the working tree has uncommitted changes (README.md)"),
    ("section", ["1.4.0"], "already has a section for 1.4.0"),
    (None, ["1.4.0", "--date", "2026-13-01"], "is not a date in the form YYYY-MM-DD"),
    (None, ["1.3.0rc1"], "is not higher than the current version"),
])
@pytest.mark.slow
def test_refusals_leave_the_repository_untouched(
    project: Sample, setup: str | None, argv: list[str], reason: str
) -> None:
    if setup and setup.startswith("tag-"):
        project.tag(setup[4:])
    elif setup == "dirty":
        project.write("README.md", "changed\n")
    elif setup == "section":
        project.write("CHANGELOG.md", UNRELEASED.replace("## [1.3.0]", "## [1.4.0] - 2026-01-01\n\n- x\n\n## [1.3.0]"))
        project.commit()
    before = repository_state(project)
    proc = project.release("prepare", *argv, "--commit")
    assert proc.returncode == 1, proc.stderr
    assert reason in proc.stderr and "nothing was changed" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert repository_state(project) == before


@pytest.mark.slow
def test_allow_dirty(project: Sample) -> None:
    project.write("README.md", "changed\n")
    assert project.release("prepare", "1.4.0", "--allow-dirty").returncode == 0


@pytest.mark.slow
def test_bad_keyword_is_refused(project: Sample) -> None:
    proc = project.release("prepare", "huge")
    assert proc.returncode == 1 and "not a valid PEP 440 version" in proc.stderr


@pytest.mark.parametrize("commit", [False, True])
@pytest.mark.slow
def test_an_empty_unreleased_section_is_refused_and_nothing_changes(tmp_path: Path,
                                                                     commit: bool) -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n## [1.3.0] - 2026-10-01\n\n- x\n"
    sample = make_sample(tmp_path / "p", version="1.3.0", changelog=changelog)
    before = repository_state(sample)
    proc = sample.release("prepare", "1.4.0", "--date", "2026-11-25",
                          *(["--commit"] if commit else []))
    assert proc.returncode == 1
    assert "the new 1.4.0 section would be empty: the unreleased section `## [Unreleased]` " \
           "(line 3) has no entries" in proc.stderr
    assert "nothing was changed" in proc.stderr and "Traceback" not in proc.stderr
    assert repository_state(sample) == before


@pytest.mark.slow
def test_a_missing_changelog_is_not_created(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.3.0")
    sample.git("rm", "-q", "CHANGELOG.md")
    sample.commit()
    before = repository_state(sample)
    proc = sample.release("prepare", "1.4.0", "--date", "2026-11-25", "--commit")
    assert proc.returncode == 1
    assert "CHANGELOG.md does not exist, so the 1.4.0 section would be empty" in proc.stderr
    assert "set `changelog` in [tool.release]" in proc.stderr
    assert repository_state(sample) == before


@pytest.mark.slow
def test_commit_makes_one_commit_with_exactly_the_two_files(project: Sample) -> None:
    project.write("notes.txt", "untracked\n")
    proc = project.release("prepare", "1.4.0", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert project.git("log", "-1", "--format=%s") == "Release 1.4.0"
    assert project.git("show", "--name-only", "--format=", "HEAD").split() == [
        "CHANGELOG.md", "pyproject.toml"]


def test_rollback_when_the_second_write_fails(
    project: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = project.snapshot()
    real = plan.files.write_atomic
    calls = []

    def failing(path: Path, data: bytes) -> None:
        calls.append(path.name)
        if path.name == "CHANGELOG.md" and calls.count("CHANGELOG.md") == 1:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(plan.files, "write_atomic", failing)
    monkeypatch.chdir(project.path)
    assert main(["prepare", "1.4.0"]) == 1
    assert calls == ["pyproject.toml", "CHANGELOG.md", "pyproject.toml"]
    assert project.snapshot() == before


# --- the post-release step: `release prepare dev` -------------------------------------------

KAC = """\
# Changelog

## [1.4.0] - 2026-11-24

- Shipped.

## [1.3.0] - 2026-10-01

- Older.

[1.4.0]: https://github.com/example/sample-project/compare/v1.3.0...v1.4.0
[1.3.0]: https://github.com/example/sample-project/releases/tag/v1.3.0
"""
PALLETS = """\
Version 1.4.0
-------------

Released 2026-11-24

-   Shipped.


Version 1.3.0
-------------

Released 2026-10-01

-   Older.
"""
RST = """\
Changes
=======

1.4.0 (2026-11-24)
------------------

- Shipped.

1.3.0 (2026-10-01)
------------------

- Older.
"""
PLAIN = "# History\n\n## 1.4.0 (2026-11-24)\n\n- Shipped.\n\n## 1.3.0 (2026-10-01)\n\n- Older.\n"

LINKED = """\
# Changes

## [1.4.0](https://github.com/example/sample-project/compare/v1.3.0...v1.4.0) - 2026-11-24

- Shipped.

## [1.3.0](https://github.com/example/sample-project/compare/v1.2.0...v1.3.0) - 2026-10-01

- Older.
"""

POST_RELEASE = [
    # (file, its text at the release, the top after `prepare dev`, the unreleased heading
    # block, the heading `prepare patch` writes for the next release)
    ("CHANGELOG.md", KAC, "# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2026-11-24\n",
     "## [Unreleased]\n\n", "## [1.4.1] - 2026-12-01"),
    ("CHANGELOG.md", LINKED, "# Changes\n\n## [Unreleased](https://github.com/example/"
     "sample-project/compare/v1.4.0...HEAD)\n\n## [1.4.0](",
     "...HEAD)\n\n", "## [1.4.1](https://github.com/example/sample-project/compare/v1.4.0..."
     "v1.4.1) - 2026-12-01"),
    ("CHANGES.rst", PALLETS,
     "Version 1.4.1\n-------------\n\nUnreleased\n\n\nVersion 1.4.0\n-------------\n",
     "Unreleased\n\n", "Version 1.4.1\n-------------\n\nReleased 2026-12-01"),
    ("CHANGES.rst", RST, "Changes\n=======\n\nUnreleased\n----------\n\n1.4.0 (2026-11-24)\n",
     "Unreleased\n----------\n\n", "1.4.1 (2026-12-01)\n------------------"),
    ("HISTORY.md", PLAIN, "# History\n\n## Unreleased\n\n## 1.4.0 (2026-11-24)\n",
     "## Unreleased\n\n", "## 1.4.1 (2026-12-01)"),
]


def released_sample(tmp_path: Path, name: str, text: str) -> Sample:
    """1.4.0 released (tagged v1.4.0 on HEAD) with the changelog ``name``."""
    sample = make_sample(tmp_path / "p", version="1.4.0")
    (sample.path / "CHANGELOG.md").unlink()
    sample.write(name, text)
    sample.commit("Release 1.4.0")
    sample.tag("v1.4.0")
    return sample


@pytest.mark.parametrize(("name", "text", "top", "opened", "next_heading"), POST_RELEASE,
                         ids=["keepachangelog-links", "inline-compare-links", "pallets-rst",
                              "rst", "plain-md"])
@pytest.mark.slow
def test_prepare_dev_opens_an_unreleased_section_in_the_files_style(
        tmp_path: Path, name: str, text: str, top: str, opened: str, next_heading: str
) -> None:
    sample = released_sample(tmp_path, name, text)
    proc = sample.release("prepare", "dev", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert 'version = "1.4.1.dev0"' in (sample.path / "pyproject.toml").read_text()
    after = (sample.path / name).read_text()
    assert after.startswith(top)
    first = next(line for line in top.split("\n")
                 if "1.4.0" in line and "Unreleased" not in line)
    link = "[Unreleased]: https://github.com/example/sample-project/compare/v1.4.0...HEAD\n"
    assert after.replace(link, "")[after.index(first):] == text[text.index(first):]
    assert "2026-12" not in after  # a development version gets no dated section
    assert sample.git("log", "-1", "--format=%s") == "Back to development: 1.4.1.dev0"
    assert sample.git("status", "--porcelain") == ""
    assert sample.release("validate", "--mode", "branch").returncode == 0
    assert "next: push it (or open a PR); when it is time to release: `release prepare " \
        "1.4.1`" in proc.stderr
    # The next release fills the section it opened, in the same style.
    log = (sample.path / name).read_text()
    entry = "- A change.\n" if name != "CHANGES.rst" else "-   A change.\n"
    sample.write(name, log.replace(opened, opened + entry, 1))
    sample.commit("A change")
    proc = sample.release("prepare", "patch", "--date", "2026-12-01")
    assert proc.returncode == 0, proc.stderr
    assert next_heading in (sample.path / name).read_text()


@pytest.mark.slow
def test_prepare_dev_adds_the_unreleased_compare_link(tmp_path: Path) -> None:
    sample = released_sample(tmp_path, "CHANGELOG.md", KAC)
    assert sample.release("prepare", "dev").returncode == 0
    assert "[Unreleased]: https://github.com/example/sample-project/compare/v1.4.0...HEAD\n" \
        "[1.4.0]: " in (sample.path / "CHANGELOG.md").read_text()


@pytest.mark.slow
def test_prepare_dev_keeps_an_existing_unreleased_section_and_every_version_file(
        tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.4.0",
                         extra='\n[tool.release]\nversion-files = ["docs/conf.py"]\n')
    sample.write("docs/conf.py", 'release = "1.4.0"\n')
    sample.commit("docs")
    sample.tag("v1.4.0")
    before = (sample.path / "CHANGELOG.md").read_bytes()
    proc = sample.release("prepare", "dev", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert (sample.path / "CHANGELOG.md").read_bytes() == before  # `## [Unreleased]` is there
    assert 'version = "1.4.1.dev0"' in (sample.path / "pyproject.toml").read_text()
    assert (sample.path / "docs/conf.py").read_text() == 'release = "1.4.1.dev0"\n'
    assert "the changelog already has an unreleased section" in proc.stderr
    assert sample.git("show", "--name-only", "--format=", "HEAD").split() == [
        "docs/conf.py", "pyproject.toml"]


@pytest.mark.slow
def test_an_explicit_dev_version_never_gets_a_dated_section(tmp_path: Path) -> None:
    sample = released_sample(tmp_path, "CHANGELOG.md", KAC)
    proc = sample.release("prepare", "1.5.0.dev0", "--date", "2026-12-07")
    assert proc.returncode == 0, proc.stderr
    text = (sample.path / "CHANGELOG.md").read_text()
    assert "1.5.0" not in text and "2026-12-07" not in text
    assert text.startswith("# Changelog\n\n## [Unreleased]\n\n## [1.4.0]")


@pytest.mark.slow
def test_prepare_dev_dry_run_shows_the_diff_and_changes_nothing(tmp_path: Path) -> None:
    sample = released_sample(tmp_path, "HISTORY.md", PLAIN)
    before = sample.snapshot()
    proc = sample.release("prepare", "dev", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "+## Unreleased\n" in proc.stdout and '+version = "1.4.1.dev0"' in proc.stdout
    assert sample.snapshot() == before


@pytest.mark.parametrize(("setup", "message"), [
    ("untagged", "1.4.0 is not released yet (there is no tag v1.4.0)"),
    ("dev", "1.4.1.dev0 is already a development version"),
])
@pytest.mark.slow
def test_prepare_dev_refusals(tmp_path: Path, setup: str, message: str) -> None:
    sample = make_sample(tmp_path / "p", version="1.4.0")
    if setup == "dev":
        sample.tag("v1.4.0")
        assert sample.release("prepare", "dev", "--commit").returncode == 0
    before = sample.snapshot()
    proc = sample.release("prepare", "dev")
    assert proc.returncode == 1
    assert message in proc.stderr
    assert sample.snapshot() == before


@pytest.mark.slow
def test_tag_refuses_a_development_version(tmp_path: Path) -> None:
    sample = released_sample(tmp_path, "CHANGELOG.md", KAC)
    assert sample.release("prepare", "dev", "--commit").returncode == 0
    proc = sample.release("tag")
    assert proc.returncode == 1
    assert "1.4.1.dev0 is a development version" in proc.stderr
    assert "`release prepare 1.4.1`" in proc.stderr
    assert "v1.4.1.dev0" not in sample.git("tag")


@pytest.mark.slow
def test_inv_prepare_dev(tmp_path: Path) -> None:
    sample = released_sample(tmp_path, "CHANGELOG.md", KAC)
    sample.write(".gitignore", "tasks.py\n")
    sample.commit("ignore tasks.py")
    proc = inv(sample.path, "release.prepare", "dev", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert 'version = "1.4.1.dev0"' in (sample.path / "pyproject.toml").read_text()
    assert sample.git("log", "-1", "--format=%s") == "Back to development: 1.4.1.dev0"
@pytest.mark.parametrize("commit", [False, True])
def test_a_result_that_does_not_validate_is_put_back_commit_included(
    project: Sample, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    commit: bool,
) -> None:
    from release.commands import prepare as command
    from release.project.checks import Check

    real = command.validate

    def failing(options: Options) -> Report:  # a check that fails only after the writes
        report = real(options)
        report.checks.append(Check("version-files-agree", False, "error", "injected", "x"))
        return report

    monkeypatch.setattr(command, "validate", failing)
    monkeypatch.chdir(project.path)
    before = repository_state(project)
    assert main(["prepare", "1.4.0", "--date", "2026-11-25",
                 *(["--commit"] if commit else [])]) == 1
    err = capsys.readouterr().err
    assert "the result would not validate (version-files-agree)" in err
    assert "every file, the index and HEAD were put back" in err
    assert repository_state(project) == before


@pytest.mark.slow
def test_a_commit_hook_that_refuses_leaves_nothing_behind(project: Sample) -> None:
    hook = project.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint failed' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = repository_state(project)
    proc = project.release("prepare", "1.4.0", "--date", "2026-11-25", "--commit")
    assert proc.returncode == 1, proc.stderr
    assert "lint failed" in proc.stderr or "git commit" in proc.stderr
    assert "every file, the index and HEAD were put back" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert repository_state(project) == before


def test_the_plan_numbers_only_the_steps_it_shows(tmp_path: Path) -> None:
    """A step with nothing to do (no version file to write, as for a VCS version with
    towncrier) takes no number: the plan reads 1., 2., not 1., 3."""
    change = plan.FileChange(tmp_path / "CHANGELOG.md", "CHANGELOG.md", b"a\n", b"b\n", "why")
    steps = plan.Plan([plan.WriteFiles([]), plan.WriteFiles([change]),
                       plan.WriteFiles([change, change])])
    assert steps.describe() == ("1. write CHANGELOG.md: why\n"
                                "2. write CHANGELOG.md: why\n"
                                "   write CHANGELOG.md: why")
