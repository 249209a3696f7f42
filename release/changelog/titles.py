"""The release title grammar, shared by the Markdown and reStructuredText readers.

Pure logic, no I/O. A title is ``[prefix] [v]VERSION [date or pending word] [YANKED]``, the
version possibly inside a link: ``[1.4.0]``, ``[1.4.0](url)``, rST ```v1.4.0 <url>`__``, or
an rST reference to a target defined at the end of the file (```0.7.3`_ (2024-12-06)``).
Prefix words: ``Version``, ``Release``, a project name (``Mypy 1.20``, ``pytest 9.1.1``).
Dates anywhere after the version, in any form :mod:`release.changelog.dates` reads.

Pending (unreleased) titles: ``Unreleased``, ``[UNRELEASED]``, ``*unreleased*``,
``Latest Changes``, ``Next Release``, ``dev``, ``Unreleased changes``, … and titles that name
the version but say it is not out yet: ``v2026.07.1 (unreleased)``,
``Release 9.1.1 (in development)``, ```45.0.0 - `main`_```.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from release.changelog.dates import FoundDate, find_date
from release.project.versions import Version, parse_or_none

PENDING_TITLES = frozenset({
    "unreleased", "unreleased changes", "latest changes", "next release", "next version",
    "dev", "development", "in development", "in progress", "upcoming", "upcoming release",
    "upcoming changes", "not yet released", "unreleased (dev)", "main", "master", "head",
    "pending", "changes since last release", "current", "tbd", "tba", "development version",
})
"""Titles (lower case, markup removed) of a section that collects changes not released yet."""

_PENDING_WORDS = re.compile(
    r"\b(?:unreleased|not\s+(?:yet\s+)?released|in\s+development|under\s+development|"
    r"in\s+progress|tbd|tba|to\s+be\s+released|dev)\b|`(?:main|master)`_",
    re.IGNORECASE,
)
_PENDING_TITLE_WORDS = re.compile(
    r"\b(?:unreleased|unpublished|upcoming|not\s+(?:yet\s+)?released|in\s+development|"
    r"under\s+development|work\s+in\s+progress)\b",
    re.IGNORECASE,
)
"""Words that make a short title without a version pending (``NEXT (UNRELEASED)``)."""
_WORD = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")
_LINKED = re.compile(r"\[(?P<text>[^\]\n]*)\](?P<url>\([^)\n]*\))?")
_RST_LINK = re.compile(r"`(?P<text>[^`<\n]*?)\s*<(?P<url>[^>\n]*)>`__?")
_RST_REFERENCE = re.compile(r"`(?P<text>[^`<\n]+)`__?(?=[ \t]|$)")
"""```0.7.3`_``: a named reference whose target (``.. _0.7.3: url``) ends the file."""
_EMPHASIS = re.compile(r"^(?P<mark>\*{1,2}|_{1,2})(?P<text>[^*_\n]+)(?P=mark)"
                       r"(?P<tail>[ \t]+\([^()\n]*\d[^()\n]*\)"
                       r"|[ \t]+[-\u2013\u2014][ \t]+[^()*\n]*\d[^()*\n]*)?$")
_VERSION = re.compile(
    r"(?P<v>[vV]?)(?P<version>(?:\d{1,9}!)?\d+(?:\.\d+)+(?:[-_.+]?[0-9A-Za-z]+)*)"
)
_PREFIX = re.compile(r"(?P<prefix>(?:[A-Za-z][\w-]*[ \t]+){1,2})")
_REST_OK = re.compile(
    r"\s*$|\s*[-\u2013\u2014:(\[#{,*_|/]|\s+(?:released|unreleased|in\s|\d|`|release\s+notes\b)",
    re.IGNORECASE,
)
_PREFIX_WORDS_OK = re.compile(r"(?:[A-Za-z][\w-]*)(?:[ \t]+(?:version|release|v))?", re.I)
_MONTH_WORDS = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?[ \t]", re.IGNORECASE
)


@dataclass(frozen=True)
class Title:
    """What a heading's title says."""

    version_text: str | None
    """The version as written, without a ``v`` (``1.4.0-rc.1``, ``2026.07.1``)."""
    version: Version | None
    version_span: tuple[int, int] | None
    """Where ``version_text`` is in the title."""
    date: FoundDate | None
    """A date written in the title."""
    pending: bool
    """Not released yet: ``Unreleased``, ``Latest Changes``, ``1.5.0 (unreleased)``, …"""
    pending_span: tuple[int, int] | None
    """Where the pending word is, in a title that also names a version."""
    yanked: bool
    link_url: str | None
    """The URL of a title written as a link (``[1.4.0](url)``, ```Unreleased <url>`__``)."""


