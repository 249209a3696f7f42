"""`release validate` and the original `scripts/release/validate_release.py`, end to end.

Every test runs the installed command (or the original script) as a subprocess in a real
temporary git repository, and asserts what a maintainer would see.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CHANGELOG, ROOT, Sample, git, make_sample, pyproject, run_release

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

SHIM = [sys.executable, str(ROOT / "scripts" / "release" / "validate_release.py")]


def checks_of(proc: subprocess.CompletedProcess[str]) -> dict[str, dict[str, object]]:
    data = json.loads(proc.stdout)
    return {check["id"]: check for check in data["checks"]}


def failed_ids(proc: subprocess.CompletedProcess[str]) -> set[str]:
    return {cid for cid, check in checks_of(proc).items()
            if not check["ok"] and check["severity"] == "error"}


# -- success -------------------------------------------------------------------------


def test_branch_mode_passes_for_a_release_in_preparation(sample: Sample) -> None:
    proc = sample.release("validate")
    assert proc.returncode == 0, proc.stderr
    assert "branch mode, version 1.4.0 [release in preparation]" in proc.stdout
    assert "ready:" in proc.stdout
    assert proc.stderr == ""


def test_tag_mode_passes_on_the_tagged_commit(sample: Sample) -> None:
    sample.tag("v1.4.0")
    proc = sample.release("validate", "--mode", "tag", "--tag", "v1.4.0", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] is True and data["mode"] == "tag" and data["tag"] == "v1.4.0"
    ids = {c["id"] for c in data["checks"]}
    assert {"tag-matches-version", "tag-newest", "tag-at-head", "changelog-section-dated"} <= ids
    # The keys of the first version, and the envelope every command's JSON has.
    assert set(data) == {"ok", "mode", "version", "tag", "state", "facts", "checks",
                         "command", "problems"}
    assert data["command"] == "validate" and data["problems"] == []
    assert data["facts"]["version"] == {"value": "1.4.0", "source": "[project].version",
                                        "file": "pyproject.toml", "line": 7}
    assert data["facts"]["tag_prefix"]["value"] == "v"
    assert data["facts"]["main_branch"] == {"value": "main", "source": "branch main exists"}
    assert set(data["checks"][0]) == {"id", "ok", "severity", "message", "hint", "file", "line"}


@pytest.mark.slow
def test_the_original_command_behaves_like_release_validate(sample: Sample) -> None:
    sample.tag("v1.4.0")
    original = run_release(sample.path, "--tag", "v1.4.0", "--changelog", "CHANGELOG.md",
                           command=SHIM)
    new = sample.release("validate", "--tag", "v1.4.0", "--changelog", "CHANGELOG.md")
    assert original.returncode == new.returncode == 0
    assert original.stdout == new.stdout
    legacy_mode = run_release(sample.path, "--mode", "branch", command=SHIM)
    assert legacy_mode.returncode == 0 and "branch mode" in legacy_mode.stdout


@pytest.mark.slow
def test_the_original_command_runs_from_a_plain_checkout(sample: Sample) -> None:
    env = {"PYTHONPATH": ""}
    proc = subprocess.run([*SHIM, "--mode", "branch"], cwd=sample.path, capture_output=True,
                          text=True, env={**os.environ, **env}, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_python_dash_m_release_works(sample: Sample) -> None:
    proc = run_release(sample.path, "validate", command=[sys.executable, "-m", "release"])
    assert proc.returncode == 0, proc.stderr


def test_auto_mode_uses_the_tag_from_github_actions(sample: Sample) -> None:
    sample.tag("v1.4.0")
    env = {"GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v1.4.0", "GITHUB_REF": "refs/tags/v1.4.0"}
    proc = sample.release("validate", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "tag mode" in proc.stdout and "(from GITHUB_REF_NAME)" in proc.stdout


def test_auto_mode_uses_the_gitlab_tag(sample: Sample) -> None:
    proc = sample.release("validate", env={"CI_COMMIT_TAG": "v1.5.0"})
    assert proc.returncode == 1
    assert "tag v1.5.0 is version 1.5.0 but the project says 1.4.0" in proc.stderr


# -- mismatches ----------------------------------------------------------------------


def test_version_and_changelog_mismatch_names_file_line_and_fix(tmp_path: Path) -> None:
    changelog = CHANGELOG.format(version="1.3.5")
    sample = make_sample(tmp_path / "p", version="1.4.0", changelog=changelog)
    proc = sample.release("validate")
    assert proc.returncode == 1
    assert "CHANGELOG.md:7: [changelog-section] CHANGELOG.md has no section for 1.4.0" in proc.stderr
    assert "`release prepare 1.4.0`" in proc.stderr  # no tasks.py: the `release` command
    sample.write("tasks.py", "from invoke import Collection\nfrom release.tasks import release\n"
                 "ns = Collection(release)\n")
    assert "`inv release.prepare 1.4.0`" in sample.release("validate").stderr


def test_stale_section_above_the_version_is_reported(tmp_path: Path) -> None:
    changelog = CHANGELOG.format(version="1.5.0").replace(
        "## [1.3.0]", "## [1.4.0] - 2026-11-01\n\n- Real.\n\n## [1.3.0]")
    sample = make_sample(tmp_path / "p", version="1.4.0", changelog=changelog)
    proc = sample.release("validate", "--format", "json")
    assert failed_ids(proc) == {"changelog-section-newest"}
    check = checks_of(proc)["changelog-section-newest"]
    assert check["line"] == 7 and "a newer release is listed above" in str(check["message"])


def test_every_problem_is_reported_in_one_run(tmp_path: Path) -> None:
    changelog = "# Changelog\n\n## [1.4.0]\n\n- TODO: describe the changes in this release.\n"
    sample = make_sample(tmp_path / "p", version="1.4.0", changelog=changelog)
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 1
    assert failed_ids(proc) == {"changelog-section-filled", "changelog-section-dated"}
    assert "placeholder" in str(checks_of(proc)["changelog-section-filled"]["message"])


def test_empty_section_is_reported(tmp_path: Path) -> None:
    changelog = "# Changelog\n\n## [1.4.0] - 2026-11-24\n\n### Added\n\n## [1.3.0] - 2026-01-01\n"
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("validate", "--format", "json")
    assert failed_ids(proc) == {"changelog-section-filled"}


def test_missing_changelog(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p")
    (sample.path / "CHANGELOG.md").unlink()
    proc = sample.release("validate")
    assert proc.returncode == 1
    assert "CHANGELOG.md: [changelog-readable] CHANGELOG.md does not exist" in proc.stderr
    # `release init` starts a changelog; `release prepare` never creates one
    assert "`release init`" in proc.stderr and "release prepare" not in proc.stderr


def test_version_tag_mismatch(sample: Sample) -> None:
    proc = sample.release("validate", "--tag", "v1.4.1", "--format", "json")
    assert proc.returncode == 1
    assert "tag-matches-version" in failed_ids(proc)


def test_tag_without_prefix(sample: Sample) -> None:
    proc = sample.release("validate", "--tag", "1.4.0", "--format", "json")
    assert failed_ids(proc) >= {"tag-prefix"}


def test_regression_below_the_newest_tag(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.2.9",
                         changelog=CHANGELOG.format(version="1.2.9").replace("## [1.3.0]", "## [1.2.0]"))
    proc = sample.release("validate")
    assert proc.returncode == 1
    assert "version 1.2.9 is lower than the newest release tag v1.3.0" in proc.stderr


@pytest.mark.parametrize(
    ("tags", "version", "ok"),
    [
        (("v1.4.0.dev1",), "1.4.0a1", True),
        (("v1.4.0a1",), "1.4.0rc1", True),
        (("v1.4.0rc1",), "1.4.0", True),
        (("v1.4.0",), "1.4.0.post1", True),
        (("v1.4.0rc1",), "1.4.0b2", False),
        (("v1.4.0",), "1.4.0rc1", False),
        (("v1.10.0", "v1.9.0"), "1.4.0", False),
    ],
)
def test_pre_release_ordering(tmp_path: Path, tags: tuple[str, ...], version: str, ok: bool) -> None:
    sample = make_sample(tmp_path / "p", version=version, tags=tags)
    proc = sample.release("validate")
    assert (proc.returncode == 0) is ok, proc.stderr


@pytest.mark.parametrize("spelling", ["1.4.0-rc.1", "1.4.0RC1", "1.4.0.rc1", "v1.4.0rc1"])
def test_pep440_spellings_match_with_a_hint(tmp_path: Path, spelling: str) -> None:
    changelog = CHANGELOG.format(version=spelling)
    sample = make_sample(tmp_path / "p", version="1.4.0rc1", changelog=changelog)
    proc = sample.release("validate", "--tag", f"v{spelling.lstrip('v')}", "--format", "json")
    checks = checks_of(proc)
    assert checks["changelog-section"]["ok"] is True
    assert checks["tag-matches-version"]["ok"] is True
    if spelling.lstrip("v") != "1.4.0rc1":
        assert checks["tag-normalised"]["severity"] == "warning"
        assert "v1.4.0rc1" in str(checks["tag-normalised"]["hint"])
    assert proc.returncode == 0, proc.stderr


def test_non_normalised_version_gets_the_normal_form(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.4.0-RC.1",
                         changelog=CHANGELOG.format(version="1.4.0rc1"))
    proc = sample.release("validate")
    assert proc.returncode == 0
    assert "warning: pyproject.toml:7: [version-normalised]" in proc.stderr
    assert 'write it as "1.4.0rc1"' in proc.stderr


def test_already_released_main_is_green(sample: Sample) -> None:
    sample.tag("v1.4.0")
    proc = sample.release("validate")
    assert proc.returncode == 0, proc.stderr
    assert "[already released]" in proc.stdout
    assert "pending      0 commits and 0 changelog entries since v1.4.0" in proc.stdout
    sample.write("README.md", "# sample-project\n\nMore docs.\n")
    sample.commit("Docs after the release")
    proc = sample.release("validate")
    assert proc.returncode == 0, proc.stderr  # pending changes are a state, not a problem
    assert "[released, with changes since]" in proc.stdout
    assert "pending      1 commit and 0 changelog entries since v1.4.0" in proc.stdout


def test_development_version_needs_only_unreleased(tmp_path: Path) -> None:
    changelog = "# Changelog\n\n## [Unreleased]\n\n## [1.3.0] - 2026-10-01\n\n- Older.\n"
    sample = make_sample(tmp_path / "p", version="1.4.0.dev0", changelog=changelog)
    assert sample.release("validate").returncode == 0
    sample.write("CHANGELOG.md", changelog.replace("## [Unreleased]\n\n", ""))
    proc = sample.release("validate")
    assert proc.returncode == 1 and "[changelog-unreleased]" in proc.stderr


def test_shallow_clone_says_how_to_fetch(sample: Sample, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{sample.path}", str(clone))
    proc = run_release(clone, "validate")
    assert proc.returncode == 1
    assert "shallow" in proc.stderr and "git fetch --tags --unshallow" in proc.stderr
    assert "fetch-depth: 0" in proc.stderr


def test_no_tags_is_a_warning_with_the_fix(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", tags=())
    proc = sample.release("validate")
    assert proc.returncode == 0
    assert "warning: [git-tags] no release tags" in proc.stderr


def test_tag_not_at_head(sample: Sample) -> None:
    sample.tag("v1.4.0")
    sample.commit("one more")
    proc = sample.release("validate", "--tag", "v1.4.0")
    assert proc.returncode == 1
    assert "[tag-at-head] tag v1.4.0 points at" in proc.stderr


def test_tag_not_on_main_fails_and_unknown_main_fails(sample: Sample) -> None:
    sample.git("checkout", "-q", "-b", "feature")
    sample.commit("feature work")
    sample.tag("v1.4.0")
    proc = sample.release("validate", "--tag", "v1.4.0")
    assert proc.returncode == 1 and "not on the main branch" in proc.stderr
    # Issue 9: a main branch that cannot be found fails tag mode (it used to be a warning,
    # and `release tag` on a feature branch of a `master` repository passed silently).
    sample.git("branch", "-D", "main")
    proc = sample.release("validate", "--tag", "v1.4.0")
    assert proc.returncode == 1 and "[tag-on-main-branch] cannot tell which branch" in proc.stderr
    assert 'main-branch = "NAME"' in proc.stderr


def test_tag_must_be_higher_than_every_other_tag(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", tags=("v1.3.0", "v1.5.0"))
    sample.tag("v1.4.0")
    proc = sample.release("validate", "--tag", "v1.4.0")
    assert proc.returncode == 1
    assert "v1.4.0 is not higher than the existing release tag v1.5.0" in proc.stderr


def _fake_wheel(dist: Path, name: str, version: str, *extra: str) -> None:
    with zipfile.ZipFile(dist / f"{name}-{version}-py3-none-any.whl", "w") as archive:
        archive.writestr(f"{name}/__init__.py", "")
        for member in extra:
            archive.writestr(member, "")
        archive.writestr(f"{name}-{version}.dist-info/METADATA",
                         f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")


def _fake_sdist(dist: Path, name: str, version: str) -> None:
    import io
    import tarfile

    data = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    with tarfile.open(dist / f"{name}-{version}.tar.gz", "w:gz") as archive:
        for member in ("PKG-INFO", "pyproject.toml"):
            info = tarfile.TarInfo(f"{name}-{version}/{member}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_dist_check_reads_versions_from_metadata(sample: Sample) -> None:
    dist = sample.path / "dist"
    dist.mkdir()
    _fake_sdist(dist, "sample_project", "1.4.0")
    _fake_wheel(dist, "sample_project", "1.4.0")
    assert sample.release("validate", "--dist", "dist").returncode == 0
    # A wheel whose *name* says 1.4.0 but whose metadata says 1.3.9.
    (dist / "sample_project-1.4.0-py3-none-any.whl").unlink()
    with zipfile.ZipFile(dist / "sample_project-1.4.0-py3-none-any.whl", "w") as archive:
        archive.writestr("sample_project/__init__.py", "")
        archive.writestr("sample_project-1.4.0.dist-info/METADATA",
                         "Metadata-Version: 2.1\nName: sample_project\nVersion: 1.3.9\n")
    proc = sample.release("validate", "--dist", "dist")
    assert proc.returncode == 1
    assert "carries version 1.3.9 in its metadata, not 1.4.0" in proc.stderr


def test_dist_contents_are_inspected(sample: Sample) -> None:
    dist = sample.path / "dist"
    dist.mkdir()
    _fake_sdist(dist, "sample_project", "1.4.0")
    _fake_wheel(dist, "sample_project", "1.4.0", "tests/test_x.py",
                "sample_project/__pycache__/x.cpython-311.pyc")
    proc = sample.release("validate", "--dist", "dist", "--format", "json")
    assert failed_ids(proc) == {"dist-contents"}
    message = str(checks_of(proc)["dist-contents"]["message"])
    assert "__pycache__" in message and "tests/ (top-level tests" in message


def test_a_plain_linux_wheel_is_refused_before_the_index_refuses_it(sample: Sample) -> None:
    # PyYAML built with its extension on a plain Linux: PyPI refuses `linux_x86_64`, so an
    # upload of the sdist and that wheel would stop halfway.
    dist = sample.path / "dist"
    dist.mkdir()
    _fake_sdist(dist, "sample_project", "1.4.0")
    _fake_wheel(dist, "sample_project", "1.4.0")
    for tags in ("cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64",
                 "cp311-cp311-musllinux_1_2_aarch64", "cp311-cp311-win_amd64"):
        wheel = dist / "sample_project-1.4.0-py3-none-any.whl"
        (dist / f"sample_project-1.4.0-{tags}.whl").write_bytes(wheel.read_bytes())
    assert sample.release("validate", "--dist", "dist").returncode == 0
    wheel = dist / "sample_project-1.4.0-py3-none-any.whl"
    (dist / "sample_project-1.4.0-cp311-cp311-linux_x86_64.whl").write_bytes(wheel.read_bytes())
    proc = sample.release("validate", "--dist", "dist", "--format", "json")
    assert failed_ids(proc) == {"dist-contents"}
    assert str(checks_of(proc)["dist-contents"]["message"]) == (
        "sample_project-1.4.0-cp311-cp311-linux_x86_64.whl: tagged for the platform "
        "linux_x86_64, which PyPI refuses (it takes manylinux and musllinux wheels, not a plain "
        "linux build): build such wheels with cibuildwheel or repair them with auditwheel, or "
        "leave this one out")
    # simplejson, built with its C extension: the hint is about the platform, not about the
    # build's include/exclude rules
    hint = str(checks_of(proc)["dist-contents"]["hint"])
    assert "include/exclude" not in hint and "cibuildwheel" in hint and "auditwheel" in hint
    (dist / "sample_project-1.4.0-py3-none-any.whl").unlink()  # and a stray file too: both hints
    wheel = dist / "sample_project-1.4.0-cp311-cp311-win_amd64.whl"
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr("sample_project/__pycache__/x.cpython-311.pyc", b"")
    proc = sample.release("validate", "--dist", "dist", "--format", "json")
    hint = str(checks_of(proc)["dist-contents"]["hint"])
    assert "include/exclude" in hint and "auditwheel" in hint


def test_dist_needs_one_sdist_and_a_wheel(sample: Sample) -> None:
    dist = sample.path / "dist"
    dist.mkdir()
    _fake_wheel(dist, "sample_project", "1.4.0")
    proc = sample.release("validate", "--dist", "dist", "--format", "json")
    assert failed_ids(proc) == {"dist-files"}
    proc = sample.release("validate", "--dist", "nowhere", "--format", "json")
    assert failed_ids(proc) == {"dist-files"}


# -- output --------------------------------------------------------------------------


def test_github_actions_annotations_and_step_summary(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", changelog=CHANGELOG.format(version="1.3.5"))
    summary = tmp_path / "summary.md"
    proc = sample.release("validate", env={"GITHUB_ACTIONS": "true",
                                           "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    assert "::error file=CHANGELOG.md,line=7,title=release validate%3A changelog-section::" in proc.stderr
    text = summary.read_text()
    assert "| ❌ | `changelog-section` |" in text and "| ✅ | `version-pep440` |" in text


def test_colour_only_on_request(sample: Sample) -> None:
    plain = sample.release("validate")
    assert "\033[" not in plain.stdout
    forced = sample.release("validate", env={"FORCE_COLOR": "1"})
    assert "\033[" in forced.stdout
    off = sample.release("validate", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\033[" not in off.stdout


# -- bad input -----------------------------------------------------------------------


def _assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert text in proc.stderr


def test_malformed_toml(sample: Sample) -> None:
    sample.write("pyproject.toml", '[project]\nname = "x"\nversion = 1.4.0"\n')
    _assert_clean_failure(sample.release("validate"), 1, "pyproject.toml:3: [version-readable] "
                          "pyproject.toml is not valid TOML")


@pytest.mark.parametrize(("line", "expected"), [
    ("", "has no `[project].version`"),
    ("version = 140", "`[project].version` must be a string, found int 140"),
])
def test_missing_or_non_string_version(sample: Sample, line: str, expected: str) -> None:
    sample.write("pyproject.toml", f'[project]\nname = "x"\n{line}\n')
    _assert_clean_failure(sample.release("validate"), 1, expected)


def test_invalid_pep440_version(sample: Sample) -> None:
    sample.write("pyproject.toml", pyproject("1.4.0-final-really"))
    _assert_clean_failure(sample.release("validate"), 1, "is not a valid PEP 440 version")


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "the changelog is empty"),
    (b"\n\n  \n", "the changelog is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (b"# Changelog\n\n## [1.4.0] - 2026-11-24\n\n- caf\xe9\n", "not valid UTF-8"),
])
def test_unreadable_changelog(sample: Sample, content: bytes, expected: str) -> None:
    (sample.path / "CHANGELOG.md").write_bytes(content)
    _assert_clean_failure(sample.release("validate"), 1, expected)


def test_bom_and_crlf_and_fenced_headings(tmp_path: Path) -> None:
    changelog = ("\ufeff# Changelog\r\n\r\n```markdown\r\n## [9.9.9] - 2030-01-01\r\n```\r\n\r\n"
                 "## [1.4.0] - 2026-11-24\r\n\r\n- Works.\r\n")
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert checks_of(proc)["changelog-section"]["line"] == 7


def test_duplicate_sections(tmp_path: Path) -> None:
    changelog = CHANGELOG.format(version="1.4.0") + "\n## [1.4.0] - 2026-01-01\n\n- Again.\n"
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("validate")
    _assert_clean_failure(proc, 1, "[changelog-unique] 1.4.0 has more than one section (lines 7 and 19)")


def test_not_a_git_repository(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    project.mkdir()
    (project / "pyproject.toml").write_text(pyproject())
    (project / "CHANGELOG.md").write_text(CHANGELOG.format(version="1.4.0"))
    proc = run_release(project, "validate")
    _assert_clean_failure(proc, 1, "is not inside a git repository")


def test_git_missing_from_path(sample: Sample) -> None:
    proc = sample.release("validate", env={"PATH": str(Path(sys.executable).parent)})
    _assert_clean_failure(proc, 1, "git is not installed or not on PATH")


def test_tags_that_are_not_versions_are_ignored(sample: Sample) -> None:
    for tag in ("latest", "vnext", "v1.x", "release-2"):
        sample.tag(tag)
    proc = sample.release("validate")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("argv", [
    ["validate", "--mode", "sideways"],
    ["validate", "--frobnicate"],
    ["launch"],
    [],
])
def test_usage_errors_exit_2(sample: Sample, argv: list[str]) -> None:
    proc = sample.release(*argv)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_tag_mode_without_a_tag_is_a_usage_error(sample: Sample) -> None:
    proc = sample.release("validate", "--mode", "tag")
    _assert_clean_failure(proc, 2, "tag mode needs a tag")
    assert "GITHUB_REF_NAME" in proc.stderr


def test_unknown_config_key(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", extra='\n[tool.release]\ntag-prefx = "v"\n')
    _assert_clean_failure(sample.release("validate"), 1, "unknown key(s) in [tool.release]: tag-prefx")


def test_dynamic_version_from_a_file(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p")
    text = pyproject().replace('version = "1.4.0"  # bumped by `inv release.prepare`',
                               'dynamic = ["version"]')
    sample.write("pyproject.toml", text + '\n[tool.release]\nversion-source = "sample_project/__init__.py"\n')
    sample.write("sample_project/__init__.py", '"""x"""\n__version__ = "1.4.0"\n')
    sample.commit()
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert checks_of(proc)["version-readable"]["file"] == "sample_project/__init__.py"


def test_step_outputs_and_readiness_checklist(sample: Sample, tmp_path: Path) -> None:
    sample.tag("v1.4.0")
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_OUTPUT": str(outputs), "GITHUB_REF_TYPE": "tag", "GITHUB_REF_NAME": "v1.4.0"}
    assert sample.release("validate", env=env).returncode == 0
    assert outputs.read_text() == "version=1.4.0\ntag=v1.4.0\nprerelease=false\n"
    text = summary.read_text()
    assert "#### Readiness checklist" in text
    assert "- [x] The tag equals the version and points at the commit on the main branch" in text


def test_readiness_checklist_shows_open_items(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", changelog=CHANGELOG.format(version="1.4.0").replace(
        "- A feature worth releasing.", "- TODO: describe the changes in this release."))
    summary = tmp_path / "summary.md"
    sample.release("validate", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text()
    assert "- [ ] The changelog has one section for it, at the top, filled in and dated" in text
    assert "- [ ] After the merge: `release tag --push`" in text


# -- changelog styles ---------------------------------------------------------------------


def test_an_undated_tagged_section_gets_the_tags_date_in_the_files_style(tmp_path: Path) -> None:
    changelog = ("# Changelog\n\n## 1.4.0\n\n- New.\n\n## 1.3.0 (6th December, 2024)\n\n- Old.\n\n"
                 "## 1.2.0 (1st June, 2024)\n\n- Older.\n")
    sample = make_sample(tmp_path / "p", changelog=changelog)
    env = {**os.environ, "GIT_COMMITTER_DATE": "2024-01-02T10:00:00+00:00"}
    subprocess.run(["git", "tag", "-a", "v1.4.0", "-m", "Release v1.4.0"], cwd=sample.path,
                   env=env, check=True)
    proc = sample.release("validate", "--format", "json")
    check = checks_of(proc)["changelog-section-dated"]
    assert check["ok"] is False and check["message"] == "`## 1.4.0` has no release date"
    assert "the date of its tag, 2024-01-02" in str(check["hint"])
    assert "## 1.4.0 (2nd January, 2024)" in str(check["hint"])


def test_dates_in_words_and_on_the_next_line_count(tmp_path: Path) -> None:
    changelog = ("## Version 1.4.0\n\n_November 24, 2026_\n\n- New.\n\n"
                 "## Version 1.3.0\n\n_October 1, 2026_\n\n- Old.\n")
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert checks_of(proc)["changelog-section-dated"]["message"] == "released on 2026-11-24"


def test_a_file_without_dates_needs_none(tmp_path: Path) -> None:
    changelog = "# Change Log\n\n## Version 1.4.0\n\n- New.\n\n## Version 1.3.0\n\n- Old.\n"
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 0, proc.stdout
    assert "does not date its releases" in str(checks_of(proc)["changelog-section-dated"]["message"])


def test_a_heading_with_thousands_of_digits_is_no_crash(tmp_path: Path) -> None:
    changelog = "# Changelog\n\n## " + "9" * 5000 + "\n\n## [1.4.0] - 2026-11-24\n\n- x\n"
    sample = make_sample(tmp_path / "p", changelog=changelog)
    proc = sample.release("validate")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sample.release("notes", "1.4.0").stdout == "- x\n"


def test_rst_changelog_is_discovered_and_validated(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p")
    sample.git("rm", "-q", "CHANGELOG.md")
    sample.write("CHANGES.rst", "Changes\n=======\n\nVersion 1.4.0\n-------------\n\n"
                 "Released 2026-11-24\n\n-   A feature.\n\nVersion 1.3.0\n-------------\n\n"
                 "Released 2026-10-01\n\n-   Older.\n")
    sample.commit()
    proc = sample.release("validate")
    assert proc.returncode == 0, proc.stderr
    assert "CHANGES.rst (rst, discovered) is readable" in proc.stdout
    assert "`Version 1.4.0` describes 1.4.0" in proc.stdout
