"""release.project.versions: PEP 440 ordering, tags and the bump table."""

from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release.errors import VersionError
from release.project.versions import (
    MAX_VERSION_LENGTH,
    Spelling,
    Version,
    bump,
    calver,
    development_of,
    parse,
    parse_or_none,
    resolve_target,
    short_form,
    short_releases,
)

BUMPS = [
    ("1.3.0", "major", "2.0.0"),
    ("1.3.0", "minor", "1.4.0"),
    ("1.3.0", "patch", "1.3.1"),
    ("1.4.0rc2", "patch", "1.4.0"),
    ("1.4.0rc2", "minor", "1.4.0"),
    ("1.4.1rc2", "minor", "1.5.0"),
    ("2.0.0b1", "major", "2.0.0"),
    ("1.4.0.dev0", "patch", "1.4.0"),
    ("1.4.0.post2", "patch", "1.4.1"),
    ("1.3", "patch", "1.3.1"),
    ("1.3.0", "alpha", "1.3.1a1"),
    ("1.3.0", "beta", "1.3.1b1"),
    ("1.3.0", "rc", "1.3.1rc1"),
    ("1.4.0rc1", "rc", "1.4.0rc2"),
    ("1.4.0a2", "rc", "1.4.0rc1"),
    ("1.4.0a2", "beta", "1.4.0b1"),
    ("1.4.0a2", "alpha", "1.4.0a3"),
    ("1.4.0rc2.dev1", "rc", "1.4.0rc2"),
    ("1.4.0.dev0", "rc", "1.4.0rc1"),
    ("1.4.0rc2", "final", "1.4.0"),
    ("1.4.0.dev3", "final", "1.4.0"),
    ("1.4.0", "post", "1.4.0.post1"),
    ("1.4.0.post1", "post", "1.4.0.post2"),
    # Two components stay two (pip 25.3, Sage 10.6); only `patch` needs a third.
    ("25.3.dev0", "patch", "25.3"),
    ("25.2", "minor", "25.3"),
    ("25.2", "major", "26.0"),
    ("25.2", "patch", "25.2.1"),
    ("10.6b1", "patch", "10.6"),
    ("10.6b1", "final", "10.6"),
    ("10.6b1", "minor", "10.6"),
    ("10.6", "rc", "10.6.1rc1"),
    ("7", "major", "8"),
    ("7", "minor", "7.1"),
    ("1.2.3.4", "patch", "1.2.4"),
    ("1.2.3.4", "major", "2.0.0"),
    ("1!2.0", "minor", "1!2.1"),
]


@pytest.mark.parametrize(("current", "keyword"), [
    ("25.3", "minor"), ("10.6b1", "patch"), ("26.1", "major"), ("3.9", "final"),
])
def test_a_bump_keeps_the_spelling_of_two_components(current: str, keyword: str) -> None:
    try:
        new = bump(Version(current), keyword)
    except VersionError:
        return
    assert len(new.release) == 2


@pytest.mark.parametrize(("current", "keyword", "expected"), BUMPS)
def test_bump_table(current: str, keyword: str, expected: str) -> None:
    assert str(bump(Version(current), keyword)) == expected


@pytest.mark.parametrize(("current", "keyword", "message"), [
    ("1.4.0rc1", "alpha", "cannot move 1.4.0rc1 down from rc to alpha"),
    ("1.4.0b1", "alpha", "down from beta to alpha"),
    ("1.4.0", "final", "already a final version"),
    ("1.4.0rc1", "post", "post-release of the pre-release"),
    ("1.4.0+local", "patch", "local part"),
    ("1.4.0", "huge", "unknown bump keyword"),
])
def test_bump_refusals(current: str, keyword: str, message: str) -> None:
    with pytest.raises(VersionError, match=message) as info:
        bump(Version(current), keyword)
    assert info.value.hint


def test_resolve_target_accepts_explicit_versions() -> None:
    assert str(resolve_target(Version("1.3.0"), "1.4.0-rc.1")) == "1.4.0rc1"
    with pytest.raises(VersionError, match="not a valid PEP 440"):
        resolve_target(Version("1.3.0"), "one.four")


def test_parse_error_has_a_hint() -> None:
    with pytest.raises(VersionError) as info:
        parse("1.4.0-final")
    assert "pep-0440" in info.value.hint


