"""What both format readers produce: headings with their exact positions. Pure logic."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple


class RawHeading(NamedTuple):
    """One heading as it is in the text (``\\n`` newlines), before any meaning is given to it.

    Offsets index the changelog text; ``start`` is where the heading block begins (an rST
    target or overline above the title counts), ``end`` is just after its last line's newline.
    """

    start: int
    title_start: int
    title_end: int
    """End of the title line (before its newline)."""
    end: int
    line: int
    """1-based line of the title text."""
    title: str
    markup: str
    """``atx``, ``setext``, ``rst``, or ``bold`` (a bold paragraph standing for a heading)."""
    rank: tuple[str, ...]
    """Heading level key: ``("2",)`` for Markdown level 2, ``("~", "")`` or ``("*", "over")``
    for an rST adornment (ranked by first appearance)."""
    underline: int = 0
    """Length of the underline (setext, rST), 0 for ATX."""
    title_width: int = 0
    """Length of the title line as written (with an rST inset)."""


BOLD = ("bold",)
"""The rank of a bold paragraph used as a heading (``**4.14.2**``), in both formats."""
_BOLD_LINE = re.compile(r" {0,3}\*\*(?P<title>[^*\n](?:[^\n]*[^*\n])?)\*\*"
                        r"(?:[ \t]+\([^()\n]*\d[^()\n]*\)"
                        r"|[ \t]+[-\u2013\u2014][ \t]+[^()*\n]*\d[^()*\n]*)?[ \t]*")
BULLET = re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,9}[.)])(?:[ \t]|$)")
"""The start of a list item (``- x``, ``* x``, ``1. x``)."""


def bold_title(text: str, start: int, end: int) -> bool:
    """True when the line ``text[start:end]`` is a bold paragraph of its own that can stand
    for a heading: ``**UNRELEASED**``, ``**0.48.0 (2026-08-12)**``, ``**0.48.0** (2026-08-12)``
    (the date in parentheses after it), ``**Release 5.16.3** - 2026-06-15`` (after a dash),
    with a blank line (or the
    start) above it and a blank line, a list item or the end below it."""
    if _BOLD_LINE.fullmatch(text, start, end) is None:
        return False
    if start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        if text[above:start - 1].strip():
            return False
    if end >= len(text):
        return True
    below_end = text.find("\n", end + 1)
    below = text[end + 1: len(text) if below_end == -1 else below_end]
    return not below.strip() or BULLET.match(below) is not None


def iter_lines(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line from ``start``; ``end`` excludes the newline."""
    length = len(text)
    pos = start
    while pos < length:
        end = text.find("\n", pos)
        if end == -1:
            end = length
        yield pos, end
        pos = end + 1


def trailing_block(text: str, member: Callable[[str], bool]) -> int:
    """Offset of the first line of the run of ``member`` lines (blank lines between them
    allowed) that ends ``text``; ``len(text)`` when the last non-blank line is no member."""
    block = len(text)
    end = len(text) - 1 if text.endswith("\n") else len(text)
    while True:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip():
            if not member(line):
                break
            block = start
        if start == 0:
            break
        end = start - 1
    return block