NOT_A_TITLE = Title(None, None, None, None, False, None, False, None)


def _strip_markup(title: str) -> tuple[str, int, str | None, str]:
    """``(inner text, its offset in title, link URL, rest after the link)``."""
    match = _LINKED.match(title)
    if match is not None:
        url = match.group("url")
        return match.group("text"), 1, url[1:-1] if url else None, title[match.end():]
    match = _RST_LINK.match(title)
    if match is not None:
        return match.group("text"), 1, match.group("url"), title[match.end():]
    match = _RST_REFERENCE.match(title)
    if match is not None:
        return match.group("text"), 1, None, title[match.end():]
    match = _EMPHASIS.match(title)
    if match is not None:
        # ``**0.48.0** (2026-08-12)``, ``**Release 5.16.3** - 2026-06-15``: the date after
        # the bold version
        return match.group("text"), len(match.group("mark")), None, match.group("tail") or ""
    return title, 0, None, ""


def parse_title(title: str) -> Title:
    """Parse one heading title (already stripped of ``#`` marks and adornments)."""
    if not _DIGIT.search(title):
        # No version: only a pending title is possible (the common case of a body heading).
        plain, _, link, tail = _strip_markup(title)
        if _pending_words(plain, tail):
            return Title(None, None, None, None, True, None, False, link)
        return NOT_A_TITLE
    inner, offset, url, after_link = _strip_markup(title)
    if _pending_words(inner, after_link):
        return Title(None, None, None, None, True, None, False, url)
    match = _VERSION.match(inner)
    if match is None:
        prefix = _PREFIX.match(inner)
        if prefix is None or _MONTH_WORDS.match(inner):
            return NOT_A_TITLE
        words_text = prefix.group("prefix").strip()
        if not _PREFIX_WORDS_OK.fullmatch(words_text):
            return NOT_A_TITLE
        match = _VERSION.match(inner, prefix.end())
        if match is None:
            return NOT_A_TITLE
    version_text = match.group("version").rstrip(".-_+")
    end = match.start("version") + len(version_text)
    inner_rest = inner[end:]
    if not _REST_OK.match(inner_rest) and not _words_then_date(inner_rest):
        return NOT_A_TITLE
    version = parse_or_none(version_text)
    if version is None:
        return NOT_A_TITLE
    rest = inner_rest + after_link
    rest_offset = offset + end
    if after_link:
        rest_offset = len(title) - len(rest)
    date = find_date(rest)
    if date is not None:
        date = FoundDate(date.start + rest_offset, date.end + rest_offset, date.iso, date.form,
                         date.text)
    pending = _PENDING_WORDS.search(rest)
    pending_span = None
    if pending is not None and date is None:
        pending_span = (pending.start() + rest_offset, pending.end() + rest_offset)
    start = offset + match.start("version")
    return Title(
        version_text=version_text,
        version=version,
        version_span=(start, start + len(version_text)),
        date=date,
        pending=pending_span is not None,
        pending_span=pending_span,
        yanked="[yanked]" in rest.lower(),
        link_url=url,
    )


def _pending_words(plain: str, tail: str) -> bool:
    """A title with no version that says it collects what is not released yet.

    ``Unreleased``, ``Latest Changes`` and the other :data:`PENDING_TITLES`, and short titles
    with a pending word in them: ``NEXT (UNRELEASED)``, ``Unreleased changes``,
    ``Upcoming release``, ``Changes not yet released``.
    """
    words = " ".join(plain.lower().replace(":", " ").split())
    if words in PENDING_TITLES and not tail.strip(" -\u2013\u2014"):
        return True
    text = plain + tail
    if len(text) > 60 or _VERSION.search(text):
        return False
    return len(_WORD.findall(text)) <= 5 and _PENDING_TITLE_WORDS.search(text) is not None


def _words_then_date(rest: str) -> bool:
    """``February 19 2026`` or ``[Hotfix] October 8, 2020`` after the version: a date,
    with at most three words before it."""
    found = find_date(rest)
    if found is None:
        return False
    before = rest[: found.start]
    return rest[:1] in " \t" and len(before.split()) <= 3 and not _DIGIT.search(before)


