"""Changelogs as people write them: one model, a Markdown and a reStructuredText reader.

Pure logic, no I/O. The heading grammar lives in :mod:`release.changelog.titles`, dates in
:mod:`release.changelog.dates`, the two readers in :mod:`release.changelog.markdown` and
:mod:`release.changelog.rst`, the model (sections, bodies, notes) in
:mod:`release.changelog.model`, and writing a release in the file's own style in
:mod:`release.changelog.insert`.

Why hand-written readers: a changelog edit must keep every byte outside the inserted lines,
so the reader must give exact source offsets for each heading, its underline, a date line
and the link definitions; validation must read only the top of a 10,000-section file; and
the readers must stay linear on hostile input. markdown-it-py gives line maps of block
tokens but tokenises the whole document before answering, and docutils has neither exact
offsets nor a lazy mode and is a heavy dependency. What the readers recognise is small
(headings, fences, comments, front matter, rST adornments and targets), so two short
linear line scanners do the job with no new dependency.
"""

from typing import TYPE_CHECKING, Any

from release.changelog.body import STUB_LINE, has_stub, is_filled, is_placeholder
from release.changelog.links import LinkContext
from release.changelog.model import (
    MARKDOWN,
    RST,
    Changelog,
    Heading,
    Section,
    decode,
    format_for,
)

if TYPE_CHECKING:
    from release.changelog.insert import (
        NEW_CHANGELOG,
        canonical_heading,
        heading_for,
        insert_release,
        style_is_dated,
    )

_WRITER = {"NEW_CHANGELOG", "canonical_heading", "heading_for", "insert_release",
           "style_is_dated"}


def __getattr__(name: str) -> Any:
    """The writer's names, imported on first use: validation rarely needs the writer."""
    if name in _WRITER:
        from release.changelog import insert

        return getattr(insert, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MARKDOWN",
    "NEW_CHANGELOG",
    "RST",
    "STUB_LINE",
    "Changelog",
    "Heading",
    "LinkContext",
    "Section",
    "canonical_heading",
    "decode",
    "format_for",
    "has_stub",
    "heading_for",
    "insert_release",
    "is_filled",
    "is_placeholder",
    "style_is_dated",
]
