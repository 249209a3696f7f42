"""Managed blocks: the parts of a file that ``release init`` owns, marked so that they can be
found, checked and rewritten without touching anything around them. Pure logic, no I/O.

A block is a run of whole lines between two comment lines::

    # >>> release-lifecycle managed block: version 0.1.0, sha256 3f2a9c0d1e4b5a67 >>>
    ...the block's body...
    # <<< release-lifecycle managed block <<<

The begin line records the release-lifecycle version that wrote the block and the first 16
hex digits of the sha256 of the body (its lines between the markers, line ends as ``\\n``).
So a later run tells apart a block that is *current* (the body this version would write),
*outdated* (written by another version, or for other facts, and not edited since) and
*edited* (the body no longer matches its own recorded hash: someone changed it by hand).
Workflows and requirement inputs are managed whole: the block is the entire file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

BEGIN = re.compile(
    r"^# >>> release-lifecycle managed block: version (?P<version>\S+), "
    r"sha256 (?P<digest>[0-9a-f]{16}) >>>[ \t]*\r?$", re.M)
END = re.compile(r"^# <<< release-lifecycle managed block <<<[ \t]*\r?$", re.M)
_ANY_MARKER = re.compile(r"^# (>>>|<<<) release-lifecycle managed block", re.M)


_PIN = re.compile(r"^([ \t]*-?[ \t]*uses:[ \t]*[\w./-]+@)[0-9a-f]{40}([ \t]*#[^\r\n]*)?(?=\r?$)",
                  re.M)


def without_pins(text: str) -> str:
    """``text`` with each pinned action (``uses: owner/action@<sha> # vN``) reduced to its
    name: the pins of a managed workflow are Dependabot's to move (its ``github-actions``
    entry), so a newer pin is neither an edit nor outdated."""
    return _PIN.sub(r"\1<pin>", text)


def digest(body: str) -> str:
    """The first 16 hex digits of the sha256 of ``body`` (CRLF read as LF; action pins left
    out, see :func:`without_pins`)."""
    return hashlib.sha256(without_pins(body.replace("\r\n", "\n")).encode("utf-8")
                          ).hexdigest()[:16]


def render(body: str, version: str) -> str:
    """The whole block, markers included, for ``body`` (which ends with a newline)."""
    if not body.endswith("\n"):
        body += "\n"
    return (f"# >>> release-lifecycle managed block: version {version}, sha256 {digest(body)} >>>\n"
            f"{body}# <<< release-lifecycle managed block <<<\n")


@dataclass(frozen=True)
class Found:
    """A block found in a file's text: offsets of the whole block (markers included)."""

    start: int
    end: int
    version: str
    recorded: str
    body: str
    line: int
    """1-based line of the begin marker."""

    @property
    def edited(self) -> bool:
        """The body no longer matches the hash its begin line recorded."""
        return digest(self.body) != self.recorded


class BlockError(ValueError):
    """The markers are broken: one without the other, or more than one block."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find(text: str) -> Found | None:
    """The one managed block of ``text``, ``None`` when it has none; :class:`BlockError` when
    the markers are broken or repeated."""
    begins = list(BEGIN.finditer(text))
    ends = list(END.finditer(text))
    if not begins and not ends:
        loose = _ANY_MARKER.search(text)
        if loose is not None:
            raise BlockError("a release-lifecycle marker line was changed",
                             _line(text, loose.start()))
        return None
    if len(begins) > 1 or len(ends) > 1:
        extra = (begins[1:] or ends[1:])[0]
        raise BlockError("more than one release-lifecycle managed block",
                         _line(text, extra.start()))
    if not begins or not ends:
        only = (begins or ends)[0]
        what = "end" if not ends else "begin"
        loose = re.search(rf"^# {'<<<' if not ends else '>>>'} release-lifecycle managed block",
                          text, re.M)
        if loose is not None:
            raise BlockError(f"the managed block's {what} marker line was changed",
                             _line(text, loose.start()))
        raise BlockError(f"the managed block's {what} marker is missing",
                         _line(text, only.start()))
    begin, end = begins[0], ends[0]
    if end.start() < begin.end():
        raise BlockError("the managed block ends before it begins", _line(text, end.start()))
    body_start = min(begin.end() + 1, len(text))  # past the begin line's "\n"
    body = text[body_start:end.start()]
    stop = end.end()
    if text.startswith("\r\n", stop):
        stop += 2
    elif text.startswith("\n", stop):
        stop += 1
    return Found(begin.start(), stop, begin.group("version"), begin.group("digest"), body,
                 _line(text, begin.start()))


def newline_of(text: str) -> str:
    """``\\r\\n`` when the text's first line ends so, else ``\\n``."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def place(text: str, block: str) -> str:
    """``text`` with ``block`` in place of its managed block, or appended (after one blank
    line) when it has none. Everything outside the block is kept byte for byte."""
    newline = newline_of(text) if text else "\n"
    if newline != "\n":
        block = block.replace("\n", newline)
    found = find(text)
    if found is not None:
        return text[:found.start] + block + text[found.end:]
    if not text:
        return block
    if not text.endswith(("\n", "\r")):
        text += newline
    if not text.endswith(newline * 2):
        text += newline
    return text + block
