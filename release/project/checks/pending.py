"""What is waiting to be released: the commits since the newest release tag, and the entries
of the unreleased changelog section (or a towncrier project's news fragments).

Pure logic on the gathered facts. A project whose version is its newest tag is ``released``
only when nothing is pending; with commits or entries after the tag its state is
``pending`` (released, with unreleased changes since).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from release.changelog import is_filled, is_placeholder, rst
from release.project.checks.base import Facts

FIRST = 3
"""How many pending entries the facts show by name."""

_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+(?P<text>\S.*)$")


@dataclass(frozen=True)
class Pending:
    """Commits and changelog entries after the newest release tag."""

    tag: str | None = None
    tag_date: int = 0
    commits: int | None = None
    entries: int = 0
    first: list[str] = field(default_factory=list)
    source: str | None = None
    """Where the entries are: the unreleased section (``CHANGELOG.md:5``) or the fragments
    folder (``changes/``)."""

    @property
    def any(self) -> bool:
        return bool(self.commits) or self.entries > 0

    def as_dict(self) -> dict[str, Any]:
        return {"tag": self.tag, "tag_date": self.date, "commits": self.commits,
                "entries": self.entries, "first": self.first, "source": self.source}

    @property
    def date(self) -> str | None:
        """The tag's date, ``YYYY-MM-DD`` (UTC)."""
        if not self.tag_date:
            return None
        return _dt.datetime.fromtimestamp(self.tag_date, _dt.timezone.utc).date().isoformat()


def entries(body: str) -> list[str]:
    """The entries of a section body: its top-level list items, or one for prose."""
    found = []
    for line in body.split("\n"):
        match = _ITEM.match(line)
        if match is not None and not is_placeholder(line):
            found.append(match.group("text").strip())
    if found:
        return found
    return [_first_line(body)] if is_filled(body) else []


def _first_line(body: str) -> str:
    for line in body.split("\n"):
        if line.strip() and not line.lstrip().startswith(("#", "<!--")) \
                and not rst.is_comment(line):
            return line.strip()
    return ""


def _short(text: str, limit: int = 72) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def pending(facts: Facts) -> Pending:
    """What is pending, from the facts (the changelog is read only as far as its top)."""
    tag = facts.since_tag
    names: list[str] = []
    source: str | None = None
    if facts.fragments is not None:
        names = list(facts.fragments)
        source = f"{facts.fragments_dir}/"
    elif facts.changelog is not None:
        section = facts.changelog.unreleased()
        if section is not None:
            names = entries(facts.changelog.body(section))
            source = f"{facts.changelog_file}:{section.line}"
    return Pending(tag.name if tag is not None else None, tag.date if tag is not None else 0,
                   facts.commits_since, len(names), [_short(n) for n in names[:FIRST]], source)

