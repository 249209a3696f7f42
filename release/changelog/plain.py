"""Release lines without heading markup: a paragraph of one line that names a version and
nothing else but a date or a pending word (pyflakes' ``3.4.0 (2025-06-20)``, PyYAML's
``7.0.0.dev0 (TBD)``, simplejson's ``Version 4.1.1 released 2026-04-24``), with the entries
below it.

Pure logic, no I/O. The model asks this reader only when the file's own markup (rST titles,
Markdown headings, bold paragraphs) holds no release heading at all, so a file with real
headings never reads a line of prose as a release. The shape is strict: in column 0, a blank
line (or the start) above, a blank line, a list item or the end below, and the whole line one
of ``[Version|Release] [v]VERSION``, followed by nothing, ``(DATE)``, ``(PENDING)``, ``-
DATE``, ``: DATE`` or ``released DATE``; or a pending title alone (``Unreleased``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from release.changelog.dates import find_date
from release.changelog.lines import BULLET, RawHeading, iter_lines

PLAIN = ("plain",)
"""The rank of a plain release line."""

_LINE = re.compile(
    r"(?:(?:version|release)[ \t]+)?v?\d+(?:\.\d+)+[0-9A-Za-z.+-]*"
    r"(?:[ \t]*\((?P<paren>[^()\n]{1,40})\)|[ \t]*[-\u2013\u2014:][ \t]*(?P<dash>[^\n]{1,40})"
    r"|[ \t]+released[ \t]+(?:on[ \t]+)?(?P<released>[^\n]{1,40}))?[ \t]*:?[ \t]*",
    re.IGNORECASE,
)
_PENDING = re.compile(
    r"(?:unreleased|not[ \t]+(?:yet[ \t]+)?released|in[ \t]+development|tbd|tba|"
    r"next[ \t]+release|upcoming(?:[ \t]+release)?|development[ \t]+version)[ \t]*:?[ \t]*",
    re.IGNORECASE,
)


def _is_date_or_pending(text: str) -> bool:
    text = text.strip()
    if _PENDING.fullmatch(text):
        return True
    found = find_date(text)
    return found is not None and not text.replace(found.text, "").strip(" \t,.")


def release_line(line: str) -> bool:
    """True for a line shaped like a release title of its own (see the module doc)."""
    if not line[:1].strip() or len(line) > 100:
        return False
    if _PENDING.fullmatch(line):
        return True
    match = _LINE.fullmatch(line)
    if match is None:
        return False
    tail = match.group("paren") or match.group("dash") or match.group("released")
    return tail is None or _is_date_or_pending(tail)


def scan(text: str) -> Iterator[RawHeading]:
    """Every plain release line of ``text`` (``\\n`` newlines), from the top, lazily."""
    blank_above = True
    candidate: tuple[int, int, int] | None = None  # start, end and line of a release line
    for line_no, (start, end) in enumerate(iter_lines(text), start=1):
        line = text[start:end]
        if candidate is not None:
            if not line.strip() or BULLET.match(line):
                yield _heading(text, *candidate)
            candidate = None
        if blank_above and release_line(line.rstrip()):
            candidate = (start, end, line_no)
        blank_above = not line.strip()
    if candidate is not None:
        yield _heading(text, *candidate)


def _heading(text: str, start: int, end: int, line: int) -> RawHeading:
    return RawHeading(start=start, title_start=start, title_end=end,
                      end=min(end + 1, len(text)), line=line, title=text[start:end].strip(),
                      markup="plain", rank=PLAIN)
