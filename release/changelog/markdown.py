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

from release.changelog.lines import RawHeading, iter_lines, trailing_block

_RANKS = [(str(level),) for level in range(7)]
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


def scan(text: str) -> Iterator[RawHeading]:  # noqa: PLR0915 - one state machine, one loop
    """Every heading of the Markdown ``text`` (``\\n`` newlines), from the top, lazily."""
    begin = _front_matter_end(text)
    line_no = text.count("\n", 0, begin) + 1
    fence: str | None = None
    in_comment = False
    paragraph: tuple[int, int, int] | None = None  # (start, end, line) of a possible title
    length = len(text)
    pos = begin
    while pos < length:
        end = text.find("\n", pos)
        if end == -1:
            end = length
        start, pos = pos, end + 1
        line = text[start:end]
        number = line_no
        line_no += 1
        stripped = line.strip()
        if fence is not None:
            if stripped[:1] == fence[0] and not stripped.strip(fence[0]) \
                    and len(stripped) >= len(fence):
                fence = None
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
            paragraph = None
            continue
        if not stripped:
            paragraph = None
            continue
        first = stripped[0]
        if first in "`~":
            opened = _fence(stripped)
            if opened is not None:
                fence = opened
                paragraph = None
                continue
        elif first == "<" and stripped.startswith("<!--"):
            in_comment = "-->" not in stripped[4:]
            paragraph = None
            continue
        if paragraph is not None and first in "=-":
            char = _underline(line)
            if char is not None:
                title_start, title_end, title_line = paragraph
                title_text = text[title_start:title_end]
                yield RawHeading(
                    title_start, title_start, title_end, min(end + 1, length), title_line,
                    title_text.strip(), "setext", _RANKS[1 if char == "=" else 2],
                    len(stripped), len(title_text.rstrip()),
                )
                paragraph = None
                continue
        if first == "#":
            atx = _atx(line)
            if atx is not None:
                level, title = atx
                yield RawHeading(start, start, end, pos if pos <= length else length, number,
                                 title, "atx", _RANKS[level])
                paragraph = None
                continue
        if line[:4] == "    " or (first in "-*+>|[" and (
            first in ">|" or _LIST_ITEM.match(line) or LINK_DEF.match(line)
        )) or (first.isdigit() and _LIST_ITEM.match(line)):
            paragraph = None
        else:
            paragraph = (start, end, number)


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
