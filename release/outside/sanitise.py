"""The one sanitiser for printed text: nothing a repository, an index or an API says can
command the terminal or the CI runner.

Every write to the console, every step summary and every annotation passes through
:func:`text`: control characters (NUL, ESC and with it every terminal sequence, OSC titles
and hyperlinks, the C1 controls such as CSI), a carriage return that does not end a line,
and the invisible characters that reorder or hide text (bidi overrides and isolates, line and
paragraph separators) are shown as visible escapes (``\\x1b``, ``\\r``, ``\\u202e``) instead
of acting. Tabs and line ends stay.

Under GitHub Actions the runner also reads workflow commands from the output: a line that
starts with ``::`` (after blanks) and ``##[`` anywhere in a line. :func:`commands` defuses
both (``: :``, ``## [``) so that only the tool's own commands, written on purpose, reach it.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SEPARATORS = "\u0085\u2028\u2029"
_UNSAFE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _BIDI + _SEPARATORS + "]")
_COMMAND_LINE = re.compile(r"^([^\S\n]*):(?=:)", re.M)
_LEGACY_COMMAND = "##["


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value: str) -> str:
    """``value`` with every control, bidi and separator character shown as an escape;
    ``\\r\\n`` becomes ``\\n``."""
    if value.isascii() and value.isprintable():
        return value
    return _UNSAFE.sub(_visible, value.replace("\r\n", "\n"))


def commands(value: str) -> str:
    """``value`` with the GitHub Actions workflow commands it would carry defused: ``::`` at
    the start of a line (after blanks) becomes ``: :``, ``##[`` anywhere becomes ``## [``."""
    value = value.replace(_LEGACY_COMMAND, "## [")
    return _COMMAND_LINE.sub(r"\1: ", value)
