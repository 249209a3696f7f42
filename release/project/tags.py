"""Tag schemes, tag families and the main branch: pure logic, no I/O.

A repository's release tags follow a *scheme*: a prefix (``v``, none, or a per-package
prefix such as ``hatchling-v`` or ``gradio@``), the separator between the release numbers
(``.``, or ``_`` as in SQLAlchemy's ``rel_2_1_0``), the spelling of the numbers
(``2026.08.17`` zero-padded), and whether its ``X.Y.0`` releases are written ``X.Y``
(sqlite-utils' ``4.1``, ``4.2``: :attr:`Scheme.short`, which the bump keywords follow).
The scheme is inferred from the tags when it is not configured: the tags are grouped into
families by prefix, and the candidates are the families of this project (named after it,
or nameless: ``v``, unprefixed), else every family; in a package folder of a monorepo the
family named after the package wins. Among
the candidates the *most recent* releases decide (by date, then by version: the highest
version among the three newest tags), never the count: a project that moved from ``7.4.1``
to ``v7.5.0`` tags ``v7.6.0`` next. Families that were retired (every version below the
newest release) still count as released versions: they are *history*. A family with a
version above the newest release is a stray (reported, not counted). Without dates (a plain
list of names) the most numerous family wins, as before.

Tags of the family (and history) are what "newest", "behind" and "exists" mean; a
pre-release of a line that never reached a final release and is older than the newest final
release is *abandoned* (reported, not counted).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from release.project.versions import Spelling, Version, bump, parse_or_none, short_releases

__all__ = [
    "MainBranch",
    "Scheme",
    "SchemeChoice",
    "Tag",
    "TagFamily",
    "TagSet",
    "abandoned",
    "choose_scheme",
    "find_main_branch",
    "is_release_branch",
    "line_of",
    "newest",
    "short_branch",
    "split_tag",
    "tag_set",
    "with_details",
]

_SEPARATORS = "-_@/"
MAIN_CANDIDATES = ("main", "master", "trunk")


@dataclass(frozen=True)
class Scheme:
    """How release tags are spelled: ``prefix`` + the version, numbers joined by ``separator``
    and written in the tags' own ``spelling`` (``2026.08.17``; the normal form by default)."""

    prefix: str = "v"
    separator: str = "."
    spelling: Spelling = field(default_factory=Spelling, compare=False)
    short: tuple[Version, ...] = field(default=(), compare=False)
    """The scheme's final ``X.Y`` releases, newest first, when its tags write every ``X.Y.0``
    release that way (``4.1``, ``4.2``; no ``4.0.0``: :func:`short_releases`); ``()`` when
    they do not. The bump keywords then give ``4.3`` where they would give ``4.3.0``."""

    def format(self, version: Version) -> str:
        text = self.spelling.spell(version)
        if self.separator != ".":
            text = text.replace(".", self.separator)
        return self.prefix + text

    def parse(self, tag: str) -> Version | None:
        """The version a tag of this scheme names, or ``None`` for other tags."""
        split = split_tag(tag)
        if split is None or split[0] != self.prefix or split[2] != self.separator:
            return None
        return split[1]

    def describe(self) -> str:
        """``unprefixed``, ``prefix 'v'``, ``prefix 'rel_' with '_' between the numbers``."""
        text = f"prefix {self.prefix!r}" if self.prefix else "unprefixed"
        if self.separator != ".":
            text += f" with {self.separator!r} between the numbers"
        return text

    def example(self) -> str:
        return self.format(Version("1.4.0"))


def split_tag(tag: str) -> tuple[str, Version, str] | None:
    """``(prefix, version, separator)`` for a tag that names a release, else ``None``.

    The prefix is everything before the first digit and may not end in a dot (``v.5.2.0``
    is no release tag). ``rel_2_1_0b3`` is read with ``_`` as the separator.
    """
    if len(tag) > 200:
        return None
    for start, char in enumerate(tag):
        if not char.isdigit() or (start and (tag[start - 1].isdigit() or tag[start - 1] == ".")):
            continue
        prefix, rest = tag[:start], tag[start:]
        version = parse_or_none(rest)
        if version is not None:
            return prefix, version, "."
        if "_" in rest and "." not in rest:
            version = parse_or_none(rest.replace("_", "."))
            if version is not None:
                return prefix, version, "_"
    return None


