"""Changelogs in the format of the Sphinx ``releases`` extension (Fabric, Invoke, Paramiko).

Pure logic, no I/O. The file is one bulleted list, newest first: a release is a list item
``- :release:`4.0.0 <2025-08-03>``` and the entries below it, up to the next release line,
are what it released (``- :bug:`2490` …``, ``- :feature:`982` …``, ``- :support:`-` …``).
Entries above the newest release line are not released yet.

Reading: each release line is a section heading; the entries above the first one are an
unreleased section (a heading of zero width at the first of them), so validation, notes and
the proofs of ``prepare`` work as for any other changelog.

Writing, only where it is exact: the extension itself decides which entries a release shows
(by default features and support items only in feature releases ``X.Y.0``, bugs only in
bugfix releases, unless an entry says ``backported`` or ``major``). ``prepare`` writes the
release line above the unreleased entries only when the extension would show every one of
them in that release; otherwise it refuses, naming the entry and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from release.changelog.dates import ISO, FoundDate
from release.changelog.lines import RawHeading
from release.changelog.titles import NOT_A_TITLE, Title
from release.errors import ChangelogError
from release.project.versions import Version, parse_or_none

MARKUP = "releases"
RANK = ("releases",)
RELEASE_LINE = re.compile(
    r"^(?P<bullet>[-*])[ \t]+(?P<role>:release:`(?P<version>[^`<\s]+)[ \t]*"
    r"<(?P<date>[^>`\n]*)>`)[ \t]*$",
    re.MULTILINE,
)
ENTRY = re.compile(
    r"^[-*][ \t]+:(?P<kind>bug|feature|support):`(?P<issue>[^`\s]*)(?P<keywords>[^`\n]*)`",
    re.MULTILINE,
)
_ROLE = re.compile(r":release:`(?P<version>[^`<\s]+)[ \t]*<(?P<date>[^>`\n]*)>`")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_releases(text: str) -> bool:
    """True for a file written for the ``releases`` extension (it has a release line)."""
    return RELEASE_LINE.search(text) is not None


def scan(text: str) -> Iterator[RawHeading]:
    """The release lines as headings, and the unreleased entries above the first one as a
    heading of zero width at the first of them."""
    first = RELEASE_LINE.search(text)
    if first is None:
        return
    entry = ENTRY.search(text, 0, first.start())
    if entry is not None:
        start = entry.start()
        yield RawHeading(start, start, start, start, text.count("\n", 0, start) + 1,
                         "Unreleased", MARKUP, RANK)
    line = text.count("\n", 0, first.start()) + 1
    counted = first.start()
    for match in RELEASE_LINE.finditer(text, first.start()):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        end = match.end()
        yield RawHeading(match.start(), match.start("role"), end,
                         min(end + 1, len(text)), line, match.group("role"), MARKUP, RANK)


def title_of(title: str) -> Title:
    """What a release line's role says: ``:release:`4.0.0 <2025-08-03>```."""
    if title == "Unreleased":
        return Title(None, None, None, None, True, None, False, None)
    match = _ROLE.fullmatch(title)
    if match is None:
        return NOT_A_TITLE
    version = parse_or_none(match.group("version"))
    if version is None:
        return NOT_A_TITLE
    date_text = match.group("date").strip()
    date = None
    if _ISO_DATE.fullmatch(date_text):
        from release.changelog.dates import valid_iso

        start = match.start("date") + match.group("date").index(date_text)
        date = FoundDate(start, start + len(date_text),
                         date_text if valid_iso(date_text) else None, ISO, date_text)
    span = (match.start("version"), match.end("version"))
    return Title(match.group("version"), version, span, date, False, None, False, None)


def release_line(version: str, date: str, bullet: str = "-") -> str:
    return f"{bullet} :release:`{version} <{date}>`"


def shown(version: Version, entry: re.Match[str]) -> bool:
    """Whether the extension shows ``entry`` in the release ``version``."""
    keywords = entry.group("keywords").split()
    kind = entry.group("kind")
    feature_release = len(version.release) < 3 or version.release[2] == 0
    if kind == "bug":
        major = "major" in keywords
        return major if feature_release else not major
    return feature_release or "backported" in keywords


def insert(text: str, path: str, first_entry: int, version: Version, date: str,
           newest_line: str | None) -> str:
    """``text`` with the release line above the unreleased entries (which start at
    ``first_entry``), or :class:`ChangelogError` when the extension would not show each of
    them in ``version``."""
    pending = text[first_entry:]
    end = RELEASE_LINE.search(pending)
    pending = pending[: end.start() if end is not None else len(pending)]
    for entry in ENTRY.finditer(pending):
        if not shown(version, entry):
            line = text.count("\n", 0, first_entry + entry.start()) + 1
            kind = "bugfix" if len(version.release) >= 3 and version.release[2] else "feature"
            raise ChangelogError(
                f"line {line} (`{entry.group(0)}`) would not be part of {version}: the releases "
                f"extension shows it only in a "
                + ("feature release" if kind == "bugfix" else "bugfix release"),
                ("mark it `backported` to ship it in this bugfix release, or prepare a "
                 "feature release (X.Y.0)" if kind == "bugfix" else
                 "mark it `major` to ship it in this feature release, or prepare the "
                 "bugfix release first"),
                file=path, line=line,
            )
    bullet = newest_line.lstrip()[:1] if newest_line else "-"
    return text[:first_entry] + release_line(str(version), date, bullet) + "\n" + \
        text[first_entry:]
