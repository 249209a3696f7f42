"""The reStructuredText reader: section titles with any adornment character.

Pure logic, no I/O. A title is a line with an underline of one repeated punctuation
character (at least as long as the title, or four characters), optionally with an equal
overline, in which case the title may be inset (`` v4.58.0 (2026-07-21)``). Levels are
ranked by first appearance of each (character, overline?) style, as docutils does.
Hyperlink targets right above a title (``.. _v44-0-2:``) belong to its heading block.
Everything indented (directive content such as ``.. only::`` blocks, comments, literal
blocks) is never a title, because a title and its adornment start in column 0.

Why not docutils: it has no exact source offsets for titles (only line numbers after
its own transforms), it parses the whole document before answering (so validation would
pay for the whole file), and it is a large dependency; this reader is one linear, lazy
pass over lines and keeps the byte positions the edits need.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from release.changelog.lines import BOLD, RawHeading, bold_title, iter_lines, trailing_block

ADORNMENT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_TARGET = re.compile(r"\.\. _(?:`[^`\n]{1,999}`|[^:\s`][^:\n]{0,999}):[ \t]*$")
LINK_TARGET = re.compile(r"\.\. _(?:`[^`\n]{1,999}`|[^:\s`][^:\n]{0,999}):[ \t]+\S[^\n]*$")
_COMMENT = re.compile(
    r"\.\.(?:[ \t](?![ \t]*[_|\[])(?![ \t]*[^\W_][\w.:+-]{0,99}::(?:[ \t]|$))[^\n]*)?"
)


def _adornment(line: str) -> str | None:
    """The character of an adornment line (``-----``), else ``None``."""
    text = line.rstrip()
    if not text or text[0] not in ADORNMENT or text.strip(text[0]):
        return None
    if text in {"::", ".."}:
        return None
    return text[0]


def _long_enough(adornment: str, title: str) -> bool:
    length = len(adornment.rstrip())
    return length >= len(title.rstrip()) or length >= 4


def scan(text: str) -> Iterator[RawHeading]:  # noqa: PLR0915 - one state machine, one loop
    """Every section title of the rST ``text`` (``\\n`` newlines), from the top, lazily."""
    lines = iter_lines(text)
    window: list[tuple[int, int]] = []
    line_no = 1
    boundary = True  # the previous line was blank, a target, a title, or the start
    target: int | None = None  # start of hyperlink targets directly above

    def fill(count: int) -> None:
        while len(window) < count:
            nxt = next(lines, None)
            if nxt is None:
                return
            window.append(nxt)

    while True:
        fill(1)
        if not window:
            return
        start, end = window[0]
        line = text[start:end]
        if not line.strip():
            boundary = True
            window.pop(0)
            line_no += 1
            continue
        if _TARGET.match(line):
            if target is None:
                target = start
            boundary = True
            window.pop(0)
            line_no += 1
            continue
        if boundary and line[:2] == "**" and bold_title(text, start, end):
            yield RawHeading(start=start if target is None else target, title_start=start,
                             title_end=end, end=min(end + 1, len(text)), line=line_no,
                             title=line.strip(), markup="bold", rank=BOLD)
            window.pop(0)
            line_no += 1
            boundary, target = True, None
            continue
        if boundary and not line[0].isspace():
            fill(3)
            char = _adornment(line)
            if char is not None and len(window) >= 3:
                (s1, e1), (s2, e2) = window[1], window[2]
                title, under = text[s1:e1], text[s2:e2]
                if title.strip() and _adornment(title) is None and _adornment(under) == char:
                    yield RawHeading(
                        start=start if target is None else target,
                        title_start=s1,
                        title_end=e1,
                        end=min(e2 + 1, len(text)),
                        line=line_no + 1,
                        title=title.strip(),
                        markup="rst",
                        rank=(char, "over"),
                        underline=len(under.rstrip()),
                        title_width=len(title.rstrip()),
                    )
                    del window[:3]
                    line_no += 3
                    boundary, target = True, None
                    continue
            elif char is None and len(window) >= 2:
                s1, e1 = window[1]
                under = text[s1:e1]
                mark = _adornment(under)
                if mark is not None and _long_enough(under, line):
                    yield RawHeading(
                        start=start if target is None else target,
                        title_start=start,
                        title_end=end,
                        end=min(e1 + 1, len(text)),
                        line=line_no,
                        title=line.strip(),
                        markup="rst",
                        rank=(mark, ""),
                        underline=len(under.rstrip()),
                        title_width=len(line.rstrip()),
                    )
                    del window[:2]
                    line_no += 2
                    boundary, target = True, None
                    continue
        boundary, target = False, None
        window.pop(0)
        line_no += 1


def is_comment(line: str) -> bool:
    """True for the first line of an rST comment: explicit markup (``..``) that is not a
    directive (``.. note::``), a hyperlink target (``.. _v1:``), a substitution definition
    (``.. |x| replace::``), a footnote or a citation (``.. [1]``). check-jsonschema's
    ``.. vendor-insert-here`` is one; the indented lines under it belong to it."""
    return _COMMENT.fullmatch(line) is not None


def comments_end(text: str, start: int, end: int) -> int:
    """Offset after the comments that open ``text[start:end]`` (:func:`is_comment`, with the
    indented lines under each; blank lines before them included, the ones after not), or
    ``start`` when it opens with anything else. A comment there is a marker (check-jsonschema
    inserts its vendored-schema entries below ``.. vendor-insert-here``), not an entry: it
    stays under its heading."""
    found = start
    in_comment = False
    for begin, stop in iter_lines(text, start):
        if begin >= end:
            break
        line = text[begin:min(stop, end)]
        if not line.strip():
            continue
        if (in_comment and line[0] in " \t") or is_comment(line):
            in_comment = True
            found = min(stop + 1, end)
            continue
        break
    return found


def trailing_targets_start(text: str) -> int:
    """Offset of the hyperlink targets (``.. _`main`: https://…``) that end the text."""
    return trailing_block(text, lambda line: LINK_TARGET.match(line) is not None)
