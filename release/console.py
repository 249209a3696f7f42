"""Where output goes and whether it is coloured, decided per stream.

Colour only on a terminal; ``NO_COLOR`` (any non-empty value) turns it off,
``FORCE_COLOR`` turns it on. The library never prints: only the CLI uses this.

Every write passes through redaction (no secret is shown) and the one sanitiser
(:mod:`release.outside.sanitise`: no control character, terminal sequence or bidi override
from a repository, an index or an API acts on the terminal; under GitHub Actions no line
becomes a workflow command). The console's own colours survive because :meth:`Console.paint`
marks them with a token that only this process knows, turned into colour codes after the
text was cleaned; the tool's own workflow commands go through :meth:`Console.command`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from release.outside import ci, sanitise
from release.outside.redact import redact

_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}
_TOKEN = secrets.token_hex(8)
"""Marks the colour codes the console adds: text from elsewhere cannot know it."""
_MARKED = re.compile("\ue000" + _TOKEN + "([0-9;]+)\ue001")


def wants_colour(stream: TextIO | _Redacting, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def clean(text: str, *, commands: bool | None = None) -> str:
    """``text`` as it may be printed: redacted, sanitised, and (under GitHub Actions, or when
    ``commands`` is true) without workflow commands; the console's own colours kept."""
    parts = _MARKED.split(text)  # text, colour codes, text, ...
    text = "".join(f"\033[{part}m" if odd else sanitise.text(redact(part))
                   for odd, part in zip(itertools.cycle((False, True)), parts))
    if ci.is_github_actions() if commands is None else commands:
        text = sanitise.commands(text)
    return text


class _Redacting:
    """A text stream whose writes are redacted and sanitised (:func:`clean`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(clean(text))

    def write_command(self, line: str) -> int:
        """One of the tool's own workflow commands: redacted and sanitised, not defused."""
        return self.stream.write(clean(line, commands=False))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())


def _usable(stream: TextIO | None) -> TextIO:
    """The stream, or a sink when it is closed (``release … >&-`` leaves ``sys.stdout`` None)."""
    if stream is None or getattr(stream, "closed", False):
        return Path(os.devnull).open("w", encoding="utf-8")
    return stream


class Console:
    """stdout for results, stderr for problems and progress; every line redacted."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = _Redacting(_usable(out if out is not None else sys.stdout))
        self.err = _Redacting(_usable(err if err is not None else sys.stderr))
        self._colour_out = wants_colour(self.out)
        self._colour_err = wants_colour(self.err)

    def _paint(self, text: str, style: str, colour: bool) -> str:
        if not colour or not style:
            return text
        codes = ";".join(_CODES[part] for part in style.split())
        return f"\ue000{_TOKEN}{codes}\ue001{text}\ue000{_TOKEN}0\ue001"

    def paint(self, text: str, style: str) -> str:
        """``text`` styled for stdout (plain when stdout gets no colour)."""
        return self._paint(text, style, self._colour_out)

    def print(self, text: str = "", style: str = "") -> None:
        self.out.write(self._paint(text, style, self._colour_out) + "\n")

    def info(self, text: str, style: str = "") -> None:
        self.err.write(self._paint(text, style, self._colour_err) + "\n")

    def error(self, message: str, hint: str = "") -> None:
        self.err.write(self._paint("error:", "red bold", self._colour_err) + f" {message}\n")
        if hint:
            self.err.write(self._paint("  hint:", "dim", self._colour_err) + f" {hint}\n")

    def warning(self, message: str, hint: str = "") -> None:
        self.err.write(self._paint("warning:", "yellow bold", self._colour_err) + f" {message}\n")
        if hint:
            self.err.write(self._paint("  hint:", "dim", self._colour_err) + f" {hint}\n")

    def raw_err(self, line: str) -> None:
        self.err.write(line + "\n")

    def command(self, line: str) -> None:
        """A GitHub Actions workflow command the tool writes on purpose (an annotation)."""
        self.err.write_command(line + "\n")

    def raw_err_unredacted(self, line: str) -> None:
        """For ``::add-mask::`` commands only: they must carry the secret to hide it."""
        self.err.stream.write(line + "\n")

    def flush(self) -> None:
        for stream in (self.out, self.err):
            try:
                stream.flush()
            except (BrokenPipeError, OSError, ValueError):
                self._sink(stream)

    def detach_stdout(self) -> None:
        """Stop writing to a stdout whose reader has gone (a broken pipe)."""
        self._sink(self.out)

    @staticmethod
    def _sink(stream: _Redacting) -> None:
        """Point ``stream`` (and, for the real stdout, file descriptor 1) at /dev/null, so that
        Python's own flush at exit does not complain about the broken pipe."""
        try:
            fd = stream.stream.fileno()
        except (AttributeError, OSError, ValueError):
            fd = None
        devnull = os.open(os.devnull, os.O_WRONLY)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.dup2(devnull, fd)
        stream.stream = os.fdopen(devnull, "w", encoding="utf-8")
