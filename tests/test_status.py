"""`release status`: where a release stands, in text and JSON, in real repositories, with a
real package index (pypiserver) and the fake GitHub API."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, Sample, git, make_sample, run_release
from fake_github import FakeGitHub, running
from pypi_server import Index, running_index

SCHEMA = json.loads((ROOT / "docs/reference/schemas/status.json").read_text())
SDIST = "sample_project-1.4.0.tar.gz"
WHEEL = "sample_project-1.4.0-py3-none-any.whl"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    with running_index(tmp_path_factory.mktemp("index")) as server:
        yield server


@pytest.fixture
def released(tmp_path: Path) -> Sample:
    """1.4.0 tagged on HEAD: a fresh release."""
    sample = make_sample(tmp_path / "p")
    sample.tag("v1.4.0")
    return sample


def publish(index: Index, *names: str) -> None:
    """The index has exactly these files of sample-project (their bytes are their names)."""
    for old in index.packages.iterdir():
        old.unlink()
    for name in names:
        (index.packages / name).write_bytes(name.encode())


def status(sample: Sample | Path, *args: str, env: dict[str, str] | None = None
           ) -> tuple[str, dict]:
    folder = sample.path if isinstance(sample, Sample) else sample
    text = run_release(folder, "status", *args, env=env)
    assert text.returncode == 0, text.stderr
    data = run_release(folder, "status", *args, "--format", "json", env=env)
    assert data.returncode == 0, data.stderr
    result = json.loads(data.stdout)
    jsonschema.validate(result, SCHEMA)
    return text.stdout, result


@pytest.mark.slow
def test_a_fresh_release_complete_on_the_index(released: Sample, index: Index) -> None:
    publish(index, SDIST, WHEEL)
    text, data = status(released, "--repository-url", index.upload_url)
    assert data["state"] == "released"
    assert data["pending"] == {"tag": "v1.4.0", "tag_date": data["pending"]["tag_date"],
                               "commits": 0, "entries": 0, "first": [],
                               "source": "CHANGELOG.md:5"}
    assert data["tag"]["name"] == "v1.4.0" and data["tag"]["on_main"] is True
    assert data["index"]["complete"] is True
    assert {f["name"]: f["sha256"] for f in data["index"]["files"]} == {
        name: hashlib.sha256(name.encode()).hexdigest() for name in (SDIST, WHEEL)}
    assert data["next"]["command"] is None
    assert "state       released (already released" in text
    assert f"has 1.4.0: {WHEEL}, {SDIST}" in text
    assert "next: nothing to do (1.4.0 is released everywhere that was asked" in text


@pytest.mark.slow
def test_pending_entries_and_commits(released: Sample) -> None:
    log = (released.path / "CHANGELOG.md").read_text()
    released.write("CHANGELOG.md", log.replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- Fix the frobnicator.\n- Add a knob.\n"))
    released.commit("Fix the frobnicator")
    released.commit("Add a knob")
    text, data = status(released, "--offline")
    assert data["state"] == "pending"
    assert data["pending"]["commits"] == 2 and data["pending"]["entries"] == 2
    assert data["pending"]["first"] == ["Fix the frobnicator.", "Add a knob."]
    assert data["index"] is None and data["github"] is None
    assert data["next"]["command"] == "`release prepare patch`"
    assert "pending     2 commits and 2 changelog entries since v1.4.0 (CHANGELOG.md:5)" in text
    assert "              - Fix the frobnicator." in text
    assert "next: `release prepare patch`" in text


@pytest.mark.parametrize("heading", ["## 1.5.0 (unreleased)", "## [1.5.0] - Unreleased"])
@pytest.mark.slow
def test_an_unreleased_section_that_names_its_version_is_proposed(released: Sample,
                                                                   heading: str) -> None:
    # pytest-django: `v4.15.0 (unreleased)` above the tag v4.14.0; `patch` would be refused
    log = (released.path / "CHANGELOG.md").read_text()
    released.write("CHANGELOG.md", log.replace("## [Unreleased]\n", f"{heading}\n\n- A knob.\n"))
    released.commit("Add a knob")
    text, data = status(released, "--offline")
    assert data["state"] == "pending", text
    assert data["next"]["command"] == "`release prepare 1.5.0`", text
    assert released.release("prepare", "1.5.0", "--dry-run").returncode == 0


@pytest.mark.parametrize(("body", "found"), [
    ("\n.. vendor-insert-here\n", []),  # check-jsonschema, right after a release
    ("\n.. vendor-insert-here\n\n- Update the schemas.\n", ["Update the schemas."]),
    ("\n.. vendor-insert-here\n\nSome prose.\n", ["Some prose."]),
    ("\n<!-- towncrier release notes start -->\n", []),
])
def test_a_marker_comment_is_no_pending_entry(body: str, found: list[str]) -> None:
    from release.project.checks.pending import entries

    assert entries(body) == found


@pytest.mark.slow
def test_merging_the_released_branch_leaves_nothing_pending(released: Sample) -> None:
    # idna: v3.13 is tagged on the release branch, then "Merge pull request #221 from
    # kjd/release-3.13" on master brings no change: nothing waits for a release.
    git(released.path, "reset", "-q", "--hard", "HEAD~1")
    git(released.path, "merge", "-q", "--no-ff", "--no-edit", "v1.4.0")
    _, data = status(released, "--offline")
    assert data["state"] == "released" and data["pending"]["commits"] == 0
    released.commit("A change after the merge")
    _, data = status(released, "--offline")
    assert data["state"] == "pending" and data["pending"]["commits"] == 1


@pytest.mark.slow
def test_a_release_tagged_on_its_branch_then_squash_merged(released: Sample) -> None:
    # tomlkit: 0.15.1 is tagged on the pull request's branch and squash-merged into master,
    # so the tag is outside master's history; master then holds exactly the tagged tree.
    released.write("CHANGELOG.md", (released.path / "CHANGELOG.md").read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- A fix.\n", 1))
    released.commit("A fix")
    git(released.path, "switch", "-q", "-c", "release-1.4.1")
    assert released.release("prepare", "1.4.1", "--commit").returncode == 0
    git(released.path, "tag", "-a", "v1.4.1", "-m", "1.4.1")
    git(released.path, "switch", "-q", "main")
    git(released.path, "merge", "-q", "--squash", "release-1.4.1")
    git(released.path, "commit", "-q", "-m", "Release 1.4.1 (#5)")
    _, data = status(released, "--offline")
    assert data["state"] == "released" and data["pending"]["tag"] == "v1.4.1"
    assert data["pending"]["commits"] == 0
    released.write("NOTES.txt", "another fix\n")
    released.commit("Another fix")
    _, data = status(released, "--offline")
    assert data["state"] == "pending" and data["pending"]["tag"] == "v1.4.1"
    assert data["pending"]["commits"] == 1


@pytest.mark.slow
def test_git_flow_release_tagged_on_master(released: Sample) -> None:
    # jmespath: git-flow merges the release branch into master (tagged 1.0.1 there) and into
    # develop; no release tag is in develop's history, and develop's first-parent history
    # is merges only.
    path = released.path
    for name in git(path, "tag", "--merged", "HEAD").split():
        git(path, "tag", "-d", name)
    released.write("CHANGELOG.md", (path / "CHANGELOG.md").read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- A fix.\n", 1))
    released.commit("A fix")
    git(path, "switch", "-q", "-c", "release-1.4.1")
    assert released.release("prepare", "1.4.1", "--commit").returncode == 0
    git(path, "switch", "-q", "-c", "master", "main~1")
    git(path, "merge", "-q", "--no-ff", "--no-edit", "release-1.4.1")
    git(path, "tag", "-a", "v1.4.1", "-m", "1.4.1")
    git(path, "switch", "-q", "main")
    git(path, "merge", "-q", "--no-ff", "--no-edit", "release-1.4.1")
    text, data = status(released, "--offline")
    assert data["state"] == "released", text
    assert data["pending"]["tag"] == "v1.4.1" and data["pending"]["commits"] == 0
    git(path, "switch", "-q", "-c", "feature")
    released.write("NOTES.txt", "another fix\n")
    released.commit("Another fix")
    git(path, "switch", "-q", "main")
    git(path, "merge", "-q", "--no-ff", "--no-edit", "feature")
    text, data = status(released, "--offline")
    assert data["state"] == "pending" and data["pending"]["tag"] == "v1.4.1", text
    assert data["pending"]["commits"] == 1
    assert "pending     1 commit and 0 changelog entries since v1.4.1" in text


@pytest.mark.slow
def test_after_the_post_release_step(released: Sample) -> None:
    assert released.release("prepare", "dev", "--commit").returncode == 0
    _, data = status(released, "--offline")
    assert data["state"] == "development" and data["version"]["value"] == "1.4.1.dev0"
    assert data["next"]["command"] is None  # nothing written under Unreleased yet
    released.write("CHANGELOG.md", (released.path / "CHANGELOG.md").read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- A change.\n", 1))
    released.commit("A change")
    text, data = status(released, "--offline")
    assert data["next"]["command"] == "`release prepare 1.4.1`"
    assert "state       development (development version" in text


@pytest.mark.slow
def test_a_local_marker_between_releases_proposes_its_public_version(released: Sample
                                                                     ) -> None:
    # mypy keeps `2.4.0+dev` between releases: work towards 2.4.0, never a bump refusal
    released.write("pyproject.toml", (released.path / "pyproject.toml").read_text().replace(
        'version = "1.4.0"', 'version = "1.5.0+dev"'))
    released.write("CHANGELOG.md", (released.path / "CHANGELOG.md").read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n- A change.\n", 1))
    released.commit("Towards 1.5.0")
    text, data = status(released, "--offline")
    assert data["state"] == "development", text
    assert data["next"]["command"] == "`release prepare 1.5.0`"


@pytest.mark.slow
def test_a_release_the_index_never_got(released: Sample, index: Index) -> None:
    publish(index)  # nothing of sample-project
    text, data = status(released, "--repository-url", index.upload_url)
    assert data["index"]["files"] == [] and data["index"]["missing"] == ["sdist", "wheel"]
    assert f"index       {index.upload_url} has no files of 1.4.0\n" in text
    assert data["next"]["why"] == "the index has no file of 1.4.0 (tag v1.4.0): publish it"


@pytest.mark.slow
def test_the_last_version_lacks_its_wheel_on_the_index(released: Sample, index: Index) -> None:
    publish(index, SDIST, "sample_project-1.3.0-py3-none-any.whl")  # another version's wheel
    text, data = status(released, "--repository-url", index.upload_url)
    assert data["state"] == "released"
    assert data["index"]["complete"] is False and data["index"]["missing"] == ["wheel"]
    assert [f["name"] for f in data["index"]["files"]] == [SDIST]
    assert data["next"]["command"] == "re-run the release workflow"
    assert data["next"]["why"] == "the index lacks the wheel of 1.4.0 (tag v1.4.0)"
    assert "lacks the wheel" in text and "next: re-run the release workflow" in text


@pytest.mark.slow
def test_an_index_that_cannot_answer_is_reported_not_fatal(released: Sample) -> None:
    text, data = status(released, "--repository-url", "http://127.0.0.1:9/")
    assert data["index"]["error"].startswith("cannot reach the package index")
    assert "index       cannot tell: cannot reach" in text


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running() as fake:
        yield fake


@pytest.mark.slow
def test_github_release_compared_with_the_index(released: Sample, index: Index,
                                                 github: FakeGitHub) -> None:
    publish(index, SDIST, WHEEL)
    env = {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": github.token}
    args = ("--repository-url", index.upload_url, "--github")
    _, data = status(released, *args, env=env)
    assert data["github"]["exists"] is False
    assert data["next"]["why"] == "the GitHub Release of v1.4.0 does not exist"
    github.add_release("v1.4.0", assets={SDIST: SDIST.encode()})
    text, data = status(released, *args, env=env)
    assert data["github"]["missing"] == [WHEEL]
    assert f"lacks {WHEEL}" in text
    github.add_release("v1.4.0", assets={SDIST: SDIST.encode(), WHEEL: WHEEL.encode()})
    github.releases.pop(1)  # the new one is listed first: the older is gone
    _, data = status(released, *args, env=env)
    assert data["github"]["complete"] is True and data["next"]["command"] is None
    assert github.token not in text


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def monorepo(root: Path, workspace: bool) -> Path:
    git(root.parent, "init", "-q", "-b", "main", str(root))
    if workspace:
        write(root, "pyproject.toml", '[tool.uv.workspace]\nmembers = ["packages/*"]\n')
    write(root, "tests/fixture/pyproject.toml", '[project]\nname = "not-a-package"\n')
    for name, version in (("alpha", "1.0.0"), ("beta", "2.0.0")):
        write(root, f"packages/{name}/pyproject.toml",
              f'[project]\nname = "{name}"\nversion = "{version}"\n')
        write(root, f"packages/{name}/CHANGELOG.md",
              f"# Changelog\n\n## [Unreleased]\n\n## [{version}] - 2026-11-01\n\n- First.\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    git(root, "tag", "-a", "alpha-v1.0.0", "-m", "alpha")
    git(root, "tag", "-a", "beta-v2.0.0", "-m", "beta")
    write(root, "packages/beta/CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- New.\n\n"
          "## [2.0.0] - 2026-11-01\n\n- First.\n")
    git(root, "commit", "-qam", "beta work")
    return root


@pytest.mark.parametrize("workspace", [False, True], ids=["folders", "uv-workspace"])
@pytest.mark.slow
def test_monorepo_one_line_per_package(tmp_path: Path, workspace: bool) -> None:
    root = monorepo(tmp_path / "mono", workspace)
    text, data = status(root, "--all", "--offline")
    packages = {p["folder"]: p for p in data["packages"]}
    assert list(packages) == ["packages/alpha", "packages/beta"]  # the fixture is left out
    assert packages["packages/alpha"]["state"] == "released"
    assert packages["packages/alpha"]["pending"]["commits"] == 0  # beta's commit is not alpha's
    assert packages["packages/beta"]["state"] == "pending"
    assert packages["packages/beta"]["pending"] == {
        "tag": "beta-v2.0.0", "tag_date": packages["packages/beta"]["pending"]["tag_date"],
        "commits": 1, "entries": 1, "first": ["New."], "source": "CHANGELOG.md:3"}
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].split()[:4] == ["packages/alpha", "alpha", "1.0.0", "released"]
    assert lines[1].split()[:4] == ["packages/beta", "beta", "2.0.0", "pending"]
    assert lines[1].endswith("next: `release prepare patch`")


@pytest.mark.parametrize("files", [
    # zope.deprecation, boto3: the name and version in setup.py, pyproject.toml for the build
    {"setup.py": "from setuptools import setup\n\nsetup(name='acme', version='1.4.0')\n",
     "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\n'},
    # pyflakes (before it had a pyproject.toml): setup.py alone
    {"setup.py": "from setuptools import setup\n\nsetup(name='acme', version='1.4.0')\n"},
    {"setup.cfg": "[metadata]\nname = acme\nversion = 1.4.0\n",
     "setup.py": "from setuptools import setup\n\nsetup()\n",
     "pyproject.toml": '[tool.black]\nline-length = 99\n'},
], ids=["setup-py-and-tool-pyproject", "setup-py-only", "setup-cfg"])
@pytest.mark.slow
def test_all_lists_a_root_project_that_setuptools_names(tmp_path: Path,
                                                         files: dict[str, str]) -> None:
    root = tmp_path / "acme"
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    for name, text in files.items():
        write(root, name, text)
    write(root, "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2026-11-01\n\n"
          "- First.\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    git(root, "tag", "-a", "v1.4.0", "-m", "1.4.0")
    text, data = status(root, "--all", "--offline")
    assert [(p["folder"], p["state"]) for p in data["packages"]] == [(".", "released")], text
    assert text.split()[:4] == [".", "acme", "1.4.0", "released"]


@pytest.mark.slow
def test_an_unreadable_project_is_the_only_failure(tmp_path: Path) -> None:
    proc = run_release(tmp_path, "status", "--offline")
    assert proc.returncode == 1 and proc.stdout == ""
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_an_unreadable_package_is_listed_and_the_others_still_reported(tmp_path: Path) -> None:
    root = monorepo(tmp_path / "mono", workspace=False)
    write(root, "packages/gamma/pyproject.toml", '[project]\nname = "gamma"\nversion = \n')
    git(root, "add", "-A")
    git(root, "commit", "-qm", "gamma")
    text = run_release(root, "status", "--all", "--offline")
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert [line.split()[:4] for line in lines] == [
        ["packages/alpha", "alpha", "1.0.0", "released"],
        ["packages/beta", "beta", "2.0.0", "pending"],
        ["packages/gamma", "?", "?", "unreadable"]]
    assert lines[2].endswith("next: fix the error below")
    assert text.stderr.startswith("error: packages/gamma/pyproject.toml:3: cannot read the "
                                  "project in packages/gamma: pyproject.toml is not valid TOML")
    assert "hint: fix the TOML syntax at that line" in text.stderr
    assert "Traceback" not in text.stderr
    data = run_release(root, "status", "--all", "--offline", "--format", "json")
    assert data.returncode == 1
    result = json.loads(data.stdout)
    jsonschema.validate(result, SCHEMA)
    assert result["ok"] is False
    assert [p["state"] for p in result["packages"]] == ["released", "pending", "unreadable"]
    gamma = result["packages"][2]
    assert gamma["error"]["file"] == "packages/gamma/pyproject.toml"
    assert gamma["error"]["line"] == 3
    assert [(p["file"], p["line"]) for p in result["problems"]] == [
        ("packages/gamma/pyproject.toml", 3)]
