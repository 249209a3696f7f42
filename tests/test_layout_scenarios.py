"""Scenarios on corpus layouts: maintenance releases, re-runs, configuration that disagrees
with the tags, ignored tags, an unknown main branch, the preparing state, VCS first releases.

Every refusal's hint is run, and must be accepted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SCRIPTS, Sample, make_sample, pyproject, run_release

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from layouts import build_repo, load_case

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

DATE = "2026-03-04"


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def layout(name: str, tmp_path: Path) -> Path:
    return build_repo(load_case(name), tmp_path)


def checks(proc: subprocess.CompletedProcess[str]) -> dict[str, dict]:
    return {c["id"]: c for c in json.loads(proc.stdout)["checks"]}


def hinted_command(text: str) -> list[str]:
    """The first `release …` command a hint proposes, as argv."""
    match = re.search(r"`release ([^`]+)`", text)
    assert match is not None, text
    return match.group(1).split()


def test_maintenance_release_from_a_release_branch(tmp_path: Path) -> None:
    work = layout("precommit-setup-cfg-literal", tmp_path)  # v4.6.2 released on main
    git(work, "switch", "-q", "-c", "4.6.x")
    setup = (work / "setup.cfg").read_text()
    (work / "setup.cfg").write_text(setup.replace("version = 4.6.2", "version = 4.6.3"))
    log = (work / "CHANGELOG.md").read_text()
    (work / "CHANGELOG.md").write_text(log.replace(
        "## [4.6.2]", "## [4.6.3] - 2026-03-01\n\n### Fixes\n\n- A backport.\n\n## [4.6.2]"))
    git(work, "commit", "-qam", "Release 4.6.3")
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0, tagged.stderr
    valid = run_release(work, "validate", "--tag", "v4.6.3", "--format", "json")
    assert valid.returncode == 0, valid.stderr
    assert "maintenance release: not on main, but release branch 4.6.x" in (
        checks(valid)["tag-on-main-branch"]["message"])
    # main stays as it was, "pending" (v4.6.2 with the layout's later commit), not "behind"
    # v4.6.3, and its next release skips 4.6.3.
    git(work, "switch", "-q", "main")
    main = run_release(work, "validate", "--format", "json")
    assert main.returncode == 0, main.stderr
    assert json.loads(main.stdout)["state"] == "pending"
    assert "v4.6.3 on other branches" in checks(main)["version-not-behind-tags"]["message"]
    refused = run_release(work, "prepare", "patch")
    assert refused.returncode == 1 and "the tag v4.6.3 already exists" in refused.stderr
    hint = hinted_command(refused.stderr.split("v4.6.3 already exists", 1)[1])
    assert hint == ["prepare", "4.6.4"]
    accepted = run_release(work, *hint, "--date", DATE, "--commit")
    assert accepted.returncode == 0, accepted.stderr
    assert run_release(work, "tag").returncode == 0
    assert git(work, "describe", "--tags", "--exact-match") == "v4.6.4"


@pytest.mark.slow
def test_a_maintenance_tag_on_an_unmerged_branch_is_an_existing_tag(tmp_path: Path) -> None:
    # Sphinx layout: v8.2.1 lives only on 8.2.x; master prepares 8.3.0.
    work = layout("sphinx-flit-module-maintenance", tmp_path)
    data = json.loads(run_release(work, "validate", "--format", "json").stdout)
    assert data["state"] == "preparing"  # 8.3.0 is above v8.2.0, and v8.2.1 is no obstacle
    # Preparing state: the files already say 8.3.0, so `prepare 8.3.0` dates the changelog only.
    before = (work / "sphinx" / "__init__.py").read_bytes()
    proc = run_release(work, "prepare", "8.3.0", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert "only the changelog changes" in proc.stderr
    assert git(work, "show", "--name-only", "--format=", "HEAD") == "CHANGELOG.md"
    assert (work / "sphinx" / "__init__.py").read_bytes() == before
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0 and "created v8.3.0" in tagged.stdout, tagged.stderr


def test_re_running_an_old_release_job_only_warns(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p")  # 1.4.0 prepared, v1.3.0 tagged earlier
    sample.tag("v1.4.0")
    released = sample.git("rev-parse", "HEAD")
    sample.write("pyproject.toml", (sample.path / "pyproject.toml").read_text().replace(
        'version = "1.4.0"', 'version = "1.5.0"'))
    sample.write("CHANGELOG.md", (sample.path / "CHANGELOG.md").read_text().replace(
        "## [1.4.0]", "## [1.5.0] - 2026-12-01\n\n- Later.\n\n## [1.4.0]"))
    sample.commit("Release 1.5.0")
    subprocess.run(["git", "tag", "-a", "v1.5.0", "-m", "v1.5.0"], cwd=sample.path, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2099-01-01T00:00:00"})
    sample.git("checkout", "-q", released)
    proc = sample.release("validate", "--tag", "v1.4.0", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    newest = checks(proc)["tag-newest"]
    assert newest["severity"] == "warning" and "a re-run" in newest["message"]


def test_configured_prefix_that_no_tag_has_is_reported(tmp_path: Path) -> None:
    work = layout("fastapi-pdm-file", tmp_path)
    pyproject = work / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.release]\ntag-prefix = "x"\n')
    git(work, "commit", "-qam", "configure")
    proc = run_release(work, "validate", "--format", "json")
    scheme = checks(proc)["tag-scheme"]
    assert scheme["severity"] == "warning"
    assert "tag-prefix = 'x' in [tool.release], but no tag has it" in scheme["message"]
    assert "7 release tags with unprefixed" in scheme["message"]
    assert "change `tag-prefix`" in scheme["hint"]


def test_ignore_tags_silences_the_abandoned_line(tmp_path: Path) -> None:
    work = layout("httpx-hatch-path", tmp_path)
    first = checks(run_release(work, "validate", "--format", "json"))["tags-abandoned"]
    assert 'ignore-tags = ["1.0.0.beta0"]' in first["hint"]
    pyproject = work / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.release]\nignore-tags = ["1.0.0.beta0"]\n')
    git(work, "commit", "-qam", "ignore the abandoned beta")
    proc = run_release(work, "validate", "--format", "json")
    assert proc.returncode == 0 and "tags-abandoned" not in checks(proc)


def test_unknown_main_branch_refuses_to_tag_until_configured(sample: Sample) -> None:
    sample.git("branch", "-m", "main", "develop")
    proc = sample.release("tag")
    assert proc.returncode == 1
    assert "cannot tell which branch releases are tagged on" in proc.stderr
    assert 'main-branch = "NAME"' in proc.stderr
    assert sample.git("tag", "--points-at", "HEAD") == ""
    sample.write("pyproject.toml", (sample.path / "pyproject.toml").read_text()
                 + '\n[tool.release]\nmain-branch = "develop"\n')
    sample.commit("name the main branch")
    proc = sample.release("tag")
    assert proc.returncode == 0, proc.stderr


def test_behind_hint_is_a_command_that_works(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", version="1.2.9", changelog="# Changelog\n\n"
                         "## [Unreleased]\n\n- x\n\n## [1.2.0] - 2026-01-01\n\n- y\n")
    proc = sample.release("validate", "--format", "json")
    hint = checks(proc)["version-not-behind-tags"]["hint"]
    assert hinted_command(hint) == ["prepare", "1.3.1"]
    assert sample.release(*hinted_command(hint), "--dry-run").returncode == 0


@pytest.mark.parametrize(("unreleased", "failed"), [
    ("## [Unreleased]\n\n- x\n\n", {"version-not-behind-tags"}),
    ("", {"version-not-behind-tags", "changelog-unreleased"}),
])
def test_a_development_version_below_the_tag_asks_for_no_section_of_its_own(
        tmp_path: Path, unreleased: str, failed: set[str]) -> None:
    # typing_extensions: 4.16.0rc2 tagged, then the version set to 4.16.0rc2.dev (below it).
    # A development version needs an unreleased section, never a dated section of its own.
    released = "## [1.4.0rc2] - 2026-06-25\n\n- y\n"
    sample = make_sample(tmp_path / "p", version="1.4.0rc2",
                         changelog="# Changelog\n\n" + released)
    sample.tag("v1.4.0rc2")
    sample.write("pyproject.toml", (sample.path / "pyproject.toml").read_text().replace(
        '"1.4.0rc2"', '"1.4.0rc2.dev0"'))
    sample.write("CHANGELOG.md", "# Changelog\n\n" + unreleased + released)
    sample.commit("Back to development")
    proc = sample.release("validate", "--format", "json")
    found = checks(proc)
    assert {cid for cid, c in found.items() if not c["ok"]} == failed, [
        (cid, c["message"], c["hint"]) for cid, c in found.items() if not c["ok"]]
    assert "1.4.0rc2.dev0 (" not in proc.stdout  # no heading proposed for the .dev version
    assert hinted_command(found["version-not-behind-tags"]["hint"]) == ["prepare", "1.4.0"]


def test_a_version_that_went_back_below_a_tag_of_its_history_is_a_warning(
        tmp_path: Path) -> None:
    # pypa/build: 1.5.1 was tagged, then the files went back to 1.5.0 (a rolled-back release).
    sample = make_sample(tmp_path / "p", version="1.3.1", changelog="# Changelog\n\n"
                         "## [1.3.1] - 2026-10-02\n\n- x\n\n## [1.3.0] - 2026-10-01\n\n- y\n")
    sample.tag("v1.3.1")
    sample.write("pyproject.toml", (sample.path / "pyproject.toml").read_text().replace(
        '"1.3.1"', '"1.3.0"'))
    sample.write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- x again\n\n"
                 "## [1.3.0] - 2026-10-01\n\n- y\n")
    sample.commit("Roll 1.3.1 back")
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 0, proc.stderr  # a warning: the readiness check still passes
    found = checks(proc)["version-not-behind-tags"]
    assert found["severity"] == "warning"
    assert found["message"] == ("1.3.0 is the release tag v1.3.0, but v1.3.1 was tagged later "
                                "in this branch's history: the version went back")
    assert hinted_command(found["hint"]) == ["prepare", "1.3.2"]
    assert sample.release(*hinted_command(found["hint"]), "--dry-run").returncode == 0


def test_a_version_constant_no_rule_names_is_reported_before_it_is_left_behind(
        tmp_path: Path) -> None:
    # sentry-python: sentry_sdk/consts.py `VERSION = "…"` beside the version source
    sample = make_sample(tmp_path / "p", changelog="# Changelog\n\n## [Unreleased]\n\n"
                         "- A fix.\n\n## [1.4.0] - 2026-11-01\n\n- x\n")
    sample.tag("v1.4.0")
    sample.write("sample_project/consts.py", 'VERSION = "1.4.0"\n')
    sample.commit("consts")
    proc = sample.release("validate", "--format", "json")
    assert proc.returncode == 0, proc.stderr  # a warning: the readiness check passes
    found = [c for c in json.loads(proc.stdout)["checks"] if c["id"] == "version-files-agree"]
    assert [(c["severity"], c["file"], c["line"]) for c in found if not c["ok"]] == [
        ("warning", "sample_project/consts.py", 1)]
    planned = sample.release("prepare", "patch", "--dry-run")
    assert planned.returncode == 0, planned.stderr
    assert ("sample_project/consts.py:1 also says 1.4.0, and nothing keeps it in step: "
            "`release prepare` would leave it behind; list it in [tool.release]: "
            '`version-files = ["sample_project/consts.py"]`') in planned.stdout + planned.stderr


def test_released_version_without_a_section_gets_the_tag_date(tmp_path: Path) -> None:
    sample = make_sample(tmp_path / "p", changelog="# Changelog\n\n## [1.3.0] - 2026-10-01\n\n- x\n")
    sample.tag("v1.4.0")
    proc = sample.release("validate", "--format", "json")
    hint = checks(proc)["changelog-section"]["hint"]
    assert "1.4.0 is released (tag v1.4.0" in hint and "release prepare" not in hint


def test_vcs_first_release_and_nothing_prepared(tmp_path: Path) -> None:
    work = layout("black-hatch-vcs", tmp_path)
    refused = run_release(work, "tag")
    assert refused.returncode == 1 and "no release is prepared" in refused.stderr
    assert hinted_command(refused.stderr) == ["prepare", "patch"]
    for tag in git(work, "tag").split():
        git(work, "tag", "-d", tag)
    # A project before its first release: no tags, and a changelog with pending entries only
    # (sections of releases above 0.1.0 would rightly make `prepare 0.1.0` refuse).
    changelog = next(p for p in work.iterdir() if p.name.upper().startswith(("CHANGE", "HISTORY")))
    changelog.write_text("# Changelog\n\n## Unreleased\n\n- The first release.\n")
    git(work, "commit", "-qam", "A project before its first release")
    first = run_release(work, "prepare", "patch")
    assert first.returncode == 1 and "no release tag yet" in first.stderr
    command = hinted_command(first.stderr)
    assert command == ["prepare", "0.1.0"]
    assert run_release(work, *command, "--date", DATE, "--commit").returncode == 0
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0 and "created v0.1.0" in tagged.stdout, tagged.stderr


def test_flask_uv_lock_is_kept_in_step(tmp_path: Path) -> None:
    work = layout("flask-project-static", tmp_path)
    facts = json.loads(run_release(work, "validate", "--format", "json").stdout)["facts"]
    assert facts["version_files"] == [{"file": "uv.lock", "line": 17, "value": "3.2.0.dev0",
                                       "source": "uv.lock (the project's own entry)"}]
    assert run_release(work, "prepare", "patch", "--date", DATE).returncode == 0
    lock = (work / "uv.lock").read_text()
    assert 'name = "flask"\nversion = "3.2.0"\n' in lock
    assert 'version = "3.2.0"' in (work / "pyproject.toml").read_text()


def test_sage_symlink_is_kept_and_two_components_are_kept(tmp_path: Path) -> None:
    case = load_case("sage-setup-cfg-file-symlink")
    work = build_repo(case, tmp_path)
    folder = work / "pkgs" / "sagemath-environment"
    (folder / "pyproject.toml").write_text((folder / "pyproject.toml").read_text()
                                           + '\n[tool.release]\nchangelog = "../../CHANGELOG.md"\n')
    git(work, "commit", "-qam", "name the changelog")
    proc = run_release(folder, "prepare", "patch", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert (folder / "VERSION.txt").is_symlink()
    assert (work / "src" / "VERSION.txt").read_text() == "10.6\n"
    assert run_release(folder, "tag").returncode == 0
    assert git(work, "describe", "--tags", "--exact-match") == "10.6"


def test_inv_is_named_only_when_invoke_and_the_collection_are_there(tmp_path: Path) -> None:
    work = layout("markitdown-hatch-about-subdir", tmp_path)
    folder = work / "packages" / "markitdown"
    proc = run_release(folder, "validate", "--format", "json")
    assert "`release prepare 0.1.7b1`" in checks(proc)["changelog-section"]["hint"]
    (folder / "tasks.py").write_text("from invoke import Collection\n"
                                     "from release.tasks import release\nns = Collection(release)\n")
    proc = run_release(folder, "validate", "--format", "json")
    assert "`inv release.prepare 0.1.7b1`" in checks(proc)["changelog-section"]["hint"]


@pytest.mark.slow
def test_uv_lock_check_passes_after_the_release_commit(tmp_path: Path) -> None:
    uv = SCRIPTS / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed in this environment")
    sample = make_sample(tmp_path / "p", version="1.3.0", changelog="# Changelog\n\n"
                         "## [Unreleased]\n\n- A change.\n\n## [1.3.0] - 2026-10-01\n\n- Old.\n")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_CONFIG": "1"}

    def uv_lock(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(uv), "lock", "--offline", *args], cwd=sample.path,
                              capture_output=True, text=True, env=env, check=False)

    assert uv_lock().returncode == 0
    sample.commit("lock")
    assert 'version = "1.3.0"' in (sample.path / "uv.lock").read_text()
    proc = sample.release("prepare", "patch", "--commit")
    assert proc.returncode == 0, proc.stderr
    assert "uv.lock: line" in proc.stderr  # the plan names it
    assert sample.git("show", "--name-only", "--format=", "HEAD").split() == [
        "CHANGELOG.md", "pyproject.toml", "uv.lock"]
    check = uv_lock("--check")
    assert check.returncode == 0, check.stderr


@pytest.mark.slow
def test_a_release_tagged_on_another_branch_while_main_says_its_dev_version(
    tmp_path: Path,
) -> None:
    # click's state: 8.5.0 was tagged from a release branch; main still says 8.5.0.dev and
    # its CHANGES.md still calls `## Version 8.5.0` unreleased. Each hint must work.
    pending = ("## Version 2.1.0\n\nUnreleased\n\n- A new option.\n\n"
               "## Version 2.0.0\n\nReleased 2026-01-10\n\n- First.\n")
    sample = make_sample(tmp_path / "p", version="2.1.0.dev0", changelog=pending,
                         tags=("2.0.0",))
    work = sample.path
    git(work, "switch", "-q", "-c", "stable")
    sample.write("pyproject.toml", (work / "pyproject.toml").read_text().replace(
        'version = "2.1.0.dev0"', 'version = "2.1.0"'))
    sample.write("CHANGELOG.md", pending.replace("Unreleased", "Released 2026-02-01"))
    sample.commit("Release 2.1.0")
    sample.tag("2.1.0")
    git(work, "switch", "-q", "main")

    refused = run_release(work, "prepare", "minor")
    assert refused.returncode == 1
    assert "the tag 2.1.0 already exists (released from another branch; this one still " \
           "says 2.1.0.dev0)" in refused.stderr
    assert "(`git merge 2.1.0`)" in refused.stderr
    assert hinted_command(refused.stderr) == ["prepare", "2.1.1"]
    # The next version is refused while the changelog still calls 2.1.0 unreleased, and the
    # hint says why, instead of proposing to prepare 2.1.0 again.
    again = run_release(work, "prepare", "2.1.1")
    assert again.returncode == 1
    assert "`## Version 2.1.0` is for 2.1.0, not 2.1.1" in again.stderr
    assert "2.1.0 is already tagged" in again.stderr and "`git merge 2.1.0`" in again.stderr
    assert "prepare 2.1.0" not in again.stderr
    assert git(work, "status", "--porcelain") == ""
    git(work, "merge", "-q", "--ff-only", "2.1.0")
    # Nothing is pending after the merge: an empty 2.1.1 section is refused, and the hint
    # shows the heading to write; written with an entry under it, prepare keeps it.
    empty = run_release(work, "prepare", "2.1.1", "--date", DATE)
    assert empty.returncode == 1
    assert "the new 2.1.1 section would be empty" in empty.stderr
    assert "    ## Version 2.1.1\n\n    Released 2026-03-04\n" in empty.stderr
    sample.write("CHANGELOG.md", "## Version 2.1.1\n\nReleased 2026-03-04\n\n- A fix.\n\n"
                 + (work / "CHANGELOG.md").read_text())
    sample.commit("Describe 2.1.1")
    accepted = run_release(work, "prepare", "2.1.1", "--date", DATE)
    assert accepted.returncode == 0, accepted.stderr
    assert "already has the 2.1.1 section" in accepted.stderr
    assert 'version = "2.1.1"' in (work / "pyproject.toml").read_text()


def test_an_alpha_line_on_main_and_a_maintenance_branch_below_it(tmp_path: Path) -> None:
    # aiohttp: master carries v4.0.0a1 and says 4.0.0a2.dev0; the 3.13 branch, forked
    # earlier, releases 3.13.x after the alpha. Neither side may block the other.
    root = tmp_path / "p"
    root.mkdir()
    sample = Sample(root)
    git(root, "init", "-q", "-b", "main")

    def release_commit(version: str, when: int, tag: str | None = None,
                       pending: bool = False) -> None:
        heading = "## Unreleased\n\n- Next.\n\n" if pending else ""
        sample.write("pyproject.toml", pyproject(version))
        sample.write("CHANGELOG.md", f"# Changelog\n\n{heading}## {version} - 2026-01-0{when}"
                     "\n\n- A change.\n")
        sample.commit(f"Release {version}")
        if tag:
            stamp = {"GIT_COMMITTER_DATE": f"2026-01-0{when}T12:00:00+00:00"}
            subprocess.run(["git", "tag", "-a", tag, "-m", tag], cwd=root, check=True,
                           env={**os.environ, **stamp})

    sample.write("README.md", "# p\n")
    release_commit("3.12.0", 1, "v3.12.0")
    git(root, "branch", "3.13")
    release_commit("4.0.0a1", 2, "v4.0.0a1")
    release_commit("4.0.0a2.dev0", 2, pending=True)
    git(root, "switch", "-q", "3.13")
    release_commit("3.13.0", 3, "v3.13.0")
    # main's alpha line is in progress: no `tags-abandoned`, nothing behind.
    git(root, "switch", "-q", "main")
    main = run_release(root, "validate", "--format", "json")
    assert main.returncode == 0, main.stdout
    assert "tags-abandoned" not in checks(main)
    # The maintenance branch tags 3.13.1 although v4.0.0a1 sorts higher.
    git(root, "switch", "-q", "3.13")
    sample.write("pyproject.toml", pyproject("3.13.1"))
    sample.write("CHANGELOG.md", "# Changelog\n\n## 3.13.1 - 2026-01-04\n\n- A fix.\n\n"
                 "## 3.13.0 - 2026-01-03\n\n- A change.\n")
    sample.commit("Release 3.13.1")
    tagged = run_release(root, "tag")
    assert tagged.returncode == 0, tagged.stderr
    assert git(root, "describe", "--tags", "--exact-match") == "v3.13.1"


def test_calver_keyword_names_the_day_in_the_projects_spelling(tmp_path: Path) -> None:
    # certifi: zero-padded date versions made on the day they name.
    work = layout("certifi-calver-zero-padded", tmp_path)
    proc = run_release(work, "prepare", "calver", "--date", "2026-09-01", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "prepare 2026.07.22 -> 2026.09.01" in proc.stderr
    assert '+__version__ = "2026.09.01"' in proc.stdout
    assert "+## 2026.09.01 (2026-09-01)" in proc.stdout
    assert "creates 2026.09.01" in proc.stderr or "2026.09.01" in proc.stderr
    # A second release on the day of an existing one gets a counter.
    again = run_release(work, "prepare", "calver", "--date", "2026-07-22", "--commit")
    assert again.returncode == 0, again.stderr
    assert '__version__ = "2026.07.22.1"' in (work / "certifiish" / "__init__.py").read_text()
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0, tagged.stderr
    assert git(work, "describe", "--tags", "--exact-match") == "2026.07.22.1"


def test_calver_keyword_is_refused_when_the_tags_are_not_dates(tmp_path: Path) -> None:
    work = layout("commitizen-yaml-rev-prefixed", tmp_path)
    proc = run_release(work, "prepare", "calver")
    assert proc.returncode == 1 and "not date-shaped" in proc.stderr
    assert git(work, "status", "--porcelain") == ""
    hint = hinted_command(proc.stderr.split("hint:", 1)[1])
    assert run_release(work, *hint, "--dry-run").returncode == 0


def test_a_local_marker_is_development_in_branch_mode_and_refused_for_a_tag(
    tmp_path: Path,
) -> None:
    # mypy: the files say 1.12.0+dev between releases.
    work = layout("mypy-local-marker-scheme-change", tmp_path)
    branch = run_release(work, "validate", "--format", "json")
    assert branch.returncode == 0, branch.stdout
    public = checks(branch)["version-public"]
    assert public["ok"] and "development state of 1.12.0" in public["message"]
    tag_mode = run_release(work, "validate", "--tag", "v1.12.0", "--format", "json")
    assert tag_mode.returncode == 1
    refused = checks(tag_mode)["version-public"]
    assert not refused["ok"] and "`release prepare 1.12.0`" in refused["hint"]
    assert all("+dev" not in c["hint"] for c in json.loads(tag_mode.stdout)["checks"])
    tag = run_release(work, "tag")
    assert tag.returncode == 1 and "1.12.0+dev" in tag.stderr
    assert git(work, "tag", "--points-at", "HEAD") == ""
    command = hinted_command(tag.stderr.split("hint:", 1)[1])
    assert command == ["prepare", "1.12.0"]
    assert run_release(work, *command, "--date", DATE, "--commit").returncode == 0
    assert '__version__ = "1.12.0"' in (work / "mypyish" / "version.py").read_text()
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0 and "created v1.12.0" in tagged.stdout, tagged.stderr


def test_a_keyword_from_a_local_marker_never_proposes_the_local_version(tmp_path: Path) -> None:
    # mypy: `release prepare minor` on 1.12.0+dev releases 1.12.0; no note may propose
    # `release prepare 1.12.0+dev` (a local version is never a release).
    work = layout("mypy-local-marker-scheme-change", tmp_path)
    proc = run_release(work, "prepare", "minor", "--date", DATE, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "prepare 1.12.0+dev -> 1.12.0" in proc.stdout + proc.stderr
    assert "`release prepare 1.12.0+dev`" not in proc.stdout + proc.stderr
    assert "development state of 1.12.0" in proc.stdout + proc.stderr


def test_a_local_marker_on_a_released_version_is_the_work_since_that_release(
    tmp_path: Path,
) -> None:
    # h11: 0.16.0+dev after the tag v0.16.0 (a local version sorts after its public one, as
    # h11's _version.py says it wants): branch mode passes, and a keyword bumps from 0.16.0.
    work = layout("mypy-local-marker-scheme-change", tmp_path)
    version = work / "mypyish" / "version.py"
    version.write_text(version.read_text().replace("1.12.0+dev", "1.11.0+dev"))
    git(work, "commit", "-qam", "Back to development")
    branch = run_release(work, "validate", "--format", "json")
    assert branch.returncode == 0, branch.stdout
    behind = checks(branch)["version-not-behind-tags"]
    assert behind["ok"] and "1.11.0+dev is higher than v1.11.0" in behind["message"]
    public = checks(branch)["version-public"]
    assert "1.11.0+dev is the work since the release 1.11.0" in public["message"]
    proc = run_release(work, "prepare", "patch", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert "the files said 1.11.0+dev, the work since the release 1.11.0" in proc.stderr
    assert '__version__ = "1.11.1"' in version.read_text()
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0 and "created v1.11.1" in tagged.stdout, tagged.stderr


def test_a_new_tag_never_follows_a_retired_scheme(tmp_path: Path) -> None:
    # 7.3.0 ... 7.4.1, then v7.5.0, v7.6.0; a backport tagged 7.4.2 after them is history.
    work = layout("hatch-vcs-scheme-switch", tmp_path)
    git(work, "switch", "-q", "-c", "7.4.x", "7.4.1")
    git(work, "commit", "-q", "--allow-empty", "-m", "a backport")
    git(work, "tag", "-a", "7.4.2", "-m", "7.4.2")
    git(work, "switch", "-q", "main")
    facts = json.loads(run_release(work, "validate", "--format", "json").stdout)["facts"]
    assert facts["tag_prefix"]["value"] == "v"
    assert "4 older unprefixed tags count as history" in facts["tag_prefix"]["source"]
    proc = run_release(work, "prepare", "patch", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert "creates v7.6.1" in proc.stderr
    assert run_release(work, "tag").returncode == 0
    assert git(work, "describe", "--tags", "--exact-match") == "v7.6.1"


def test_a_new_changelog_spells_the_version_as_the_tags_do(tmp_path: Path) -> None:
    # certifi keeps no changelog: prepare never starts one (issue 20); the maintainer's first
    # changelog has only an unreleased section, and its first release heading is spelled like
    # the zero-padded tags.
    work = layout("certifi-calver-zero-padded", tmp_path)
    git(work, "rm", "-q", "CHANGELOG.md")
    git(work, "commit", "-qm", "no changelog")
    refused = run_release(work, "prepare", "calver", "--date", "2026-12-07")
    assert refused.returncode == 1 and "CHANGELOG.md does not exist" in refused.stderr
    (work / "CHANGELOG.md").write_text("# Changelog\n\n## [Unreleased]\n\n- Fresh roots.\n")
    git(work, "add", "CHANGELOG.md")
    git(work, "commit", "-qm", "a changelog")
    proc = run_release(work, "prepare", "calver", "--date", "2026-12-07")
    assert proc.returncode == 0, proc.stderr
    assert "## [2026.12.07] - 2026-12-07" in (work / "CHANGELOG.md").read_text()


def test_an_explicit_version_is_written_as_given_beside_the_x_y_habit(tmp_path: Path) -> None:
    # sqlite-utils tags 4.1, 4.2 (never 4.2.0): `minor` gives 4.3, but a maintainer who
    # names 4.3.0 gets 4.3.0, in the file and the tag.
    work = layout("sqlite-utils-minor-without-zero", tmp_path)
    proc = run_release(work, "prepare", "4.3.0", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert 'version = "4.3.0"' in (work / "pyproject.toml").read_text()
    assert "without the .0" not in proc.stderr
    tagged = run_release(work, "tag")
    assert tagged.returncode == 0 and "created 4.3.0" in tagged.stdout, tagged.stderr


@pytest.mark.slow
def test_a_development_version_is_proposed_in_the_x_y_habit(tmp_path: Path) -> None:
    # The files say 4.3.0.dev0 between releases of a project that tags 4.1, 4.2: status,
    # the refusal to tag it and `patch` all name 4.3, the spelling of its tags.
    work = layout("sqlite-utils-minor-without-zero", tmp_path)
    pyproject = work / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"4.2.2"', '"4.3.0.dev0"'))
    git(work, "commit", "-qam", "Towards 4.3")
    status = run_release(work, "status", "--offline", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["next"]["command"] == "`release prepare 4.3`"
    refused = run_release(work, "tag")
    assert refused.returncode == 1 and "`release prepare 4.3`" in refused.stderr
    assert hinted_command(refused.stderr.split("hint:", 1)[1]) == ["prepare", "4.3"]
    proc = run_release(work, "prepare", "patch", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert 'version = "4.3"' in pyproject.read_text()
    assert run_release(work, "tag").returncode == 0
    assert git(work, "describe", "--tags", "--exact-match") == "4.3"


def test_calver_drops_a_zero_micro_in_the_x_y_habit(tmp_path: Path) -> None:
    # YY.M.MICRO tags that never write a .0 (26.1.1 ... 26.4.2), after X.Y releases (4.1,
    # 4.2): the first release of May is 26.5, as the project would tag it, not 26.5.0.
    work = layout("sqlite-utils-minor-without-zero", tmp_path)
    for number, (name, day) in enumerate([
            ("26.1.1", "2026-01-05"), ("26.1.2", "2026-01-09"), ("26.2.1", "2026-02-03"),
            ("26.2.2", "2026-02-10"), ("26.2.3", "2026-02-17"), ("26.3.1", "2026-03-02"),
            ("26.3.2", "2026-03-09"), ("26.3.3", "2026-03-16"), ("26.4.1", "2026-04-06"),
            ("26.4.2", "2026-04-13")]):
        env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
               "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
        subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", f"work {number}"],
                       cwd=work, env=env, check=True)
        subprocess.run(["git", "tag", "-a", name, "-m", name], cwd=work, env=env, check=True)
    pyproject = work / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"4.2.2"', '"26.4.2"'))
    git(work, "commit", "-qam", "say 26.4.2")
    proc = run_release(work, "prepare", "calver", "--date", "2026-05-04", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "prepare 26.4.2 -> 26.5 " in proc.stderr and "26.5.0" not in proc.stdout
    assert "note: 26.5, not 26.5.0" in proc.stderr
