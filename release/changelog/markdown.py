"""The Markdown reader: ATX (``#`` … ``######``) and setext (``===``/``---``) headings.

Pure logic, no I/O. One pass from the top, line by line, lazily: a caller that needs the
newest sections stops the scan there. Not headings: lines inside fenced code (also fences
indented in list items), inside HTML comments (``<!-- … -->`` over several lines), in YAML
front matter, a ``---`` after a blank line (a thematic break) or under a list item.
Every step looks at one line (and the one before), so the time is linear in the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from release.changelog.lines import BOLD, RawHeading, bold_title, iter_lines, trailing_block

_RANKS = [(str(level),) for level in range(7)]
_HITS: dict[int, re.Pattern[str]] = {}


def _hits(deepest: int) -> re.Pattern[str]:
    """Lines that matter, for headings down to ``deepest`` (a deeper ``###`` line is body)."""
    pattern = _HITS.get(deepest)
    if pattern is None:
        pattern = _HITS[deepest] = re.compile(
            rf"^(?:[ \t]*(?:```|~~~|<!--)| {{0,3}}(?:#{{1,{max(deepest, 1)}}}(?!#)"
            r"|=+[ \t]*$|-+[ \t]*$|\*\*[^*\n][^\n]*\*\*"
            r"(?:[ \t]+\([^()\n]*\)|[ \t]+[-\u2013\u2014][ \t]+[^()*\n]*\d[^()*\n]*)?[ \t]*$))",
            re.M,
        )
    return pattern
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
LINK_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]\n]{1,999})\]:[ \t]*(?P<url>\S+)[^\n]*$", re.M)


def _front_matter_end(text: str) -> int:
    """Offset after a leading YAML front matter block (``---`` … ``---``), or 0."""
    first = text.split("\n", 1)[0]
    if first.rstrip() != "---":
        return 0
    pos = len(first) + 1
    for start, end in iter_lines(text, pos):
        line = text[start:end].rstrip()
        if line in ("---", "..."):
            return min(end + 1, len(text))
    return 0


def _atx(line: str) -> tuple[int, str] | None:
    """``(level, title)`` of an ATX heading line, or ``None``."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    level = len(stripped) - len(stripped.lstrip("#"))
    if level > 6:
        return None
    rest = stripped[level:]
    if rest and rest[0] not in " \t":
        return None
    title = rest.strip()
    closed = title.rstrip("#")
    if closed != title and (not closed or closed[-1] in " \t"):
        title = closed.strip()
    return level, title


def _underline(line: str) -> str | None:
    """``=`` or ``-`` for a setext underline, else ``None``."""
    stripped = line.strip()
    if len(line) - len(line.lstrip(" ")) > 3 or len(stripped) < 2:
        return None
    char = stripped[0]
    if char not in "=-" or stripped.strip(char):
        return None
    return char


def _fence(stripped: str) -> str | None:
    for char in "`~":
        if stripped.startswith(char * 3):
            run = len(stripped) - len(stripped.lstrip(char))
            if char == "`" and "`" in stripped[run:]:
                return None
            return char * run
    return None


def _paragraph(line: str) -> bool:
    """True for a line that can be a setext heading's title."""
    stripped = line.strip()
    if not stripped or line[:4] == "    " or line[:1] == "\t":
        return False
    first = stripped[0]
    if first in ">|" or (first == "#" and _atx(line) is not None):
        return False
    if (first in "-*+" or first.isdigit()) and _LIST_ITEM.match(line):
        return False
    return not (first == "[" and LINK_DEF.match(line))


