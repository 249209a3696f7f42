"""Python source read with :mod:`ast`, never run, within limits every supported Python keeps.

A hostile or generated file can make :func:`ast.parse` recurse past the interpreter's limits:
a chain of 150,000 ``+`` crashes Python 3.10 outright (a segmentation fault, not an
exception), and newer ones raise :class:`RecursionError`. Files this tool reads that way
(setup.py, version modules, a noxfile, a Sphinx conf.py) are small, so a file over
:data:`LIMIT` characters, or one nested too deeply, is refused as a :class:`ValueError` that
says so; a :class:`SyntaxError` passes through.
"""

from __future__ import annotations

import ast

LIMIT = 200_000
"""The most characters of Python source read with :mod:`ast` (the crash above needs more)."""


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """The module ``text``; :class:`ValueError` when it is too large or nested too deeply."""
    if len(text) > LIMIT:
        raise ValueError(f"{filename} is too large to be read without running it "
                         f"({len(text):,} characters; at most {LIMIT:,})")
    try:
        return ast.parse(text, filename=filename)
    except (RecursionError, MemoryError):
        raise ValueError(f"{filename} is nested too deeply to be read without running "
                         "it") from None
