"""PEP 440 versions: parsing with helpful errors, the bump keywords, and the project's own
spelling.

Pure logic, no I/O. Parsing, normal form and ordering are ``packaging.version`` (the
implementation pip and pypa/build use, so every tool agrees on what a version is); the bump
keywords are this module's own, built on it. Versions are compared by PEP 440 equality and
written in the project's spelling (:class:`Spelling`: ``2026.08.17`` zero-padded,
``1.0.0.beta0``, ``v1.2.3``), which ``packaging`` normalises away; that is why this module
splits a version's text into its written parts itself (after the grammar of PEP 440's
appendix), and only ever to re-spell a version ``packaging`` has parsed.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from release.errors import VersionError

__all__ = [
    "BUMP_KEYWORDS",
    "CALVER_KEYWORD",
    "DEV_KEYWORD",
    "MAX_VERSION_LENGTH",
    "CalVer",
    "Spelling",
    "Version",
    "bump",
    "development_of",
    "is_local_marker",
    "next_development",
    "parse",
    "parse_or_none",
    "resolve_target",
    "short_form",
    "short_releases",
]

BUMP_KEYWORDS = ("major", "minor", "patch", "alpha", "beta", "rc", "post", "final")

DEV_KEYWORD = "dev"
"""``release prepare dev``: the post-release step (:func:`next_development`)."""
CALVER_KEYWORD = "calver"
"""``release prepare calver``: today's date in the pattern of the project's date-shaped tags."""

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


def bump(current: Version, keyword: str, *, short: bool = False) -> Version:
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

    ``short``: the project writes its ``X.Y.0`` releases as ``X.Y`` (:func:`short_releases`,
    learnt from its tags): a final ``X.Y.0`` result is written ``X.Y`` (``4.2.2`` + minor =
    ``4.3``, + major = ``5.0``), equal by PEP 440 but spelled, and tagged, as the project does.
    """
    result = _bump(current, keyword)
    return short_form(result) if short else result


def short_form(version: Version) -> Version:
    """``X.Y.0`` written ``X.Y`` (``4.3.0`` -> ``4.3``, ``5.0.0`` -> ``5.0``): a final release
    of three release numbers whose last is 0; any other version is returned as it is."""
    numbers = version.release
    if len(numbers) != 3 or numbers[2] != 0 or version.pre is not None \
            or version.post is not None or version.dev is not None or version.local is not None:
        return version
    epoch = f"{version.epoch}!" if version.epoch else ""
    return Version(_spell(epoch, list(numbers[:2])))


def short_releases(versions: Iterable[Version]) -> tuple[Version, ...]:
    """The project's releases written ``X.Y``, newest first, when that is its habit for every
    ``X.Y.0`` release: the versions of its release tags (one scheme's) hold at least two final
    ``X.Y`` releases (``4.1``, ``4.2``) and no ``X.Y.0`` at all, final or pre-release
    (``4.1.0``, ``4.1.0rc1``). Otherwise (``4.0`` beside ``4.1.0``; only ``X.Y.Z`` tags)
    ``()``: the habit is not clear, and the bump keywords keep their normal result."""
    two: set[Version] = set()
    for version in versions:
        numbers = version.release
        if len(numbers) >= 3 and numbers[-1] == 0:
            return ()
        if len(numbers) == 2 and not version.is_prerelease:
            two.add(version)
    return tuple(sorted(two, reverse=True)) if len(two) >= 2 else ()


def _bump(current: Version, keyword: str) -> Version:
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


def resolve_target(current: Version, requested: str, *, short: bool = False) -> Version:
    """The version a ``prepare`` request names: a bump keyword or an explicit version.

    A current version with a local marker (``0.34.0+dev``) is bumped as the development
    state of the version before the ``+`` (:func:`development_of`). ``short``: a keyword's
    ``X.Y.0`` is written ``X.Y``, the project's habit (see :func:`bump`); an explicit version
    is taken as written (``4.3.0`` stays ``4.3.0``).
    """
    if requested in BUMP_KEYWORDS:
        return bump(development_of(current), requested, short=short)
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
def is_local_marker(version: Version) -> bool:
    """A version with a local part (``0.34.0+dev``, ``2.4.0+unreleased``): between releases,
    some projects mark their files this way instead of with ``.devN``."""
    return version.local is not None


def development_of(version: Version) -> Version:
    """What a version with a local marker stands for: the development state of the version
    before the ``+`` (``0.34.0+dev`` -> ``0.34.0.dev0``, as mypy means it: work towards
    0.34.0); any other version is returned as it is."""
    if version.local is None:
        return version
    public = Version(version.public)
    if public.dev is not None:
        return public
    return Version(f"{public}.dev0")