@dataclass(frozen=True)
class Tag:
    """A release tag of the chosen family."""

    name: str
    version: Version
    commit: str = ""
    date: int = 0
    """Creation date (tagger date of an annotated tag), seconds since the epoch."""
    reachable: bool = True
    """Reachable from HEAD (part of this branch's history)."""

    @property
    def text(self) -> str:
        """The version as the tag writes it (``2026.08.17``, ``2.1.0b3`` for ``rel_2_1_0b3``)."""
        split = split_tag(self.name)
        if split is None:
            return str(self.version)
        return self.name[len(split[0]):].replace(split[2], ".")


@dataclass(frozen=True)
class TagFamily:
    scheme: Scheme
    tags: tuple[Tag, ...]

    @property
    def name(self) -> str:
        """The package a per-package prefix names (``hatchling-v`` -> ``hatchling``), or ``""``."""
        return _family_name(self.scheme.prefix)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _family_name(prefix: str) -> str:
    text = prefix
    if len(text) >= 2 and text[-1] in "vV" and text[-2] in _SEPARATORS:
        text = text[:-1]
    text = text.rstrip(_SEPARATORS + ".").lstrip("@")
    if text.lower() in _GENERIC:
        return ""
    return _canonical(text)


_GENERIC = ("v", "release", "rel", "version", "ver", "r")
"""Prefixes that name no package (``release-1.2``, ``rel_2_1_0``): nameless families."""


@dataclass(frozen=True)
class SchemeChoice:
    """The scheme in use, where it came from, and what else the tags say."""

    scheme: Scheme
    source: str
    tags: tuple[Tag, ...]
    """The family's tags, ``ignore-tags`` removed (abandoned ones still included)."""
    ignored: tuple[str, ...] = ()
    configured: bool = False
    mismatch: str | None = None
    """Configuration says one scheme, the repository's tags another."""
    strays: tuple[str, ...] = ()
    """Tags of the other nameless scheme (``v1.1.0`` among unprefixed tags)."""
    others: dict[str, int] = field(default_factory=dict)
    """Other families: ``{prefix: number of tags}``."""
    history: tuple[tuple[Scheme, int], ...] = ()
    """Retired schemes of this project, ``(scheme, number of tags)``: their tags are in
    ``tags`` (they count as released versions) but new tags never follow them."""
    needs_dates: tuple[str, ...] = ()
    """The tags whose dates would decide between candidate families (chosen by count without
    them): pass ``(commit, date)`` for them and choose again."""