def test_pre_release_order() -> None:
    ordered = ["1.4.0.dev1", "1.4.0a1", "1.4.0a2.dev0", "1.4.0a2", "1.4.0b1", "1.4.0rc1",
               "1.4.0", "1.4.0.post1.dev0", "1.4.0.post1", "1.4.1", "1!0.1"]
    shuffled = ordered[5:] + ordered[:5]
    assert sorted(shuffled, key=Version) == ordered


@pytest.mark.parametrize(("spelled", "normal"), [
    ("v1.4.0", "1.4.0"), ("1.4.0-RC.1", "1.4.0rc1"), ("1.4.0_alpha2", "1.4.0a2"),
    ("1.4.0-post", "1.4.0.post0"), ("1.4.0-1", "1.4.0.post1"), ("1.4.0dev", "1.4.0.dev0"),
    ("1.4.0.c3", "1.4.0rc3"), ("1.4.0preview5", "1.4.0rc5"), ("1!2.0", "1!2.0"),
    (" 1.4.0 ", "1.4.0"), ("1.4.0+Ubuntu-1", "1.4.0+ubuntu.1"),
])
def test_every_spelling_reaches_the_normal_form(spelled: str, normal: str) -> None:
    assert str(parse(spelled)) == normal


@pytest.mark.parametrize("text", [
    "1.4.0-final", "one.four", "", "1.4.0 rc1", "\uff11.\uff14.\uff10", "1" * 5000,
    "1." * (MAX_VERSION_LENGTH // 2 + 1) + "0",
])
def test_non_versions_are_refused_without_a_traceback(text: str) -> None:
    assert parse_or_none(text) is None
    with pytest.raises(VersionError):
        parse(text)


def test_equal_versions_compare_equal() -> None:
    assert parse("1.4") == parse("1.4.0") == parse("v1.4.0.0")
    assert parse("1.4.0-rc.1") == parse("1.4.0rc1")


versions = st.builds(
    lambda rel, pre, post, dev, epoch: Version(
        (f"{epoch}!" if epoch else "") + ".".join(map(str, rel))
        + (f"{pre[0]}{pre[1]}" if pre else "") + (f".post{post}" if post is not None else "")
        + (f".dev{dev}" if dev is not None else "")
    ),
    st.lists(st.integers(0, 30), min_size=1, max_size=4),
    st.none() | st.tuples(st.sampled_from(["a", "b", "rc"]), st.integers(0, 5)),
    st.none() | st.integers(0, 5),
    st.none() | st.integers(0, 5),
    st.sampled_from([0, 0, 0, 1]),
)


@given(versions, st.sampled_from(["major", "minor", "patch", "alpha", "beta", "rc", "post",
                                  "final"]))
def test_a_bump_always_moves_forward(v: Version, keyword: str) -> None:
    try:
        new = bump(v, keyword)
    except VersionError:
        return
    assert new > v


@given(versions, st.sampled_from(["major", "minor", "patch", "alpha", "beta", "rc", "post",
                                  "final"]))
def test_the_x_y_habit_only_changes_the_spelling(v: Version, keyword: str) -> None:
    try:
        normal = bump(v, keyword)
    except VersionError:
        return
    short = bump(v, keyword, short=True)
    assert short == normal and len(short.release) >= min(2, len(normal.release))


# -- the project's own spelling, calendar versions, local markers ---------------------------

SPELLINGS = [
    # (how the project writes its version, a new version, how it is written)
    ("2026.08.17", "2026.9.1", "2026.09.01"),
    ("2026.08.17", "2026.10.17.1", "2026.10.17.1"),
    ("1.0.0.beta0", "1.0.0b1", "1.0.0.beta1"),
    ("1.0.0.beta0", "1.0.0", "1.0.0"),
    ("v1.2.3", "1.2.4", "v1.2.4"),
    ("0.14-dev", "0.15.dev0", "0.15-dev"),
    ("0.14-dev", "0.15.dev2", "0.15-dev2"),
    ("1.0-1", "1.0.post2", "1.0-2"),
    ("1.4.0-rc.1", "1.4.0rc2", "1.4.0-rc.2"),
    ("1.4.0", "1.4.1rc1", "1.4.1rc1"),
    ("2026.10.17", "2026.9.1", "2026.9.1"),  # two digits prove no padding
]


@pytest.mark.parametrize(("written", "new", "expected"), SPELLINGS)
def test_new_versions_keep_the_projects_spelling(written: str, new: str, expected: str) -> None:
    spelled = Spelling.learn([written]).spell(Version(new))
    assert spelled == expected
    assert Version(spelled) == Version(new)


def test_padding_needs_consistent_evidence() -> None:
    assert Spelling.learn(["2026.10.17"], evidence=["2026.08.01"]).spell(
        Version("2026.11.5")) == "2026.11.05"
    # One tag pads the month, another does not: no convention, the normal form.
    assert Spelling.learn(["2026.10.17"], evidence=["2026.08.01", "2026.9.1"]).spell(
        Version("2026.11.5")) == "2026.11.5"


@given(st.from_regex(r"v?[0-9]{1,4}(\.[0-9]{1,3}){0,3}((\.|-|_)?(alpha|beta|rc|a|b|c)"
                     r"(\.|-)?(0|[1-9][0-9]?)?)?((\.|-)?post(0|[1-9][0-9]?)?)?"
                     r"((\.|-)?dev(0|[1-9][0-9]?)?)?", fullmatch=True))
@pytest.mark.slow
def test_every_spelling_reads_back_as_itself(text: str) -> None:
    version = parse_or_none(text)
    if version is None:
        return
    assert Spelling.learn([text]).spell(version) == text


def day(text: str) -> int:
    return int(_dt.datetime.fromisoformat(text + "T12:00:00+00:00").timestamp())


@pytest.mark.parametrize(("tags", "pattern", "on", "expected"), [
    # certifi: YYYY.MM.DD, made on the day they name; a second release that day gets .1
    ([("2026.07.22", "2026-07-22"), ("2026.08.17", "2026-08-17")], "YYYY.MM.DD",
     "2026-09-01", "2026.9.1"),
    ([("2026.07.22", "2026-07-22"), ("2026.08.17", "2026-08-17")], "YYYY.MM.DD",
     "2026-08-17", "2026.8.17.1"),
    # black: YY.M.MICRO, the third number counts releases of the month
    ([("26.1.0", "2026-01-18"), ("26.1.1", "2026-01-29"), ("26.3.0", "2026-03-07")],
     "YY.MM.MICRO", "2026-03-20", "26.3.1"),
    ([("26.1.0", "2026-01-18"), ("26.3.0", "2026-03-07")], "YY.MM.MICRO", "2026-04-02",
     "26.4.0"),
    # YYYY.MM, a counter only for a second release in the month
    ([("2026.5", "2026-05-03"), ("2026.6", "2026-06-09")], "YYYY.MM", "2026-06-30",
     "2026.6.1"),
])
def test_calver_keyword(tags: list[tuple[str, str]], pattern: str, on: str,
                        expected: str) -> None:
    found = calver([(Version(v), day(d)) for v, d in tags])
    assert found is not None and found.describe() == pattern
    taken = [Version(v) for v, _ in tags]
    assert str(found.version_for(_dt.date.fromisoformat(on), taken)) == expected


@pytest.mark.parametrize("tags", [
    [("1.4.0", "2026-01-02"), ("1.5.0", "2026-02-02")],  # not dates
    [("2024.1.0", "2026-01-02"), ("2024.2.0", "2026-02-02")],  # years that are not the year
    [("2026.08.17", "2026-08-17")],  # one tag proves nothing
])
def test_tags_that_are_not_date_shaped(tags: list[tuple[str, str]]) -> None:
    assert calver([(Version(v), day(d)) for v, d in tags]) is None


def test_local_markers_are_the_development_state_of_their_version() -> None:
    assert development_of(Version("0.34.0+dev")) == Version("0.34.0.dev0")
    assert development_of(Version("0.34.0.dev2+abc")) == Version("0.34.0.dev2")
    assert development_of(Version("0.34.0")) == Version("0.34.0")
    # Keywords bump from that state: 0.34.0+dev is finished by `patch` or `minor`.
    assert resolve_target(Version("0.34.0+dev"), "patch") == Version("0.34.0")
    assert resolve_target(Version("0.34.0+dev"), "minor") == Version("0.34.0")
    assert resolve_target(Version("0.34.0+dev"), "major") == Version("1.0.0")


# -- X.Y for X.Y.0: the project's habit, learnt from its release tags -----------------------

SHORT_HABITS = [
    # (release tags of the scheme, the X.Y releases that show the habit, or none)
    # sqlite-utils: minor and major releases X.Y, patches X.Y.Z, pre-releases X.YaN
    (["3.37", "3.38a0", "3.38", "4.0rc1", "4.0", "4.1", "4.1.1", "4.2", "4.2.1", "4.2.2"],
     ["4.2", "4.1", "4.0", "3.38", "3.37"]),
    (["25.1", "25.1.1", "25.2"], ["25.2", "25.1"]),  # pip
    (["4.0", "4.1.0", "4.1.1"], []),  # both spellings: no clear habit, the normal bump
    (["4.0", "4.1", "4.2.0rc1"], []),  # a pre-release of X.Y.0 written with the .0
    (["4.1.0", "4.1.1", "4.2.0"], []),  # no X.Y tag: X.Y.Z as always
    (["1.4.1", "1.4.2"], []),
    (["4.2", "4.2.1"], []),  # one X.Y release is no habit yet
    (["4.0a1", "4.0rc1", "4.0", "4.0.1"], []),  # pre-releases do not count as releases
    (["1.0", "1.1", "1.2.0.0"], []),  # four numbers ending in .0 contradict it too
    ([], []),
]


@pytest.mark.parametrize(("tags", "habit"), SHORT_HABITS)
def test_the_x_y_habit_is_learnt_only_from_consistent_tags(tags: list[str], habit: list[str]
                                                           ) -> None:
    assert [str(v) for v in short_releases(Version(t) for t in tags)] == habit


SHORT_BUMPS = [
    # (current, keyword, with the X.Y habit, without it)
    ("4.2.2", "minor", "4.3", "4.3.0"),
    ("4.2.2", "major", "5.0", "5.0.0"),
    ("4.2", "minor", "4.3", "4.3"),
    ("4.2", "major", "5.0", "5.0"),
    ("4.2.2", "patch", "4.2.3", "4.2.3"),
    ("4.2", "patch", "4.2.1", "4.2.1"),
    ("4.3.0.dev0", "patch", "4.3", "4.3.0"),  # finishing X.Y.0 releases it as X.Y
    ("4.3.0rc1", "final", "4.3", "4.3.0"),
    ("4.2.2", "alpha", "4.2.3a1", "4.2.3a1"),
    ("4.3.0rc1", "rc", "4.3.0rc2", "4.3.0rc2"),  # a pre-release keeps the file's spelling
    ("4.2.2", "post", "4.2.2.post1", "4.2.2.post1"),
    ("1!4.2.2", "minor", "1!4.3", "1!4.3.0"),
    ("1.2.3.4", "major", "2.0", "2.0.0"),
]


@pytest.mark.parametrize(("current", "keyword", "short", "normal"), SHORT_BUMPS)
def test_keywords_follow_the_x_y_habit(current: str, keyword: str, short: str, normal: str
                                       ) -> None:
    assert str(bump(Version(current), keyword, short=True)) == short
    assert str(bump(Version(current), keyword)) == normal
    assert Version(short) == Version(normal)  # PEP 440 equal: only the spelling differs


def test_an_explicit_version_is_written_as_given_with_the_habit() -> None:
    assert str(resolve_target(Version("4.2.2"), "4.3.0", short=True)) == "4.3.0"
    assert str(resolve_target(Version("4.2.2"), "minor", short=True)) == "4.3"
    assert str(resolve_target(Version("4.3.0+dev"), "minor", short=True)) == "4.3"


@pytest.mark.parametrize(("version", "expected"), [
    ("4.3.0", "4.3"), ("5.0.0", "5.0"), ("26.8.0", "26.8"), ("4.3.1", "4.3.1"),
    ("4.3", "4.3"), ("4.3.0.0", "4.3.0.0"), ("4.3.0rc1", "4.3.0rc1"), ("4.3.0.post1",
    "4.3.0.post1"), ("4.3.0.dev0", "4.3.0.dev0"), ("4.3.0+local", "4.3.0+local"),
    ("2026.10.0", "2026.10"),  # a zero release number, not a trailing 0 digit
])
def test_short_form_drops_only_a_final_third_zero(version: str, expected: str) -> None:
    assert str(short_form(Version(version))) == expected