_MARKER = re.compile(
    r"(?:\.\.[ \t]+(?:note|warning|attention)::[ \t]*)?[*_]{0,2}[(\[]?[*_]{0,2}"
    r"(?:this[ \t]+version[ \t]+is[ \t]+)?(?P<word>unreleased|"
    r"not[ \t]+(?:yet[ \t]+)?released(?:[ \t]+yet)?|"
    r"in[ \t]+development|under[ \t]+development|to[ \t]+be[ \t]+released)\b[^\n]*",
    re.IGNORECASE,
)


_EXPECTED = re.compile(r"[*_]{0,2}expected[ \t]+[A-Za-z][^*_\n]{0,30}\d{4}[*_]{0,2}", re.IGNORECASE)


def is_pending_marker(line: str) -> bool:
    """A line under a title that says the version is not out yet (pallets, cryptography,
    Django's ``*Expected December 2, 2026*``, Pygments' ``(not released yet)``, boltons'
    ``_(unreleased)_``)."""
    text = line.strip()
    if not text or len(text) > 200:
        return False
    if _EXPECTED.fullmatch(text):
        return True
    match = _MARKER.fullmatch(text)
    if match is None:
        return False
    tail = text[match.end("word"):]
    # `Unreleased` alone, or a note about it (`.. note:: This version is not yet released …`)
    return not tail.strip(" .*_)]") or text.startswith("..")


_DATE_LINE_LEAD = re.compile(r"(?:released(?:[ \t]+on)?|release[ \t]+date)[ \t]*:?[ \t]*", re.I)


def date_line(line: str) -> FoundDate | None:
    """The date of a line that says only when a release was made, positioned in ``line``.

    ``Released 2024-12-19``, ``Released on 2022-03-30``, ``*2025-09-16*``, ``_4 August 2026_``,
    ``May 14, 2023``, ``(released March 29th, 2026)``. ``None`` for any other line.
    """
    text = line.strip()
    if not text or len(text) > 200:
        return None
    core = text.strip("*_").strip()
    if core[:1] == "(" and core[-1:] == ")":  # Pygments: `(released March 29th, 2026)`
        core = core[1:-1].strip()
    found = find_date(core)
    if found is None:
        return None
    before, after = core[: found.start], core[found.end :]
    if after.strip(" ."):
        return None
    if before and not _DATE_LINE_LEAD.fullmatch(before):
        return None
    offset = line.index(core)
    return FoundDate(found.start + offset, found.end + offset, found.iso, found.form, found.text)


_VERSION_ITEM = re.compile(r"^[-*+][ \t]+v?\d+(?:\.\d+)+(?:[ \t]*|:(?:[ \t][^\n]*)?)$",
                           re.MULTILINE)
"""A release written as a list item: vcrpy's ``-  8.2.1`` (entries nested under it),
tabulate's ``- 0.10.0: Add support for Python 3.11, ...``."""
_RENO = re.compile(r"^\.\.[ \t]+release-notes::.*$", re.MULTILINE)


def unsectioned(text: str, fmt: str, version: str) -> tuple[int, str, str] | None:
    """Why a changelog has no release section although it describes releases, as ``(line,
    reason, hint)``, or ``None``: its releases are list items (vcrpy's ``-  8.2.1`` with the
    entries nested under it, tabulate's ``- 0.10.0: text``; a heading added above them would
    take them all into its section), or the page is rendered by reno (tenacity's
    ``.. release-notes::``; its notes are YAML files). ``fmt``: ``markdown`` or ``rst``."""
    item = _VERSION_ITEM.search(text, 0, 65536)
    if item is not None:
        heading = (f"`## {version}`" if fmt == "markdown" else
                   f"`{version}` over `{'-' * len(version)}`")
        return (text.count("\n", 0, item.start()) + 1,
                f"its releases are list items (`{item.group(0).strip()}`), not headings",
                "write each release as a heading, the newest first, with its entries under it "
                f"({heading}, then its items); or name a changelog written that way: "
                '[tool.release] changelog = "FILE"')
    reno = _RENO.search(text, 0, 65536)
    if reno is not None:
        return (text.count("\n", 0, reno.start()) + 1,
                f"it is rendered by reno (`{reno.group(0).strip()}`) from YAML notes, which "
                "release-lifecycle neither reads nor writes",
                "keep a changelog file with a heading per release (CHANGELOG.rst) and name it: "
                '[tool.release] changelog = "CHANGELOG.rst"')
    return None
