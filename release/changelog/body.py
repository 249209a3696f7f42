"""What a section's body says: entries, or only what stands in for them.

Pure logic, no I/O. A body is *filled* when it holds more than headings, comments (HTML
``<!-- -->`` and rST ``..``), link definitions, rST adornments, the stub line that older
``prepare`` versions wrote and a placeholder line (``Nothing yet.``): the test
``prepare``, ``tag`` and ``validate`` apply before a section may be released.
"""

from __future__ import annotations

import re

from release.changelog import markdown, rst

STUB_LINE = "- TODO: describe the changes in this release."
"""A placeholder line that older ``prepare`` versions wrote; validation still reports it."""

_COMMENT_OPEN = "<!--"

_PLACEHOLDER = re.compile(
    r"(?:[-*+][ \t]+)?(?:(?:nothing|no[ \t]+(?:[a-z]+[ \t]+)?changes?)(?:[ \t]+[a-z]+)?"
    r"[ \t]+(?:yet|so[ \t]+far)|tbd|tba|todo|\.\.\.|\u2026)[ \t]*[.!]?",
    re.IGNORECASE,
)
"""The line an unreleased section holds until the first entry is written (sqlparse's
``Nothing yet.`` under ``Development Version``; ``No changes yet.``; PyYAML's ``* TBD``; the
``- ...`` of this tool's own hints): it describes nothing."""


def is_placeholder(line: str) -> bool:
    """``Nothing yet.``, ``- No changes so far``: a line that says there is nothing to say."""
    return _PLACEHOLDER.fullmatch(line.strip()) is not None


def is_filled(body: str) -> bool:
    """True when a section body says something: more than headings, comments, the stub and a
    placeholder line (:func:`is_placeholder`).

    One pass over the lines; an unclosed ``<!--`` hides the rest, in linear time. An rST
    comment (``.. vendor-insert-here``, with the indented lines under it) says nothing either.
    """
    in_comment = in_rst = False
    for raw in body.split("\n"):
        in_rst = rst.is_comment(raw) or (in_rst and (not raw.strip() or raw[:1] in " \t"))
        if in_rst and not in_comment:
            continue
        visible: list[str] = []
        pos = 0
        while pos <= len(raw):
            if in_comment:
                close = raw.find("-->", pos)
                if close == -1:
                    break
                in_comment, pos = False, close + 3
                continue
            opened = raw.find(_COMMENT_OPEN, pos)
            if opened == -1:
                visible.append(raw[pos:])
                break
            visible.append(raw[pos:opened])
            in_comment, pos = True, opened + 4
        line = "".join(visible).strip()
        if not line or line.startswith("#") or line == STUB_LINE or _is_adornment(line) \
                or is_placeholder(line):
            continue
        if markdown.LINK_DEF.fullmatch(raw):
            continue
        return True
    return False


def _is_adornment(line: str) -> bool:
    return len(line) >= 3 and line[0] in rst.ADORNMENT and not line.strip(line[0])


def has_stub(body: str) -> bool:
    return any(line.strip() == STUB_LINE for line in body.split("\n"))
