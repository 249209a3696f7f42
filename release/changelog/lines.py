"""What both format readers produce: headings with their exact positions. Pure logic."""

from __future__ import annotations

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
    """``atx``, ``setext`` or ``rst``."""
    rank: tuple[str, ...]
    """Heading level key: ``("2",)`` for Markdown level 2, ``("~", "")`` or ``("*", "over")``
    for an rST adornment (ranked by first appearance)."""
    underline: int = 0
    """Length of the underline (setext, rST), 0 for ATX."""
    title_width: int = 0
    """Length of the title line as written (with an rST inset)."""


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
