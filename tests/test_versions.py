"""release.versions: PEP 440 ordering, tags and the bump table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import InvalidVersion as PackagingInvalid
from packaging.version import Version as PackagingVersion

from release.errors import VersionError
from release.versions import (
    Version,
    bump,
    parse,
    parse_or_none,
    release_tags,
    resolve_target,
    sort_key,
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
]


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
    assert sorted(shuffled, key=sort_key) == ordered


def test_release_tags_skip_non_versions_and_other_prefixes() -> None:
    tags = ["v1.0.0", "latest", "v1.x", "1.2.0", "vnext", "v2.0.0-rc.1"]
    assert [t for t, _, _ in release_tags(tags, "v")] == ["v1.0.0", "v2.0.0-rc.1"]
    # PEP 440 itself allows a leading "v", so an empty prefix accepts both spellings.
    assert [t for t, _, _ in release_tags(tags, "")] == ["v1.0.0", "1.2.0", "v2.0.0-rc.1"]


versions = st.builds(
    lambda rel, pre, post, dev, epoch: PackagingVersion(
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


@given(versions, versions)
def test_sort_key_orders_like_packaging(a: PackagingVersion, b: PackagingVersion) -> None:
    ka, kb = sort_key(str(a)), sort_key(str(b))
    assert ka is not None and kb is not None
    assert (ka < kb) == (a < b)
    assert (ka == kb) == (a == b)


@given(versions)
def test_sort_key_of_any_spelling_equals_the_normal_form(v: PackagingVersion) -> None:
    spelled = str(v).replace("rc", "-RC.").replace(".post", "-post").replace(".dev", "_dev")
    assert sort_key(spelled) == sort_key(str(v))


@given(versions, st.sampled_from(["major", "minor", "patch", "alpha", "beta", "rc", "post",
                                  "final"]))
def test_a_bump_always_moves_forward(reference: PackagingVersion, keyword: str) -> None:
    v = Version(str(reference))
    try:
        new = bump(v, keyword)
    except VersionError:
        return
    assert new > v


# -- the parser agrees with `packaging` (the reference implementation) ------------------

spellings = st.builds(
    lambda v, sep1, pre, sep2, post, dev, local, upper, lead: (
        ("v" if lead else "") + v + (f"{sep1}{pre}" if pre else "")
        + (f"{sep2}{post}" if post else "") + (dev or "") + (local or "")
    ).upper() if upper else (("v" if lead else "") + v + (f"{sep1}{pre}" if pre else "")
        + (f"{sep2}{post}" if post else "") + (dev or "") + (local or "")),
    st.from_regex(r"\A([0-9]+!)?[0-9]{1,3}(\.[0-9]{1,3}){0,3}\Z"),
    st.sampled_from(["", ".", "-", "_"]),
    st.none() | st.sampled_from(["a", "alpha1", "b2", "beta", "c3", "rc4", "pre", "preview5"]),
    st.sampled_from(["", ".", "-", "_"]),
    st.none() | st.sampled_from(["post", "post2", "rev3", "r", "1"]),
    st.none() | st.sampled_from([".dev", "dev2", "-dev_3"]),
    st.none() | st.sampled_from(["+local", "+ubuntu-1", "+abc.5_x"]),
    st.booleans(),
    st.booleans(),
)


@given(spellings)
def test_parser_matches_packaging(text: str) -> None:
    try:
        expected = PackagingVersion(text)
    except PackagingInvalid:
        assert parse_or_none(text) is None
        return
    ours = Version(text)
    assert str(ours) == str(expected)
    assert ours.is_devrelease == expected.is_devrelease
    assert ours.pre == expected.pre and ours.post == expected.post and ours.dev == expected.dev


@given(st.text(max_size=12))
def test_parser_rejects_what_packaging_rejects(text: str) -> None:
    try:
        expected: str | None = str(PackagingVersion(text))
    except PackagingInvalid:
        expected = None
    ours = parse_or_none(text)
    assert (None if ours is None else str(ours)) == expected


@given(spellings, spellings)
def test_order_matches_packaging(a: str, b: str) -> None:
    pa, pb = parse_or_none(a), parse_or_none(b)
    if pa is None or pb is None:
        return
    ra, rb = PackagingVersion(a), PackagingVersion(b)
    assert (pa < pb) == (ra < rb) and (pa == pb) == (ra == rb)
