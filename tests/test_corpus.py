"""The changelog corpus (tests/corpus/changelogs): 39 changelogs modelled on real projects.

For every case: the sections read back as case.toml says (line, date, first and last body
line, yanked), the notes of the first, a middle and the last section are exact, validation
passes where it should, and a real `release prepare` in a real git repository writes exactly
the case's `expected-after` file (towncrier cases run the real towncrier) or refuses with
nothing written. Symlinked changelogs stay symlinks and their targets change.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Sample, git, pyproject

from release.changelog import Changelog, LinkContext, insert_release
from release.changelog.files import find_changelog

pytestmark = pytest.mark.in_process  # table-driven: release.cli.main in-process (conftest.py)

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

CORPUS = Path(__file__).parent / "corpus" / "changelogs"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.toml").is_file())
DATE = "2026-11-26"


def load_case(name: str) -> dict[str, Any]:
    return tomllib.loads((CORPUS / name / "case.toml").read_text(encoding="utf-8"))


def changelog_of(name: str) -> tuple[dict[str, Any], Changelog]:
    case = load_case(name)
    text = (CORPUS / name / case["path"]).read_bytes().decode("utf-8")
    return case, Changelog(text, case["path"])


def block_range(lines: list[str], section: dict[str, Any]) -> tuple[int, int]:
    """0-based ``[start, end)`` of a section's heading block in the file's lines."""
    block = section["heading"].split("\n")
    title = section["heading_line"] - 1
    for offset in range(len(block)):
        start = title - offset
        if lines[start:start + len(block)] == block:
            return start, start + len(block)
    raise AssertionError(f"heading block of {section['version']} not found")


def expected_body(case: dict[str, Any], log: Changelog, index: int) -> str:
    """The body of section ``index`` cut from the file with case.toml's heading blocks."""
    lines = log.text.split("\n")
    sections = case["sections"]
    first, start = block_range(lines, sections[index])
    # a link line under the title (`[GitHub release](…)`) is the start of the notes
    links = [i for i in range(first + 1, start) if "](" in lines[i]
             and not lines[i].lstrip().startswith("#")]
    if links:
        start = links[0]
    if index + 1 < len(sections):
        end, _ = block_range(lines, sections[index + 1])
    else:
        end = log.text[: log.link_block_start()].count("\n") + (
            0 if log.link_block_start() < len(log.text) else 1)
        if case["path"] == "CHANGELOG.md" and case["insert"].get("refuse", "").startswith(
                "release sections are in ascending order"):
            end = next(i for i in range(start, len(lines)) if lines[i] == "## [Unreleased]")
    body = lines[start:end]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return "\n".join(body)


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_sections_read_as_the_case_says(name: str) -> None:
    case, log = changelog_of(name)
    from release.project.versions import parse

    for expected in case.get("sections", []):
        section = log.find(parse(expected["version"]))
        assert section is not None, expected["version"]
        assert section.line == expected["heading_line"], expected["version"]
        assert (section.date or "") == expected["date"], expected["version"]
        assert section.yanked is expected.get("yanked", False)
        body = [line for line in log.body(section).split("\n") if line.strip()]
        assert body[0] == expected["body_first"], expected["version"]
        assert body[-1] == expected["body_last"], expected["version"]
    if case["unreleased_heading"]:
        pending = log.unreleased()
        assert pending is not None
        assert pending.line == case["unreleased_heading_line"] or pending.marker is not None
        if pending.marker is None:
            entries = [line for line in log.body(pending).split("\n") if line.strip()]
            assert entries == case["unreleased_entries"]


