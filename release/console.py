"""Where output goes and whether it is coloured, decided per stream.

Colour only on a terminal; ``NO_COLOR`` (any non-empty value) turns it off,
``FORCE_COLOR`` turns it on. The library never prints: only the CLI uses this.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TextIO

_CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}


def wants_colour(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Console:
    """stdout for results, stderr for problems and progress."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self._colour_out = wants_colour(self.out)
        self._colour_err = wants_colour(self.err)

    def _paint(self, text: str, style: str, colour: bool) -> str:
        if not colour or not style:
            return text
        codes = ";".join(_CODES[part] for part in style.split())
        return f"\033[{codes}m{text}\033[0m"

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

    def flush(self) -> None:
        self.out.flush()
        self.err.flush()
