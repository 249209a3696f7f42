"""PEP 440 versions: parsing with helpful errors, and the bump keywords.

Pure logic, no I/O. Parsing, normal form and ordering are ``packaging.version`` (the
implementation pip and pypa/build use, so every tool agrees on what a version is); the bump
keywords are this module's own, built on it.
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from release.errors import VersionError

__all__ = [
    "BUMP_KEYWORDS",
    "DEV_KEYWORD",
    "MAX_VERSION_LENGTH",
    "Version",
    "bump",
    "next_development",
    "parse",
    "parse_or_none",
    "resolve_target",
]

BUMP_KEYWORDS = ("major", "minor", "patch", "alpha", "beta", "rc", "post", "final")

DEV_KEYWORD = "dev"
"""``release prepare dev``: the post-release step (:func:`next_development`)."""

MAX_VERSION_LENGTH = 200
"""Longer strings are not versions: no real version comes near it, and a hostile tag or
heading with thousands of digits must not reach ``int()`` (which refuses more than 4,300)."""

_KEYWORD_PRE = {"alpha": "a", "beta": "b", "rc": "rc"}
_PRE_NAMES = {"a": "alpha", "b": "beta", "rc": "rc"}
_PRE_ORDER = {"a": 0, "b": 1, "rc": 2}

_PEP440_HINT = (
    "use a version such as 1.4.0, 1.4.0rc1, 1.4.0.post1 or 1.4.0.dev0 "
    "(https://peps.python.org/pep-0440/)"
)


def parse_or_none(text: str) -> Version | None:
    """The version ``text`` spells (any PEP 440 spelling), or ``None``."""
    if len(text) > MAX_VERSION_LENGTH or not text.isascii():
        return None
    try:
        return Version(text)
    except (InvalidVersion, ValueError):  # ValueError: an integer part too long for int()
        return None


def parse(text: str, *, what: str = "version") -> Version:
    """Parse a PEP 440 version or raise :class:`VersionError` with a hint."""
    version = parse_or_none(text)
    if version is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise VersionError(f"{what} {shown!r} is not a valid PEP 440 version", _PEP440_HINT)
    return version


_WIDTH = {"major": 1, "minor": 2, "patch": 3}
"""How many release components a keyword needs: ``patch`` needs a third (25.3 -> 25.3.1)."""


def local_part_refused(version: Version, spelled: str | None = None) -> str:
    """Why a version with a local part (``1.4.0+local``) cannot be released."""
    return (f"{spelled or version} has a local part (+{version.local}), which PyPI and every "
            "other public index refuse")


def _release(version: Version, width: int) -> list[int]:
    """The release numbers padded with zeros to ``width`` (never cut below three)."""
    numbers = list(version.release)
    return numbers + [0] * (width - len(numbers)) if len(numbers) < width else numbers


def _spell(epoch: str, numbers: list[int]) -> str:
    return epoch + ".".join(str(number) for number in numbers)


def _unfinished(version: Version) -> bool:
    """A pre-release, or a dev release of a final version: not released as such yet."""
    return version.pre is not None or (version.dev is not None and version.post is None)


def bump(current: Version, keyword: str) -> Version:
    """Apply a bump keyword (see ``BUMP_KEYWORDS``) to a version.

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
    minor      25.3        25.4       two components stay two (pip, Sage) …
    patch      25.3.dev0   25.3       … a finished pre-release keeps its spelling …
    patch      25.3        25.3.1     … and only ``patch`` adds the third
    =========  ==========  =========  ============================================

    The number of release components is kept: a version written with two (``25.3``,
    ``10.6b1``) gets two back from ``major``, ``minor`` and from finishing a pre-release, and
    three only when ``patch`` needs a third. Versions with three or more components get three
    from ``major``/``minor``/``patch`` (``1.2.3.4`` + patch = ``1.2.4``), as before.
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
    epoch = f"{current.epoch}!" if current.epoch else ""
    unfinished = _unfinished(current)
    count = len(current.release)
    base = _spell(epoch, list(current.release))

    def width(keyword: str) -> int:
        return min(max(count, _WIDTH[keyword]), 3)

    if keyword in ("major", "minor"):
        position = 0 if keyword == "major" else 1
        numbers = _release(current, width(keyword))
        below = numbers[position + 1 :]
        if unfinished and not any(below):
            return Version(_spell(epoch, numbers[: width(keyword)]))
        numbers = numbers[:position] + [numbers[position] + 1] + [0] * (len(numbers) - position - 1)
        return Version(_spell(epoch, numbers[: width(keyword)]))
    if keyword == "patch":
        if unfinished:
            return Version(base)
        numbers = _release(current, 3)[:3]
        numbers[2] += 1
        return Version(_spell(epoch, numbers))
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
        numbers = _release(current, 3)[:3]
        numbers[2] += 1
        return Version(f"{_spell(epoch, numbers)}{kind}1")
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


def next_development(current: Version) -> Version:
    """The development version that follows the release ``current`` (the post-release step).

    ``1.4.0`` and ``1.4.0.post1`` give ``1.4.1.dev0`` (the next patch, as ``patch`` spells
    it: ``25.3`` gives ``25.3.1.dev0``); a pre-release gives the next one of its kind
    (``1.4.0rc1`` gives ``1.4.0rc2.dev0``), so the version never goes down.
    """
    if current.dev is not None:
        raise VersionError(
            f"{current} is already a development version",
            "after the next release, `dev` moves on from it; or name a development version "
            "explicitly, e.g. 1.5.0.dev0",
        )
    if current.pre is not None:
        return Version(f"{bump(current, _PRE_NAMES[current.pre[0]])}.dev0")
    return Version(f"{bump(current, 'patch')}.dev0")