# -- the project's own spelling -------------------------------------------------------------

_WRITTEN = re.compile(
    r"""^(?P<lead>[vV]?)(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)
    (?P<pre>(?P<pre_head>[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?)(?P<pre_n>[0-9]+)?)?
    (?P<post>-(?P<post_bare>[0-9]+)|(?P<post_head>[-_.]?(?:post|rev|r)[-_.]?)(?P<post_n>[0-9]+)?)?
    (?P<dev>(?P<dev_head>[-_.]?dev[-_.]?)(?P<dev_n>[0-9]+)?)?
    (?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$""",
    re.VERBOSE | re.IGNORECASE,
)
_PRE_KIND = {"alpha": "a", "a": "a", "beta": "b", "b": "b", "preview": "rc", "pre": "rc",
             "c": "rc", "rc": "rc"}
_NORMAL_HEAD = {"a": "a", "b": "b", "rc": "rc", "post": ".post", "dev": ".dev"}


@dataclass(frozen=True)
class Spelling:
    """How a project writes its versions, learnt from versions it wrote: a leading ``v``, the
    width release numbers are zero-padded to, and how pre-, post- and dev-releases are
    written (``.beta`` for ``b``). :meth:`spell` writes any version that way; the default
    spelling is the normal form."""

    lead: str = ""
    widths: tuple[int, ...] = ()
    """The zero-padded width of each release number (``(4, 2, 2)`` for ``2026.08.17``);
    0 where the numbers are not padded."""
    heads: tuple[tuple[str, str], ...] = ()
    """``(kind, text before the number)`` for ``a``, ``b``, ``rc``, ``post``, ``dev``."""
    bare: tuple[str, ...] = ()
    """The kinds written without their number when it is 0 (``0.14-dev``, ``1.0b``)."""

    @property
    def normal(self) -> bool:
        return self == Spelling()

    def head(self, kind: str) -> str:
        return dict(self.heads).get(kind, _NORMAL_HEAD[kind])

    def spell(self, version: Version) -> str:
        """``version`` written in this spelling (equal to it by PEP 440)."""
        numbers = [str(n).zfill(self.widths[i]) if i < len(self.widths) and self.widths[i]
                   else str(n) for i, n in enumerate(version.release)]
        text = self.lead + (f"{version.epoch}!" if version.epoch else "") + ".".join(numbers)

        def part(kind: str, number: int) -> str:
            return self.head(kind) + ("" if number == 0 and kind in self.bare else str(number))

        if version.pre is not None:
            text += part(version.pre[0], version.pre[1])
        if version.post is not None:
            head = self.head("post")
            text += ("-" + str(version.post)) if head == "-" else part("post", version.post)
        if version.dev is not None:
            text += part("dev", version.dev)
        if version.local is not None:
            text += f"+{version.local}"
        spelled = text
        return spelled if parse_or_none(spelled) == version else str(version)

    @classmethod
    def learn(cls, examples: Sequence[str], *, evidence: Iterable[str] = ()) -> Spelling:
        """The spelling of ``examples`` (newest first): the lead of the first, each part's
        form from the newest example that has it. ``evidence`` (other versions of the
        project: its tags, its changelog headings) only says how release numbers are
        padded. Padding is kept only where nothing contradicts it (``2026.08.17`` beside
        ``2026.8.17`` is no convention)."""
        parsed = [m for m in (_WRITTEN.match(e.strip()) for e in examples) if m is not None]
        if not parsed:
            return cls()
        lead = parsed[0].group("lead")
        padded: dict[int, set[int]] = {}
        plain: set[int] = set()
        lengths: dict[int, set[int]] = {}
        others = [m for m in (_WRITTEN.match(e.strip()) for e in evidence) if m is not None]
        for match in [*parsed, *others]:
            for index, number in enumerate(match.group("release").split(".")):
                lengths.setdefault(index, set()).add(len(number))
                if len(number) > 1 and number.startswith("0"):
                    padded.setdefault(index, set()).add(len(number))
                elif len(number) == 1:
                    plain.add(index)
        pads = {index: found.pop() for index, found in padded.items()
                if len(found) == 1 and index not in plain}
        if pads:  # 2026.08.17: the day is padded like the month (it is always two digits)
            for index, seen in lengths.items():
                if index not in pads and index not in plain and index > min(pads) \
                        and len(seen) == 1 and seen == {pads[min(pads)]}:
                    pads[index] = pads[min(pads)]
        widths = [pads.get(index, 0) for index in range(max(pads, default=-1) + 1)]
        heads: dict[str, str] = {}
        bare: set[str] = set()
        for match in parsed:
            for kind, head, number in _parts(match):
                if kind not in heads:
                    heads[kind] = head
                    if number is None:
                        bare.add(kind)
        normal = {k: h for k, h in heads.items() if h != _NORMAL_HEAD[k] or k in bare}
        return cls(lead, tuple(widths) if any(widths) else (), tuple(sorted(normal.items())),
                   tuple(sorted(bare)))