@pytest.mark.parametrize("name", [n for n in CASES if load_case(n).get("sections")])
def test_notes_of_first_middle_and_last_sections_are_exact(name: str) -> None:
    case, log = changelog_of(name)
    from release.project.versions import parse

    sections = case["sections"]
    for index in sorted({0, len(sections) // 2, len(sections) - 1}):
        section = log.find(parse(sections[index]["version"]))
        assert section is not None
        body = expected_body(case, log, index)
        notes = log.notes(section)
        assert notes.startswith(body + "\n"), sections[index]["version"]
        extra = notes[len(body) + 1:]
        # whatever follows the body is the link definitions it uses, nothing else
        assert all(line.startswith("[") and "]: " in line for line in extra.split("\n")
                   if line.strip()), extra


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20
    formats = {load_case(n)["format"] for n in CASES}
    assert formats == {"md", "rst"}
    assert sum(load_case(n).get("towncrier", False) for n in CASES) >= 3
    assert sum(n.startswith("refuse-") for n in CASES) >= 3


@pytest.mark.parametrize("name", CASES)
def test_discovery_finds_the_changelog_with_zero_configuration(name: str, tmp_path: Path) -> None:
    case = load_case(name)
    root = tmp_path / "p"
    shutil.copytree(CORPUS / name, root)
    found = find_changelog(root, None, project=name.rsplit("-", maxsplit=1)[-1])
    assert found.shown == case["path"]
    assert found.format == ("rst" if case["format"] == "rst" else "markdown")
    assert (found.towncrier is not None) is case.get("towncrier", False)


# -- real repositories ---------------------------------------------------------------------


def newest_version(case: dict[str, Any]) -> str:
    from release.project.versions import parse

    versions = [parse(s["version"]) for s in case.get("sections", [])]
    return str(max(versions)) if versions else "1.0.0"


def make_project(name: str, root: Path, *, link: str | None = None) -> tuple[Sample, dict[str, Any]]:
    """The case as a committed project at its newest release (tagged ``v<version>``)."""
    case = load_case(name)
    shutil.copytree(CORPUS / name, root, ignore=shutil.ignore_patterns(
        "case.toml", "expected-after.*"))
    version = newest_version(case)
    extra = ""
    if (root / "pyproject.toml").exists():
        extra = "\n" + (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(pyproject(version, name=name) + extra, encoding="utf-8")
    (root / "README.md").write_text(f"# {name}\n", encoding="utf-8")
    if link is not None:
        (root / link).symlink_to(case["path"])
    sample = Sample(root)
    git(root, "init", "-q", "-b", "main")
    sample.commit(f"Release {version}")
    sample.tag(f"v{version}")
    return sample, case


def written_at_release(case: dict[str, Any]) -> bool:
    """No unreleased section: the project writes its entries in the release commit."""
    return not case["unreleased_heading"] and not case.get("towncrier") \
        and "refuse" not in case["insert"]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.slow
def test_prepare_writes_the_expected_file_or_refuses(name: str, tmp_path: Path) -> None:
    sample, case = make_project(name, tmp_path / "p")
    insert = case["insert"]
    before = sample.snapshot()
    proc = sample.release("prepare", insert["version"], "--date", DATE)
    assert "Traceback" not in proc.stderr
    if "refuse" in insert:
        assert proc.returncode == 1, proc.stderr
        assert "nothing was changed" in proc.stderr
        assert sample.snapshot() == before
        return
    if written_at_release(case):
        # An empty section is never written; the heading the writer would use is still
        # the expected file's (the library call), and prepare proposes it.
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert f"the new {insert['version']} section would be empty" in proc.stderr
        assert sample.snapshot() == before
        _, log = changelog_of(name)
        links = LinkContext("https://github.com/example/sample-project", "v",
                            f"v{newest_version(case)}")
        after = insert_release(log, insert["version"], DATE, links)
        expected = (CORPUS / name / insert["expected_after"]).read_bytes()
        assert after.encode("utf-8") == expected
        return
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = (sample.path / case["path"]).read_bytes()
    expected = (CORPUS / name / insert["expected_after"]).read_bytes()
    assert after == expected
    assert f'version = "{insert["version"]}"' in (sample.path / "pyproject.toml").read_text()
    if case.get("towncrier"):
        fragments = [p for p in before if "/" in p and p.rsplit("/", 1)[-1][0].isdigit()
                     and p != case["path"]]
        assert fragments and not any((sample.path / p).exists() for p in fragments)


@pytest.mark.parametrize("name", CASES)
def test_validation_verdicts(name: str, tmp_path: Path) -> None:
    sample, _ = make_project(name, tmp_path / "p")
    proc = sample.release("validate", "--format", "json")
    data = json.loads(proc.stdout)
    failed = {c["id"] for c in data["checks"] if not c["ok"] and c["severity"] == "error"}
    expected = {
        "refuse-ascending-order": {"changelog-section-newest"},
        "refuse-no-release-heading": {"changelog-section"},
    }.get(name, set())
    assert failed == expected, proc.stderr
    waiting = data["facts"]["pending"]
    assert waiting["commits"] == 0  # tagged at HEAD
    # The released version with entries under its unreleased heading has changes pending.
    assert data["state"] == ("pending" if waiting["entries"] else "released"), waiting


@pytest.mark.parametrize(("name", "link"), [
    ("pallets-click-rst", "CHANGELOG.rst"),
    ("fastapi", "CHANGELOG.md"),
])
def test_symlinked_changelogs_stay_symlinks(name: str, link: str, tmp_path: Path) -> None:
    sample, case = make_project(name, tmp_path / "p", link=link)
    target = sample.path / case["path"]
    if case["path"] == link:  # pragma: no cover - the cases above keep the file elsewhere
        pytest.skip("the changelog is already at the link's name")
    found = find_changelog(sample.path, None)
    assert found.shown == link and found.link == case["path"]
    proc = sample.release("prepare", case["insert"]["version"], "--date", DATE, "--commit")
    assert proc.returncode == 0, proc.stderr
    assert (sample.path / link).is_symlink()
    assert target.read_bytes() == (CORPUS / name / case["insert"]["expected_after"]).read_bytes()
    assert f"(through the symlink {link})" in proc.stderr
    assert sample.git("status", "--porcelain") == ""
    assert case["path"] in sample.git("show", "--name-only", "--format=", "HEAD").split()
    notes = sample.release("notes", case["insert"]["version"])
    assert notes.returncode == 0, notes.stderr


def test_notes_through_the_installed_command(tmp_path: Path) -> None:
    sample, _ = make_project("pypa-packaging", tmp_path / "p")
    proc = sample.release("notes", "26.2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "* Fix ``Marker`` evaluation with an empty ``extra``. (:issue:`1190`)\n"
