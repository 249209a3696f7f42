"""The corpus of real-project layouts (tests/corpus/layouts/), end to end.

Each layout is built as a real git repository with real tags, a ``main``/``master``/
``develop`` default branch and a bare ``origin`` (tests/corpus/layouts.py). With zero
configuration the installed ``release`` command must: validate it in branch mode with the
expected state and facts; ``prepare patch`` it, editing exactly the right spans (none for
VCS versions); validate the result; ``release tag`` it in the project's own tag scheme; and
validate that tag in tag mode. Refusals must come with hints that work when run.

Two layouts keep their changelog outside the project folder (hatch's docs/history/,
Sage's repository-root CHANGELOG.md); these tests name it with ``changelog`` in
[tool.release], as such a project would.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_release

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
from layouts import Case, build_repo, load_case, names

from release.changelog import Changelog
from release.project.versions import Spelling, Version, parse_or_none

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

DATE = "2026-03-04"
CASES = names()


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def project_dir(case: Case, work: Path) -> Path:
    return work / case.project_dir


def configure_changelog(case: Case, work: Path) -> None:
    """Name the changelog when it is not ``<project>/CHANGELOG.md``; a project without a
    pyproject.toml (setup.py and setup.cfg only) has nowhere to name it: it is found."""
    wanted = case.expect.get("changelog")
    default = str(Path(case.project_dir) / "CHANGELOG.md")
    folder = project_dir(case, work)
    if wanted is None or Path(wanted) == Path(default) or not (folder / "pyproject.toml").exists():
        return
    relative = Path(*([".."] * len(Path(case.project_dir).parts))) / wanted
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'\n[tool.release]\nchangelog = "{relative.as_posix()}"\n')
    git(work, "commit", "-qam", "Name the changelog")


def validate(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    proc = run_release(folder, "validate", "--format", "json", *args)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc, json.loads(proc.stdout)


def failed(data: dict) -> dict[str, dict]:
    return {c["id"]: c for c in data["checks"] if not c["ok"] and c["severity"] == "error"}


def make(case: Case, tmp_path: Path) -> Path:
    work = build_repo(case, tmp_path)
    configure_changelog(case, work)
    return work


def same_version(a: str | None, b: str) -> bool:
    return a is not None and Version(a) == Version(b)


@pytest.mark.parametrize("name", CASES)
def test_branch_mode_facts_and_state(name: str, tmp_path: Path) -> None:
    case = load_case(name)
    expect = case.expect
    work = make(case, tmp_path)
    folder = project_dir(case, work)
    proc, data = validate(folder)
    facts = data["facts"]
    assert same_version(facts["version"]["value"], expect["version"]), facts
    assert data["state"] == expect["state"], (data["state"], proc.stderr)
    assert facts["tag_prefix"]["value"] == expect["tag_prefix"], facts
    if "history" in expect:  # a retired scheme: said once in the facts, no warning
        assert expect["history"] in facts["tag_prefix"]["source"], facts
        assert "tag-scheme" not in failed(data) and all(
            c["ok"] for c in data["checks"] if c["id"] == "tag-scheme"), data["checks"]
    assert facts["main_branch"]["value"] == expect["main_branch"], facts
    if expect["version_kind"] != "vcs":
        where = (folder / facts["version"]["file"]).resolve()
        assert where == (work / expect["version_file"]).resolve(), facts
        assert facts["version"]["line"] == expect["version_line"], facts
    else:
        assert facts["version"]["file"] is None
        assert "git tags" in facts["version"]["source"] or "tag" in facts["version"]["source"]
    if expect["state"] == "preparing":
        # The files say a version that has no changelog section yet: not ready, and the hint
        # is a command that the tool accepts in this state.
        assert set(failed(data)) == {"changelog-section"}, proc.stderr
        hint = failed(data)["changelog-section"]["hint"]
        assert f"`release prepare {expect['version']}`" in hint or (
            f"`release prepare {Version(expect['version'])}`" in hint), hint
        accepted = run_release(folder, "prepare", str(Version(expect["version"])), "--dry-run")
        assert accepted.returncode == 0, accepted.stderr
    else:
        assert data["ok"] is True, proc.stderr
    if expect["state"] == "released":
        # Tag mode for the released tag, from the commit after it: only "not at HEAD" fails.
        tag = next(t for t in case.all_tags if _tag_equal(t, expect["tag_prefix"],
                                                          expect["version"]))
        tagged, data = validate(folder, "--mode", "tag", "--tag", tag)
        assert set(failed(data)) == {"tag-at-head"}, tagged.stderr
        assert data["state"] == "released"
    text = run_release(folder, "validate")
    assert "facts:" in text.stdout and "main branch" in text.stdout


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), "a version edit never adds or removes lines"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.slow
def test_prepare_patch_then_tag(name: str, tmp_path: Path) -> None:
    case = load_case(name)
    expect = case.expect
    work = make(case, tmp_path)
    folder = project_dir(case, work)
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and ".git" not in p.parts}
    proc = run_release(folder, "prepare", "patch", "--date", DATE, "--commit")
    after_patch = expect["after_patch_version"]
    assert proc.returncode == 0, proc.stderr + proc.stdout
    changelog = (work / expect.get("changelog", str(Path(case.project_dir) / "CHANGELOG.md")))
    changes = {p for p, data in before.items() if p.read_bytes() != data}
    changes |= {p for p in work.rglob("*") if p.is_file() and ".git" not in p.parts
                and p not in before}
    assert changelog.resolve() in {p.resolve() for p in changes}
    section = Changelog(changelog.read_text(), changelog.name).find(Version(after_patch))
    dated = expect.get("changelog_dated", True)  # jmespath's sections carry no date
    assert section is not None and section.date == (DATE if dated else None)  # its own style
    edited = {p.resolve() for p in changes} - {changelog.resolve()}
    expected_files = set()
    if expect["version_kind"] != "vcs":
        expected_files.add((work / expect["version_file"]).resolve())
    expected_files |= {(work / f).resolve() for f in expect.get("extra_version_files", [])}
    assert edited == expected_files, (sorted(map(str, edited)), proc.stderr)
    current = expect["version"]
    for path in edited:
        for old, new in changed_lines(before[next(p for p in before if p.resolve() == path)]
                                      .decode(), path.read_text()):
            if re.search(r"\(\d+(, \d+)+", old):  # a version tuple: (5, 2, 1, "final", 0)
                numbers = ", ".join(map(str, Version(after_patch).release))
                assert re.sub(r"\(\d+(, \d+){2}", f"({numbers}", old) == new, (old, new)
                continue
            tokens = re.findall(r"\d[\w.+!-]*\w|\d", old)
            full = [t for t in tokens if _equal(t, current)]
            short = ".".join(current.split(".")[:2])
            spelled = full or [t for t in tokens if t == short]
            assert spelled, (path, old, new)
            rebuilt = old
            for token in spelled:  # each place keeps its own spelling (2026.07.23, 0.14)
                rebuilt = rebuilt.replace(token, Spelling.learn([token]).spell(
                    Version(after_patch)) if full else ".".join(
                    str(n) for n in Version(after_patch).release[:2]))
            assert rebuilt == new, (path, old, new)
    if expect["version_kind"] not in ("vcs", "computed"):
        main_file = work / expect["version_file"]
        line = main_file.read_text().splitlines()[expect["version_line"] - 1]
        assert Version(after_patch) in [parse_or_none(t) for t in re.findall(
            r"\d[\w.+!-]*\w|\d", line)], line
    subject = git(work, "log", "-1", "--format=%s")
    assert subject.startswith("Release ") and _equal(subject[len("Release "):], after_patch)
    ok, data = validate(folder)
    assert ok.returncode == 0, ok.stderr
    assert data["state"] == "preparing" and same_version(data["version"], after_patch)
    # Tag mode before the tag exists, then `release tag`, then tag mode on the tag.
    new_tag = expect["new_tag"]
    ready, data = validate(folder, "--mode", "tag", "--tag", new_tag)
    assert ready.returncode == 0, ready.stderr
    tagged = run_release(folder, "tag")
    assert tagged.returncode == 0, tagged.stderr
    assert f"created {new_tag}" in tagged.stdout, tagged.stdout
    assert git(work, "rev-parse", f"{new_tag}^{{commit}}") == git(work, "rev-parse", "HEAD")
    done, data = validate(folder, "--mode", "tag", "--tag", new_tag)
    assert done.returncode == 0, done.stderr
    assert data["state"] == "released"
    again = run_release(folder, "tag")
    assert again.returncode == 0 and "already points at HEAD" in again.stderr, again.stderr


SHORT = [n for n in CASES if "after_minor_version" in load_case(n).expect]


@pytest.mark.parametrize("name", SHORT)
@pytest.mark.slow
def test_prepare_minor_and_major_keep_the_projects_x_y(name: str, tmp_path: Path) -> None:
    """sqlite-utils tags its minor and major releases X.Y (4.1, 4.2, never 4.2.0): `minor`
    gives 4.3 and `major` 5.0, exactly so in the files, the changelog and the tag."""
    case = load_case(name)
    expect = case.expect
    work = make(case, tmp_path)
    folder = project_dir(case, work)
    major = expect["after_major_version"]
    dry = run_release(folder, "prepare", "major", "--date", DATE, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f" -> {major} " in dry.stdout + dry.stderr and f"{major}.0" not in dry.stdout
    minor, tag = expect["after_minor_version"], expect["new_minor_tag"]
    proc = run_release(folder, "prepare", "minor", "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert f"note: {minor}, not {minor}.0: the project writes its X.Y.0 releases without " \
        "the .0" in proc.stderr, proc.stderr
    line = (work / expect["version_file"]).read_text().splitlines()[expect["version_line"] - 1]
    assert re.findall(r"\d[\w.]*\d", line) == [minor], line
    changelog = work / expect.get("changelog", str(Path(case.project_dir) / "CHANGELOG.md"))
    section = Changelog(changelog.read_text(), changelog.name).find(Version(minor))
    assert section is not None and section.version_text == minor and section.date == DATE
    assert git(work, "log", "-1", "--format=%s") == f"Release {minor}"
    tagged = run_release(folder, "tag")
    assert tagged.returncode == 0 and f"created {tag}" in tagged.stdout, tagged.stderr
    assert git(work, "tag", "--points-at", "HEAD") == tag
    done, data = validate(folder, "--mode", "tag", "--tag", tag)
    assert done.returncode == 0 and data["state"] == "released", done.stderr


def _tag_equal(tag: str, prefix: str, version: str) -> bool:
    if not tag.startswith(prefix):
        return False
    rest = tag[len(prefix):]
    return _equal(rest.replace("_", ".") if prefix == "rel_" else rest, version)


def _equal(token: str, version: str) -> bool:
    try:
        return Version(token) == Version(version)
    except Exception:
        return False


@pytest.mark.parametrize("name", CASES)
@pytest.mark.slow
def test_tag_on_a_feature_branch_is_refused_with_a_working_hint(name: str, tmp_path: Path
                                                                ) -> None:
    case = load_case(name)
    work = make(case, tmp_path)
    folder = project_dir(case, work)
    main = case.expect["main_branch"]
    git(work, "switch", "-q", "-c", "feature/next")
    assert run_release(folder, "prepare", "patch", "--date", DATE, "--commit").returncode == 0
    proc = run_release(folder, "tag")
    assert proc.returncode == 1, proc.stderr
    assert "[tag-on-main-branch]" in proc.stderr and f"release from {main}" in proc.stderr
    assert git(work, "tag", "--points-at", "HEAD") == ""
    # The hint: merge into the main branch, then tag there.
    git(work, "switch", "-q", main)
    git(work, "merge", "-q", "--ff-only", "feature/next")
    assert run_release(folder, "tag").returncode == 0