def _parts(match: re.Match[str]) -> list[tuple[str, str, str | None]]:
    """``(kind, head, number)`` of the pre-, post- and dev-release parts as written."""
    found: list[tuple[str, str, str | None]] = []
    if match.group("pre"):
        head = match.group("pre_head")
        letters = re.sub(r"[-_.]", "", head).lower()
        found.append((_PRE_KIND[letters], head, match.group("pre_n")))
    if match.group("post_bare") is not None:
        found.append(("post", "-", match.group("post_bare")))
    elif match.group("post"):
        found.append(("post", match.group("post_head"), match.group("post_n")))
    if match.group("dev"):
        found.append(("dev", match.group("dev_head"), match.group("dev_n")))
    return found


def spelled(text: str, version: Version, *, evidence: Iterable[str] = ()) -> str:
    """``version`` written the way ``text`` writes its version."""
    return Spelling.learn([text], evidence=evidence).spell(version)


# -- calendar versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class CalVer:
    """A date-shaped version scheme, learnt from tags: ``YYYY.MM.DD`` (certifi), ``YY.M.MICRO``
    (black), ``YYYY.M`` …; the widths of the numbers are the project's :class:`Spelling`."""

    short_year: bool
    """``YY`` (26) rather than ``YYYY`` (2026)."""
    day: bool
    """The third number is the day of the month (else a counter from 0, when present)."""
    micro: bool
    """A third number that counts releases of the same month (``YY.M.MICRO``)."""

    def describe(self) -> str:
        parts = ["YY" if self.short_year else "YYYY", "MM"]
        if self.day:
            parts.append("DD")
        elif self.micro:
            parts.append("MICRO")
        return ".".join(parts)

    def version_for(self, day: _dt.date, taken: Iterable[Version]) -> Version:
        """The version for a release on ``day``: the date, and a counter (``.1``, ``.2``)
        when a release of the same date (or month, for ``YY.M.MICRO``) exists."""
        numbers = [day.year % 100 if self.short_year else day.year, day.month]
        if self.day:
            numbers.append(day.day)
        taken_set = set(taken)
        if self.micro:
            numbers.append(0)
            while Version(".".join(map(str, numbers))) in taken_set:
                numbers[-1] += 1
            return Version(".".join(map(str, numbers)))
        candidate = Version(".".join(map(str, numbers)))
        counter = 0
        while candidate in taken_set:
            counter += 1
            candidate = Version(".".join(map(str, [*numbers, counter])))
        return candidate


def calver(tags: Iterable[tuple[Version, int]]) -> CalVer | None:
    """The date pattern of release tags ``(version, creation date)``, or ``None`` when the
    tags are not date-shaped: the ten newest final releases must each name the year (and
    month) they were created in (a day or two of slack for a tag made after midnight)."""
    recent = sorted(((v, d) for v, d in tags if not v.is_prerelease and d),
                    key=lambda item: item[1], reverse=True)[:10]
    if len(recent) < 2:
        return None
    short = day = micro = None
    three = True
    for version, stamp in recent:
        created = _dt.datetime.fromtimestamp(stamp, _dt.timezone.utc).date()
        numbers = version.release
        if len(numbers) < 2 or version.epoch:
            return None
        year, month = numbers[0], numbers[1]
        named = [d for d in (created, created - _dt.timedelta(days=2)) if
                 (year in (d.year, d.year % 100)) and month == d.month]
        if not named:
            return None
        this_short = year < 100
        if short is not None and short != this_short:
            return None
        short = this_short
        if len(numbers) >= 3:
            near = any((created - _dt.timedelta(days=k)).day == numbers[2] for k in range(3))
            day = near if day is None else day and near
            micro = not near if micro is None else micro or not near
        else:
            three = False
    if short is None:
        return None
    is_day = bool(day) and three
    return CalVer(short, is_day, bool(micro) and three and not is_day)