def _ignored(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


RECENT = 3
"""How many of the newest tags (by date) decide between the project's tag families."""


def choose_scheme(
    tags: Mapping[str, tuple[str, int]] | Iterable[str],
    *,
    configured_prefix: str | None = None,
    project_name: str | None = None,
    version: Version | None = None,
    ignore: Sequence[str] = (),
    reachable: Iterable[str] | None = None,
    package_folder: bool = False,
) -> SchemeChoice:
    """Group the tags into families and choose the project's scheme (see the module doc).

    ``tags`` maps each tag name to ``(commit, date)``, or is a plain list of names.
    ``reachable`` names the tags reachable from HEAD (``None``: all of them).
    ``package_folder``: the project is a folder below the repository's root (a monorepo
    package), where the family named after it wins outright.
    """
    ordered, ignored = _families(tags, ignore, reachable)
    wanted = _canonical(project_name) if project_name else None

    def rank(family: TagFamily) -> tuple[int, int, int, int]:
        named = int(bool(wanted) and family.name == wanted)
        holds = int(version is not None and any(t.version == version for t in family.tags))
        usual = {"v": 2, "": 1}.get(family.scheme.prefix, 0)
        usual = usual if family.scheme.separator == "." else 0
        return named, len(family.tags), holds, usual

    ordered.sort(key=rank, reverse=True)
    others = {f.scheme.prefix: len(f.tags) for f in ordered}
    if configured_prefix is not None:
        return _configured(ordered, configured_prefix, ignored, others)
    if not ordered:
        return SchemeChoice(
            Scheme("v"), "no release tags yet: the usual prefix 'v'", (), tuple(sorted(ignored))
        )
    named = [f for f in ordered if wanted and f.name == wanted]
    candidates = ([*named, *(f for f in ordered if f.name == "")]
                  if not (package_folder and named) else named) or ordered
    dated = all(t.date for f in candidates for t in f.tags)
    needs: tuple[str, ...] = ()
    if len(candidates) > 1 and dated:
        best = _most_recent(candidates)
    else:
        best = candidates[0]
        if len(candidates) > 1:
            needs = tuple(t.name for f in candidates for t in f.tags)
    top = max(t.version for t in best.tags)
    retired = [f for f in candidates if f is not best and dated
               and all(t.version <= top for t in f.tags)]
    history = tuple(t for f in retired for t in f.tags)
    others.pop(best.scheme.prefix, None)
    for family in retired:
        others.pop(family.scheme.prefix, None)
    scheme = _spelled(best)
    source = _source(best, retired, by_date=len(candidates) > 1 and dated,
                     named=bool(wanted) and best.name == wanted)
    strays: tuple[str, ...] = ()
    if best.scheme.prefix in ("", "v") and best.scheme.separator == ".":
        other = "v" if best.scheme.prefix == "" else ""
        strays = tuple(
            t.name for f in ordered if f is not best and f not in retired
            and f.scheme.prefix == other for t in f.tags
        )
    return SchemeChoice(scheme, source, (*best.tags, *history), tuple(sorted(ignored)),
                        strays=strays, others=others,
                        history=tuple((f.scheme, len(f.tags)) for f in retired),
                        needs_dates=needs)


def _families(tags: Mapping[str, tuple[str, int]] | Iterable[str], ignore: Sequence[str],
              reachable: Iterable[str] | None) -> tuple[list[TagFamily], list[str]]:
    """The release tags grouped by scheme, and the ``ignore-tags`` left out."""
    info: Mapping[str, tuple[str, int]] = (
        tags if isinstance(tags, Mapping) else dict.fromkeys(tags, ("", 0))
    )
    seen = None if reachable is None else set(reachable)
    families: dict[tuple[str, str], list[Tag]] = {}
    ignored: list[str] = []
    for name, (commit, date) in info.items():
        split = split_tag(name)
        if split is None:
            continue
        if _ignored(name, ignore):
            ignored.append(name)
            continue
        prefix, parsed, separator = split
        tag = Tag(name, parsed, commit, date, seen is None or name in seen)
        families.setdefault((prefix, separator), []).append(tag)
    return ([TagFamily(Scheme(prefix, sep), tuple(found))
             for (prefix, sep), found in families.items()], ignored)


def _configured(ordered: list[TagFamily], prefix: str, ignored: list[str],
                others: dict[str, int]) -> SchemeChoice:
    """The choice when ``tag-prefix`` is configured: checked against the tags."""
    matching = [f for f in ordered if f.scheme.prefix == prefix]
    scheme = _spelled(matching[0]) if matching else Scheme(prefix)
    mismatch = None
    if not matching and ordered:
        best = ordered[0]
        example = max(best.tags, key=lambda t: t.version).name
        mismatch = (
            f"tag-prefix = {prefix!r} in [tool.release], but no tag has it; "
            f"the repository has {_count(len(best.tags), 'release tag')} with "
            f"{best.scheme.describe()} (e.g. {example})"
        )
    others.pop(prefix, None)
    return SchemeChoice(
        scheme, "tag-prefix in [tool.release]", matching[0].tags if matching else (),
        tuple(sorted(ignored)), configured=True, mismatch=mismatch, others=others,
    )


def _source(best: TagFamily, retired: list[TagFamily], *, by_date: bool, named: bool) -> str:
    """Where the scheme came from, for the facts: ``6 tags with prefix 'v', the newest;
    123 older unprefixed tags count as history``."""
    count = len(best.tags)
    if by_date:
        source = (f"{_count(count, 'tag')} with {best.scheme.describe()}" if best.scheme.prefix
                  else f"{count} unprefixed tag" + ("" if count == 1 else "s")) + ", the newest"
    elif named:
        source = f"{_count(count, 'tag')} {best.scheme.prefix}X.Y.Z (named after the project)"
    elif best.scheme.prefix:
        source = f"{_count(count, 'tag')} with {best.scheme.describe()}"
    else:
        source = f"{count} {best.scheme.describe()} " + ("tag" if count == 1 else "tags")
    if retired:
        source += "; " + ", ".join(
            (f"{len(f.tags)} older " + ("tag" if len(f.tags) == 1 else "tags")
             + f" with {f.scheme.describe()}") if f.scheme.prefix else
            f"{len(f.tags)} older unprefixed tag" + ("" if len(f.tags) == 1 else "s")
            for f in retired) + (" counts as history" if sum(len(f.tags) for f in retired) == 1
                                 else " count as history")
    return source


def _most_recent(families: Sequence[TagFamily]) -> TagFamily:
    """The family of the highest version among the :data:`RECENT` newest tags (ties: the
    newer tag, then ``v``, then unprefixed)."""
    owner = {t.name: f for f in families for t in f.tags}
    pool = [t for f in families for t in f.tags]
    # A bare number (`release-2`, `r7`) beside X.Y versions is a label, not a new scheme.
    pool = [t for t in pool if len(t.version.release) > 1] or pool
    newest_first = sorted(pool, key=lambda t: (t.date, t.version), reverse=True)[:RECENT]
    usual = {"v": 2, "": 1}

    def key(tag: Tag) -> tuple[Version, int, int]:
        return tag.version, tag.date, usual.get(owner[tag.name].scheme.prefix, 0)

    return owner[max(newest_first, key=key).name]


def _spelled(family: TagFamily) -> Scheme:
    """The family's scheme with the spelling of its tags (newest first), and whether they
    write ``X.Y.0`` releases as ``X.Y``."""
    texts = [t.text for t in sorted(family.tags, key=lambda t: (t.date, t.version),
                                    reverse=True)]
    return Scheme(family.scheme.prefix, family.scheme.separator,
                  replace(Spelling.learn(texts[:20]), lead=""),
                  short_releases(t.version for t in family.tags))


@dataclass
class TagSet:
    """The release tags that count, and the scheme new tags follow."""

    scheme: Scheme
    counted: list[Tag]
    choice: SchemeChoice | None = None

    def equal(self, version: Version) -> Tag | None:
        """The existing tag equal to ``version`` by PEP 440 (any spelling), if any."""
        found = [t for t in self.counted if t.version == version]
        return found[0] if found else None

    def next_free(self, version: Version) -> Version:
        """The first patch release above ``version`` that no tag has."""
        taken = {t.version for t in self.counted}
        candidate = bump(version, "patch")
        while candidate in taken:
            candidate = bump(candidate, "patch")
        return candidate


def tag_set(
    tags: Mapping[str, tuple[str, int]],
    *,
    configured_prefix: str | None,
    project_name: str | None,
    version: Version | None,
    ignore: Sequence[str],
    reachable: Iterable[str] | None,
    package_folder: bool = False,
) -> TagSet:
    """:func:`choose_scheme`, with abandoned pre-releases left out of the tags."""
    choice = choose_scheme(tags, configured_prefix=configured_prefix,
                           project_name=project_name, version=version, ignore=ignore,
                           reachable=reachable, package_folder=package_folder)
    skip = {t.name for t in abandoned(choice.tags, current=version)}
    return TagSet(choice.scheme, [t for t in choice.tags if t.name not in skip], choice)


def line_of(version: Version) -> tuple[int, ...]:
    """The release numbers without trailing zeros: ``26.1`` and ``26.1.0`` are one line."""
    numbers = list(version.release)
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()
    return (version.epoch, *numbers)


def with_details(choice: SchemeChoice, info: Mapping[str, tuple[str, int, bool]]
                 ) -> SchemeChoice:
    """The choice with ``(commit, date, reachable)`` filled in for the tags ``info`` names."""
    tags = tuple(
        Tag(t.name, t.version, *info[t.name]) if t.name in info else t for t in choice.tags
    )
    return replace(choice, tags=tags)


def abandoned(tags: Iterable[Tag], *, current: Version | None = None) -> list[Tag]:
    """Pre-releases above the newest final release, of a line that has no final release and
    older than that final release: releases went on below them (httpx's ``1.0.0.beta0``
    beside ``0.28.1``). A pre-release in HEAD's history while that final release is not
    (pytest's ``9.2.0.dev0`` on main, ``9.1.1`` on a maintenance branch) is the line being
    worked on, not abandoned; so is the line of the ``current`` version (aiohttp's
    ``v4.0.0a1`` while master says ``4.0.0a2.dev0``)."""
    items = [t for t in tags
             if current is None or not t.version.is_prerelease
             or line_of(t.version) != line_of(current)]
    finals = [t for t in items if not t.version.is_prerelease]
    if not finals:
        return []
    top = max(finals, key=lambda t: t.version)
    above = [t for t in items if t.version.is_prerelease and t.version > top.version]
    if not above:
        return []
    top = max((t for t in finals if t.version == top.version), key=lambda t: t.date)
    lines = {line_of(t.version) for t in finals}
    return [t for t in above if line_of(t.version) not in lines and t.date < top.date
            and not (t.reachable and not top.reachable)]


def newest(tags: Iterable[Tag], *, reachable_only: bool = False) -> Tag | None:
    """The tag with the highest version (in HEAD's history only, with ``reachable_only``)."""
    found = [t for t in tags if t.reachable or not reachable_only]
    return max(found, key=lambda t: t.version) if found else None


@dataclass(frozen=True)
class MainBranch:
    """The branch releases are tagged on: its name, why, and the refs that hold it."""

    name: str | None
    source: str
    refs: tuple[str, ...] = ()


def find_main_branch(
    configured: str | None, branches: Iterable[str], remote_heads: Mapping[str, str]
) -> MainBranch:
    """``main-branch`` from the configuration, else the remote's default branch (origin first),
    else whichever of main/master/trunk exists; ``name`` is ``None`` when none can be found.

    ``branches`` are full ref names (``refs/heads/x``, ``refs/remotes/origin/x``);
    ``remote_heads`` maps a remote to the branch its HEAD names.
    """
    refs = [ref for ref in branches if not ref.endswith("/HEAD")]

    def holding(name: str) -> tuple[str, ...]:
        return tuple(
            ref for ref in refs
            if ref == f"refs/heads/{name}"
            or (ref.startswith("refs/remotes/") and ref.split("/", 3)[-1] == name)
        )

    if configured:
        return MainBranch(configured, "main-branch in [tool.release]", holding(configured))
    for remote in sorted(remote_heads, key=lambda r: (r != "origin", r)):
        name = remote_heads[remote]
        return MainBranch(name, f"{remote}/HEAD", holding(name))
    present = [name for name in MAIN_CANDIDATES if holding(name)]
    if present:
        name = present[0]
        source = f"branch {name} exists" if len(present) == 1 else (
            f"branch {name} exists (first of {', '.join(present)})")
        return MainBranch(name, source, holding(name))
    return MainBranch(None, "no origin/HEAD and no main, master or trunk branch")


def short_branch(ref: str) -> str:
    """``refs/heads/8.2.x`` and ``refs/remotes/origin/8.2.x`` -> ``8.2.x``."""
    if ref.startswith("refs/heads/"):
        return ref[len("refs/heads/"):]
    if ref.startswith("refs/remotes/"):
        return ref.split("/", 3)[-1]
    return ref


def is_release_branch(name: str, version: Version) -> bool:
    """A branch named for the version's line: ``8.2.x``, ``2.3``, ``release/8.2``,
    ``hatch-v1.13.x``, ``v8.x``, ``maint/8.2``; or a plain ``stable``/``maintenance`` branch."""
    if name.lower() in ("stable", "maint", "maintenance", "lts"):
        return True
    major, minor = (*version.release, 0)[:2]
    pattern = rf"(?:^|.*[-/_@])v?{major}(?:\.{minor})?(?:\.x|\.\*)?"
    return re.fullmatch(pattern, name) is not None
