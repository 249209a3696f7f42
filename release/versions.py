"""PEP 440 versions: parsing with helpful errors, tags, ordering, bump keywords.

Pure logic, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from packaging.version import InvalidVersion, Version

from release.errors import VersionError

BUMP_KEYWORDS = ("major", "minor", "patch", "alpha", "beta", "rc", "post", "final")

_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}
_KEYWORD_PRE = {"alpha": "a", "beta": "b", "rc": "rc"}
_PRE_NAMES = {"a": "alpha", "b": "beta", "rc": "rc"}

# The canonical spelling of most real versions: parsed without `packaging` (hot path for
# repositories with thousands of tags). Anything else falls back to `packaging`.
_SIMPLE = re.compile(r"(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?")

VersionKey = tuple[int, tuple[int, ...], tuple[int, int], int, float]
"""Orders like PEP 440; equal keys mean equal versions (local parts aside)."""

_NO_PRE = (3, 0)  # sorts after a, b, rc
_DEV_ONLY = (-1, 0)  # a dev release of a final version sorts before its pre-releases


def parse(text: str, *, what: str = "version") -> Version:
    """Parse a PEP 440 version or raise :class:`VersionError` with a hint."""
    try:
        return Version(text.strip())
    except InvalidVersion:
        raise VersionError(
            f"{what} {text!r} is not a valid PEP 440 version",
            "use a version such as 1.4.0, 1.4.0rc1, 1.4.0.post1 or 1.4.0.dev0 "
            "(https://peps.python.org/pep-0440/)",
        ) from None


def parse_or_none(text: str) -> Version | None:
    """Parse a version, or ``None`` when it is not PEP 440."""
    try:
        return Version(text.strip())
    except InvalidVersion:
        return None


def sort_key(text: str) -> VersionKey | None:
    """A key that orders version strings by PEP 440, or ``None`` for a non-version.

    Equal keys mean equal versions (``1.4`` and ``1.4.0`` share a key). Canonical
    spellings are keyed without building a :class:`Version`; others go through
    ``packaging``. A local part (``+abc``) is ignored: release tags do not carry one.
    """
    match = _SIMPLE.fullmatch(text)
    if match is not None:
        release_s, pre_l, pre_n, post_n, dev_n = match.groups()
        release: tuple[int, ...] = tuple(int(part) for part in release_s.split("."))
        pre: tuple[int, int] | None = (_PRE_ORDER[pre_l], int(pre_n)) if pre_l else None
        post = int(post_n) if post_n is not None else None
        dev = int(dev_n) if dev_n is not None else None
        epoch = 0
    else:
        version = parse_or_none(text)
        if version is None:
            return None
        release = version.release
        pre = (_PRE_ORDER[version.pre[0]], version.pre[1]) if version.pre else None
        post = version.post
        dev = version.dev
        epoch = version.epoch
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    if pre is None:
        pre_key = _DEV_ONLY if (dev is not None and post is None) else _NO_PRE
    else:
        pre_key = pre
    post_key = -1 if post is None else post
    dev_key: float = float("inf") if dev is None else dev
    return (epoch, release, pre_key, post_key, dev_key)


def key_of(version: Version) -> VersionKey:
    """The :func:`sort_key` of a parsed version."""
    key = sort_key(str(version))
    if key is None:  # pragma: no cover - str(Version) always parses
        raise AssertionError(version)
    return key


def version_from_tag(tag: str, prefix: str) -> str | None:
    """The version text inside a tag, or ``None`` when the prefix does not match."""
    if prefix:
        if not tag.startswith(prefix):
            return None
        return tag[len(prefix) :]
    return tag


def release_tags(
    tags: Iterable[str], prefix: str
) -> list[tuple[str, str, VersionKey]]:
    """``(tag, version text, sort key)`` for every tag that is a release tag."""
    found = []
    for tag in tags:
        text = version_from_tag(tag, prefix)
        if text is None:
            continue
        key = sort_key(text)
        if key is not None:
            found.append((tag, text, key))
    return found


def bump(current: Version, keyword: str) -> Version:
    """Apply a bump keyword (see ``BUMP_KEYWORDS``) to a version.

    The table (documented in docs/releases/prepare.md):

    =========  ==========  =========  ============================================
    keyword    from        gives      rule
    =========  ==========  =========  ============================================
    major      1.3.0       2.0.0      next major; a pre-release of X.0.0 finishes
    minor      1.3.0       1.4.0      next minor; a pre-release of X.Y.0 finishes
    patch      1.3.0       1.3.1      next patch; any pre-release finishes
    alpha/…    1.3.0       1.3.1a1    start the next patch's pre-release
    rc         1.4.0rc1    1.4.0rc2   advance the same kind
    rc         1.4.0a2     1.4.0rc1   move up a kind (never down)
    final      1.4.0rc2    1.4.0      drop the pre-release / dev part
    post       1.4.0       1.4.0.post1, then .post2, …
    =========  ==========  =========  ============================================
    """
    if keyword not in BUMP_KEYWORDS:
        raise VersionError(
            f"unknown bump keyword {keyword!r}",
            f"use one of {', '.join(BUMP_KEYWORDS)} or an explicit version such as 1.4.0",
        )
    if current.local is not None:
        raise VersionError(
            f"cannot bump {current}: it has a local part (+{current.local})",
            "spell the new version explicitly",
        )
    release = (*current.release, 0, 0)[:3] if len(current.release) < 3 else current.release
    major, minor, patch = release[0], release[1], release[2]
    rest = tuple(release[3:])
    unfinished = current.pre is not None or (current.dev is not None and current.post is None)
    epoch = f"{current.epoch}!" if current.epoch else ""
    base = epoch + ".".join(str(part) for part in (major, minor, patch, *rest))

    if keyword == "major":
        if unfinished and minor == 0 and patch == 0 and not any(rest):
            return Version(f"{epoch}{major}.0.0")
        return Version(f"{epoch}{major + 1}.0.0")
    if keyword == "minor":
        if unfinished and patch == 0 and not any(rest):
            return Version(f"{epoch}{major}.{minor}.0")
        return Version(f"{epoch}{major}.{minor + 1}.0")
    if keyword == "patch":
        if unfinished:
            return Version(base)
        return Version(f"{epoch}{major}.{minor}.{patch + 1}")
    if keyword == "final":
        if not unfinished:
            raise VersionError(
                f"{current} is already a final version",
                "use `patch`, `minor` or `major` for the next release, or `post` for a "
                "post-release",
            )
        return Version(base)
    if keyword == "post":
        if unfinished:
            raise VersionError(
                f"cannot make a post-release of the pre-release {current}",
                "finish it first with `final`",
            )
        number = 1 if current.post is None else current.post + 1
        return Version(f"{base}.post{number}")

    kind = _KEYWORD_PRE[keyword]
    if current.pre is None:
        if unfinished:  # a dev release such as 1.4.0.dev0 heads for 1.4.0
            return Version(f"{base}{kind}1")
        return Version(f"{epoch}{major}.{minor}.{patch + 1}{kind}1")
    current_kind, number = current.pre
    if _PRE_ORDER[kind] < _PRE_ORDER[current_kind]:
        raise VersionError(
            f"cannot move {current} down from {_PRE_NAMES[current_kind]} to {keyword}",
            f"use `{_PRE_NAMES[current_kind]}` for the next {_PRE_NAMES[current_kind]}, "
            "`final` to finish it, or spell the version explicitly",
        )
    if kind == current_kind:
        if current.dev is not None and current.post is None:  # 1.4.0rc2.dev1 + rc -> rc2
            return Version(f"{base}{kind}{number}")
        return Version(f"{base}{kind}{number + 1}")
    return Version(f"{base}{kind}1")


def resolve_target(current: Version, requested: str) -> Version:
    """The version a ``prepare`` request names: a bump keyword or an explicit version."""
    if requested in BUMP_KEYWORDS:
        return bump(current, requested)
    return parse(requested, what="requested version")
