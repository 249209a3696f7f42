"""PEP 440 versions: parsing with helpful errors, tags, ordering, bump keywords.

Pure logic, no I/O. The parser is this module's own (a few dozen lines, checked against
``packaging`` by property tests) so that ``release validate`` does not pay for importing
``packaging`` and ``typing`` on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from release.errors import VersionError

BUMP_KEYWORDS = ("major", "minor", "patch", "alpha", "beta", "rc", "post", "final")

_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}
_PRE_SPELLINGS = {
    "a": "a",
    "alpha": "a",
    "b": "b",
    "beta": "b",
    "c": "rc",
    "rc": "rc",
    "pre": "rc",
    "preview": "rc",
}
_KEYWORD_PRE = {"alpha": "a", "beta": "b", "rc": "rc"}
_PRE_NAMES = {"a": "alpha", "b": "beta", "rc": "rc"}

# Any spelling PEP 440 accepts, case-insensitive, after stripping white space. Compiled on
# first use: the canonical spellings that almost every project uses never need it.
_PEP440_SOURCE = r"""v?
    (?:(?P<epoch>[0-9]+)!)?
    (?P<release>[0-9]+(?:\.[0-9]+)*)
    (?:[-_.]?(?P<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?P<pre_n>[0-9]+)?)?
    (?:-(?P<post_implicit>[0-9]+)|[-_.]?(?P<post_l>post|rev|r)[-_.]?(?P<post_n>[0-9]+)?)?
    (?:[-_.]?(?P<dev_l>dev)[-_.]?(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?"""


@cache
def _pep440() -> re.Pattern[str]:
    return re.compile(_PEP440_SOURCE, re.VERBOSE | re.IGNORECASE)


# The canonical spelling of most real versions: keyed without building a Version
# (hot path for repositories with thousands of tags).
_SIMPLE = re.compile(r"(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?")

VersionKey = tuple[int, tuple[int, ...], tuple[int, int], int, float]
"""Orders like PEP 440; equal keys mean equal versions (local parts aside)."""

_NO_PRE = (3, 0)  # sorts after a, b, rc
_DEV_ONLY = (-1, 0)  # a dev release of a final version sorts before its pre-releases


class InvalidVersion(ValueError):
    """Raised by :class:`Version` for a string that is not PEP 440."""


class Version:
    """A PEP 440 version: parsed from any valid spelling, printed in normal form."""

    __slots__ = ("_key", "_local_key", "dev", "epoch", "local", "post", "pre", "release")

    epoch: int
    release: tuple[int, ...]
    pre: tuple[str, int] | None
    post: int | None
    dev: int | None
    local: str | None
    _key: VersionKey
    _local_key: tuple[tuple[int, int | str], ...]

    def __init__(self, text: str) -> None:
        text = text.strip()
        simple = _SIMPLE.fullmatch(text)
        match = simple if simple is not None else _pep440().fullmatch(text)
        if match is None:
            raise InvalidVersion(text)
        if simple is not None:  # canonical spelling: no normalisation needed
            release_s, pre_l, pre_n, post_n, dev_n = simple.groups()
            self.epoch = 0
            self.release = tuple(int(p) for p in release_s.split("."))
            self.pre = (pre_l, int(pre_n)) if pre_l else None
            self.post = int(post_n) if post_n is not None else None
            self.dev = int(dev_n) if dev_n is not None else None
            self.local = None
        else:
            self._parse_any(match)
        self._key = _key(
            self.epoch,
            self.release,
            (_PRE_ORDER[self.pre[0]], self.pre[1]) if self.pre else None,
            self.post,
            self.dev,
        )
        self._local_key = tuple(
            (1, int(part)) if part.isdigit() else (0, part)
            for part in (self.local or "").split(".")
            if part
        )

    def _parse_any(self, match: re.Match[str]) -> None:
        self.epoch = int(match.group("epoch") or 0)
        self.release = tuple(int(p) for p in match.group("release").split("."))
        pre_l = match.group("pre_l")
        self.pre = (
            (_PRE_SPELLINGS[pre_l.lower()], int(match.group("pre_n") or 0)) if pre_l else None
        )
        if match.group("post_implicit") is not None:
            self.post = int(match.group("post_implicit"))
        elif match.group("post_l") is not None:
            self.post = int(match.group("post_n") or 0)
        else:
            self.post = None
        self.dev = int(match.group("dev_n") or 0) if match.group("dev_l") is not None else None
        local = match.group("local")
        self.local = re.sub(r"[-_.]", ".", local.lower()) if local else None

    @property
    def is_devrelease(self) -> bool:
        return self.dev is not None

    @property
    def base_version(self) -> str:
        epoch = f"{self.epoch}!" if self.epoch else ""
        return epoch + ".".join(str(part) for part in self.release)

    @property
    def key(self) -> VersionKey:
        return self._key

    def __str__(self) -> str:
        text = self.base_version
        if self.pre is not None:
            text += f"{self.pre[0]}{self.pre[1]}"
        if self.post is not None:
            text += f".post{self.post}"
        if self.dev is not None:
            text += f".dev{self.dev}"
        if self.local is not None:
            text += f"+{self.local}"
        return text

    def __repr__(self) -> str:
        return f"<Version('{self}')>"

    def _cmp(self) -> tuple[VersionKey, tuple[tuple[int, int | str], ...]]:
        return (self._key, self._local_key)

    def __hash__(self) -> int:
        return hash(self._cmp())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._cmp() == other._cmp()

    def __lt__(self, other: Version) -> bool:
        return self._cmp() < other._cmp()

    def __le__(self, other: Version) -> bool:
        return self._cmp() <= other._cmp()

    def __gt__(self, other: Version) -> bool:
        return self._cmp() > other._cmp()

    def __ge__(self, other: Version) -> bool:
        return self._cmp() >= other._cmp()


def _key(
    epoch: int,
    release: tuple[int, ...],
    pre: tuple[int, int] | None,
    post: int | None,
    dev: int | None,
) -> VersionKey:
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    if pre is None:
        pre_key = _DEV_ONLY if (dev is not None and post is None) else _NO_PRE
    else:
        pre_key = pre
    return (
        epoch,
        release,
        pre_key,
        -1 if post is None else post,
        float("inf") if dev is None else dev,
    )


def parse(text: str, *, what: str = "version") -> Version:
    """Parse a PEP 440 version or raise :class:`VersionError` with a hint."""
    try:
        return Version(text)
    except InvalidVersion:
        raise VersionError(
            f"{what} {text!r} is not a valid PEP 440 version",
            "use a version such as 1.4.0, 1.4.0rc1, 1.4.0.post1 or 1.4.0.dev0 "
            "(https://peps.python.org/pep-0440/)",
        ) from None


def parse_or_none(text: str) -> Version | None:
    """Parse a version, or ``None`` when it is not PEP 440."""
    try:
        return Version(text)
    except InvalidVersion:
        return None


def sort_key(text: str) -> VersionKey | None:
    """A key that orders version strings by PEP 440, or ``None`` for a non-version.

    Equal keys mean equal versions (``1.4`` and ``1.4.0`` share a key). A local part
    (``+abc``) is ignored: release tags do not carry one.
    """
    match = _SIMPLE.fullmatch(text)
    if match is None:
        version = parse_or_none(text)
        return None if version is None else version.key
    release_s, pre_l, pre_n, post_n, dev_n = match.groups()
    return _key(
        0,
        tuple(int(part) for part in release_s.split(".")),
        (_PRE_ORDER[pre_l], int(pre_n)) if pre_l else None,
        int(post_n) if post_n is not None else None,
        int(dev_n) if dev_n is not None else None,
    )


def key_of(version: Version) -> VersionKey:
    """The :func:`sort_key` of a parsed version."""
    return version.key


def version_from_tag(tag: str, prefix: str) -> str | None:
    """The version text inside a tag, or ``None`` when the prefix does not match."""
    if prefix:
        if not tag.startswith(prefix):
            return None
        return tag[len(prefix) :]
    return tag


def release_tags(tags: Iterable[str], prefix: str) -> list[tuple[str, str, VersionKey]]:
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