def scan(  # noqa: PLR0915 - one state machine, one loop
    text: str, deepest: list[int] | None = None
) -> Iterator[RawHeading]:
    """Every heading of the Markdown ``text`` (``\\n`` newlines), from the top, lazily.

    A regular expression jumps from one line that matters (``#``, a fence, ``<!--``, an
    underline) to the next, so the lines in between cost no Python work. ``deepest[0]``, when
    given, is the deepest ATX level the caller still wants; the caller may lower it while
    reading (deeper headings are body text to it).
    """
    limit = deepest if deepest is not None else [6]
    length = len(text)
    pos = _front_matter_end(text)
    counted, line_no = 0, 1
    fence: str | None = None
    plain_from = pos  # lines from here on are not fences, comments or headings
    while True:
        match = _hits(limit[0]).search(text, pos)
        if match is None:
            return
        start = match.start()
        end = text.find("\n", start)
        end = length if end == -1 else end
        line = text[start:end]
        stripped = line.strip()
        pos = end + 1
        if fence is not None:
            if stripped[:1] == fence[0] and not stripped.strip(fence[0]) \
                    and len(stripped) >= len(fence):
                fence = None
                plain_from = pos
            continue
        first = stripped[0]
        if first == "*" and stripped.startswith("**"):
            if bold_title(text, start, end):
                plain_from = pos
                line_no += text.count("\n", counted, start)
                counted = start
                yield RawHeading(start, start, end, min(pos, length), line_no, stripped, "bold",
                                 BOLD)
            continue
        if first in "`~":
            opened = _fence(stripped)
            if opened is not None:
                fence = opened
            plain_from = pos
            continue
        if first == "<":
            close = text.find("-->", start + line.index("<!--") + 4)
            if close == -1:
                return  # an unclosed comment hides the rest of the file
            after = text.find("\n", close)
            pos = plain_from = length if after == -1 else after + 1
            continue
        if first == "#":
            atx = _atx(line)
            plain_from = pos
            if atx is not None:
                line_no += text.count("\n", counted, start)
                counted = start
                yield RawHeading(start, start, end, min(pos, length), line_no, atx[1], "atx",
                                 _RANKS[atx[0]])
            continue
        char = _underline(line)
        title_start = text.rfind("\n", 0, start - 1) + 1 if start > 0 else 0
        title_text = text[title_start:start - 1] if start > 0 else ""
        previous_plain = start > 0 and title_start >= plain_from
        plain_from = pos
        if char is None or not previous_plain or not _paragraph(title_text):
            continue
        line_no += text.count("\n", counted, title_start)
        counted = title_start
        yield RawHeading(
            title_start, title_start, start - 1, min(pos, length), line_no, title_text.strip(),
            "setext", _RANKS[1 if char == "=" else 2], len(stripped), len(title_text.rstrip()),
        )


def trailing_links_start(text: str) -> int:
    """Offset of the link reference definitions (and blank lines) that end the text.

    ``len(text)`` when the text does not end with link definitions.
    """
    return trailing_block(text, lambda line: LINK_DEF.fullmatch(line) is not None)


def link_definitions(text: str) -> dict[str, tuple[str, int, int]]:
    """``{label (lower case): (whole line, start, end)}`` for every link definition."""
    found: dict[str, tuple[str, int, int]] = {}
    for match in LINK_DEF.finditer(text):
        found.setdefault(match.group("label").lower(), (match.group(0).strip(), match.start(),
                                                        match.end()))
    return found


def comments_end(text: str, start: int, end: int) -> int:
    """Offset after the HTML comments that open ``text[start:end]`` (blank lines before them
    included, the ones after not), or ``start`` when it opens with anything else.

    A comment there is a marker or a template, not an entry (towncrier's ``<!-- towncrier
    release notes start -->``, a Keep a Changelog template's ``<!-- add entries below -->``):
    it stays under its heading. A comment may span lines; one followed by text on its last
    line, or never closed before ``end``, is not taken.
    """
    found = start
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop == -1 else stop
        line = text[pos:stop]
        if not line.strip():
            pos = stop + 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > 3 or not line.startswith("<!--", indent):
            return found
        cursor = pos
        while True:  # one or more comments, then nothing else on the closing line
            close = text.find("-->", text.index("<!--", cursor) + 4, end)
            if close == -1:
                return found
            line_end = text.find("\n", close, end)
            line_end = end if line_end == -1 else line_end
            rest = text[close + 3:line_end].strip()
            if not rest:
                found = pos = min(line_end + 1, end)
                break
            if not rest.startswith("<!--"):
                return found
            cursor = close + 3
    return found
