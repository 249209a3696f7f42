"""release.project.tags: tag schemes, families, abandoned pre-releases, the main branch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from release.project.tags import (
    MainBranch,
    Scheme,
    abandoned,
    choose_scheme,
    find_main_branch,
    is_release_branch,
    line_of,
    split_tag,
    tag_set,
)
from release.project.versions import Version


@pytest.mark.parametrize(("tag", "expected"), [
    ("v1.4.0", ("v", "1.4.0", ".")),
    ("0.28.1", ("", "0.28.1", ".")),
    ("1.0.0.beta0", ("", "1.0.0b0", ".")),
    ("10.6.beta1", ("", "10.6b1", ".")),
    ("hatchling-v1.27.0", ("hatchling-v", "1.27.0", ".")),
    ("gradio@5.9.1", ("gradio@", "5.9.1", ".")),
    ("@gradio/client@1.8.0", ("@gradio/client@", "1.8.0", ".")),
    ("rel_2_1_0b3", ("rel_", "2.1.0b3", "_")),
    ("h5py-3.12", ("h5py-", "3.12", ".")),
    ("1!2.0", ("", "1!2.0", ".")),
    ("2.20.0.post1", ("", "2.20.0.post1", ".")),
])
def test_split_tag(tag: str, expected: tuple[str, str, str]) -> None:
    split = split_tag(tag)
    assert split is not None
    assert (split[0], str(split[1]), split[2]) == expected


@pytest.mark.parametrize("tag", ["v.5.2.0", "2.6.8-final", "2.2.x", "latest", "v1.x", "vnext",
                                 "", "1" * 300])
def test_tags_that_name_no_release(tag: str) -> None:
    assert split_tag(tag) is None


def test_scheme_formats_and_parses() -> None:
    scheme = Scheme("rel_", "_")
    assert scheme.format(Version("2.1.0")) == "rel_2_1_0"
    assert scheme.parse("rel_2_1_0b3") == Version("2.1.0b3")
    assert scheme.parse("v2.1.0") is None
    assert Scheme("").describe() == "unprefixed"
    assert Scheme("v").parse("1.4.0") is None  # a v-scheme does not count bare tags


def dated(*names: str) -> dict[str, tuple[str, int]]:
    """Tags created one day apart, in the order given."""
    return {name: ("c" * 40, 1_600_000_000 + day * 86400) for day, name in enumerate(names)}


def test_an_old_stray_with_a_higher_version_neither_wins_nor_counts() -> None:
    # FastAPI: one stray v-tag among unprefixed ones must not win, nor count as newest.
    choice = choose_scheme(dated("v1.1.0", "0.115.0", "0.115.1", "0.115.6"))
    assert choice.scheme == Scheme("")
    assert [t.name for t in choice.tags] == ["0.115.0", "0.115.1", "0.115.6"]
    assert choice.strays == ("v1.1.0",)
    assert choice.source == "3 unprefixed tags, the newest"
    # Without dates, the count decides (and the caller is told which dates would decide).
    plain = choose_scheme(["v1.1.0", "0.115.0", "0.115.1", "0.115.6"])
    assert plain.scheme == Scheme("") and plain.source == "3 unprefixed tags"
    assert set(plain.needs_dates) == {"v1.1.0", "0.115.0", "0.115.1", "0.115.6"}


OLD = [f"7.{minor}.{patch}" for minor in range(5) for patch in range(4)]


@pytest.mark.parametrize(("names", "prefix", "history", "source"), [
    # 20 unprefixed tags, then the project moved to v: the newest tags decide, not the count.
    ([*OLD, "v7.5.0"], "v", 20, "1 tag with prefix 'v', the newest; 20 older unprefixed "
     "tags count as history"),
    ([*OLD, "v7.5.0", "v7.5.1", "v7.6.0"], "v", 20, None),
    # mypy: the same release tagged in both schemes at the switch.
    ([*OLD[:-1], "7.4.3", "v7.4.3", "v7.5.0"], "v", 20, None),
    # A backport tagged in the old scheme after the switch is history, not the scheme.
    ([*OLD, "v7.5.0", "v7.6.0", "7.4.4"], "v", 21, None),
    # coverage.py: coverage-5.6b1 (named after the project), then 6.0, 7.x unprefixed.
    (["coverage-5.5", "coverage-5.6b1", "6.0", "6.1", "7.11.3"], "", 2, None),
    # twine: one early v-tag, then unprefixed ones
    (["v1.0.0", "1.1.0", "1.2.0"], "", 1, "2 unprefixed tags, the newest; 1 older tag with "
     "prefix 'v' counts as history"),
])
def test_the_most_recent_releases_decide_the_scheme(names: list[str], prefix: str,
                                                    history: int, source: str | None) -> None:
    choice = choose_scheme(dated(*names), project_name="coverage")
    assert choice.scheme.prefix == prefix
    assert sum(count for _, count in choice.history) == history
    assert len(choice.tags) == len(names)  # retired tags still count as released versions
    assert choice.strays == ()
    if source is not None:
        assert choice.source == source


def test_a_package_folder_keeps_its_own_prefix_beside_newer_root_tags() -> None:
    tags = dated("pkg-v1.0.0", "pkg-v1.1.0", "v3.0.0", "v3.1.0")
    assert choose_scheme(tags, project_name="pkg", package_folder=True).scheme.prefix == "pkg-v"
    assert choose_scheme(tags, project_name="pkg").scheme.prefix == "v"


def test_tags_keep_their_spelling() -> None:
    certifi = choose_scheme(dated("2026.06.01", "2026.07.22", "2026.08.17"))
    assert certifi.scheme.format(Version("2026.9.1")) == "2026.09.01"
    beta = choose_scheme(dated("1.0.0.beta0", "1.0.0.beta1"))
    assert beta.scheme.format(Version("1.0.0b2")) == "1.0.0.beta2"
    assert choose_scheme(dated("v1.2.3")).scheme.format(Version("1.2.4")) == "v1.2.4"


def test_the_family_named_after_the_project_wins() -> None:
    tags = dated("gradio_client@1.5.0", "gradio_client@1.5.1", "gradio_client@1.5.2",
                 "@gradio/client@1.8.0", "gradio@5.9.0", "gradio@5.9.1")
    choice = choose_scheme(tags, project_name="gradio")
    assert choice.scheme == Scheme("gradio@")
    assert "named after the project" in choice.source
    hatch = dated("hatch-v1.13.0", "hatch-v1.14.0", "hatch-v1.15.0", "hatchling-v1.27.0")
    assert choose_scheme(hatch, project_name="hatchling").scheme == Scheme("hatchling-v")
    assert choose_scheme(hatch, project_name="hatch").scheme == Scheme("hatch-v")


def test_ties_prefer_the_version_then_v() -> None:
    assert choose_scheme(["v1.3.0", "release-2"]).scheme == Scheme("v")
    assert choose_scheme(["1.3.0", "release-2"], version=Version("2")).scheme == Scheme(
        "release-")


def test_no_tags_default_to_v_and_configuration_is_checked() -> None:
    assert choose_scheme([]).scheme == Scheme("v")
    choice = choose_scheme(dated("0.1.0", "0.2.0"), configured_prefix="v")
    assert choice.scheme == Scheme("v") and choice.configured
    assert choice.mismatch is not None and "tag-prefix = 'v'" in choice.mismatch
    assert "2 release tags with unprefixed" in choice.mismatch
    ok = choose_scheme(dated("rel_2_0_0", "rel_2_1_0"), configured_prefix="rel_")
    assert ok.scheme == Scheme("rel_", "_") and ok.mismatch is None


def test_ignore_tags_patterns() -> None:
    choice = choose_scheme(dated("0.1.0", "1.0.0.beta0", "0.2.0"), ignore=["1.0.0.beta*"])
    assert [t.name for t in choice.tags] == ["0.1.0", "0.2.0"]
    assert choice.ignored == ("1.0.0.beta0",)


def test_abandoned_pre_release_lines() -> None:
    # httpx: 1.0.0.beta0 (2021) sorts above 0.28.1 (2024) but its line never finished.
    httpx = choose_scheme(dated("1.0.0.beta0", "0.27.0", "0.28.0", "0.28.1")).tags
    assert [t.name for t in abandoned(httpx)] == ["1.0.0.beta0"]
    # A pre-release newer than the newest final release is work in progress.
    assert abandoned(choose_scheme(dated("1.0.0", "2.0.0a1")).tags) == []
    # A pre-release whose line has a final release is not abandoned (black's 26.1a1).
    assert abandoned(choose_scheme(dated("26.1a1", "26.1.0", "25.12.0")).tags) == []
    # No final release at all: nothing to compare with.
    assert abandoned(choose_scheme(dated("0.1.0a1", "0.1.0a2")).tags) == []
    # pytest: main carries the development tag 9.2.0.dev0, and 9.1.1 was released later
    # from a maintenance branch that main does not contain: 9.2 is the line in progress.
    pytest_main = [replace(t, reachable=t.name == "9.2.0.dev0")
                   for t in choose_scheme(dated("9.1.0", "9.2.0.dev0", "9.1.1")).tags]
    assert abandoned(pytest_main) == []
    # aiohttp's 3.13 branch: v4.0.0a1 (older, on master only) must not block tagging
    # v3.13.2 there, so from that branch it stays abandoned.
    branch = [replace(t, reachable=not t.name.startswith("v4"))
              for t in choose_scheme(dated("v4.0.0a1", "v3.13.0", "v3.13.1")).tags]
    assert [t.name for t in abandoned(branch, current=Version("3.13.2"))] == ["v4.0.0a1"]
    # aiohttp: main says 4.0.0a2.dev0, so v4.0.0a0/a1 are its own line in progress, even
    # with 3.13.x released after them; without the current version they look abandoned.
    aiohttp = choose_scheme(dated("v4.0.0a0", "v4.0.0a1", "v3.13.0", "v3.13.2")).tags
    assert [t.name for t in abandoned(aiohttp)] == ["v4.0.0a0", "v4.0.0a1"]
    assert abandoned(aiohttp, current=Version("4.0.0a2.dev0")) == []
    assert [t.name for t in abandoned(httpx, current=Version("0.28.1"))] == ["1.0.0.beta0"]


def test_tag_set_counts_without_abandoned_and_finds_free_versions() -> None:
    tags = tag_set(dated("1.0.0.beta0", "0.28.0", "0.28.1", "0.28.2"), configured_prefix=None,
                   project_name=None, version=None, ignore=(), reachable=None)
    assert [t.name for t in tags.counted] == ["0.28.0", "0.28.1", "0.28.2"]
    assert tags.equal(Version("0.28.1.0")) is not None
    assert str(tags.next_free(Version("0.28.0"))) == "0.28.3"


def test_lines() -> None:
    assert line_of(Version("26.1")) == line_of(Version("26.1.0")) == line_of(Version("26.1a1"))
    assert line_of(Version("1.0.0b0")) != line_of(Version("0.28.1"))


@pytest.mark.parametrize(("configured", "branches", "heads", "expected"), [
    (None, ["refs/heads/master", "refs/remotes/origin/master"], {"origin": "master"},
     ("master", "origin/HEAD")),
    (None, ["refs/heads/develop", "refs/remotes/origin/develop", "refs/heads/main"],
     {"origin": "develop"}, ("develop", "origin/HEAD")),
    (None, ["refs/heads/master", "refs/heads/feature"], {}, ("master", "branch master exists")),
    (None, ["refs/heads/main", "refs/heads/master"], {},
     ("main", "branch main exists (first of main, master)")),
    (None, ["refs/remotes/upstream/trunk"], {}, ("trunk", "branch trunk exists")),
    ("stable", ["refs/heads/main"], {"origin": "main"},
     ("stable", "main-branch in [tool.release]")),
    (None, ["refs/heads/feature"], {}, (None, "no origin/HEAD and no main, master or trunk "
                                               "branch")),
])
def test_main_branch(configured: str | None, branches: list[str], heads: dict[str, str],
                     expected: tuple[str | None, str]) -> None:
    found = find_main_branch(configured, branches, heads)
    assert (found.name, found.source) == expected


def test_main_branch_refs_include_remotes() -> None:
    found = find_main_branch(None, ["refs/heads/master", "refs/remotes/origin/master",
                                    "refs/remotes/origin/HEAD"], {"origin": "master"})
    assert found == MainBranch("master", "origin/HEAD",
                               ("refs/heads/master", "refs/remotes/origin/master"))


@pytest.mark.parametrize(("name", "version", "expected"), [
    ("8.2.x", "8.2.1", True), ("2.3", "2.3.4", True), ("release/8.2", "8.2.1", True),
    ("release-1.5", "1.5.1", True), ("hatch-v1.13.x", "1.13.1", True), ("v8.x", "8.2.1", True),
    ("stable", "3.1.4", True), ("feature/next", "8.2.1", False), ("8.3.x", "8.2.1", False),
    ("fix-2.3-bug", "2.3.4", False), ("main", "1.0.1", False),
])
def test_release_branch_names(name: str, version: str, expected: bool) -> None:
    assert is_release_branch(name, Version(version)) is expected



def test_tag_dates_without_the_walk_of_heads_history(tmp_path: Path) -> None:
    import subprocess

    from release.outside.git import Git

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("commit", "-q", "--allow-empty", "-m", "one")
    git("tag", "-a", "-m", "x", "1.0.0")
    git("switch", "-q", "-c", "side")
    git("commit", "-q", "--allow-empty", "-m", "two")
    git("tag", "-a", "-m", "x", "v2.0.0")
    git("switch", "-q", "main")
    full = Git(tmp_path).tag_facts(["1.0.0", "v2.0.0"])
    assert {n: t.reachable for n, t in full.items()} == {"1.0.0": True, "v2.0.0": False}
    dates = Git(tmp_path).tag_facts(["1.0.0", "v2.0.0"], reachability=False)
    assert {n: (t.date, t.commit) for n, t in dates.items()} == {
        n: (t.date, t.commit) for n, t in full.items()}


def test_the_scheme_knows_the_x_y_habit_of_its_own_tags_only() -> None:
    # sqlite-utils: X.Y for every minor release, none X.Y.0
    choice = choose_scheme(["3.37", "4.0", "4.1", "4.1.1", "4.2", "4.2.2"])
    assert [str(v) for v in choice.scheme.short] == ["4.2", "4.1", "4.0", "3.37"]
    # a retired v-scheme that wrote v1.0.0 says nothing about the unprefixed tags of today
    choice = choose_scheme(dated("v1.0.0", "v1.1.0", "2.0", "2.1", "2.1.1"))
    assert choice.scheme.prefix == "" and [str(v) for v in choice.scheme.short] == ["2.1", "2.0"]
    assert choose_scheme(["4.0", "4.1.0", "4.1.1"]).scheme.short == ()
    assert choose_scheme([]).scheme.short == ()
